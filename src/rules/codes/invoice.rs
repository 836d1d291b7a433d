//! The structure of VAT invoice codes and numbers (RULES.md §1.6.4, §2.7): the 10-digit and
//! 12-digit 发票代码, the 8-digit 发票号码 and the 20-digit 数电 number. None of them has a
//! check digit, so only the shape and the decoded parts are checked.

use serde::{Deserialize, Serialize};

use super::idcard::is_mainland_province_code;

/// Length of a paper 发票代码 (税控 system) and of the later 12-digit code.
const CODE_10_LEN: usize = 10;
const CODE_12_LEN: usize = 12;
/// Length of a pre-数电 发票号码 and of a 数电 number.
const NUMBER_8_LEN: usize = 8;
const NUMBER_20_LEN: usize = 20;

/// The five 计划单列市, which have their own region code in invoice codes (§1.6.4 names
/// 3502 Xiamen and 4403 Shenzhen; 2102 Dalian, 3302 Ningbo and 3702 Qingdao complete the
/// set) [K].
const SEPARATE_PLAN_CITIES: [&str; 5] = ["2102", "3302", "3502", "3702", "4403"];

/// Province-level region codes end in `00` (`4300` Hunan).
const PROVINCE_SUFFIX: &str = "00";

/// Years in codes are two digits; every code in scope was printed in this century (a
/// printing year past the invoice's own year is then a finding, §2.7).
const CODE_CENTURY: i32 = 2000;

/// The invoice family a code's type digit or suffix names (§1.6.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceKind {
    /// 10-digit code, 8th digit 1 or 5: 增值税专用发票.
    Special,
    /// 10-digit code, 8th digit 2 or 7: 货物运输业增值税专用发票.
    FreightSpecial,
    /// 10-digit code, 8th digit 3 or 6: 增值税普通发票.
    Normal,
    /// 12-digit code ending `13`: 增值税电子专用发票.
    ElectronicSpecial,
    /// 12-digit code ending `11`: 增值税电子普通发票.
    ElectronicNormal,
    /// 12-digit code ending `12`: 通行费电子普票.
    TollElectronicNormal,
    /// 12-digit code ending `04` or `05`: two- or five-part paper 普票.
    PaperNormal,
    /// 12-digit code ending `06` or `07`: 卷票.
    RollNormal,
}

impl InvoiceKind {
    /// Whether this family is a special invoice (专票), the only kind that proves
    /// 一般纳税人 status (§4 (c)).
    pub fn is_special(self) -> bool {
        matches!(
            self,
            InvoiceKind::Special | InvoiceKind::FreightSpecial | InvoiceKind::ElectronicSpecial
        )
    }
}

/// A decoded 发票代码.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceCode {
    /// Digits of the region: a province `XX00` or a 计划单列市 such as `4403`.
    pub region: String,
    /// Year of printing, `2000 + YY`.
    pub year: i32,
    /// Print batch: one digit in a 10-digit code, three in a 12-digit one.
    pub batch: String,
    pub kind: InvoiceKind,
    /// 10-digit codes only: number of copies (联次), digit 9.
    pub copies: Option<u8>,
    /// 10-digit codes only: amount version, digit 10 (0 = computer-issued, 1 = 万元 …).
    pub amount_version: Option<u8>,
    /// 12-digit codes only: a leading `1` marks a Shenzhen blockchain invoice.
    pub blockchain: bool,
}

/// Why a text is not a 发票代码.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum InvoiceCodeError {
    /// Not `^[0-9]{8}[2-9][0-4]$` (10 digits) or `^[01][0-9]{11}$` (12 digits).
    #[error(
        "not an invoice code: 10 digits (copies 2-9, version 0-4) or 12 digits starting 0 or 1"
    )]
    Format,
    /// The type digit (10 digits) or suffix (12 digits) names no known family.
    #[error("the invoice code's type digit or suffix is not a known invoice family")]
    UnknownType,
    /// The region is neither a province `XX00` nor a 计划单列市.
    #[error("the invoice code's region {0} is not a province or a separately planned city")]
    UnknownRegion(u16),
}

