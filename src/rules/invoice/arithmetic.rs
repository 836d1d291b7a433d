//! Invoice arithmetic in integer fen (RULES.md §3.2): line sums against the 合计 row,
//! 金额 + 税额 = 价税合计, the per-line and cumulative tax tolerance, quantity × unit price,
//! the amount in words against the figures (§3.1), and red-letter invoices.

use super::rates::TaxRate;
use crate::report::{Finding, FindingCode, Severity};
use crate::rules::checked::Checked;
use crate::rules::money::words::{WordsError, parse_words_detailed};

/// Largest difference between a line's printed 税额 and round(金额 × 税率), in fen: the
/// ±0.06 yuan invoicing software enforces per line (§3.2 rule 5) [V].
pub const LINE_TAX_TOLERANCE_FEN: i64 = 6;

/// Largest cumulative difference over all lines, in fen: 1.27 yuan (§3.2 rule 5) [V].
pub const CUMULATIVE_TAX_TOLERANCE_FEN: i64 = 127;

/// Largest difference between 数量 × 单价 and 金额, in fen: ±0.01 yuan (§3.2 rule 6) [V].
pub const LINE_PRICE_TOLERANCE_FEN: i64 = 1;

/// Basis points in a whole: 13% = 1300 / 10000.
const BP_PER_UNIT: i64 = 10_000;

/// Marker of a red-letter amount in words (§1.6.4, §3.1).
const NEGATIVE_MARKER: &str = "负数";

/// One line item, amounts in fen.
#[derive(Debug, Clone, PartialEq)]
pub struct InvoiceLine {
    /// 金额 (pre-tax).
    pub amount: i64,
    pub rate: TaxRate,
    /// 税额; `None` when printed `***` (免税, treated as 0, §3.2 rule 7).
    pub tax: Option<i64>,
    /// 数量 and 单价 as printed (decimal text), when both are present.
    pub quantity: Option<String>,
    pub unit_price: Option<String>,
}

/// The 合计 row and 价税合计（小写）, in fen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvoiceTotals {
    /// 合计金额.
    pub amount: i64,
    /// 合计税额.
    pub tax: i64,
    /// 价税合计（小写）.
    pub total: i64,
}

/// round(`amount` × `rate`) in fen, halves away from zero (四舍五入).
pub fn expected_tax(amount: i64, rate: TaxRate) -> i64 {
    let product = i128::from(amount) * i128::from(rate.basis_points());
    let unit = i128::from(BP_PER_UNIT);
    let rounded = (product.abs() + unit / 2) / unit;
    let rounded = i64::try_from(rounded).unwrap_or(i64::MAX);
    if product < 0 { -rounded } else { rounded }
}

/// Checks §3.2 rules 1–3, 5 and 6. The sums and 金额 + 税额 = 价税合计 must be exact:
/// a difference is `INVOICE_TOTAL_MISMATCH`, `REJECT` when `confident` (the figures' OCR
/// confidence is high), `NEEDS_REVIEW` otherwise. A line tax off by more than 0.06, or a
/// cumulative difference over 1.27, is `INVOICE_LINE_TAX_TOLERANCE` (review); 数量 × 单价
/// off by more than 0.01 is `INVOICE_LINE_PRICE_TOLERANCE` (warning). With no lines read,
/// only rule 3 is checked.
pub fn check_arithmetic(
    lines: &[InvoiceLine],
    totals: InvoiceTotals,
    confident: bool,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mismatch_severity = if confident {
        Severity::Reject
    } else {
        Severity::NeedsReview
    };
    let mut mismatch = |field: &str, what: &str, left: i64, right: i64| {
        if left != right {
            findings
                .push(total_mismatch(field, what, left, right).with_severity(mismatch_severity));
        }
    };
    if !lines.is_empty() {
        let amount_sum: i64 = lines.iter().map(|l| l.amount).sum();
        let tax_sum: i64 = lines.iter().map(|l| l.tax.unwrap_or(0)).sum();
        mismatch(
            "amount",
            "sum of line 金额 vs 合计金额",
            amount_sum,
            totals.amount,
        );
        mismatch(
            "tax_amount",
            "sum of line 税额 vs 合计税额",
            tax_sum,
            totals.tax,
        );
    }
    mismatch(
        "total",
        "合计金额 + 合计税额 vs 价税合计",
        totals.amount + totals.tax,
        totals.total,
    );
    findings.extend(line_tax_findings(lines));
    findings.extend(
        lines
            .iter()
            .enumerate()
            .filter_map(|(i, line)| line_price_finding(i, line)),
    );
    findings
}

