//! The store's side of the journal: loading is the snapshot plus a replay of its journal, and a
//! save starts a fresh journal, keeping aside (never deleting) one that does not fit.
//!
//! Every reader (picker, report, class view, export, import, `hocso learners`) goes through
//! [`Store::read_or_repair`], so all of them see the same progress.

use std::io;
use std::path::PathBuf;

use super::durable::{Parsed, classify, read_retry, rename_retry};
use super::journal::{self, Bad, Fit};
use super::learners::{Loaded, Problem, REREAD_AFTER, Store, StoreError};
use crate::progress::change::apply;
use crate::progress::model::LearnerFile;

fn check_valid(id: &str) -> Result<(), StoreError> {
    if crate::progress::id::is_valid_id(id) {
        Ok(())
    } else {
        Err(StoreError::BadId { id: id.to_string() })
    }
}

/// Journals moved aside are named `<id>.journal-aside-<time>.journal`.
pub(crate) const ASIDE_INFIX: &str = ".journal-aside-";

impl Store {
    /// Path of a learner's journal (the id must be valid).
    pub fn journal_path(&self, id: &str) -> PathBuf {
        journal::path_of(self.dir(), id)
    }

    /// The snapshot (repaired from `.bak` when damaged) with its journal replayed.
    pub(super) fn read_or_repair(&self, id: &str) -> Result<Loaded, StoreError> {
        let path = self.journal_path(id);
        let mut again = false;
        loop {
            // The journal first: a snapshot written meanwhile then still includes it.
            let (bytes, unreadable) = match journal::read(self.dir(), id) {
                Ok(b) => (b, None),
                Err(e) => (
                    None,
                    Some(Problem::Unreadable {
                        path: path.clone(),
                        error: e.to_string(),
                    }),
                ),
            };
            let (mut loaded, snapshot) = self.read_snapshot(id)?;
            loaded.problems.extend(unreadable);
            let Some(bytes) = bytes else {
                return Ok(loaded);
            };
            let j = journal::parse(&bytes);
            let bak = || read_retry(&self.dir().join(format!("{id}.json.bak"))).ok();
            let fit = journal::fit(id, &j, &loaded.file, &snapshot, bak);
            // The session may be writing this very moment (on a shared folder, from another
            // PC): what looks cut short or unmatched is read once more before it is reported.
            if !again && (fit == Fit::Unmatched || j.bad.is_some()) {
                again = true;
                std::thread::sleep(REREAD_AFTER);
                continue;
            }
            let problem = |unmatched: bool| {
                let (id, path) = (id.to_string(), path.clone());
                if unmatched {
                    Problem::JournalUnmatched { id, path }
                } else {
                    Problem::JournalTail { id, path }
                }
            };
            match fit {
                Fit::Unmatched => loaded.problems.push(problem(true)),
                Fit::Continues => {
                    for ops in &j.entries {
                        apply(&mut loaded.file, ops);
                    }
                    loaded.file.profile.id = id.to_string();
                    if let Some(bad) = j.bad {
                        loaded
                            .problems
                            .push(problem(matches!(bad, Bad::Corrupt { .. })));
                    }
                }
                Fit::Empty | Fit::Included => {
                    if j.bad.is_some() {
                        loaded.problems.push(problem(false));
                    }
                }
            }
            return Ok(loaded);
        }
    }

    pub(super) fn journal_bytes(&self, id: &str) -> Result<Option<Vec<u8>>, StoreError> {
        journal::read(self.dir(), id).map_err(|source| StoreError::Io {
            path: self.journal_path(id),
            source,
        })
    }

    /// Before the snapshot `old` is replaced: a journal whose changes the caller cannot have
    /// loaded (it continues another snapshot, or is damaged in the middle) is moved aside.
    /// A journal that continues `old` was replayed by [`Store::load`], so the new snapshot
    /// holds it.
    pub(super) fn keep_unmatched_journal(
        &self,
        id: &str,
        journal: Option<&[u8]>,
        old: Option<(&LearnerFile, &[u8])>,
    ) -> Result<(), StoreError> {
        let Some(bytes) = journal else {
            return Ok(());
        };
        let j = journal::parse(bytes);
        let corrupt = matches!(j.bad, Some(Bad::Corrupt { .. }));
        let keep = match old {
            Some((file, snapshot)) => {
                let bak = || read_retry(&self.dir().join(format!("{id}.json.bak"))).ok();
                corrupt || journal::fit(id, &j, file, snapshot, bak) == Fit::Unmatched
            }
            None => corrupt || !j.entries.is_empty(),
        };
        if keep {
            self.journal_aside(id)?;
        }
        Ok(())
    }

    /// The snapshot did not change: only make sure the journal is a fresh one continuing it.
    pub(super) fn restart_journal(
        &self,
        id: &str,
        journal: Option<&[u8]>,
        snapshot: &[u8],
    ) -> Result<(), StoreError> {
        if journal::is_fresh(journal, id, snapshot) {
            return Ok(());
        }
        match classify(snapshot) {
            Parsed::Ok(file) => {
                self.keep_unmatched_journal(id, journal, Some((&file, snapshot)))?
            }
            _ => self.keep_unmatched_journal(id, journal, None)?,
        }
        self.start_journal(id, snapshot)
    }

    pub(super) fn start_journal(&self, id: &str, snapshot: &[u8]) -> Result<(), StoreError> {
        journal::reset(self.dir(), id, snapshot).map_err(|source| StoreError::Io {
            path: self.journal_path(id),
            source,
        })
    }

    /// A session that was taken over keeps what it could not save in a file of its own,
    /// `<id>.unsaved-<time>.json` (a whole learner file, for the trainer to `hocso import`), and
    /// never touches the other session's snapshot or journal.
    pub fn keep_unsaved(&self, file: &LearnerFile) -> Result<PathBuf, StoreError> {
        check_valid(&file.profile.id)?;
        let to = self.aside_path_ext(&file.profile.id, "unsaved", "json");
        let json = serde_json::to_vec_pretty(file).map_err(|e| StoreError::Io {
            path: to.clone(),
            source: io::Error::other(e),
        })?;
        super::durable::write_atomic(&to, &json).map_err(|source| StoreError::Io {
            path: to.clone(),
            source,
        })?;
        Ok(to)
    }

    /// Moves the journal aside as `<id>.journal-aside-<time>.journal`.
    pub(super) fn journal_aside(&self, id: &str) -> Result<PathBuf, StoreError> {
        let from = self.journal_path(id);
        let to = self.aside_path_ext(id, &ASIDE_INFIX[1..ASIDE_INFIX.len() - 1], "journal");
        match rename_retry(&from, &to) {
            Ok(()) => Ok(to),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(to),
            Err(source) => Err(StoreError::Io { path: from, source }),
        }
    }
}
