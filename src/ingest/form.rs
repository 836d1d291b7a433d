//! Reads `application.json`, what the supplier typed into the onboarding form (REPORT.md).

use std::io::Read;
use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::report::{Finding, FindingCode};

/// The onboarding form. Every key is optional; unknown keys are ignored so that newer
/// forms still load.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ApplicationForm {
    pub company_name: Option<String>,
    pub credit_code: Option<String>,
    pub legal_rep: Option<LegalRep>,
    pub bank_account: Option<BankAccount>,
    pub taxpayer: Option<TaxpayerKind>,
    pub operator_phone: Option<String>,
    /// The as-of date of every date rule, unless `--as-of` overrides it.
    pub submitted_at: Option<NaiveDate>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LegalRep {
    pub name: Option<String>,
    pub id_type: Option<IdType>,
    pub id_number: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdType {
    ResidentId,
    HkMacauPermit,
    TaiwanPermit,
    ResidencePermit,
    ForeignPermanentResidence,
    Passport,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BankAccount {
    pub account_name: Option<String>,
    pub bank_name: Option<String>,
    pub account_number: Option<String>,
}

/// `general` taxpayers must prove that status; `small_scale` ones need no proof.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaxpayerKind {
    General,
    SmallScale,
}

/// Why a form could not be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FormProblem {
    #[error("application.json could not be read: {0}")]
    Unreadable(String),
    #[error("application.json is {bytes} bytes, over the limit of {limit} bytes")]
    TooLarge { bytes: u64, limit: u64 },
    #[error("application.json is not valid: {0}")]
    Invalid(String),
}

impl FormProblem {
    /// The finding on the application: a person must look at the form.
    pub fn to_finding(&self) -> Finding {
        Finding::new(
            FindingCode::FormInvalid,
            "申请表数据（application.json）无法解析，需人工核对申请信息",
            format!("{self}; the form data must be checked by hand"),
        )
        .on_document(FORM_FILE_NAME)
    }
}

/// The form's file name inside an application folder.
pub const FORM_FILE_NAME: &str = "application.json";

/// Reads and parses a form file of at most `max_bytes`.
pub fn load_form(path: &Path, max_bytes: u64) -> Result<ApplicationForm, FormProblem> {
    let file = std::fs::File::open(path).map_err(|e| FormProblem::Unreadable(e.to_string()))?;
    let mut text = Vec::new();
    file.take(max_bytes + 1)
        .read_to_end(&mut text)
        .map_err(|e| FormProblem::Unreadable(e.to_string()))?;
    if text.len() as u64 > max_bytes {
        let bytes = std::fs::metadata(path)
            .map(|m| m.len())
            .unwrap_or(text.len() as u64);
        return Err(FormProblem::TooLarge {
            bytes,
            limit: max_bytes,
        });
    }
    parse_form(&text)
}

/// Parses form JSON. Syntax errors name the line and column; wrong types, bad dates and
/// unknown enum values name the key (`legal_rep.id_type`).
pub fn parse_form(json: &[u8]) -> Result<ApplicationForm, FormProblem> {
    // A UTF-8 byte-order mark is common in files saved by Windows editors.
    let json = json.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(json);
    let value: serde_json::Value =
        serde_json::from_slice(json).map_err(|e| FormProblem::Invalid(e.to_string()))?;
    serde_path_to_error::deserialize(value).map_err(|e| {
        let key = e.path().to_string();
        FormProblem::Invalid(format!("`{key}`: {}", e.into_inner()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_md_example_parses() {
        let form = parse_form(
            r#"{
              "company_name": "杭州示例科技有限公司",
              "credit_code": "91330106MA2B3C4D5E",
              "legal_rep": { "name": "张三", "id_type": "resident_id", "id_number": "330106199001011234" },
              "bank_account": { "account_name": "杭州示例科技有限公司", "bank_name": "中国工商银行杭州文三路支行",
                                "account_number": "1202021109900123456" },
              "taxpayer": "general",
              "operator_phone": "13800000000",
              "submitted_at": "2026-11-28"
            }"#
            .as_bytes(),
        )
        .unwrap();
        assert_eq!(form.taxpayer, Some(TaxpayerKind::General));
        assert_eq!(form.legal_rep.unwrap().id_type, Some(IdType::ResidentId));
        assert_eq!(form.submitted_at, NaiveDate::from_ymd_opt(2026, 11, 28));
    }

    #[test]
    fn every_key_is_optional_and_unknown_keys_are_ignored() {
        assert_eq!(parse_form(b"{}").unwrap(), ApplicationForm::default());
        assert_eq!(
            parse_form(b"{\"future_key\": 1}").unwrap(),
            ApplicationForm::default()
        );
        assert_eq!(
            parse_form(b"\xEF\xBB\xBF{}").unwrap(),
            ApplicationForm::default()
        );
    }

    #[test]
    fn broken_json_wrong_types_and_bad_values_are_problems() {
        let cases: &[&[u8]] = &[
            b"{\"company_name\": ",
            b"{\"company_name\": 42}",
            b"{\"taxpayer\": \"huge\"}",
            b"{\"submitted_at\": \"2026-02-30\"}",
            b"[1, 2]",
            b"",
        ];
        for json in cases {
            let result = parse_form(json);
            assert!(
                matches!(result, Err(FormProblem::Invalid(_))),
                "{:?}",
                String::from_utf8_lossy(json)
            );
        }
    }

    #[test]
    fn a_wrong_type_names_its_key() {
        let problem = parse_form(br#"{"legal_rep": {"id_type": "alien"}}"#).unwrap_err();
        let message = problem.to_string();
        assert!(message.contains("`legal_rep.id_type`"), "{message}");
        assert!(message.contains("unknown variant `alien`"), "{message}");
        let problem = parse_form(br#"{"taxpayer": 1}"#).unwrap_err();
        assert!(
            problem
                .to_string()
                .contains("`taxpayer`: invalid type: integer `1`"),
            "{problem}"
        );
    }

    #[test]
    fn a_problem_becomes_a_form_invalid_finding_on_the_form() {
        let problem = parse_form(b"{\"company_name\": ").unwrap_err();
        let finding = problem.to_finding();
        assert_eq!(finding.code, FindingCode::FormInvalid);
        assert_eq!(finding.document.as_deref(), Some(FORM_FILE_NAME));
        assert!(
            finding.message_en.contains("line 1 column"),
            "{}",
            finding.message_en
        );
    }
}
