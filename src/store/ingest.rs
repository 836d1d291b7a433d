//! Takes an application folder into the store: its bytes into the blob folder, its rows
//! into the database in one transaction; and gives a stored application back as a folder
//! the pipeline can screen.

use sha2::{Digest, Sha256};
use sqlx::Row;

use super::blobs::StoredBlob;
use super::{Store, StoreError, now_millis};
use crate::ingest::{ApplicationDir, UploadPath};

/// What ingesting one application did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IngestOutcome {
    /// New in the store.
    Added,
    /// Already stored with exactly these files: nothing written.
    AlreadyStored,
}

/// One upload of a stored application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredUpload {
    pub name: String,
    pub sha256: String,
    pub size: u64,
}

/// A stored application: what reprocessing screens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredApplication {
    pub id: String,
    pub form: Option<StoredUpload>,
    pub uploads: Vec<StoredUpload>,
}

impl Store {
    /// Stores the application folder `app`: every upload and the form as blobs, then the
    /// application, upload and audit rows in one transaction. An application id already
    /// stored with other files is refused (a resubmission needs a new id), so a stored
    /// application never changes under its results and reviews.
    pub async fn ingest(&self, app: &ApplicationDir) -> Result<IngestOutcome, StoreError> {
        let blobs = self.blobs.clone();
        let app_for_blobs = app.clone();
        // Hashing and copying files is blocking work.
        let (form, uploads) =
            tokio::task::spawn_blocking(move || store_files(&blobs, &app_for_blobs))
                .await
                .expect("the blob copy does not panic")?;
        let content = content_hash(form.as_ref(), &uploads);
        let submitted_at = match &app.form {
            Some(path) => std::fs::read(path)
                .ok()
                .and_then(|bytes| crate::ingest::parse_form(&bytes).ok())
                .and_then(|form| form.submitted_at)
                .map(|date| date.to_string()),
            None => None,
        }
        // Without a readable form date the day the store took it in stands in, so that
        // `reprocess --since` covers every application.
        .unwrap_or_else(|| chrono::Utc::now().date_naive().to_string());

        let mut tx = self.begin_write().await?;
        let existing: Option<String> =
            sqlx::query("SELECT content_sha256 FROM applications WHERE id = $1")
                .bind(&app.id)
                .fetch_optional(&mut *tx)
                .await?
                .map(|row| row.try_get(0))
                .transpose()?;
        match existing {
            Some(stored) if stored == content => return Ok(IngestOutcome::AlreadyStored),
            Some(_) => {
                return Err(StoreError::Application {
                    application: app.id.clone(),
                    reason:
                        "already stored with other files; a resubmission needs a new application id"
                            .to_string(),
                });
            }
            None => {}
        }
        let now = now_millis();
        for (_, blob) in form
            .iter()
            .map(|b| ("", b))
            .chain(uploads.iter().map(|(n, b)| (n.as_str(), b)))
        {
            sqlx::query(
                "INSERT INTO blobs (sha256, size, stored_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (sha256) DO NOTHING",
            )
            .bind(&blob.sha256)
            .bind(blob.size as i64)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        // Another process may have stored the same id since the check (PostgreSQL does not
        // serialise these transactions): then it is the same case as above.
        let inserted = sqlx::query(
            "INSERT INTO applications (id, form_sha256, content_sha256, submitted_at, received_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING",
        )
        .bind(&app.id)
        .bind(form.as_ref().map(|b| b.sha256.clone()))
        .bind(&content)
        .bind(submitted_at)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if inserted == 0 {
            tx.rollback().await?;
            return Box::pin(self.ingest(app)).await;
        }
        for (name, blob) in &uploads {
            sqlx::query("INSERT INTO uploads (application_id, name, sha256) VALUES ($1, $2, $3)")
                .bind(&app.id)
                .bind(name)
                .bind(&blob.sha256)
                .execute(&mut *tx)
                .await?;
        }
        let detail = serde_json::json!({ "uploads": uploads.len(), "content_sha256": content });
        super::queue::audit(&mut tx, "cli", "ingested", Some(&app.id), &detail).await?;
        tx.commit().await?;
        Ok(IngestOutcome::Added)
    }

    /// The stored application `id`, or `None` if there is none.
    pub async fn load_application(
        &self,
        id: &str,
    ) -> Result<Option<StoredApplication>, StoreError> {
        let Some(row) = sqlx::query(
            "SELECT a.form_sha256, b.size FROM applications a \
             LEFT JOIN blobs b ON b.sha256 = a.form_sha256 WHERE a.id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        let form_sha: Option<String> = row.try_get(0)?;
        let form_size: Option<i64> = row.try_get(1)?;
        let form = form_sha.map(|sha256| StoredUpload {
            name: crate::ingest::FORM_FILE_NAME.to_string(),
            sha256,
            size: form_size.unwrap_or(0) as u64,
        });
        let uploads = sqlx::query(
            "SELECT u.name, u.sha256, b.size FROM uploads u JOIN blobs b ON b.sha256 = u.sha256 \
             WHERE u.application_id = $1",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .map(|row| {
            Ok(StoredUpload {
                name: row.try_get(0)?,
                sha256: row.try_get(1)?,
                size: row.try_get::<i64, _>(2)? as u64,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
        // Byte order, as the folder walk sorts: a PostgreSQL collation would differ.
        let mut uploads = uploads;
        uploads.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(Some(StoredApplication {
            id: id.to_string(),
            form,
            uploads,
        }))
    }

    /// The form of a stored application, when it has one that parses.
    pub fn application_form(
        &self,
        app: &StoredApplication,
    ) -> Option<crate::ingest::ApplicationForm> {
        let form = app.form.as_ref()?;
        let bytes = std::fs::read(self.blobs.path_of(&form.sha256)).ok()?;
        crate::ingest::parse_form(&bytes).ok()
    }

    /// The stored application as a folder the pipeline reads: each upload's path is its
    /// blob, its name the one it was uploaded under. A blob missing or of the wrong size
    /// (the blob folder was damaged) is an error naming it, never a silent gap.
    pub fn as_application_dir(
        &self,
        app: &StoredApplication,
    ) -> Result<ApplicationDir, StoreError> {
        let check = |upload: &StoredUpload| {
            if self.blobs.is_intact(&upload.sha256, upload.size) {
                Ok(self.blobs.path_of(&upload.sha256))
            } else {
                Err(StoreError::Application {
                    application: app.id.clone(),
                    reason: format!(
                        "the stored bytes of {} ({}) are missing or damaged in the blob folder {}",
                        upload.name,
                        upload.sha256,
                        self.blobs.root().display()
                    ),
                })
            }
        };
        let form = app.form.as_ref().map(check).transpose()?;
        let uploads = app
            .uploads
            .iter()
            .map(|upload| {
                Ok(UploadPath {
                    name: upload.name.clone(),
                    path: check(upload)?,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(ApplicationDir {
            id: app.id.clone(),
            dir: self.blobs.root().to_path_buf(),
            uploads,
            form,
        })
    }
}

/// Copies the form and every upload into the blob folder.
#[allow(clippy::type_complexity)]
fn store_files(
    blobs: &super::BlobStore,
    app: &ApplicationDir,
) -> Result<(Option<StoredBlob>, Vec<(String, StoredBlob)>), StoreError> {
    let form = app
        .form
        .as_deref()
        .map(|path| blobs.put_file(path))
        .transpose()?;
    let uploads = app
        .uploads
        .iter()
        .map(|upload| Ok((upload.name.clone(), blobs.put_file(&upload.path)?)))
        .collect::<Result<Vec<_>, StoreError>>()?;
    Ok((form, uploads))
}

/// One hash over the form and the (name, bytes) of every upload: equal exactly when the
/// application holds the same files under the same names.
fn content_hash(form: Option<&StoredBlob>, uploads: &[(String, StoredBlob)]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"form:");
    hasher.update(form.map_or("", |b| b.sha256.as_str()).as_bytes());
    for (name, blob) in uploads {
        hasher.update(b"\nupload:");
        hasher.update(name.as_bytes());
        hasher.update(b"\0");
        hasher.update(blob.sha256.as_bytes());
    }
    crate::ingest::lower_hex(&hasher.finalize())
}
