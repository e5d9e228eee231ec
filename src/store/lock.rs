//! One session per learner: an OS lock on `<id>.lock` plus a `<id>.session` note saying who holds it.
//!
//! Why two files: on Windows (and SMB shares) a locked byte range cannot be read by others, so the
//! note (host, process id, times) lives in a separate, atomically written file that anyone can read.
//! The OS lock is the truthful liveness test on one host: if we can take it, the old holder is gone.
//! Across PCs on a network folder the lock may not be shared by every file system, so a note from
//! another host also counts as held until it is older than the store's `stale_after`.

use std::fs::{self, OpenOptions, TryLockError};
use std::io;
use std::path::{Path, PathBuf};

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

use super::durable::{Held, write_atomic};

/// Session notes held by this process, removed by [`remove_held_notes`] when a signal ends it.
static NOTES: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

fn note_opened(path: &Path) {
    if let Ok(mut notes) = NOTES.lock() {
        notes.push(path.to_path_buf());
    }
}

fn note_closed(path: &Path) {
    if let Ok(mut notes) = NOTES.lock() {
        notes.retain(|p| p != path);
    }
}

/// Removes the session notes this process holds (the OS locks go with the process). Called by the
/// signal handler just before the process ends, so no note outlives us.
pub fn remove_held_notes() {
    if let Ok(notes) = NOTES.lock() {
        for n in notes.iter() {
            let _ = fs::remove_file(n);
        }
    }
}

/// How often [`SessionLock::touch`] really rewrites the note (much shorter than any sensible
/// `stale_after`).
const TOUCH_EVERY: SignedDuration = SignedDuration::from_secs(60);

/// Environment variable: minutes after which another PC's session counts as stale.
pub const STALE_ENV: &str = "HOCSO_LOCK_STALE_MINUTES";

/// The stale age from [`STALE_ENV`] when set to a whole number of minutes (at least 2), else
/// `default`. For shells (CLI, TUI) to pass to [`crate::store::learners::Store::with_stale_after`].
pub fn stale_after_from_env(default: SignedDuration) -> SignedDuration {
    std::env::var(STALE_ENV)
        .ok()
        .and_then(|v| v.trim().parse::<i64>().ok())
        .filter(|m| *m >= 2)
        .map_or(default, SignedDuration::from_mins)
}

/// Who holds (or held) a learner's session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockInfo {
    /// Computer name.
    pub host: String,
    /// Process id on that computer.
    pub pid: u32,
    /// When the session started.
    pub since: Timestamp,
    /// Last sign of life (refreshed by [`SessionLock::touch`], e.g. after each save).
    pub seen: Timestamp,
    /// Opened from a browser through `hocso serve` (the learner is on a phone): the class view
    /// says so.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub phone: bool,
}

/// Set (to 1) in the environment of a learner program that `hocso serve` runs for a browser.
pub const WEB_ENV: &str = "HOCSO_WEB";

/// Why a session could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Someone is working as this learner right now. `info` is `None` when the note is missing
    /// or unreadable (e.g. it is being rewritten at this very moment).
    #[error("learner is open elsewhere")]
    Held { info: Option<LockInfo> },
    /// A previous session ended without closing (crash, power cut, PC switched off); it can be
    /// taken over with [`crate::store::learners::Store::take_over`] after the learner confirms.
    #[error("previous session did not close")]
    Stale { info: LockInfo },
    /// The id is not a valid learner id.
    #[error("invalid learner id")]
    BadId,
    /// The lock or note file could not be used.
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
}

impl LockError {
    /// A plain message for the learner (no technical detail beyond where the session is open).
    pub fn message(&self, locale: &str) -> String {
        match self {
            LockError::Held { info: Some(i) } => rust_i18n::t!(
                "progress.lock.held",
                locale = locale,
                host = i.host,
                pid = i.pid,
                since = local_time(i.since)
            )
            .into_owned(),
            LockError::Held { info: None } => {
                rust_i18n::t!("progress.lock.held_unknown", locale = locale).into_owned()
            }
            LockError::Stale { info } => rust_i18n::t!(
                "progress.lock.stale",
                locale = locale,
                host = info.host,
                since = local_time(info.seen)
            )
            .into_owned(),
            LockError::BadId => {
                rust_i18n::t!("progress.error.bad_id", locale = locale).into_owned()
            }
            LockError::Io { path, source } => rust_i18n::t!(
                "progress.error.io",
                locale = locale,
                path = path.display(),
                error = super::problem::io_reason(source, locale)
            )
            .into_owned(),
        }
    }
}

/// Formats a time for messages in the computer's time zone ("14:05 26/11/2026").
pub(crate) fn local_time(t: Timestamp) -> String {
    t.to_zoned_datetime(jiff::tz::TimeZone::system())
        .strftime("%H:%M %d/%m/%Y")
        .to_string()
}

/// Who this session is, as its `<id>.session` note says: checked before every write, so a
/// session that was taken over (a lock that did not hold on a share, a deleted lock file)
/// writes nothing more into the other session's files.
#[derive(Debug, Clone)]
pub struct Owner {
    pub note: PathBuf,
    pub info: LockInfo,
}

