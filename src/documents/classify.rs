//! Which onboarding document a page is, from the words printed on it: titles weigh most,
//! field labels less. Labels are matched fuzzily, as OCR misreads them too.

use super::layout::{LabelHit, Page};
use crate::report::DocumentType;

/// The classifier's answer for one page (or one half of a two-faced ID photo).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Class {
    pub doc_type: DocumentType,
    pub confidence: f32,
}

/// A word printed on a document family and how much finding it counts.
struct Cue {
    text: &'static str,
    weight: f32,
}

const fn cue(text: &'static str, weight: f32) -> Cue {
    Cue { text, weight }
}

/// What each family prints. A title is worth 3, a label unique to the family 1–2,
/// a label shared with others 0.5.
const CUES: &[(DocumentType, &[Cue])] = &[
    (
        DocumentType::BusinessLicense,
        &[
            cue("营业执照", 3.0),
            cue("统一社会信用代码", 1.0),
            cue("注册资本", 1.0),
            cue("成立日期", 1.0),
            cue("营业期限", 1.0),
            cue("经营范围", 1.0),
            cue("登记机关", 1.0),
            cue("国家企业信用信息公示系统", 1.0),
        ],
    ),
    (
        DocumentType::IdCardFront,
        &[
            cue("公民身份号码", 3.0),
            cue("姓名", 0.5),
            cue("性别", 0.5),
            cue("民族", 1.0),
            cue("出生", 0.5),
            cue("住址", 0.5),
        ],
    ),
    (
        DocumentType::IdCardBack,
        &[
            cue("居民身份证", 2.0),
            cue("中华人民共和国", 1.0),
            cue("签发机关", 1.5),
            cue("有效期限", 1.0),
        ],
    ),
    (
        DocumentType::ResidencePermit,
        &[cue("港澳台居民居住证", 3.0), cue("居住证", 1.5)],
    ),
    (
        DocumentType::HkMacauPermit,
        &[
            cue("港澳居民来往内地通行证", 3.0),
            cue("来往内地通行证", 2.0),
        ],
    ),
    (
        DocumentType::TaiwanPermit,
        &[
            cue("台湾居民来往大陆通行证", 3.0),
            cue("来往大陆通行证", 2.0),
        ],
    ),
    (
        DocumentType::ForeignPermanentResidence,
        &[cue("外国人永久居留身份证", 3.0), cue("永久居留", 2.0)],
    ),
    (
        DocumentType::Passport,
        &[cue("PASSPORT", 3.0), cue("护照", 2.0), cue("P<", 1.0)],
    ),
    (
        DocumentType::BankPermit,
        &[
            cue("开户许可证", 3.0),
            cue("核准号", 2.0),
            cue("准予开立基本存款账户", 1.0),
            // The permit's sentence `经审核，…符合开户条件，准予开立基本存款账户。`: with the
            // title misread, its 基本存款账户 passes for the account sheet's title too
            // (a turned permit read as an account sheet, blind seed 1357).
            cue("符合开户条件", 1.0),
            cue("开户银行", 0.5),
        ],
    ),
    (
        DocumentType::BasicAccountInfo,
        &[
            cue("基本存款账户信息", 3.0),
            cue("基本存款账户编号", 2.0),
            cue("账户名称", 1.0),
            cue("开户银行", 0.5),
        ],
    ),
    (
        DocumentType::VatSpecialInvoice,
        &[
            cue("增值税专用发票", 3.0),
            cue("专用发票", 1.0),
            cue("价税合计", 1.0),
            cue("开票日期", 0.5),
            cue("密码区", 0.5),
            cue("购买方", 0.5),
            cue("销售方", 0.5),
            cue("购货单位", 0.5),
            cue("销货单位", 0.5),
        ],
    ),
    (
        DocumentType::VatNormalInvoice,
        &[
            cue("增值税普通发票", 3.0),
            cue("普通发票", 1.0),
            cue("价税合计", 1.0),
            cue("开票日期", 0.5),
            cue("密码区", 0.5),
            cue("购买方", 0.5),
            cue("销售方", 0.5),
            cue("购货单位", 0.5),
            cue("销货单位", 0.5),
        ],
    ),
    (
        DocumentType::TaxpayerProof,
        &[
            cue("增值税一般纳税人", 2.0),
            cue("一般纳税人", 1.0),
            cue("税务事项通知书", 2.0),
            cue("纳税人识别号", 0.5),
        ],
    ),
];

