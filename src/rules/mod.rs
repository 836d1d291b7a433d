//! Domain rules that turn findings and fields into a verdict. Pure: data in, data out;
//! never looks at pixels. Check digits, money, names and cross-document checks land here.

pub mod bank;
pub mod checked;
pub mod codes;
pub mod config;
pub mod crosscheck;
pub mod dates;
pub mod decision;
pub mod identity;
pub mod invoice;
pub mod key_fields;
pub mod licence;
pub mod money;
pub mod names;
pub mod text;

pub use checked::Checked;
pub use config::RulesConfig;
