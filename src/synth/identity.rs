//! Random but valid identities: companies, legal representatives, bank accounts and
//! invoices, consistent with each other and with the as-of date. Check digits come from
//! `rules::codes` (their test vectors are RULES.md §9), money words from `rules::money`.

use chrono::{Datelike, Months, NaiveDate};
use rand::Rng;
use rand::seq::IndexedRandom;
use rand_chacha::ChaCha8Rng;

use crate::rules::codes::{idcard, orgcode, uscc};
use crate::rules::money;

/// A place with its administrative code and the authorities that serve it.
#[derive(Debug, Clone)]
pub struct Place {
    pub code: &'static str,
    pub province: &'static str,
    pub city: &'static str,
    pub district: &'static str,
    /// The 4-digit PBOC area code of the city (核准号).
    pub pboc_area: &'static str,
}

const PLACES: &[Place] = &[
    Place {
        code: "330106",
        province: "浙江",
        city: "杭州",
        district: "西湖区",
        pboc_area: "3310",
    },
    Place {
        code: "110105",
        province: "北京",
        city: "北京",
        district: "朝阳区",
        pboc_area: "1000",
    },
    Place {
        code: "310115",
        province: "上海",
        city: "上海",
        district: "浦东新区",
        pboc_area: "2900",
    },
    Place {
        code: "440305",
        province: "广东",
        city: "深圳",
        district: "南山区",
        pboc_area: "5840",
    },
    Place {
        code: "440106",
        province: "广东",
        city: "广州",
        district: "天河区",
        pboc_area: "5810",
    },
    Place {
        code: "320106",
        province: "江苏",
        city: "南京",
        district: "鼓楼区",
        pboc_area: "3010",
    },
    Place {
        code: "510107",
        province: "四川",
        city: "成都",
        district: "武侯区",
        pboc_area: "6510",
    },
    Place {
        code: "420106",
        province: "湖北",
        city: "武汉",
        district: "武昌区",
        pboc_area: "5210",
    },
    Place {
        code: "370202",
        province: "山东",
        city: "青岛",
        district: "市南区",
        pboc_area: "4520",
    },
    Place {
        code: "350203",
        province: "福建",
        city: "厦门",
        district: "思明区",
        pboc_area: "3930",
    },
];

/// Characters for trade names. None is on either side of an OCR confusion pair
/// (RULES.md §5.3), so swapping one for another is a real difference, never an OCR variant.
pub const TRADE_CHARS: &[char] = &[
    '华', '鑫', '源', '盛', '恒', '瑞', '丰', '达', '嘉', '宏', '泰', '博', '诚', '信', '安', '康',
    '顺', '远', '新', '隆', '辉', '明', '润', '捷', '凯', '腾', '宁', '弘', '旭', '晨', '海', '江',
    '峰', '亿', '昌', '兴',
];
const INDUSTRIES: &[&str] = &[
    "科技",
    "贸易",
    "电子",
    "机械",
    "食品",
    "服饰",
    "包装",
    "新材料",
    "信息技术",
    "实业",
    "供应链管理",
    "五金制品",
];
const SCOPES: &[&str] = &[
    "技术开发、技术咨询、技术服务",
    "电子产品、通讯设备的销售",
    "五金交电、日用百货的批发零售",
    "货物进出口、技术进出口",
    "包装材料的生产与销售",
    "服装鞋帽的设计与销售",
    "机械设备及配件的制造与维修",
    "食品经营（凭许可证经营）",
    "企业管理咨询",
    "供应链管理服务",
    "计算机软硬件的开发与销售",
    "仓储服务（不含危险品）",
];
const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "罗", "高",
];
const GIVEN: &[char] = &[
    '伟', '芳', '娜', '敏', '静', '强', '磊', '军', '洋', '勇', '艳', '杰', '涛', '明', '超', '秀',
    '霞', '平', '刚', '桂', '文', '华', '建', '国', '红', '玲', '斌', '宇', '浩', '凯',
];
const ETHNICITIES: &[&str] = &["汉", "汉", "汉", "汉", "汉", "汉", "回", "满", "壮", "蒙古"];
const STREETS: &[&str] = &[
    "文三路",
    "学院路",
    "中山路",
    "建设大道",
    "人民路",
    "解放路",
    "科技园路",
    "滨江大道",
    "工业园路",
    "长江路",
];
const BANKS: &[(&str, &str)] = &[
    ("中国工商银行", "1202"),
    ("中国建设银行", "3305"),
    ("中国农业银行", "1903"),
    ("中国银行", "3673"),
    ("招商银行", "5719"),
    ("交通银行", "3310"),
];
const ORG_CHARSET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// A company as its licence registers it.
#[derive(Debug, Clone)]
pub struct Company {
    pub place: Place,
    pub name: String,
    /// The trade-name characters inside `name`, for near-miss variants.
    pub trade: String,
    pub credit_code: String,
    pub entity_type: String,
    pub legal_rep: Person,
    pub registered_capital_fen: i64,
    pub established: NaiveDate,
    pub term_end: Option<NaiveDate>,
    pub address: String,
    pub business_scope: String,
    pub issue_date: NaiveDate,
    pub bank: BankAccount,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    pub fn zh(self) -> &'static str {
        match self {
            Sex::Male => "男",
            Sex::Female => "女",
        }
    }
}

