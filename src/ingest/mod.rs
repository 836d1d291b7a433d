//! Ingest: find applications on disk, read each upload within limits, and decode it safely
//! to pixels. The only stage that touches the file system; a bad file becomes an
//! [`UploadProblem`] (and so a finding), never a crash.

mod decode;
mod form;
mod limits;
mod pdf;
mod problem;
mod sniff;
mod walk;

pub use decode::{DecodedUpload, LoadedUpload, decode_upload, load_upload, lower_hex, sha256_hex};
pub use form::{
    ApplicationForm, BankAccount, FORM_FILE_NAME, FormProblem, IdType, LegalRep, TaxpayerKind,
    load_form, parse_form,
};
pub use limits::{IngestLimits, parse_byte_size};
pub use problem::UploadProblem;
pub use sniff::{Sniffed, sniff};
pub use walk::{ApplicationDir, DiscoverError, Discovery, TRUTH_FILE_NAME, UploadPath, discover};
