//! Learner files on disk: snapshot, journal, locks, merge, crashes, export/import.
//!
//! One test binary per area (each links the whole program once); one module per former file.

mod harden_cli;
mod journal_crash;
mod journal_props;
mod journal_release;
mod journal_store;
mod progress_cli;
mod progress_crash;
mod progress_lock;
mod progress_merge;
mod progress_store;
mod taken_over;
