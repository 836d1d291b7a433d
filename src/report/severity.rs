//! The decision vocabulary of RULES.md §0.2, ordered from best to worst.

use serde::{Deserialize, Serialize};

/// A finding's severity, and an application's decision: the same five words.
///
/// The derived order is the aggregation order of RULES.md §0.2, best first, so the
/// worst of several is simply their maximum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Severity {
    Pass,
    PassWithWarning,
    NeedsReview,
    Reupload,
    Reject,
}

impl Severity {
    /// All severities, best first.
    pub const ALL: [Severity; 5] = [
        Severity::Pass,
        Severity::PassWithWarning,
        Severity::NeedsReview,
        Severity::Reupload,
        Severity::Reject,
    ];

    /// The report spelling (`"NEEDS_REVIEW"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Pass => "PASS",
            Severity::PassWithWarning => "PASS_WITH_WARNING",
            Severity::NeedsReview => "NEEDS_REVIEW",
            Severity::Reupload => "REUPLOAD",
            Severity::Reject => "REJECT",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // `pad` so width and alignment flags work in tables.
        f.pad(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_is_the_aggregation_order_of_rules_0_2() {
        // REJECT > REUPLOAD > NEEDS_REVIEW > PASS_WITH_WARNING > PASS
        assert!(Severity::Reject > Severity::Reupload);
        assert!(Severity::Reupload > Severity::NeedsReview);
        assert!(Severity::NeedsReview > Severity::PassWithWarning);
        assert!(Severity::PassWithWarning > Severity::Pass);
    }

    #[test]
    fn spelling_matches_serde() {
        for s in Severity::ALL {
            assert_eq!(serde_json::to_string(&s).unwrap(), format!("\"{s}\""));
        }
    }
}