/// Decodes a 10- or 12-digit 发票代码 (normalised: ASCII digits only), per the tables of
/// §1.6.4: `4300171130` is Hunan, 2017, batch 1, 专票, 3 copies, computer-issued.
pub fn decode_code(code: &str) -> Result<InvoiceCode, InvoiceCodeError> {
    if !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(InvoiceCodeError::Format);
    }
    let digit = |i: usize| code.as_bytes()[i] - b'0';
    let decoded = match code.len() {
        CODE_10_LEN => {
            if !(2..=9).contains(&digit(8)) || digit(9) > 4 {
                return Err(InvoiceCodeError::Format);
            }
            let kind = match digit(7) {
                1 | 5 => InvoiceKind::Special,
                2 | 7 => InvoiceKind::FreightSpecial,
                3 | 6 => InvoiceKind::Normal,
                _ => return Err(InvoiceCodeError::UnknownType),
            };
            InvoiceCode {
                region: code[0..4].to_owned(),
                year: two_digit_year(&code[4..6]),
                batch: code[6..7].to_owned(),
                kind,
                copies: Some(digit(8)),
                amount_version: Some(digit(9)),
                blockchain: false,
            }
        }
        CODE_12_LEN => {
            if digit(0) > 1 {
                return Err(InvoiceCodeError::Format);
            }
            let kind = match &code[10..12] {
                "13" => InvoiceKind::ElectronicSpecial,
                "11" => InvoiceKind::ElectronicNormal,
                "12" => InvoiceKind::TollElectronicNormal,
                "04" | "05" => InvoiceKind::PaperNormal,
                "06" | "07" => InvoiceKind::RollNormal,
                _ => return Err(InvoiceCodeError::UnknownType),
            };
            InvoiceCode {
                region: code[1..5].to_owned(),
                year: two_digit_year(&code[5..7]),
                batch: code[7..10].to_owned(),
                kind,
                copies: None,
                amount_version: None,
                blockchain: digit(0) == 1,
            }
        }
        _ => return Err(InvoiceCodeError::Format),
    };
    if !is_invoice_region(&decoded.region) {
        let region = decoded.region.parse().unwrap_or_default();
        return Err(InvoiceCodeError::UnknownRegion(region));
    }
    Ok(decoded)
}

/// Whether four digits name a province (`XX00` with a mainland province code) or one of the
/// five 计划单列市.
pub fn is_invoice_region(region4: &str) -> bool {
    SEPARATE_PLAN_CITIES.contains(&region4)
        || (region4.len() == 4
            && region4.ends_with(PROVINCE_SUFFIX)
            && region4.get(0..2).is_some_and(is_mainland_province_code))
}

fn two_digit_year(yy: &str) -> i32 {
    CODE_CENTURY + yy.parse::<i32>().unwrap_or_default()
}

/// Which numbering system a 发票号码 belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceNumberKind {
    /// 8 digits, with a separate 发票代码 (paper and electronic 专票/普票).
    Coded,
    /// 20 digits, no 发票代码: 数电/全电 (fully digitalised) invoices.
    Digital,
}

/// The kind of a 发票号码 (normalised, `No` prefix removed), or `None` if it is neither 8
/// nor 20 ASCII digits (§1.6.4).
pub fn number_kind(number: &str) -> Option<InvoiceNumberKind> {
    if !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match number.len() {
        NUMBER_8_LEN => Some(InvoiceNumberKind::Coded),
        NUMBER_20_LEN => Some(InvoiceNumberKind::Digital),
        _ => None,
    }
}

/// A decoded 20-digit 数电 number (§1.6.4, [V, secondary]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DigitalNumber {
    /// `2000 + YY` of digits 1–2.
    pub year: i32,
    /// Digits 3–4: a province-level region code (`32` Jiangsu).
    pub region: String,
    /// Whether [`Self::region`] is a known mainland province code; the codes of 计划单列市
    /// are [U], so an unknown one is only a warning.
    pub region_known: bool,
    /// Digit 5: the issuing channel (values [U]).
    pub channel: u8,
    /// Digits 6–20.
    pub sequence: String,
}

/// Why a 20-digit number is not a 数电 number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DigitalNumberError {
    #[error("a 数电 invoice number is 20 digits")]
    Format,
    /// Digits 1–2 give a year before the 2021 pilots or after the as-of year.
    #[error("the 数电 number's year {0} is not between 2021 and the as-of year")]
    Year(i32),
}

/// First year of 数电 pilots (§1.6.1: from 2021-12).
const DIGITAL_FIRST_YEAR: i32 = 2021;

