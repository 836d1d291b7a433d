//! The 税率/征收率 cell of an invoice line (RULES.md §1.6.4, §3.3, Appendix A `TAX_RATE`).

use serde::{Deserialize, Serialize};

/// Basis points in one percent: rates are kept as integers (13% = 1300).
pub const BP_PER_PERCENT: u32 = 100;

/// Every rate a VAT invoice may print, in basis points (Appendix A `TAX_RATE`): 13, 9, 6
/// (税率 since 2019-04), 5, 3, 1, 0.5 [U] (征收率), 0, and the historical 17, 16, 11, 10.
const KNOWN_RATES_BP: [u32; 12] = [1300, 900, 600, 500, 300, 100, 50, 0, 1700, 1600, 1100, 1000];

const EXEMPT: &str = "免税";
const NOT_TAXED: &str = "不征税";
const PERCENT_SIGNS: [char; 2] = ['%', '％'];

/// A line's rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaxRate {
    /// A percentage, in basis points (`0.5%` = 50).
    Percent(u32),
    /// `免税`: the 税额 cell shows `***` and counts as 0 (§3.2 rule 7).
    Exempt,
    /// `不征税`.
    NotTaxed,
}

impl TaxRate {
    /// The rate in basis points; exempt and untaxed lines carry none.
    pub fn basis_points(self) -> u32 {
        match self {
            TaxRate::Percent(bp) => bp,
            TaxRate::Exempt | TaxRate::NotTaxed => 0,
        }
    }

    /// The rate as an invoice prints it: `13%`, `0.5%`, `免税`, `不征税`.
    pub fn printed(self) -> String {
        match self {
            TaxRate::Percent(bp) => {
                let (whole, fraction) = (bp / BP_PER_PERCENT, bp % BP_PER_PERCENT);
                let fraction = format!("{fraction:02}");
                match fraction.trim_end_matches('0') {
                    "" => format!("{whole}%"),
                    digits => format!("{whole}.{digits}%"),
                }
            }
            TaxRate::Exempt => EXEMPT.to_string(),
            TaxRate::NotTaxed => NOT_TAXED.to_string(),
        }
    }

    /// Whether this rate is one of `accepted_percent` (whole percent): the 税率 of a general
    /// taxpayer (§3.3; 13, 9, 6 by default).
    pub fn is_general_rate(self, accepted_percent: &[u32]) -> bool {
        match self {
            TaxRate::Percent(bp) => {
                bp.is_multiple_of(BP_PER_PERCENT)
                    && accepted_percent.contains(&(bp / BP_PER_PERCENT))
            }
            TaxRate::Exempt | TaxRate::NotTaxed => false,
        }
    }
}

/// The rates read on an invoice's lines (its `tax_rates` field), in order; an unreadable
/// one is `None`, and an invoice without the field has none.
pub fn read_rates(invoice: &crate::report::DocumentReport) -> Vec<Option<TaxRate>> {
    invoice
        .fields
        .get("tax_rates")
        .and_then(|f| f.value.as_array())
        .map(|list| {
            list.iter()
                .map(|r| r.as_str().and_then(parse_rate))
                .collect()
        })
        .unwrap_or_default()
}

/// Parses a rate cell: `13%`, `9 %`, `0.5%`, `１３％`, `免税`, `不征税`. `None` for anything
/// else, including percentages no VAT invoice prints.
pub fn parse_rate(text: &str) -> Option<TaxRate> {
    let cleaned: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' | '．' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            other => other,
        })
        .collect();
    match cleaned.as_str() {
        EXEMPT => return Some(TaxRate::Exempt),
        NOT_TAXED => return Some(TaxRate::NotTaxed),
        _ => {}
    }
    let number = cleaned.strip_suffix(PERCENT_SIGNS)?;
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty()
        || whole.len() > 2
        || fraction.len() > 2
        || !digits(whole)
        || !digits(fraction)
    {
        return None;
    }
    let fraction_bp = format!("{fraction:0<2}").parse::<u32>().ok()?;
    let bp = whole.parse::<u32>().ok()? * BP_PER_PERCENT + fraction_bp;
    KNOWN_RATES_BP.contains(&bp).then_some(TaxRate::Percent(bp))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rate_printed_is_parsed_back_to_itself() {
        for bp in KNOWN_RATES_BP {
            let rate = TaxRate::Percent(bp);
            assert_eq!(parse_rate(&rate.printed()), Some(rate), "{bp} bp");
        }
        assert_eq!(TaxRate::Percent(50).printed(), "0.5%");
        assert_eq!(TaxRate::Percent(1300).printed(), "13%");
        assert_eq!(
            parse_rate(&TaxRate::Exempt.printed()),
            Some(TaxRate::Exempt)
        );
    }

    #[test]
    fn parses_every_printed_rate() {
        let cases = [
            ("13%", TaxRate::Percent(1300)),
            ("9%", TaxRate::Percent(900)),
            ("6 %", TaxRate::Percent(600)),
            ("3%", TaxRate::Percent(300)),
            ("1%", TaxRate::Percent(100)),
            ("0.5%", TaxRate::Percent(50)),
            ("0%", TaxRate::Percent(0)),
            ("17%", TaxRate::Percent(1700)),
            ("１３％", TaxRate::Percent(1300)),
            ("13.00%", TaxRate::Percent(1300)),
            ("免税", TaxRate::Exempt),
            ("不征税", TaxRate::NotTaxed),
        ];
        for (text, rate) in cases {
            assert_eq!(parse_rate(text), Some(rate), "{text}");
        }
    }

    #[test]
    fn rejects_other_cells() {
        for text in [
            "", "%", "13", "12%", "130%", "0.3%", "13.5%", ".5%", "a%", "免",
        ] {
            assert_eq!(parse_rate(text), None, "{text}");
        }
    }

    #[test]
    fn general_rates() {
        let accepted = [13, 9, 6];
        assert!(TaxRate::Percent(1300).is_general_rate(&accepted));
        assert!(TaxRate::Percent(600).is_general_rate(&accepted));
        for rate in [
            TaxRate::Percent(300),
            TaxRate::Percent(50),
            TaxRate::Percent(1700),
            TaxRate::Exempt,
        ] {
            assert!(!rate.is_general_rate(&accepted), "{rate:?}");
        }
    }
}
