//! The review queue (one task per application, most urgent first), reviewers' decisions
//! and the append-only audit log.

use serde::Serialize;
use sqlx::{AnyConnection, Row};

use super::{Store, StoreError, now_millis};
use crate::report::Severity;

/// Where a machine decision puts an application in the queue; 0 is looked at first.
///
/// REUPLOAD first: the supplier is waiting to retake a photo and a quick word saves a
/// round trip. Then REJECT (a reviewer confirms before the supplier is told no), then
/// NEEDS_REVIEW; the passes last.
pub fn queue_priority(decision: Severity) -> i64 {
    match decision {
        Severity::Reupload => 0,
        Severity::Reject => 1,
        Severity::NeedsReview => 2,
        Severity::PassWithWarning => 3,
        Severity::Pass => 4,
    }
}

/// One row of the review queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewTask {
    pub application_id: String,
    pub machine_decision: String,
    pub priority: i64,
    /// `open` or `decided`.
    pub status: String,
    pub opened_at: i64,
    pub result_id: i64,
}

/// What the console's queue page asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueueFilter {
    /// Only tasks whose result has a finding with this code.
    pub code: Option<String>,
    /// Only tasks whose result has a document of this type (`business_license`, …).
    pub doc_type: Option<String>,
    /// Include decided tasks too.
    pub include_decided: bool,
}

/// One row of the queue page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QueueRow {
    pub task: ReviewTask,
    /// The distinct finding codes of the task's result.
    pub codes: Vec<String>,
}

/// One audit entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    pub at: i64,
    pub actor: String,
    pub action: String,
    /// JSON text.
    pub detail: String,
}

/// A reviewer's decision on an application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewDecision {
    pub reviewer: String,
    /// `APPROVE`, `REJECT` or `REQUEST_REUPLOAD`.
    pub decision: String,
    pub reason_code: Option<String>,
    pub note: Option<String>,
}

impl Store {
    /// The open tasks, most urgent first and, within one priority, oldest first.
    pub async fn open_tasks(&self, limit: i64) -> Result<Vec<ReviewTask>, StoreError> {
        let rows = sqlx::query(
            "SELECT application_id, machine_decision, priority, status, opened_at, result_id \
             FROM review_tasks WHERE status = 'open' \
             ORDER BY priority, opened_at, application_id LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(review_task)
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StoreError::from)
    }

    /// The queue page: tasks matching `filter`, most urgent first, oldest first within a
    /// priority, with the codes of each.
    pub async fn queue_page(
        &self,
        filter: &QueueFilter,
        limit: i64,
    ) -> Result<Vec<QueueRow>, StoreError> {
        let mut sql = String::from(
            "SELECT t.application_id, t.machine_decision, t.priority, t.status, t.opened_at, t.result_id \
             FROM review_tasks t WHERE 1 = 1",
        );
        let mut binds: Vec<String> = Vec::new();
        if !filter.include_decided {
            sql.push_str(" AND t.status = 'open'");
        }
        if let Some(code) = &filter.code {
            binds.push(code.clone());
            sql.push_str(&format!(
                " AND EXISTS (SELECT 1 FROM findings f WHERE f.result_id = t.result_id AND f.code = ${})",
                binds.len()
            ));
        }
        if let Some(doc_type) = &filter.doc_type {
            binds.push(doc_type.clone());
            sql.push_str(&format!(
                " AND EXISTS (SELECT 1 FROM result_documents d WHERE d.result_id = t.result_id AND d.doc_type = ${})",
                binds.len()
            ));
        }
        sql.push_str(&format!(
            " ORDER BY t.priority, t.opened_at, t.application_id LIMIT ${}",
            binds.len() + 1
        ));
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for value in &binds {
            query = query.bind(value.clone());
        }
        let rows = query.bind(limit).fetch_all(&self.pool).await?;
        let mut page = Vec::with_capacity(rows.len());
        for row in rows {
            let task = review_task(&row)?;
            let codes = sqlx::query(
                "SELECT DISTINCT code FROM findings WHERE result_id = $1 ORDER BY code",
            )
            .bind(task.result_id)
            .fetch_all(&self.pool)
            .await?
            .into_iter()
            .map(|row| row.try_get(0))
            .collect::<Result<_, _>>()?;
            page.push(QueueRow { task, codes });
        }
        Ok(page)
    }