/// Below this score nothing was recognised: a page with text is `other`.
const MIN_SCORE: f32 = 2.0;

/// Classifies a page by the cues found on it. The confidence is the winner's margin over
/// the runner-up, scaled so a lone title (3) with no rival is sure.
pub fn classify(page: &Page) -> Class {
    if page.lines().is_empty() {
        return Class {
            doc_type: DocumentType::Unknown,
            confidence: 0.0,
        };
    }
    let mut scores: Vec<(DocumentType, f32)> = CUES
        .iter()
        .map(|(t, cues)| (*t, score(page, cues)))
        .collect();
    scores.sort_by(|a, b| b.1.total_cmp(&a.1));
    let (best, best_score) = scores[0];
    let runner_up = scores.get(1).map_or(0.0, |s| s.1);
    if best_score < MIN_SCORE {
        return Class {
            doc_type: DocumentType::Other,
            confidence: (1.0 - best_score / MIN_SCORE).clamp(0.0, 1.0),
        };
    }
    Class {
        doc_type: best,
        confidence: ((best_score - runner_up) / 3.0).clamp(0.0, 1.0),
    }
}

/// The sum of the weights of the cues printed on the page, each less for every misread
/// character.
fn score(page: &Page, cues: &[Cue]) -> f32 {
    cues.iter()
        .filter_map(|c| {
            let hit = page.find_label(&[c.text])?;
            let length = c.text.chars().count() as f32;
            Some(c.weight * (1.0 - hit.errors as f32 / length))
        })
        .sum()
}

/// Labels that place an ID card's photo side, best first: the number's label lies furthest
/// from the emblem side's labels, but a 复印无效 stamp or a finger may cover it.
const FRONT_ANCHORS: [&str; 3] = ["公民身份号码", "住址", "出生"];

/// The page as one document, or, when it shows both faces of an ID card, each face as
/// its own page (split between the two faces' anchor labels), with their classes.
pub fn split_pages(page: &Page) -> Vec<(Page, Class)> {
    let class = classify(page);
    if matches!(
        class.doc_type,
        DocumentType::IdCardFront | DocumentType::IdCardBack
    ) && let (Some(front), Some(back)) = (
        FRONT_ANCHORS
            .iter()
            .find_map(|label| page.find_label(&[label])),
        page.find_label(&["签发机关", "有效期限"]),
    ) && let Some((front_page, back_page)) = split_between(page, &front, &back)
    {
        let face = |doc_type| Class {
            doc_type,
            confidence: class.confidence,
        };
        return vec![
            (front_page, face(DocumentType::IdCardFront)),
            (back_page, face(DocumentType::IdCardBack)),
        ];
    }
    vec![(page.clone(), class)]
}

