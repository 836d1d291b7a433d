//! The content of a VAT special invoice: parties, lines, rates and totals that add up.

use chrono::NaiveDate;
use rand::Rng;
use rand::seq::IndexedRandom;
use rand_chacha::ChaCha8Rng;

use super::identity::{Company, date_between};
use crate::rules::money;

const ITEMS: &[&str] = &[
    "*电子元件*贴片电容",
    "*计算机配套产品*固态硬盘",
    "*塑料制品*包装膜",
    "*纺织产品*工作服",
    "*金属制品*不锈钢紧固件",
    "*信息技术服务*软件维护服务",
    "*现代服务*技术服务费",
    "*纸制品*瓦楞纸箱",
    "*机械设备*电动机",
    "*食品*预包装食品",
];
const UNITS: &[&str] = &["个", "件", "台", "套", "箱", "批", "次"];

/// Which kind of special invoice is printed (RULES.md §1.6.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvoiceFamily {
    /// 税控 paper 专票: 10-digit code, 8-digit number, red 发票专用章.
    Paper,
    /// 数电 专票: 20-digit number, no code, no seal.
    Digital,
}

#[derive(Debug, Clone)]
pub struct InvoiceLine {
    pub item: String,
    pub unit: String,
    pub quantity: i64,
    pub amount_fen: i64,
    /// Percent, e.g. 13.
    pub rate: u32,
    pub tax_fen: i64,
}

#[derive(Debug, Clone)]
pub struct Party {
    pub name: String,
    pub tax_id: String,
    pub address_phone: String,
    pub bank_account: String,
}

#[derive(Debug, Clone)]
pub struct Invoice {
    pub family: InvoiceFamily,
    pub province: String,
    pub code: Option<String>,
    pub number: String,
    pub issue_date: NaiveDate,
    pub buyer: Party,
    pub seller: Party,
    pub lines: Vec<InvoiceLine>,
    pub amount_fen: i64,
    pub tax_fen: i64,
    /// The total in figures as printed.
    pub total_fen: i64,
    /// The total in words as printed.
    pub total_words: String,
    pub remarks: String,
    /// Text of the seller-side seal; a tax bureau's for 代开 invoices.
    pub seal_ring: String,
}

impl Invoice {
    /// The distinct rates, as printed (`"13%"`), in line order.
    pub fn rates(&self) -> Vec<String> {
        let mut rates: Vec<String> = Vec::new();
        for line in &self.lines {
            let rate = format!("{}%", line.rate);
            if !rates.contains(&rate) {
                rates.push(rate);
            }
        }
        rates
    }

    /// Recomputes totals and words from the lines (after a scenario changed them).
    pub fn recompute(&mut self) {
        self.amount_fen = self.lines.iter().map(|l| l.amount_fen).sum();
        self.tax_fen = self.lines.iter().map(|l| l.tax_fen).sum();
        self.total_fen = self.amount_fen + self.tax_fen;
        self.total_words = money::words::format_words(self.total_fen);
    }
}

pub fn party(company: &Company) -> Party {
    Party {
        name: company.name.clone(),
        tax_id: company.credit_code.clone(),
        address_phone: format!(
            "{} 0{}-{}",
            company.address,
            10 + company.place.code[..2].parse::<u32>().unwrap_or(0) % 90,
            &company.bank.account_number[4..12]
        ),
        bank_account: format!("{} {}", company.bank.bank_name, company.bank.account_number),
    }
}

/// Tax on `amount_fen` at `rate` percent, rounded half up to the fen.
pub fn tax_on(amount_fen: i64, rate: u32) -> i64 {
    (amount_fen * i64::from(rate) + 50) / 100
}

/// An invoice issued by `seller` to `buyer` within `max_age_days` before `as_of`.
pub fn invoice(
    rng: &mut ChaCha8Rng,
    seller: &Company,
    buyer: &Company,
    as_of: NaiveDate,
    family: InvoiceFamily,
) -> Invoice {
    let issue_date = date_between(
        rng,
        as_of - chrono::Days::new(80),
        as_of - chrono::Days::new(1),
    );
    let yy = issue_date.format("%y").to_string();
    let lines: Vec<InvoiceLine> = (0..rng.random_range(1..=3))
        .map(|_| {
            let rate = *[13u32, 13, 9, 6].choose(rng).expect("non-empty");
            let amount_fen = rng.random_range(10_000..5_000_000i64);
            InvoiceLine {
                item: ITEMS.choose(rng).expect("non-empty").to_string(),
                unit: UNITS.choose(rng).expect("non-empty").to_string(),
                quantity: rng.random_range(1..200),
                amount_fen,
                rate,
                tax_fen: tax_on(amount_fen, rate),
            }
        })
        .collect();
    let province_code = &seller.place.code[..2];
    let (code, number) = match family {
        InvoiceFamily::Paper => (
            Some(format!(
                "{province_code}00{yy}{}1{}0",
                rng.random_range(1..10),
                rng.random_range(3..6)
            )),
            format!("{:08}", rng.random_range(0..100_000_000u32)),
        ),
        InvoiceFamily::Digital => (
            None,
            format!(
                "{yy}{province_code}2{:015}",
                rng.random_range(0..1_000_000_000_000_000u64)
            ),
        ),
    };
    let mut invoice = Invoice {
        family,
        province: seller.place.province.to_string(),
        code,
        number,
        issue_date,
        buyer: party(buyer),
        seller: party(seller),
        lines,
        amount_fen: 0,
        tax_fen: 0,
        total_fen: 0,
        total_words: String::new(),
        remarks: if rng.random_bool(0.4) {
            format!(
                "合同号：HT{}-{:04}",
                issue_date.format("%Y"),
                rng.random_range(1..9999)
            )
        } else {
            String::new()
        },
        seal_ring: seller.name.clone(),
    };
    invoice.recompute();
    invoice
}