    /// The report behind an application's task (its newest machine result).
    pub async fn task_report(
        &self,
        application: &str,
    ) -> Result<Option<crate::report::ApplicationReport>, StoreError> {
        let row = sqlx::query(
            "SELECT r.report FROM review_tasks t JOIN results r ON r.id = t.result_id WHERE t.application_id = $1",
        )
        .bind(application)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| super::results::decode_report(&row))
            .transpose()
    }

    /// The audit entries of an application, oldest first.
    pub async fn audit_entries(&self, application: &str) -> Result<Vec<AuditEntry>, StoreError> {
        let rows = sqlx::query(
            "SELECT at, actor, action, detail FROM audit_log WHERE application_id = $1 ORDER BY id",
        )
        .bind(application)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|row| {
                Ok(AuditEntry {
                    at: row.try_get(0)?,
                    actor: row.try_get(1)?,
                    action: row.try_get(2)?,
                    detail: row.try_get(3)?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StoreError::from)
    }

    /// The file of an upload blob, only when some application holds it as an upload.
    pub async fn upload_blob_path(
        &self,
        sha256: &str,
    ) -> Result<Option<std::path::PathBuf>, StoreError> {
        if sha256.len() != 64 || !sha256.chars().all(|c| c.is_ascii_hexdigit()) {
            return Ok(None);
        }
        let held = sqlx::query("SELECT 1 FROM uploads WHERE sha256 = $1 LIMIT 1")
            .bind(sha256)
            .fetch_optional(&self.pool)
            .await?
            .is_some();
        Ok(held.then(|| self.blobs.path_of(sha256)))
    }

    /// The task of one application, if it has been screened.
    pub async fn task(&self, application: &str) -> Result<Option<ReviewTask>, StoreError> {
        let row = sqlx::query(
            "SELECT application_id, machine_decision, priority, status, opened_at, result_id \
             FROM review_tasks WHERE application_id = $1",
        )
        .bind(application)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref()
            .map(review_task)
            .transpose()
            .map_err(StoreError::from)
    }

    /// Records a reviewer's decision: the decision row, the task closed and the audit entry,
    /// together or not at all. With `seen_result`, the decision is refused when the task's
    /// machine result is no longer the one the reviewer looked at (a reprocess finished
    /// meanwhile).
    pub async fn record_review(
        &self,
        application: &str,
        review: &ReviewDecision,
        seen_result: Option<i64>,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let result_id: Option<i64> =
            sqlx::query("SELECT result_id FROM review_tasks WHERE application_id = $1")
                .bind(application)
                .fetch_optional(&mut *tx)
                .await?
                .map(|row| row.try_get(0))
                .transpose()?;
        let Some(result_id) = result_id else {
            return Err(StoreError::Application {
                application: application.to_string(),
                reason: "has no review task (it has not been screened)".to_string(),
            });
        };
        if seen_result.is_some_and(|seen| seen != result_id) {
            return Err(StoreError::Stale {
                application: application.to_string(),
            });
        }
        let now = now_millis();
        sqlx::query(
            "INSERT INTO reviews (application_id, result_id, reviewer, decision, reason_code, note, decided_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(application)
        .bind(result_id)
        .bind(&review.reviewer)
        .bind(&review.decision)
        .bind(&review.reason_code)
        .bind(&review.note)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE review_tasks SET status = 'decided', updated_at = $2 WHERE application_id = $1",
        )
        .bind(application)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let detail = serde_json::to_value(review).expect("a review serialises");
        audit(
            &mut tx,
            &review.reviewer,
            "reviewed",
            Some(application),
            &detail,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The reviewers' decisions on an application, oldest first.
    pub async fn reviews(&self, application: &str) -> Result<Vec<ReviewDecision>, StoreError> {
        let rows = sqlx::query(
            "SELECT reviewer, decision, reason_code, note FROM reviews \
             WHERE application_id = $1 ORDER BY id",
        )
        .bind(application)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|row| {
                Ok(ReviewDecision {
                    reviewer: row.try_get(0)?,
                    decision: row.try_get(1)?,
                    reason_code: row.try_get(2)?,
                    note: row.try_get(3)?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StoreError::from)
    }

    /// The audit entries of an application as (actor, action), oldest first.
    pub async fn audit_trail(
        &self,
        application: &str,
    ) -> Result<Vec<(String, String)>, StoreError> {
        let rows = sqlx::query(
            "SELECT actor, action FROM audit_log WHERE application_id = $1 ORDER BY id",
        )
        .bind(application)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|row| Ok((row.try_get(0)?, row.try_get(1)?)))
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StoreError::from)
    }
}

/// A task from a row of `application_id, machine_decision, priority, status, opened_at,
/// result_id`, the column order of every task query.
fn review_task(row: &sqlx::any::AnyRow) -> Result<ReviewTask, sqlx::Error> {
    Ok(ReviewTask {
        application_id: row.try_get(0)?,
        machine_decision: row.try_get(1)?,
        priority: row.try_get(2)?,
        status: row.try_get(3)?,
        opened_at: row.try_get(4)?,
        result_id: row.try_get(5)?,
    })
}

/// Appends one audit entry inside the caller's transaction.
pub(super) async fn audit(
    conn: &mut AnyConnection,
    actor: &str,
    action: &str,
    application: Option<&str>,
    detail: &serde_json::Value,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor, action, application_id, detail) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(now_millis())
    .bind(actor)
    .bind(action)
    .bind(application)
    .bind(detail.to_string())
    .execute(conn)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reupload_reject_and_review_come_before_the_passes() {
        let mut order = Severity::ALL.to_vec();
        order.sort_by_key(|s| queue_priority(*s));
        assert_eq!(
            order,
            vec![
                Severity::Reupload,
                Severity::Reject,
                Severity::NeedsReview,
                Severity::PassWithWarning,
                Severity::Pass
            ]
        );
    }
}
