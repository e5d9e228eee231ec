//! hocso ("Học số"): a terminal course in digital literacy for adults in Vietnamese communes.
//!
//! Pure core: [`course`] (model and checks), [`quiz`] (grading), [`progress`] (records and merge),
//! [`app`] (state machine). Shell: loading files, the progress store, the terminal, the CLI.
#![forbid(unsafe_code)]
#![deny(clippy::unwrap_used)]

rust_i18n::i18n!("locales", fallback = "vi");

pub mod app;
pub mod certificate;
pub mod classroom;
pub mod cli;
pub mod course;
pub mod folder_lock;
pub mod keymap;
pub mod lang;
pub mod paths;
pub mod pin;
pub mod preview;
pub mod progress;
pub mod quiz;
pub mod report;
pub mod roster;
pub mod safe_read;
pub mod safe_text;
pub mod signals;
pub mod speech;
pub mod sync;
pub mod term;
pub mod tui;
pub mod ui;
pub mod unit;
