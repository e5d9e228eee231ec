//! hocso ("Học số"): a terminal course in digital literacy for adults in Vietnamese communes.
//!
//! Pure core: [`course`] (model and checks), [`quiz`] (grading), [`progress`] (records and merge),
//! [`app`] (state machine). Shell: loading files, the progress store, the terminal, the CLI.
#![forbid(unsafe_code)]
#![deny(clippy::unwrap_used)]

rust_i18n::i18n!("locales", fallback = "vi");

pub mod app;
pub mod cli;
pub mod course;
pub mod front;
pub mod progress;
pub mod quiz;
pub mod speech;
pub mod store;
pub mod sync;
pub mod trainer;
pub mod ui;
