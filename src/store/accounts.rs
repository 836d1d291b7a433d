//! Who may use the console and the API: reviewer and admin accounts (passwords as argon2id
//! hashes), browser sessions (with their CSRF token) and API bearer tokens. Only hashes of
//! secrets are stored; a secret is shown once, when it is made.

use std::time::Duration;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use sqlx::Row;

use super::{Store, StoreError, now_millis};
use crate::ingest::{lower_hex, sha256_hex};

/// How long a console session lasts without signing in again: a working day.
pub const SESSION_LIFETIME: Duration = Duration::from_secs(12 * 3600);

/// Bytes of randomness in session, CSRF and API tokens (256 bits).
const TOKEN_BYTES: usize = 32;

/// A console account's role: reviewers work the queue; admins also manage accounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Reviewer,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Reviewer => "reviewer",
            Role::Admin => "admin",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        match text {
            "reviewer" => Some(Role::Reviewer),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
}

/// A signed-in user, as a request sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionUser {
    pub user_id: i64,
    pub name: String,
    pub role: Role,
    /// The token every form of this session must send back.
    pub csrf_token: String,
}

/// A new random token, URL-safe.
pub fn new_token() -> String {
    let bytes: [u8; TOKEN_BYTES] = rand::random();
    lower_hex(&bytes)
}

/// The stored form of a token.
pub fn token_hash(token: &str) -> String {
    sha256_hex(token.as_bytes())
}

/// An argon2id PHC string for `password`, with a fresh salt.
pub fn hash_password(password: &str) -> String {
    let salt_bytes: [u8; 16] = rand::random();
    let salt = SaltString::encode_b64(&salt_bytes).expect("16 bytes make a valid salt");
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 with default parameters hashes any password")
        .to_string()
}

/// Whether `password` matches the PHC string `stored`.
pub fn password_matches(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|hash| {
            Argon2::default()
                .verify_password(password.as_bytes(), &hash)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Shortest password accepted for a console account.
pub const MIN_PASSWORD_CHARS: usize = 10;

impl Store {
    /// Creates an account; the name must be new.
    pub async fn add_user(&self, name: &str, role: Role, password: &str) -> Result<(), StoreError> {
        if password.chars().count() < MIN_PASSWORD_CHARS {
            return Err(StoreError::Account(format!(
                "the password must have at least {MIN_PASSWORD_CHARS} characters"
            )));
        }
        let hash = hash_password(password);
        let mut tx = self.begin_write().await?;
        let inserted = sqlx::query(
            "INSERT INTO users (name, role, password_hash, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .bind(role.as_str())
        .bind(hash)
        .bind(now_millis())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if inserted == 0 {
            return Err(StoreError::Account(format!(
                "a user named {name} already exists"
            )));
        }
        let detail = serde_json::json!({ "user": name, "role": role.as_str() });
        super::queue::audit(&mut tx, "cli", "user_added", None, &detail).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Checks a name and password and opens a session; returns its token (for the cookie)
    /// and the user, or `None` when either is wrong (the caller does not learn which).
    pub async fn sign_in(
        &self,
        name: &str,
        password: &str,
    ) -> Result<Option<(String, SessionUser)>, StoreError> {
        let row = sqlx::query("SELECT id, role, password_hash FROM users WHERE name = $1")
            .bind(name)
            .fetch_optional(&self.pool)
            .await?;
        let Some(row) = row else {
            // Spend the same time as a real check, so names cannot be probed by timing.
            let _ = password_matches(password, DUMMY_HASH);
            return Ok(None);
        };
        let stored: String = row.try_get(2)?;
        let password = password.to_string();
        let matches = tokio::task::spawn_blocking(move || password_matches(&password, &stored))
            .await
            .expect("argon2 does not panic");
        if !matches {
            return Ok(None);
        }
        let user_id: i64 = row.try_get(0)?;
        let role = Role::parse(&row.try_get::<String, _>(1)?).unwrap_or(Role::Reviewer);
        let token = new_token();
        let csrf_token = new_token();
        let now = now_millis();
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
            .bind(now)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO sessions (token_sha256, user_id, csrf_token, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_hash(&token))
        .bind(user_id)
        .bind(&csrf_token)
        .bind(now)
        .bind(now + SESSION_LIFETIME.as_millis() as i64)
        .execute(&mut *tx)
        .await?;
        super::queue::audit(&mut tx, name, "signed_in", None, &serde_json::json!({})).await?;
        tx.commit().await?;
        Ok(Some((
            token,
            SessionUser {
                user_id,
                name: name.to_string(),
                role,
                csrf_token,
            },
        )))
    }

    /// The user of a live session token.
    pub async fn session_user(&self, token: &str) -> Result<Option<SessionUser>, StoreError> {
        let row = sqlx::query(
            "SELECT u.id, u.name, u.role, s.csrf_token FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.token_sha256 = $1 AND s.expires_at > $2",
        )
        .bind(token_hash(token))
        .bind(now_millis())
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| {
            Ok(SessionUser {
                user_id: row.try_get(0)?,
                name: row.try_get(1)?,
                role: Role::parse(&row.try_get::<String, _>(2)?).unwrap_or(Role::Reviewer),
                csrf_token: row.try_get(3)?,
            })
        })
        .transpose()
        .map_err(|e: sqlx::Error| StoreError::from(e))
    }

    /// Ends a session.
    pub async fn sign_out(&self, token: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE token_sha256 = $1")
            .bind(token_hash(token))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Creates an API token named `name` and returns it: the only time it is seen.
    pub async fn add_api_token(&self, name: &str) -> Result<String, StoreError> {
        let token = new_token();
        let mut tx = self.begin_write().await?;
        let inserted = sqlx::query(
            "INSERT INTO api_tokens (name, token_sha256, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .bind(token_hash(&token))
        .bind(now_millis())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if inserted == 0 {
            return Err(StoreError::Account(format!(
                "a token named {name} already exists"
            )));
        }
        super::queue::audit(
            &mut tx,
            "cli",
            "token_added",
            None,
            &serde_json::json!({ "token": name }),
        )
        .await?;
        tx.commit().await?;
        Ok(token)
    }

    /// The name of a valid (not revoked) API token.
    pub async fn api_token_name(&self, token: &str) -> Result<Option<String>, StoreError> {
        let row = sqlx::query(
            "SELECT name FROM api_tokens WHERE token_sha256 = $1 AND revoked_at IS NULL",
        )
        .bind(token_hash(token))
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|row| row.try_get(0)).transpose()?)
    }
}

/// A valid argon2id hash of a random password, checked against when the user name is
/// unknown so that a wrong name takes as long as a wrong password.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Z9xEF0Kk3nbrB2cJ1Y5Pzm6Q0yVdGeG6Q3hH3o2yP0I";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_matches_its_own_hash_only() {
        let hash = hash_password("correct horse battery");
        assert!(hash.starts_with("$argon2id$"));
        assert!(password_matches("correct horse battery", &hash));
        assert!(!password_matches("correct horse battery!", &hash));
        assert!(!password_matches("anything", "not a hash"));
        // Salted: the same password hashes differently each time.
        assert_ne!(hash, hash_password("correct horse battery"));
    }

    #[test]
    fn tokens_are_random_and_stored_as_hashes() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 2 * TOKEN_BYTES);
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), a);
    }
}