/// Decodes a 20-digit 数电 number and checks its year is 2021..=`as_of_year` (§1.6.4).
/// `24322000000338897678` is 2024, Jiangsu (32), channel 2.
pub fn decode_digital_number(
    number: &str,
    as_of_year: i32,
) -> Result<DigitalNumber, DigitalNumberError> {
    if number_kind(number) != Some(InvoiceNumberKind::Digital) {
        return Err(DigitalNumberError::Format);
    }
    let year = two_digit_year(&number[0..2]);
    if !(DIGITAL_FIRST_YEAR..=as_of_year).contains(&year) {
        return Err(DigitalNumberError::Year(year));
    }
    let region = number[2..4].to_owned();
    Ok(DigitalNumber {
        year,
        region_known: is_mainland_province_code(&region),
        region,
        channel: number.as_bytes()[4] - b'0',
        sequence: number[5..].to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_digit_worked_example() {
        let code = decode_code("4300171130").unwrap();
        assert_eq!(code.region, "4300");
        assert_eq!(code.year, 2017);
        assert_eq!(code.batch, "1");
        assert_eq!(code.kind, InvoiceKind::Special);
        assert_eq!(code.copies, Some(3));
        assert_eq!(code.amount_version, Some(0));
        assert!(code.kind.is_special());
    }

    #[test]
    fn twelve_digit_worked_example() {
        let code = decode_code("044001500111").unwrap();
        assert_eq!(code.region, "4400");
        assert_eq!(code.year, 2015);
        assert_eq!(code.batch, "001");
        assert_eq!(code.kind, InvoiceKind::ElectronicNormal);
        assert!(!code.kind.is_special());
        assert!(!code.blockchain);
    }

    #[test]
    fn electronic_special_suffix() {
        // §9: `0xxxxxxxxx13` is an electronic 专票.
        let code = decode_code("032002100113").unwrap();
        assert_eq!(code.kind, InvoiceKind::ElectronicSpecial);
        assert!(code.kind.is_special());
        let shenzhen_chain = decode_code("144032009112").unwrap();
        assert!(shenzhen_chain.blockchain);
        assert_eq!(shenzhen_chain.region, "4403");
        assert_eq!(shenzhen_chain.kind, InvoiceKind::TollElectronicNormal);
    }

    #[test]
    fn type_digits_of_ten_digit_codes() {
        let kinds = [
            ("4300171130", InvoiceKind::Special),
            ("4300171530", InvoiceKind::Special),
            ("4300171230", InvoiceKind::FreightSpecial),
            ("4300171730", InvoiceKind::FreightSpecial),
            ("4300171330", InvoiceKind::Normal),
            ("4300171630", InvoiceKind::Normal),
        ];
        for (code, kind) in kinds {
            assert_eq!(decode_code(code).map(|c| c.kind), Ok(kind), "{code}");
        }
        for code in ["4300171030", "4300171430", "4300171830", "4300171930"] {
            assert_eq!(
                decode_code(code),
                Err(InvoiceCodeError::UnknownType),
                "{code}"
            );
        }
    }

    #[test]
    fn suffixes_of_twelve_digit_codes() {
        for (suffix, kind) in [
            ("04", InvoiceKind::PaperNormal),
            ("05", InvoiceKind::PaperNormal),
            ("06", InvoiceKind::RollNormal),
            ("07", InvoiceKind::RollNormal),
            ("12", InvoiceKind::TollElectronicNormal),
        ] {
            let code = format!("0440015001{suffix}");
            assert_eq!(decode_code(&code).map(|c| c.kind), Ok(kind), "{code}");
        }
        assert_eq!(
            decode_code("044001500199"),
            Err(InvoiceCodeError::UnknownType)
        );
    }

    #[test]
    fn regions() {
        assert!(decode_code("3502171130").is_ok());
        assert!(decode_code("4403171130").is_ok());
        assert_eq!(
            decode_code("4401171130"),
            Err(InvoiceCodeError::UnknownRegion(4401))
        );
        assert_eq!(
            decode_code("9900171130"),
            Err(InvoiceCodeError::UnknownRegion(9900))
        );
        assert_eq!(
            decode_code("8100171130"),
            Err(InvoiceCodeError::UnknownRegion(8100))
        );
        assert_eq!(
            decode_code("099001500111"),
            Err(InvoiceCodeError::UnknownRegion(9900))
        );
    }

    #[test]
    fn malformed_codes() {
        for code in [
            "",
            "430017113",
            "43001711300",
            "4300171110",
            "4300171135",
            "430017113O",
            "244001500111",
            "0440015001111",
            "４300171130",
        ] {
            assert_eq!(decode_code(code), Err(InvoiceCodeError::Format), "{code}");
        }
    }

    #[test]
    fn numbers() {
        assert_eq!(number_kind("12345678"), Some(InvoiceNumberKind::Coded));
        assert_eq!(
            number_kind("24322000000338897678"),
            Some(InvoiceNumberKind::Digital)
        );
        for bad in [
            "",
            "1234567",
            "123456789",
            "1234567A",
            "2432200000033889767",
        ] {
            assert_eq!(number_kind(bad), None, "{bad}");
        }
    }

    #[test]
    fn digital_worked_example() {
        let number = decode_digital_number("24322000000338897678", 2025).unwrap();
        assert_eq!(number.year, 2024);
        assert_eq!(number.region, "32");
        assert!(number.region_known);
        assert_eq!(number.channel, 2);
        assert_eq!(number.sequence, "000000338897678");
    }

    #[test]
    fn digital_year_and_region_rules() {
        let early = decode_digital_number("20322000000338897678", 2025);
        assert_eq!(early, Err(DigitalNumberError::Year(2020)));
        let future = decode_digital_number("26322000000338897678", 2025);
        assert_eq!(future, Err(DigitalNumberError::Year(2026)));
        assert!(decode_digital_number("21322000000338897678", 2021).is_ok());
        let unknown = decode_digital_number("24992000000338897678", 2025).unwrap();
        assert!(!unknown.region_known);
        let short = decode_digital_number("12345678", 2025);
        assert_eq!(short, Err(DigitalNumberError::Format));
    }
}
