//! Signals that an invoice was issued by the tax authority on the seller's behalf (代开,
//! RULES.md §3.4): such an invoice does not prove 一般纳税人 status.

use serde::{Deserialize, Serialize};

use crate::rules::codes::taxpayer;

/// The labels the 代开 system prints in 备注, each followed by `:` or `：` (§3.4 signal 1).
const REMARK_LABELS: [&str; 2] = ["代开企业税号", "代开企业名称"];
const COLONS: [char; 2] = [':', '：'];
/// The fallback pattern `代\s*开` (§3.4 signal 1 fallback, signal 5).
const DAI: char = '代';
const KAI: char = '开';
/// Seal texts of the tax authority (§3.4 signal 2).
const DAIKAI_SEAL: &str = "代开发票专用章";
const TAX_BUREAU: &str = "税务局";

/// One reason to believe an invoice is 代开.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DaikaiSignal {
    /// 备注 holds `代开企业税号:` or `代开企业名称:` (signal 1) [V].
    RemarkLabel,
    /// `代开` (spaces allowed between) appears in 备注 or elsewhere on the face (signals 1, 5).
    DaikaiText,
    /// A seal reads `代开发票专用章` or names a 税务局 (signal 2) [K].
    TaxAuthoritySeal,
    /// The seller's taxpayer ID carries the legacy `DK` marker (signal 4) [V-weak].
    TaxIdMarker,
    /// 备注 mentions a 税务局/税务分局 (signal 5, 数电 [U]).
    RemarkTaxBureau,
}

/// What the extractor read that 代开 detection looks at. Empty texts are fine.
#[derive(Debug, Clone, Copy, Default)]
pub struct DaikaiEvidence<'a> {
    /// The 备注 box.
    pub remarks: &'a str,
    /// Other text on the face (title area, seller block), for signal 5.
    pub face_text: &'a str,
    /// The seller's 纳税人识别号, normalised.
    pub seller_tax_id: &'a str,
    /// The OCR-ed ring texts of the seals in the 备注 or seller-seal area.
    pub seal_texts: &'a [&'a str],
}

/// Every 代开 signal in the evidence, in the order of §3.4.
pub fn daikai_signals(evidence: &DaikaiEvidence) -> Vec<DaikaiSignal> {
    let remarks: String = evidence
        .remarks
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let mut signals = Vec::new();
    if REMARK_LABELS
        .iter()
        .any(|label| has_label_with_colon(&remarks, label))
    {
        signals.push(DaikaiSignal::RemarkLabel);
    }
    if has_dai_kai(evidence.remarks) || has_dai_kai(evidence.face_text) {
        signals.push(DaikaiSignal::DaikaiText);
    }
    let seal = |s: &&str| s.contains(DAIKAI_SEAL) || s.contains(TAX_BUREAU);
    if evidence.seal_texts.iter().any(seal) {
        signals.push(DaikaiSignal::TaxAuthoritySeal);
    }
    if taxpayer::has_daikai_marker(evidence.seller_tax_id) {
        signals.push(DaikaiSignal::TaxIdMarker);
    }
    if remarks.contains(TAX_BUREAU) {
        signals.push(DaikaiSignal::RemarkTaxBureau);
    }
    signals
}

/// `label` followed (after optional whitespace, already removed) by a colon.
fn has_label_with_colon(text: &str, label: &str) -> bool {
    text.match_indices(label)
        .any(|(i, _)| text[i + label.len()..].starts_with(COLONS))
}

/// `代\s*开` anywhere in `text`.
fn has_dai_kai(text: &str) -> bool {
    text.match_indices(DAI)
        .any(|(i, _)| text[i + DAI.len_utf8()..].trim_start().starts_with(KAI))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remark_labels() {
        let evidence = DaikaiEvidence {
            remarks: "代开企业税号:91330100716105852F 代开企业名称:杭州示例科技有限公司",
            ..Default::default()
        };
        assert_eq!(
            daikai_signals(&evidence),
            [DaikaiSignal::RemarkLabel, DaikaiSignal::DaikaiText]
        );
        let spaced = DaikaiEvidence {
            remarks: "代开企业名称 ： 某公司",
            ..Default::default()
        };
        assert!(daikai_signals(&spaced).contains(&DaikaiSignal::RemarkLabel));
    }

    #[test]
    fn fallback_seal_tax_id_and_bureau() {
        let evidence = DaikaiEvidence {
            remarks: "国家税务总局杭州市西湖区税务局",
            face_text: "代 开",
            seller_tax_id: "330106DK0012345",
            seal_texts: &["国家税务总局杭州市税务局代开发票专用章"],
        };
        assert_eq!(
            daikai_signals(&evidence),
            [
                DaikaiSignal::DaikaiText,
                DaikaiSignal::TaxAuthoritySeal,
                DaikaiSignal::TaxIdMarker,
                DaikaiSignal::RemarkTaxBureau,
            ]
        );
    }

    #[test]
    fn an_ordinary_invoice_has_none() {
        let evidence = DaikaiEvidence {
            remarks: "合同号 HT-2025-001",
            face_text: "电子发票（增值税专用发票）",
            seller_tax_id: "91330100716105852F",
            seal_texts: &["杭州示例科技有限公司 发票专用章"],
        };
        assert!(daikai_signals(&evidence).is_empty());
        let label_without_colon = DaikaiEvidence {
            remarks: "代理开票",
            ..Default::default()
        };
        assert!(daikai_signals(&label_without_colon).is_empty());
    }
}