/// A person and their resident ID card.
#[derive(Debug, Clone)]
pub struct Person {
    pub name: String,
    pub sex: Sex,
    pub ethnicity: String,
    pub birth: NaiveDate,
    pub address: String,
    pub id_number: String,
    pub issuing_authority: String,
    pub valid_from: NaiveDate,
    /// `None` for 长期.
    pub valid_to: Option<NaiveDate>,
}

/// The company's basic deposit account.
#[derive(Debug, Clone)]
pub struct BankAccount {
    pub bank_name: String,
    pub account_number: String,
    pub approval_number: String,
    pub serial_number: String,
    pub pboc_branch: String,
    pub issue_date: NaiveDate,
}

pub fn date_between(rng: &mut ChaCha8Rng, from: NaiveDate, to: NaiveDate) -> NaiveDate {
    let days = (to - from).num_days().max(0);
    from + chrono::Days::new(rng.random_range(0..=days) as u64)
}

fn digits(rng: &mut ChaCha8Rng, n: usize) -> String {
    (0..n)
        .map(|_| char::from(b'0' + rng.random_range(0..10u8)))
        .collect()
}

pub fn person_name(rng: &mut ChaCha8Rng) -> String {
    let mut name = SURNAMES.choose(rng).expect("non-empty").to_string();
    for _ in 0..rng.random_range(1..=2) {
        name.push(*GIVEN.choose(rng).expect("non-empty"));
    }
    name
}

/// A valid USCC for a company registered at `place`.
pub fn credit_code(rng: &mut ChaCha8Rng, place: &Place) -> String {
    let org_body: String = if rng.random_bool(0.6) {
        let tail: String = (0..6)
            .map(|_| char::from(*ORG_CHARSET.choose(rng).expect("non-empty")))
            .collect();
        format!("MA{tail}")
    } else {
        digits(rng, 8)
    };
    let org_check = orgcode::check_char(&org_body).expect("body is in the charset");
    let body = format!("91{}{org_body}{org_check}", place.code);
    let check = uscc::check_char(&body).expect("body is in the charset");
    format!("{body}{check}")
}

/// A valid 18-digit ID number.
pub fn id_number(rng: &mut ChaCha8Rng, place: &Place, birth: NaiveDate, sex: Sex) -> String {
    let sequence = rng.random_range(0..50u32) * 2 + if sex == Sex::Male { 1 } else { 0 };
    let body = format!(
        "{}{}{:03}",
        place.code,
        birth.format("%Y%m%d"),
        sequence % 1000
    );
    let check = idcard::check_char(&body).expect("body is digits");
    format!("{body}{check}")
}

/// ID validity by age at issue (居民身份证法 Art. 5, RULES.md §1.2).
fn id_validity(birth: NaiveDate, issued: NaiveDate) -> Option<NaiveDate> {
    let age = issued.years_since(birth).unwrap_or(0);
    let years = match age {
        0..=15 => 5,
        16..=25 => 10,
        26..=45 => 20,
        _ => return None,
    };
    issued.checked_add_months(Months::new(12 * years))
}

pub fn person(rng: &mut ChaCha8Rng, place: &Place, as_of: NaiveDate) -> Person {
    let sex = if rng.random_bool(0.5) {
        Sex::Male
    } else {
        Sex::Female
    };
    let birth = date_between(rng, ymd(1962, 1, 1), ymd(2000, 12, 31));
    // Issued recently enough that the card is valid on the as-of date.
    let mut valid_from = date_between(
        rng,
        as_of - chrono::Days::new(3650),
        as_of - chrono::Days::new(30),
    );
    let mut valid_to = id_validity(birth, valid_from);
    while valid_to.is_some_and(|end| end <= as_of) {
        valid_from = valid_from
            .checked_add_months(Months::new(12))
            .expect("in range");
        valid_to = id_validity(birth, valid_from);
    }
    Person {
        name: person_name(rng),
        sex,
        ethnicity: ETHNICITIES.choose(rng).expect("non-empty").to_string(),
        birth,
        address: format!(
            "{}省{}市{}{}{}号",
            place.province,
            place.city,
            place.district,
            STREETS.choose(rng).expect("non-empty"),
            rng.random_range(1..400)
        ),
        id_number: id_number(rng, place, birth, sex),
        issuing_authority: format!(
            "{}市公安局{}分局",
            place.city,
            place.district.trim_end_matches('区')
        ),
        valid_from,
        valid_to,
    }
    .with_municipality_fix()
}

