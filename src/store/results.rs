//! Results: a finished job's report, its findings, the review task and the audit entry,
//! written in one transaction that also closes the job, so each application is processed
//! exactly once per pipeline version; and the summary of what a version changed.

use std::collections::{BTreeMap, BTreeSet};

use futures_util::TryStreamExt;
use serde::Serialize;
use sqlx::Row;

use super::jobs::{ClaimedJob, WorkerId};
use super::queue::{audit, queue_priority};
use super::{Store, StoreError, now_millis};
use crate::report::ApplicationReport;

/// What storing a result found compared with the application's previous result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewResult {
    /// Stored. `previous` is the decision of the latest earlier result, if any.
    Stored {
        decision: String,
        previous: Option<String>,
    },
    /// The job was no longer this worker's (its lease ran out and another worker took it
    /// over): nothing was written, the other worker's result stands.
    LostJob,
}

/// What a pipeline version changed, over every application it has processed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ChangeSummary {
    /// Applications with a result for this version.
    pub processed: u64,
    /// Of those, how many had an earlier result.
    pub reprocessed: u64,
    /// (previous decision, new decision) → applications, for decisions that moved.
    pub moved: BTreeMap<(String, String), u64>,
    /// Finding code → applications that gained it.
    pub codes_added: BTreeMap<String, u64>,
    /// Finding code → applications that lost it.
    pub codes_removed: BTreeMap<String, u64>,
}

