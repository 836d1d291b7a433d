//! dossier: local document verification and OCR for supplier onboarding.
//!
//! The flow (DESIGN.md): ingest → quality → ocr → classify → extract → validate →
//! cross-check → decide → store/queue → review console. Each stage is a module; data moves
//! between them as plain `serde` structs, and only [`ingest`] touches the file system.

pub mod batch;
pub mod config;
pub mod documents;
pub mod eval;
pub mod ingest;
pub mod ocr;
pub mod parallel;
pub mod pipeline;
pub mod quality;
pub mod report;
pub mod rules;
pub mod store;
pub mod summary;
pub mod synth;
pub mod validate;
pub mod web;