impl Person {
    /// 北京/上海 are municipalities: no 省 before them.
    fn with_municipality_fix(mut self) -> Self {
        for m in ["北京", "上海"] {
            self.address = self
                .address
                .replace(&format!("{m}省{m}市"), &format!("{m}市"));
        }
        self
    }
}

pub fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a real date")
}

/// A company name at `place`: city + trade name + industry + legal form.
pub fn company_name(rng: &mut ChaCha8Rng, place: &Place) -> (String, String) {
    let trade: String = (0..2)
        .map(|_| *TRADE_CHARS.choose(rng).expect("non-empty"))
        .collect();
    let form = match rng.random_range(0..10) {
        0..=6 => "有限公司",
        7..=8 => "有限责任公司",
        _ => "股份有限公司",
    };
    let industry = INDUSTRIES.choose(rng).expect("non-empty");
    (format!("{}{trade}{industry}{form}", place.city), trade)
}

pub fn company(rng: &mut ChaCha8Rng, as_of: NaiveDate) -> Company {
    let place = PLACES.choose(rng).expect("non-empty").clone();
    let (name, trade) = company_name(rng, &place);
    let established = date_between(rng, ymd(2005, 1, 1), as_of - chrono::Days::new(400));
    let term_end = rng
        .random_bool(0.5)
        .then(|| {
            established
                .checked_add_months(Months::new(12 * 30))
                .expect("in range")
        })
        .filter(|end| *end > as_of);
    let issue_date = date_between(rng, established, as_of - chrono::Days::new(60));
    let scope_count = rng.random_range(2..=4);
    let mut scope: Vec<&str> = SCOPES.choose_multiple(rng, scope_count).copied().collect();
    scope.sort();
    let entity_type = if name.ends_with("股份有限公司") {
        "股份有限公司(非上市、自然人投资或控股)"
    } else {
        "有限责任公司(自然人投资或控股)"
    };
    let capital_wan = [50, 100, 200, 300, 500, 1000, 2000, 5000]
        .choose(rng)
        .expect("non-empty");
    let legal_rep = person(rng, &place, as_of);
    let bank = bank_account(rng, &place, &name, issue_date.max(established), as_of);
    Company {
        credit_code: credit_code(rng, &place),
        entity_type: entity_type.to_string(),
        registered_capital_fen: i64::from(*capital_wan) * 10_000 * 100,
        established,
        term_end,
        address: format!(
            "{}{}{}{}{}号{}幢{}室",
            if place.province == place.city {
                ""
            } else {
                place.province
            },
            place.city,
            place.district,
            STREETS.choose(rng).expect("non-empty"),
            rng.random_range(1..300),
            rng.random_range(1..12),
            rng.random_range(101..1900)
        ),
        business_scope: format!(
            "一般项目：{}（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）。",
            scope.join("；")
        ),
        issue_date,
        legal_rep,
        bank,
        place,
        name,
        trade,
    }
}

/// A corporate account number with the bank's prefix. Real ones never look like a personal
/// bank card (RULES.md §2.9), so a number that would is drawn again.
fn corporate_account(rng: &mut ChaCha8Rng, prefix: &str) -> String {
    loop {
        let number = format!("{prefix}{}", digits(rng, 15));
        if !crate::rules::codes::bank::looks_like_personal_card(&number) {
            return number;
        }
    }
}

fn bank_account(
    rng: &mut ChaCha8Rng,
    place: &Place,
    _name: &str,
    after: NaiveDate,
    as_of: NaiveDate,
) -> BankAccount {
    let (bank, prefix) = BANKS.choose(rng).expect("non-empty");
    let issue_date = date_between(rng, after, as_of - chrono::Days::new(30));
    BankAccount {
        bank_name: format!(
            "{bank}股份有限公司{}{}支行",
            place.city,
            STREETS
                .choose(rng)
                .expect("non-empty")
                .trim_end_matches(['路', '道'])
                .trim_end_matches('大')
        ),
        account_number: corporate_account(rng, prefix),
        approval_number: format!("J{}{}{}", place.pboc_area, digits(rng, 7), "01"),
        serial_number: format!("{}-{}", place.pboc_area, digits(rng, 8)),
        pboc_branch: format!(
            "中国人民银行{}{}",
            place.city,
            if place.city == place.province {
                "营业管理部"
            } else {
                "中心支行"
            }
        ),
        issue_date,
    }
}

/// The registration authority that issues a licence at `place` (its seal text).
pub fn registration_authority(place: &Place) -> String {
    format!("{}市{}市场监督管理局", place.city, place.district)
}

/// `YYYY年MM月DD日`.
pub fn zh_date(date: NaiveDate) -> String {
    format!("{}年{:02}月{:02}日", date.year(), date.month(), date.day())
}

/// Money in figures as printed and as reported (`"3495.00"`).
pub fn yuan(fen: i64) -> String {
    money::format_yuan(fen)
}