fn total_mismatch(field: &str, what: &str, left: i64, right: i64) -> Finding {
    Finding::new(
        FindingCode::InvoiceTotalMismatch,
        "发票金额、税额与价税合计不符，请核对",
        "The invoice's amounts, tax and total do not add up; check them",
    )
    .on_field(field)
    .with_detail(format!("{what}: {} ≠ {}", fen_text(left), fen_text(right)))
}

fn line_tax_findings(lines: &[InvoiceLine]) -> Vec<Finding> {
    let finding = |detail: String| {
        Finding::new(
            FindingCode::InvoiceLineTaxTolerance,
            "发票明细税额与金额×税率的差额超出允许误差，请核对",
            "A line's tax differs from amount × rate by more than the allowed tolerance; check it",
        )
        .on_field("tax_amount")
        .with_detail(detail)
    };
    let mut findings = Vec::new();
    let mut cumulative = 0;
    for (i, line) in lines.iter().enumerate() {
        let expected = expected_tax(line.amount, line.rate);
        let difference = line.tax.unwrap_or(0) - expected;
        cumulative += difference;
        if difference.abs() > LINE_TAX_TOLERANCE_FEN {
            findings.push(finding(format!(
                "line {}: tax {} vs {} × {:?} = {}",
                i + 1,
                fen_text(line.tax.unwrap_or(0)),
                fen_text(line.amount),
                line.rate,
                fen_text(expected)
            )));
        }
    }
    if cumulative.abs() > CUMULATIVE_TAX_TOLERANCE_FEN {
        findings.push(finding(format!(
            "cumulative tax difference {}",
            fen_text(cumulative)
        )));
    }
    findings
}

fn line_price_finding(index: usize, line: &InvoiceLine) -> Option<Finding> {
    let (quantity, price) = (line.quantity.as_deref()?, line.unit_price.as_deref()?);
    let difference = price_difference(quantity, price, line.amount)?;
    (difference > LINE_PRICE_TOLERANCE_FEN.into()).then(|| {
        Finding::new(
            FindingCode::InvoiceLinePriceTolerance,
            "发票明细数量×单价与金额不符",
            "A line's quantity × unit price does not match its amount",
        )
        .on_field("amount")
        .with_detail(format!(
            "line {}: {quantity} × {price} vs {}",
            index + 1,
            fen_text(line.amount)
        ))
    })
}

/// |数量 × 单价 − 金额| in fen, rounded up; `None` if a decimal does not parse.
fn price_difference(quantity: &str, price: &str, amount_fen: i64) -> Option<i128> {
    let (q, q_scale) = parse_decimal(quantity)?;
    let (p, p_scale) = parse_decimal(price)?;
    let scale = q_scale + p_scale;
    let product = q.checked_mul(p)?;
    // Bring both to `scale` decimals (at least 2, the scale of fen).
    let (product, scale) = if scale < 2 {
        (product * 10i128.pow(2 - scale), 2)
    } else {
        (product, scale)
    };
    let per_fen = 10i128.pow(scale - 2);
    let difference = (product - i128::from(amount_fen) * per_fen).abs();
    Some((difference + per_fen - 1) / per_fen)
}

/// A decimal text as (digits, number of decimals): `"8.8496"` → (88496, 4).
fn parse_decimal(text: &str) -> Option<(i128, u32)> {
    let text = text.trim();
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(fraction) || fraction.len() > 12 {
        return None;
    }
    let value = format!("{whole}{fraction}").parse().ok()?;
    Some((value, u32::try_from(fraction.len()).ok()?))
}

/// Checks the amount in words against the figures (§3.1 validation, §3.2 rule 4): an
/// unparseable text is `AMOUNT_WORDS_UNPARSEABLE` (review); a different amount is
/// `AMOUNT_WORDS_MISMATCH`, `REJECT` when `confident`, `NEEDS_REVIEW` otherwise. The value
/// is the amount the words say, in fen.
pub fn check_amount_words(words: &str, figures_fen: i64, confident: bool) -> Checked<i64> {
    let parsed = match parse_words_detailed(words) {
        Ok(parsed) => parsed,
        Err(error) => {
            if jiao_put_back_says(words, figures_fen) {
                return Checked::ok(figures_fen);
            }
            return Checked::failed(words_unparseable(words, error));
        }
    };
    let checked = Checked::ok(parsed.fen);
    if parsed.fen == figures_fen {
        return checked;
    }
    let severity = if confident {
        Severity::Reject
    } else {
        Severity::NeedsReview
    };
    checked.with(
        Finding::new(
            FindingCode::AmountWordsMismatch,
            "价税合计大写金额与小写金额不一致",
            "The total in words does not match the total in figures",
        )
        .on_field("total_in_words")
        .with_detail(format!(
            "words say {}, figures {}",
            fen_text(parsed.fen),
            fen_text(figures_fen)
        ))
        .with_severity(severity),
    )
}

