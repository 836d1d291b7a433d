//! Proof of 一般纳税人 status (RULES §4): a 税务事项通知书 or 登记表 addressed to the company,
//! its taxpayer ID and the date it was issued.

use super::layout::Page;
use super::{Field, Fields, labelled, put, values};

const NAME: &[&str] = &["纳税人名称"];
const TAXPAYER_ID: &[&str] = &["纳税人识别号", "统一社会信用代码"];
const TITLE: &[&str] = &["税务事项通知书", "增值税一般纳税人登记表"];

/// Taxpayer IDs: 15, 17, 18 or 20 characters (RULES §2.8).
const MIN_TAX_ID_LEN: usize = 15;

pub fn extract(page: &Page) -> Fields {
    let mut fields = Fields::new();
    let name = labelled(page, NAME, TAXPAYER_ID, values::name).or_else(|| addressee(page));
    put(&mut fields, "name", name);
    put(
        &mut fields,
        "taxpayer_id",
        labelled(page, TAXPAYER_ID, &[], |t| values::code(t, MIN_TAX_ID_LEN)),
    );
    put(&mut fields, "issue_date", lowest_date(page));
    fields
}

/// The company a notice is addressed to: the first line under the title that ends with a
/// colon (`深圳海盛食品有限公司：`).
fn addressee(page: &Page) -> Option<Field> {
    let title_bottom = page
        .find_label(TITLE)
        .map_or(f32::NEG_INFINITY, |h| page.bounds(h.line)[3]);
    let mut below: Vec<usize> = (0..page.lines().len())
        .filter(|&i| page.bounds(i)[1] >= title_bottom)
        .collect();
    below.sort_by(|&a, &b| page.bounds(a)[1].total_cmp(&page.bounds(b)[1]));
    below.into_iter().find_map(|i| {
        let text = page.line_text(i);
        let name = text.strip_suffix(':')?;
        values::name(name).map(|n| Field {
            value: serde_json::Value::String(n),
            confidence: page.lines()[i].confidence,
            bounds: page.bounds(i),
        })
    })
}

/// The date printed lowest on the page: the notice's date under its seal.
fn lowest_date(page: &Page) -> Option<Field> {
    (0..page.lines().len())
        .filter_map(|i| values::date(&page.line_text(i)).map(|d| (i, d)))
        .max_by(|a, b| page.bounds(a.0)[1].total_cmp(&page.bounds(b.0)[1]))
        .map(|(i, date)| Field {
            value: serde_json::Value::String(date),
            confidence: page.lines()[i].confidence,
            bounds: page.bounds(i),
        })
}
