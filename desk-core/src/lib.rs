//! The desktop's brain without a window (DESIGN §1): the local SQLite cache
//! the UI reads from, and the sync engine that mirrors the server into it and
//! delivers the agent's actions exactly once. No Tauri here, so tests,
//! benchmarks and the fault-injection harness run headless.

pub mod alerts;
pub mod cache_gen;
pub mod clock;
pub mod error;
pub mod language;
pub mod report_export;
pub mod search;
pub mod spending;
pub mod store;
pub mod suggest;
pub mod sync;
pub mod templates;
pub mod views;

pub use error::{DeskError, DeskResult};

rust_i18n::i18n!("locales", fallback = "en");