/// Splits the page's lines into the side of `front` and the side of `back`, along the axis
/// on which the two anchors lie further apart, at the midpoint. `None` when one side would
/// be empty.
fn split_between(page: &Page, front: &LabelHit, back: &LabelHit) -> Option<(Page, Page)> {
    let centre = |line: usize| {
        let b = page.bounds(line);
        [(b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0]
    };
    let (f, b) = (centre(front.line), centre(back.line));
    let axis = usize::from((f[1] - b[1]).abs() > (f[0] - b[0]).abs());
    let middle = (f[axis] + b[axis]) / 2.0;
    let front_side = |line: usize| (centre(line)[axis] < middle) == (f[axis] < middle);
    let (front_lines, back_lines): (Vec<_>, Vec<_>) = page
        .lines()
        .iter()
        .enumerate()
        .partition(|(i, _)| front_side(*i));
    let collect = |lines: Vec<(usize, &crate::ocr::TextLine)>| {
        Page::from_level(lines.into_iter().map(|(_, l)| l.clone()).collect())
    };
    (!front_lines.is_empty() && !back_lines.is_empty())
        .then(|| (collect(front_lines), collect(back_lines)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::layout::tests::line;

    fn page(texts: &[(&str, f32, f32)]) -> Page {
        Page::new(texts.iter().map(|&(t, x, y)| line(t, x, y, 20.0)).collect())
    }

    #[test]
    fn titles_and_labels_decide_the_type() {
        let cases = [
            (
                page(&[("营业执照", 400.0, 50.0), ("统一社会信用代码", 0.0, 100.0)]),
                DocumentType::BusinessLicense,
            ),
            (
                page(&[
                    ("开户许可证", 400.0, 50.0),
                    ("核准号：J5840012345601", 0.0, 100.0),
                ]),
                DocumentType::BankPermit,
            ),
            (
                page(&[
                    ("北京增值税专用发票", 300.0, 20.0),
                    ("价税合计（大写）", 0.0, 400.0),
                ]),
                DocumentType::VatSpecialInvoice,
            ),
            (
                page(&[
                    ("税务事项通知书", 300.0, 20.0),
                    ("增值税一般纳税人登记", 0.0, 200.0),
                ]),
                DocumentType::TaxpayerProof,
            ),
            (
                page(&[("今天天气很好", 0.0, 0.0), ("我们去公园", 0.0, 100.0)]),
                DocumentType::Other,
            ),
            (page(&[]), DocumentType::Unknown),
        ];
        for (page, expected) in cases {
            assert_eq!(
                classify(&page).doc_type,
                expected,
                "{}",
                page.compact_text()
            );
        }
    }

    #[test]
    fn a_permit_whose_title_was_misread_is_still_a_permit() {
        let p = page(&[
            ("开户许一", 400.0, 50.0),
            ("核准号:J3010597319201", 0.0, 100.0),
            ("经审核,南京源安机械股份有限公司符合开户条件,", 0.0, 150.0),
            ("准予开立基本存款账户。", 0.0, 200.0),
            ("开户银行", 0.0, 250.0),
        ]);
        assert_eq!(classify(&p).doc_type, DocumentType::BankPermit);
    }

    #[test]
    fn a_misread_title_still_counts() {
        let p = page(&[("营业执照", 0.0, 0.0), ("统一社会信代码", 0.0, 60.0)]);
        let licence = classify(&p);
        assert_eq!(licence.doc_type, DocumentType::BusinessLicense);
        assert!(licence.confidence > 0.9);
    }

    #[test]
    fn both_faces_of_an_id_card_side_by_side_are_two_documents() {
        let p = page(&[
            ("姓名张三", 0.0, 0.0),
            ("中华人民共和国", 700.0, 0.0),
            ("性别男民族汉", 0.0, 60.0),
            ("居民身份证", 700.0, 60.0),
            ("签发机关北京市公安局", 700.0, 200.0),
            ("公民身份号码11010519491231002X", 0.0, 240.0),
            ("有效期限2015.06.01-2035.06.01", 700.0, 260.0),
        ]);
        let parts = split_pages(&p);
        let types: Vec<DocumentType> = parts.iter().map(|(_, c)| c.doc_type).collect();
        assert_eq!(types, [DocumentType::IdCardFront, DocumentType::IdCardBack]);
        assert!(parts[0].0.compact_text().contains("张三"));
        assert!(!parts[0].0.compact_text().contains("签发机关"));
        assert!(parts[1].0.compact_text().contains("有效期限"));
    }

    #[test]
    fn both_faces_one_above_the_other_split_when_the_number_label_is_covered() {
        // A 复印无效 stamp over 公民身份号码: 住址 places the photo side.
        let p = page(&[
            ("姓名蒋东亮", 0.0, 0.0),
            ("性别女民族普米", 0.0, 40.0),
            ("住址天津市宝坻区大钟庄", 0.0, 100.0),
            ("复印e效", 0.0, 170.0),
            ("中华人民共和国", 100.0, 380.0),
            ("居民身份证", 100.0, 420.0),
            ("签发机关市辖区宝坻区公安局", 60.0, 500.0),
            ("有效期限2017.03.06-2037.03.06", 60.0, 540.0),
        ]);
        let parts = split_pages(&p);
        let types: Vec<DocumentType> = parts.iter().map(|(_, c)| c.doc_type).collect();
        assert_eq!(types, [DocumentType::IdCardFront, DocumentType::IdCardBack]);
        assert!(parts[0].0.compact_text().contains("住址"));
        assert!(!parts[0].0.compact_text().contains("居民身份证"));
    }
}
