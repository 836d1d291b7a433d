//! Uploads that are none of the onboarding documents but can still be named. A bank card,
//! the likeliest wrong upload for the bank document, prints too little text for the lack
//! of any document's cues to mean anything (a card's bank name and 银联: 8 characters),
//! so it is named by what it does print.

use super::layout::Page;
use super::{Field, Fields, put};
use crate::rules::codes::bank::looks_like_personal_card;

/// What a bank card prints and no onboarding document does: the card scheme's mark and
/// the card's kind.
const BANK_CARD_CUES: &[&str] = &[
    "银联",
    "UnionPay",
    "QuickPass",
    "借记卡",
    "信用卡",
    "储蓄卡",
];

/// The field naming what an upload of no onboarding type is recognisably.
pub const LOOKS_LIKE: &str = "looks_like";

/// The value of [`LOOKS_LIKE`] on a bank card.
pub const BANK_CARD: &str = "bank_card";

/// The fields of an upload of no onboarding type: `looks_like` when it is recognisably
/// something else.
pub fn extract(page: &Page) -> Fields {
    let mut fields = Fields::new();
    put(&mut fields, LOOKS_LIKE, bank_card(page));
    fields
}

/// A bank card: one of [`BANK_CARD_CUES`] read without error, or a line that is nothing
/// but a card number (16–19 digits in groups, a card prefix and the Luhn check).
fn bank_card(page: &Page) -> Option<Field> {
    let cue = BANK_CARD_CUES.iter().find_map(|cue| {
        page.find_labels(&[cue])
            .into_iter()
            .find(|hit| hit.errors == 0)
            .map(|hit| hit.line)
    });
    let number = || {
        (0..page.lines().len()).find(|&line| {
            let text = page.line_text(line);
            let digits: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            digits.chars().all(|c| c.is_ascii_digit()) && looks_like_personal_card(&digits)
        })
    };
    let line = cue.or_else(number)?;
    Some(Field::of_line(BANK_CARD.to_string(), page, line))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::layout::tests::line;

    fn looks_like(lines: Vec<crate::ocr::TextLine>) -> Option<String> {
        extract(&Page::new(lines))
            .get(LOOKS_LIKE)
            .and_then(|f| f.value.as_str().map(str::to_string))
    }

    #[test]
    fn a_bank_card_is_named_by_its_scheme_mark_or_its_number() {
        let bank = line("中国示例银行", 50.0, 50.0, 30.0);
        let mark = line("银联", 500.0, 400.0, 30.0);
        assert_eq!(
            looks_like(vec![bank.clone(), mark]).as_deref(),
            Some(BANK_CARD)
        );
        // A UnionPay number (62…) whose last digit is its Luhn check.
        let number = line("6222 0200 0000 0000 000", 50.0, 250.0, 30.0);
        assert_eq!(
            looks_like(vec![bank.clone(), number]).as_deref(),
            Some(BANK_CARD)
        );
        // A bank's name alone, or a corporate account number, is no card.
        assert_eq!(looks_like(vec![bank.clone()]), None);
        let account = line("1202021109900123456", 50.0, 250.0, 30.0);
        assert_eq!(looks_like(vec![bank, account]), None);
    }
}
