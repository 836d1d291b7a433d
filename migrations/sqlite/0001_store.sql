-- The store's first schema (SQLite). Keep in step with ../postgres/0001_store.sql: the same
-- tables, columns and constraints; only the id columns and the triggers are spelt differently.
-- Times are Unix milliseconds (BIGINT), so one Rust type reads them on both backends.

CREATE TABLE applications (
    id              TEXT PRIMARY KEY,           -- the application folder's name
    form_sha256     TEXT,                       -- application.json in the blob store, if any
    content_sha256  TEXT NOT NULL,              -- hash of the form and of every (name, upload)
    submitted_at    TEXT NOT NULL,              -- the form's submitted_at (YYYY-MM-DD), else the day received
    received_at     BIGINT NOT NULL             -- when the store first took it in
);
CREATE INDEX applications_by_date ON applications (submitted_at);

CREATE TABLE blobs (
    sha256          TEXT PRIMARY KEY,           -- the file in the blob folder is named by it
    size            BIGINT NOT NULL,
    stored_at       BIGINT NOT NULL
);

CREATE TABLE uploads (
    application_id  TEXT NOT NULL REFERENCES applications(id),
    name            TEXT NOT NULL,              -- path relative to the application folder
    sha256          TEXT NOT NULL REFERENCES blobs(sha256),
    PRIMARY KEY (application_id, name)
);

CREATE TABLE results (
    id                INTEGER PRIMARY KEY,
    application_id    TEXT NOT NULL REFERENCES applications(id),
    pipeline_version  TEXT NOT NULL,
    decision          TEXT NOT NULL,
    report            TEXT NOT NULL,            -- the application report (REPORT.md), as JSON
    previous_decision TEXT,                     -- the decision of the latest earlier result
    codes_added       TEXT NOT NULL,            -- JSON array: codes this result has and that one had not
    codes_removed     TEXT NOT NULL,            -- JSON array: the reverse
    worker            TEXT NOT NULL,
    created_at        BIGINT NOT NULL,
    UNIQUE (application_id, pipeline_version)   -- processed exactly once per version
);
CREATE INDEX results_by_version ON results (pipeline_version, id);

CREATE TABLE findings (
    id              INTEGER PRIMARY KEY,
    result_id       BIGINT NOT NULL REFERENCES results(id),
    application_id  TEXT NOT NULL,
    code            TEXT NOT NULL,
    severity        TEXT NOT NULL,
    document        TEXT,
    field           TEXT,
    region          TEXT,                       -- JSON {x, y, w, h} in the upload's pixels
    message_en      TEXT NOT NULL
);
CREATE INDEX findings_by_result ON findings (result_id);
CREATE INDEX findings_by_code ON findings (code);

CREATE TABLE jobs (
    id                INTEGER PRIMARY KEY,
    application_id    TEXT NOT NULL REFERENCES applications(id),
    pipeline_version  TEXT NOT NULL,
    state             TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
    worker            TEXT,                     -- host:pid:nonce of the worker holding or having done it
    attempts          BIGINT NOT NULL DEFAULT 0,
    heartbeat_at      BIGINT,
    error             TEXT,
    created_at        BIGINT NOT NULL,
    finished_at       BIGINT,
    UNIQUE (application_id, pipeline_version)
);
CREATE INDEX jobs_to_claim ON jobs (pipeline_version, state, id);

CREATE TABLE review_tasks (
    application_id    TEXT PRIMARY KEY REFERENCES applications(id),
    result_id         BIGINT NOT NULL REFERENCES results(id),  -- the latest machine result
    machine_decision  TEXT NOT NULL,
    priority          BIGINT NOT NULL,          -- 0 is looked at first (see store::queue)
    status            TEXT NOT NULL CHECK (status IN ('open', 'decided')),
    opened_at         BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL
);
CREATE INDEX review_queue ON review_tasks (status, priority, opened_at);

CREATE TABLE reviews (
    id              INTEGER PRIMARY KEY,
    application_id  TEXT NOT NULL REFERENCES applications(id),
    result_id       BIGINT REFERENCES results(id),   -- the machine result the reviewer saw
    reviewer        TEXT NOT NULL,
    decision        TEXT NOT NULL,
    reason_code     TEXT,
    note            TEXT,
    decided_at      BIGINT NOT NULL
);
CREATE INDEX reviews_by_application ON reviews (application_id, id);

CREATE TABLE audit_log (
    id              INTEGER PRIMARY KEY,
    at              BIGINT NOT NULL,
    actor           TEXT NOT NULL,              -- a worker id, a reviewer, or `cli`
    action          TEXT NOT NULL,
    application_id  TEXT,
    detail          TEXT NOT NULL               -- JSON
);
CREATE INDEX audit_by_application ON audit_log (application_id, id);

-- Reviewer decisions and the audit log are append-only.
CREATE TRIGGER reviews_append_only_update BEFORE UPDATE ON reviews
BEGIN SELECT RAISE(ABORT, 'reviews are append-only'); END;
CREATE TRIGGER reviews_append_only_delete BEFORE DELETE ON reviews
BEGIN SELECT RAISE(ABORT, 'reviews are append-only'); END;
CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
