//! What can go wrong with learner files: errors ([`StoreError`]) and reported findings
//! ([`Problem`]), each with a plain message from `locales/progress.*.yml`.

use std::io;
use std::path::{Path, PathBuf};

use crate::store::paths::DataDirError;

pub use super::reason::io_reason;

/// Something found in the data folder that the learner or trainer must be told about.
/// Nothing behind a problem was deleted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A damaged learner file that was moved aside (still there, for a person to look at).
    SetAside { path: PathBuf, id: Option<String> },
    /// A damaged or missing learner file was replaced by its last good backup.
    Restored { id: String, from: PathBuf },
    /// Written by a newer hocso: left untouched; update hocso to open it.
    NewerFormat { path: PathBuf, format: u32 },
    /// Could not be read at all (permissions, network folder gone …).
    Unreadable { path: PathBuf, error: String },
    /// Refused by the safe reader: not a regular file (FIFO, device, link to one) or too large.
    Refused {
        path: PathBuf,
        why: crate::store::safe_read::Refused,
    },
    /// The last line of a learner's journal was cut short or damaged (the program was stopped
    /// while writing it) and was left out; everything before it was kept.
    JournalTail { id: String, path: PathBuf },
    /// A journal that does not continue its learner file (or is damaged in the middle): not
    /// used; kept, and moved aside at the next save.
    JournalUnmatched { id: String, path: PathBuf },
    /// A journal moved aside (still there, for a person to look at).
    JournalAside { path: PathBuf, id: Option<String> },
}

impl Problem {
    /// True when progress that exists on disk is not in what was read (a journal that could
    /// not be read, or could not be replayed): a read-only command must not end in success.
    pub fn leaves_progress_out(&self) -> bool {
        match self {
            Problem::Unreadable { path, .. } => path.extension().is_some_and(|e| e == "journal"),
            Problem::JournalUnmatched { .. } => true,
            _ => false,
        }
    }

    /// The file the problem is about.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Problem::SetAside { path, .. }
            | Problem::NewerFormat { path, .. }
            | Problem::Unreadable { path, .. }
            | Problem::Refused { path, .. }
            | Problem::JournalTail { path, .. }
            | Problem::JournalUnmatched { path, .. }
            | Problem::JournalAside { path, .. } => Some(path),
            Problem::Restored { from, .. } => Some(from),
        }
    }

    /// A plain message for the learner or trainer.
    pub fn message(&self, locale: &str) -> String {
        match self {
            Problem::SetAside { path, .. } => {
                rust_i18n::t!(
                    "progress.problem.set_aside",
                    locale = locale,
                    path = path.display()
                )
            }
            Problem::Restored { id, from } => rust_i18n::t!(
                "progress.problem.restored",
                locale = locale,
                id = id,
                path = from.display()
            ),
            Problem::NewerFormat { path, format } => rust_i18n::t!(
                "progress.problem.newer",
                locale = locale,
                path = path.display(),
                format = format
            ),
            Problem::Unreadable { path, error } => rust_i18n::t!(
                "progress.problem.unreadable",
                locale = locale,
                path = path.display(),
                error = error
            ),
            Problem::Refused { path, why } => rust_i18n::t!(
                "progress.problem.unreadable",
                locale = locale,
                path = path.display(),
                error = why.message(locale)
            ),
            Problem::JournalTail { id, path } => rust_i18n::t!(
                "journal.problem.tail",
                locale = locale,
                id = id,
                path = path.display()
            ),
            Problem::JournalUnmatched { id, path } => rust_i18n::t!(
                "journal.problem.unmatched",
                locale = locale,
                id = id,
                path = path.display()
            ),
            Problem::JournalAside { path, .. } => rust_i18n::t!(
                "journal.problem.aside",
                locale = locale,
                path = path.display()
            ),
        }
        .into_owned()
    }
}

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The data folder is missing or not writable.
    #[error("{}: {source}", dir.display())]
    DataDir { dir: PathBuf, source: DataDirError },
    /// Not a valid learner id (e.g. typed on the command line).
    #[error("invalid learner id {id:?}")]
    BadId { id: String },
    #[error("no learner {id}")]
    NotFound { id: String },
    /// The file did not parse and there was no good backup; it was moved to `quarantined`.
    #[error("learner file {id} damaged, moved to {}", quarantined.display())]
    Corrupt { id: String, quarantined: PathBuf },
    /// The file was written by a newer hocso and is left alone.
    #[error("{} has format {format}", path.display())]
    NewerFormat { path: PathBuf, format: u32 },
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
    /// Another session opened this learner (the lock did not hold): this one stopped writing.
    #[error("the learner was taken over by another session")]
    TakenOver,
}

impl StoreError {
    /// A plain message with one next step.
    pub fn message(&self, locale: &str) -> String {
        match self {
            StoreError::DataDir { source, .. } => source.message(locale),
            StoreError::BadId { .. } => {
                rust_i18n::t!("progress.error.bad_id", locale = locale).into_owned()
            }
            StoreError::NotFound { id } => {
                rust_i18n::t!("progress.error.not_found", locale = locale, id = id).into_owned()
            }
            StoreError::Corrupt { quarantined, .. } => rust_i18n::t!(
                "progress.error.corrupt",
                locale = locale,
                path = quarantined.display()
            )
            .into_owned(),
            StoreError::NewerFormat { path, format } => Problem::NewerFormat {
                path: path.clone(),
                format: *format,
            }
            .message(locale),
            StoreError::Io { path, source } => rust_i18n::t!(
                "progress.error.io",
                locale = locale,
                path = path.display(),
                error = io_reason(source, locale)
            )
            .into_owned(),
            StoreError::TakenOver => {
                rust_i18n::t!("durable.taken_over", locale = locale).into_owned()
            }
        }
    }

    /// The short reason for the learner ("ổ đĩa đã đầy"), without file paths.
    pub fn reason(&self, locale: &str) -> String {
        match self {
            StoreError::Io { source, .. } => io_reason(source, locale),
            other => other.message(locale),
        }
    }
}
