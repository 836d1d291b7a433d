-- The console's accounts, sessions and API tokens (SQLite). Keep in step with
-- ../postgres/0002_console.sql. Secrets are never stored: passwords as argon2id PHC
-- strings, session and API tokens as their SHA-256.

CREATE TABLE users (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE,
    role            TEXT NOT NULL CHECK (role IN ('reviewer', 'admin')),
    password_hash   TEXT NOT NULL,
    created_at      BIGINT NOT NULL
);

CREATE TABLE sessions (
    token_sha256    TEXT PRIMARY KEY,
    user_id         BIGINT NOT NULL REFERENCES users(id),
    csrf_token      TEXT NOT NULL,              -- sent back by every form of the session
    created_at      BIGINT NOT NULL,
    expires_at      BIGINT NOT NULL
);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

CREATE TABLE api_tokens (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE,
    token_sha256    TEXT NOT NULL UNIQUE,
    created_at      BIGINT NOT NULL,
    revoked_at      BIGINT
);

-- The documents of each result by type, for the queue's filter by document type.
CREATE TABLE result_documents (
    result_id       BIGINT NOT NULL REFERENCES results(id),
    file            TEXT NOT NULL,
    doc_type        TEXT NOT NULL
);
CREATE INDEX result_documents_by_result ON result_documents (result_id);
CREATE INDEX result_documents_by_type ON result_documents (doc_type);

-- (PostgreSQL also refuses TRUNCATE on reviews and audit_log here; SQLite has no TRUNCATE.)
