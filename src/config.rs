//! `dossier.toml`: the settings a product owner may change without a new build: the upload
//! limit and every rule RULES.md marks uncertain ([U]) or leaves to the platform ([B]).
//! Keys left out keep their defaults; an unknown key is an error, so a typo never passes
//! silently. The repository's `dossier.toml` lists every key with its default.

use std::path::Path;

use anyhow::Context;
use serde::{Deserialize, Serialize};

use crate::ingest::parse_byte_size;
use crate::rules::RulesConfig;

/// The whole file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DossierConfig {
    pub upload: UploadConfig,
    pub rules: RulesConfig,
}

/// `[upload]`: what an upload may be.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UploadConfig {
    /// Largest upload accepted (`10MiB`, `10MB`, `5000000`); larger is `FILE_TOO_LARGE`.
    /// The platform says "≤10MB" (RULES.md §6 [B]); whether that is 10⁶ or 2²⁰ bytes is
    /// open [U], so the default is the larger, 10 MiB.
    pub max_file_size: String,
}

impl Default for UploadConfig {
    fn default() -> Self {
        UploadConfig {
            max_file_size: "10MiB".to_string(),
        }
    }
}

impl UploadConfig {
    /// The limit in bytes.
    pub fn max_file_bytes(&self) -> anyhow::Result<u64> {
        parse_byte_size(&self.max_file_size)
            .map_err(|e| anyhow::anyhow!("[upload] max_file_size: {e}"))
    }
}

impl DossierConfig {
    /// Parses the text of a `dossier.toml`.
    pub fn parse(text: &str) -> anyhow::Result<DossierConfig> {
        let config: DossierConfig = toml::from_str(text)?;
        config.upload.max_file_bytes()?;
        Ok(config)
    }

    /// Reads and parses the file at `path`, naming it in any error.
    pub fn load(path: &Path) -> anyhow::Result<DossierConfig> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the config file {}", path.display()))?;
        DossierConfig::parse(&text)
            .with_context(|| format!("the config file {} is not valid", path.display()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Severity;

    /// The repository's `dossier.toml` documents every key: it must parse, and to exactly
    /// the built-in defaults, so the file and the code never drift apart.
    #[test]
    fn the_bundled_file_holds_exactly_the_defaults() {
        let text = include_str!("../dossier.toml");
        let config = DossierConfig::parse(text).unwrap();
        assert_eq!(config, DossierConfig::default());
        let written = toml::to_string(&DossierConfig::default()).unwrap();
        let keys_in_code: Vec<&str> = written
            .lines()
            .filter_map(|l| l.split_once(" = ").map(|(k, _)| k.trim()))
            .collect();
        for key in keys_in_code {
            assert!(
                text.lines()
                    .any(|l| l.trim_start().starts_with(&format!("{key} ="))),
                "dossier.toml does not list `{key}`"
            );
        }
    }

    #[test]
    fn a_partial_file_keeps_the_other_defaults() {
        let config = DossierConfig::parse(
            "[rules]\ngt_proof_max_age_days = 60\nbank_name_mismatch = \"NEEDS_REVIEW\"\n\
             [rules.names]\nconfusion_cost = 0.5\n",
        )
        .unwrap();
        assert_eq!(config.rules.gt_proof_max_age_days, 60);
        assert_eq!(config.rules.bank_name_mismatch, Severity::NeedsReview);
        assert_eq!(config.rules.names.confusion_cost, 0.5);
        assert_eq!(config.rules.account_min_digits, 8);
        assert_eq!(config.upload, UploadConfig::default());
    }

    #[test]
    fn typos_and_bad_values_are_errors_that_name_the_key() {
        let typo = DossierConfig::parse("[rules]\ngt_proof_max_age = 60\n").unwrap_err();
        assert!(format!("{typo:#}").contains("gt_proof_max_age"), "{typo:#}");
        let size = DossierConfig::parse("[upload]\nmax_file_size = \"ten\"\n").unwrap_err();
        assert!(format!("{size:#}").contains("max_file_size"), "{size:#}");
        assert!(DossierConfig::parse("[rules]\nbank_name_mismatch = \"MAYBE\"\n").is_err());
    }

    #[test]
    fn the_upload_limit_parses_with_units() {
        let config = DossierConfig::default();
        assert_eq!(config.upload.max_file_bytes().unwrap(), 10 * 1024 * 1024);
    }
}