impl Owner {
    pub(crate) fn holds(&self) -> bool {
        read_note(&self.note).is_some_and(|n| {
            n.host == self.info.host && n.pid == self.info.pid && n.since == self.info.since
        })
    }
}

/// A held session. Dropping it ends the session: the note is removed, then the OS lock released.
#[derive(Debug)]
pub struct SessionLock {
    /// Open for the whole session: [`Held`], so nothing of ours replaces it meanwhile.
    file: Held,
    note: PathBuf,
    info: LockInfo,
    /// Another session took over: its note is left alone when this one ends.
    lost: bool,
}

impl SessionLock {
    /// Who we are, as written in the note.
    pub fn info(&self) -> &LockInfo {
        &self.info
    }

    /// Refreshes the "last seen" time so other PCs on a shared folder do not think we are gone.
    /// Call it after every save: it only writes when the note is more than a minute old, so it
    /// does not double the cost of saving after each answer.
    pub fn touch(&mut self, now: Timestamp) -> Result<(), LockError> {
        if self.lost || now.duration_since(self.info.seen) < TOUCH_EVERY {
            return Ok(());
        }
        if !self.still_ours() {
            // Never write over the note of the session that took over.
            self.lost = true;
            return Ok(());
        }
        self.info.seen = now;
        write_note(&self.note, &self.info)
    }
}

impl SessionLock {
    /// What the saves check before each write (see [`Owner`]).
    pub fn owner(&self) -> Owner {
        Owner {
            note: self.note.clone(),
            info: self.info.clone(),
        }
    }

    /// The note still names this session (not another one that took the learner over).
    pub fn still_ours(&self) -> bool {
        !self.lost && self.owner().holds()
    }

    /// This session was taken over: ending it leaves the other session's note alone.
    pub fn mark_lost(&mut self) {
        self.lost = true;
    }
}

impl Drop for SessionLock {
    fn drop(&mut self) {
        // Remove the note while we still hold the OS lock, so nobody reads a half-released state.
        // A session that was taken over leaves the note: it is the other session's now.
        if !self.lost && self.still_ours() {
            let _ = fs::remove_file(&self.note);
        }
        note_closed(&self.note);
        let _ = self.file.unlock();
    }
}

/// Paths of the lock and note files for a learner id in `dir`.
pub(crate) fn lock_paths(dir: &Path, id: &str) -> (PathBuf, PathBuf) {
    (
        dir.join(format!("{id}.lock")),
        dir.join(format!("{id}.session")),
    )
}

/// Tries to open a session. `force` takes over a stale session (never one whose OS lock is held).
pub(crate) fn acquire(
    dir: &Path,
    id: &str,
    now: Timestamp,
    stale_after: SignedDuration,
    force: bool,
) -> Result<SessionLock, LockError> {
    let (lock_path, note) = lock_paths(dir, id);
    let io_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| LockError::Io { path, source }
    };
    // The lock file is never deleted: deleting a lock file lets two processes lock two different
    // files of the same name. It stays empty; only the OS lock on it matters.
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&lock_path)
        .map_err(io_err(&lock_path))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            return Err(LockError::Held {
                info: read_note(&note),
            });
        }
        Err(TryLockError::Error(e)) => return Err(io_err(&lock_path)(e)),
    }
    let me = LockInfo {
        host: host_name(),
        pid: std::process::id(),
        since: now,
        seen: now,
        phone: std::env::var_os(WEB_ENV).is_some_and(|v| v == "1"),
    };
    if !force && let Some(old) = read_note(&note) {
        // We hold the OS lock, so a holder on this host is dead. A holder on another host may be
        // alive if the share does not pass locks on: trust its note until it is too old.
        let fresh = now.duration_since(old.seen) < stale_after;
        let _ = file.unlock();
        return Err(if old.host != me.host && fresh {
            LockError::Held { info: Some(old) }
        } else {
            LockError::Stale { info: old }
        });
    }
    if let Err(e) = write_note(&note, &me) {
        let _ = file.unlock();
        return Err(e);
    }
    // A signal (terminal closed, `kill`) removes the note too: see `remove_held_notes`.
    note_opened(&note);
    Ok(SessionLock {
        file: Held::new(file, &lock_path),
        note,
        info: me,
        lost: false,
    })
}

pub(crate) fn read_note(path: &Path) -> Option<LockInfo> {
    let bytes = crate::store::safe_read::read(path, crate::store::safe_read::Kind::Note).ok()?;
    serde_json::from_slice(&bytes).ok()
}

fn write_note(path: &Path, info: &LockInfo) -> Result<(), LockError> {
    let json = serde_json::to_vec_pretty(info).map_err(|e| LockError::Io {
        path: path.to_path_buf(),
        source: io::Error::other(e),
    })?;
    write_atomic(path, &json).map_err(|source| LockError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// This computer's name as text (lossy: Windows names may not be UTF-8).
pub(crate) fn host_name() -> String {
    gethostname::gethostname().to_string_lossy().into_owned()
}