/// Whether `words` say `figures_fen`: parsed as printed, or with the small `角` the
/// recogniser dropped put back (see [`jiao_restored`] and [`final_jiao_restored`]).
pub fn words_say(words: &str, figures_fen: i64) -> bool {
    match parse_words_detailed(words) {
        Ok(parsed) => parsed.fen == figures_fen,
        Err(_) => jiao_put_back_says(words, figures_fen),
    }
}

/// Whether `words`, which do not parse, say `figures_fen` once a `角` the recogniser
/// dropped is put back (see [`jiao_restored`] and [`final_jiao_restored`]): two reads
/// that agree.
fn jiao_put_back_says(words: &str, figures_fen: i64) -> bool {
    words_with_jiao_put_back(words, figures_fen).is_some()
}

/// `words`, which do not parse, with the `角` the recogniser dropped put back, when they
/// then say `figures_fen` (see [`jiao_restored`] and [`final_jiao_restored`]).
pub fn words_with_jiao_put_back(words: &str, figures_fen: i64) -> Option<String> {
    if parse_words_detailed(words).is_ok() {
        return None;
    }
    [jiao_restored(words), final_jiao_restored(words)]
        .into_iter()
        .flatten()
        .find(|(_, fen)| *fen == figures_fen)
        .map(|(restored, _)| restored)
}

/// The words and amount of `…圆D角` when the recogniser dropped the closing `角` (`…圆陆`); `None`
/// when the words do not end in a digit right after `圆` or still do not parse. Only
/// trusted by the caller when it equals the figures, as [`jiao_restored`].
fn final_jiao_restored(words: &str) -> Option<(String, i64)> {
    let chars: Vec<char> = words.trim().chars().collect();
    let [.., unit, jiao] = chars.as_slice() else {
        return None;
    };
    if !(CAPITAL_DIGITS.contains(*jiao) && matches!(unit, '圆' | '元')) {
        return None;
    }
    let restored: String = chars.iter().chain(&['角']).collect();
    let fen = parse_words_detailed(&restored).ok()?.fen;
    Some((restored, fen))
}

/// Capital digits of the amount in words.
const CAPITAL_DIGITS: &str = "零壹贰叁肆伍陆柒捌玖";

/// The words and amount of `…圆D角D分` when the recogniser dropped the small `角` between the two
/// digits (`…圆贰捌分`); `None` when the words do not end that way or still do not parse.
/// Only trusted by the caller when it equals the figures: then two reads agree.
fn jiao_restored(words: &str) -> Option<(String, i64)> {
    let chars: Vec<char> = words.trim().chars().collect();
    let n = chars.len();
    if n < 4 || chars[n - 1] != '分' {
        return None;
    }
    let (jiao, fen, unit) = (chars[n - 3], chars[n - 2], chars[n - 4]);
    let is_digit = |c: char| CAPITAL_DIGITS.contains(c);
    if !(is_digit(jiao) && is_digit(fen) && matches!(unit, '圆' | '元')) {
        return None;
    }
    let restored: String = chars[..n - 2].iter().chain(&['角', fen, '分']).collect();
    let fen = parse_words_detailed(&restored).ok()?.fen;
    Some((restored, fen))
}

fn words_unparseable(words: &str, error: WordsError) -> Finding {
    Finding::new(
        FindingCode::AmountWordsUnparseable,
        "价税合计大写金额无法识别，请人工核对",
        "The total in words cannot be read; check it by hand",
    )
    .on_field("total_in_words")
    .with_detail(format!("{words:?}: {error}"))
}

/// Whether an invoice is red-letter (红字): a negative total, or `负数` before the amount in
/// words (§1.6.4, §3.2 rule 8).
pub fn is_red_letter(total_fen: i64, words: &str) -> bool {
    total_fen < 0 || words.contains(NEGATIVE_MARKER)
}

/// `INVOICE_RED_LETTER` (`REJECT` as proof of 一般纳税人 status, §3.2 rule 8) when
/// [`is_red_letter`].
pub fn check_red_letter(total_fen: i64, words: &str) -> Option<Finding> {
    is_red_letter(total_fen, words).then(|| {
        Finding::new(
            FindingCode::InvoiceRedLetter,
            "该发票为红字（负数）发票，不能作为一般纳税人证明",
            "This is a red-letter (negative) invoice and cannot prove general-taxpayer status",
        )
        .on_field("total")
        .with_detail(format!("total {}", fen_text(total_fen)))
    })
}

fn fen_text(fen: i64) -> String {
    crate::rules::money::format_yuan(fen)
}

#[cfg(test)]
mod tests;
