//! Check-digit codes printed on onboarding documents (RULES.md §2.1–§2.5): the unified social
//! credit code (USCC), the embedded organisation code, the old 15-digit registration number and
//! the citizen ID number, plus the generic OCR auto-repair of §0.4.
//!
//! Every function here is pure and expects text already normalised as a code-like field
//! (RULES.md §0.3: NFKC, no whitespace or `-`, upper-case, `×` mapped to `X`).

pub mod idcard;
pub mod mrz;
pub mod normalise;
pub mod orgcode;
pub mod regno;
pub mod repair;
pub mod uscc;

pub use idcard::{IdNumberError, IdNumberInfo, Sex};
pub use repair::{Repair, repair_code};
pub use uscc::UsccError;