impl Store {
    /// Stores the result of `job` and closes it, all or nothing. A job that is no longer
    /// this worker's is left alone ([`NewResult::LostJob`]). A reviewer's decision is never
    /// touched: a decided task keeps its status and gains only the new machine result.
    pub async fn complete(
        &self,
        job: &ClaimedJob,
        worker: &WorkerId,
        version: &str,
        report: &ApplicationReport,
    ) -> Result<NewResult, StoreError> {
        let now = now_millis();
        let decision = report.decision.as_str().to_string();
        let report_json = serde_json::to_string(report).expect("a report serialises");
        let mut tx = self.begin_write().await?;
        let closed = sqlx::query(
            "UPDATE jobs SET state = 'done', finished_at = $3, heartbeat_at = $3, error = NULL \
             WHERE id = $1 AND worker = $2 AND state = 'running'",
        )
        .bind(job.id)
        .bind(worker.as_str())
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if closed != 1 {
            tx.rollback().await?;
            return Ok(NewResult::LostJob);
        }

        let previous = sqlx::query(
            "SELECT id, decision FROM results WHERE application_id = $1 AND pipeline_version <> $2 \
             ORDER BY created_at DESC, id DESC LIMIT 1",
        )
        .bind(&job.application_id)
        .bind(version)
        .fetch_optional(&mut *tx)
        .await?;
        let (previous_decision, previous_codes) = match previous {
            Some(row) => {
                let id: i64 = row.try_get(0)?;
                let codes: BTreeSet<String> =
                    sqlx::query("SELECT DISTINCT code FROM findings WHERE result_id = $1")
                        .bind(id)
                        .fetch_all(&mut *tx)
                        .await?
                        .into_iter()
                        .map(|row| row.try_get(0))
                        .collect::<Result<_, _>>()?;
                (Some(row.try_get::<String, _>(1)?), Some(codes))
            }
            None => (None, None),
        };
        let codes: BTreeSet<String> = report
            .findings
            .iter()
            .map(|f| f.code.as_str().to_string())
            .collect();
        let (added, removed) = match &previous_codes {
            Some(before) => (
                codes.difference(before).cloned().collect::<Vec<_>>(),
                before.difference(&codes).cloned().collect::<Vec<_>>(),
            ),
            None => (Vec::new(), Vec::new()),
        };

        let result_id: i64 = sqlx::query(
            "INSERT INTO results (application_id, pipeline_version, decision, report, previous_decision, \
             codes_added, codes_removed, worker, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(&job.application_id)
        .bind(version)
        .bind(&decision)
        .bind(report_json)
        .bind(&previous_decision)
        .bind(serde_json::to_string(&added).expect("codes serialise"))
        .bind(serde_json::to_string(&removed).expect("codes serialise"))
        .bind(worker.as_str())
        .bind(now)
        .fetch_one(&mut *tx)
        .await?
        .try_get(0)?;

        for finding in &report.findings {
            sqlx::query(
                "INSERT INTO findings (result_id, application_id, code, severity, document, field, region, message_en) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(result_id)
            .bind(&job.application_id)
            .bind(finding.code.as_str())
            .bind(finding.severity.as_str())
            .bind(&finding.document)
            .bind(&finding.field)
            .bind(
                finding
                    .region
                    .as_ref()
                    .map(|r| serde_json::to_string(r).expect("a region serialises")),
            )
            .bind(&finding.message_en)
            .execute(&mut *tx)
            .await?;
        }

        for document in &report.documents {
            let doc_type = serde_json::to_value(document.doc_type).expect("a type serialises");
            sqlx::query(
                "INSERT INTO result_documents (result_id, file, doc_type) VALUES ($1, $2, $3)",
            )
            .bind(result_id)
            .bind(&document.file)
            .bind(doc_type.as_str().unwrap_or("unknown"))
            .execute(&mut *tx)
            .await?;
        }

        // The task: opened on the first result, dated by the application's arrival (the
        // queue is oldest application first); while open it follows the newest result;
        // once decided only its link to the newest result moves.
        sqlx::query(
            "INSERT INTO review_tasks (application_id, result_id, machine_decision, priority, status, opened_at, updated_at) \
             VALUES ($1, $2, $3, $4, 'open', (SELECT received_at FROM applications WHERE id = $1), $5) \
             ON CONFLICT (application_id) DO UPDATE SET result_id = excluded.result_id, \
             machine_decision = excluded.machine_decision, \
             priority = CASE WHEN review_tasks.status = 'open' THEN excluded.priority ELSE review_tasks.priority END, \
             updated_at = excluded.updated_at",
        )
        .bind(&job.application_id)
        .bind(result_id)
        .bind(&decision)
        .bind(queue_priority(report.decision))
        .bind(now)
        .execute(&mut *tx)
        .await?;

        let detail = serde_json::json!({
            "pipeline_version": version,
            "decision": decision,
            "previous_decision": previous_decision,
            "job": job.id,
            "attempt": job.attempts,
        });
        audit(
            &mut tx,
            worker.as_str(),
            "screened",
            Some(&job.application_id),
            &detail,
        )
        .await?;
        tx.commit().await?;
        Ok(NewResult::Stored {
            decision,
            previous: previous_decision,
        })
    }

    /// The stored report of an application for a version.
    pub async fn report(
        &self,
        application: &str,
        version: &str,
    ) -> Result<Option<ApplicationReport>, StoreError> {
        let row = sqlx::query(
            "SELECT report FROM results WHERE application_id = $1 AND pipeline_version = $2",
        )
        .bind(application)
        .bind(version)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| decode_report(&row)).transpose()
    }

    /// What `version` changed, streamed over its results (memory does not grow with the
    /// backlog: only the per-code counters are kept).
    pub async fn change_summary(&self, version: &str) -> Result<ChangeSummary, StoreError> {
        let mut rows = sqlx::query(
            "SELECT decision, previous_decision, codes_added, codes_removed FROM results \
             WHERE pipeline_version = $1",
        )
        .bind(version)
        .fetch(&self.pool);
        let mut summary = ChangeSummary::default();
        while let Some(row) = rows.try_next().await? {
            summary.processed += 1;
            let decision: String = row.try_get(0)?;
            let previous: Option<String> = row.try_get(1)?;
            let Some(previous) = previous else { continue };
            summary.reprocessed += 1;
            if previous != decision {
                *summary.moved.entry((previous, decision)).or_default() += 1;
            }
            for (column, counts) in [
                (2, &mut summary.codes_added),
                (3, &mut summary.codes_removed),
            ] {
                let json: String = row.try_get(column)?;
                let codes: Vec<String> =
                    serde_json::from_str(&json).map_err(StoreError::CorruptReport)?;
                for code in codes {
                    *counts.entry(code).or_default() += 1;
                }
            }
        }
        Ok(summary)
    }
}

/// The report stored as JSON in the first column of `row`.
pub(super) fn decode_report(row: &sqlx::any::AnyRow) -> Result<ApplicationReport, StoreError> {
    let json: String = row.try_get(0)?;
    serde_json::from_str(&json).map_err(StoreError::CorruptReport)
}

impl ChangeSummary {
    /// The summary as lines for the terminal.
    pub fn render(&self) -> String {
        let mut out = format!(
            "  results for this version: {} ({} had an earlier result)\n",
            self.processed, self.reprocessed
        );
        if self.reprocessed == 0 {
            return out;
        }
        if self.moved.is_empty() {
            out.push_str("  no decision moved\n");
        } else {
            out.push_str("  decisions that moved:\n");
            for ((from, to), n) in &self.moved {
                out.push_str(&format!("    {from:>17} → {to:<17} {n}\n"));
            }
        }
        let codes: BTreeSet<&String> = self
            .codes_added
            .keys()
            .chain(self.codes_removed.keys())
            .collect();
        if !codes.is_empty() {
            out.push_str("  findings per code (applications gaining / losing it):\n");
            for code in codes {
                out.push_str(&format!(
                    "    {code:<28} +{} -{}\n",
                    self.codes_added.get(code).unwrap_or(&0),
                    self.codes_removed.get(code).unwrap_or(&0)
                ));
            }
        }
        out
    }
}
