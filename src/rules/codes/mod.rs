//! Codes printed on onboarding documents (RULES.md §1.3–§1.6, §2): the unified social credit
//! code (USCC), the embedded organisation code, the old 15-digit registration number, the
//! citizen ID number, permit numbers, the passport MRZ, invoice codes and numbers, taxpayer
//! IDs and bank numbers, plus the generic OCR auto-repair of §0.4 and the code-like
//! normalisation of §0.3 ([`normalise::code_like`]).
//!
//! Every function here is pure and expects text already normalised as a code-like field
//! (RULES.md §0.3: NFKC, no whitespace or `-`, upper-case, `×` mapped to `X`).

pub mod bank;
pub mod idcard;
pub mod invoice;
pub mod mrz;
pub mod normalise;
pub mod orgcode;
pub mod permit;
pub mod regno;
pub mod repair;
pub mod taxpayer;
pub mod uscc;

pub use idcard::{IdNumberError, IdNumberInfo, Sex};
pub use repair::{Repair, repair_code};
pub use uscc::UsccError;
