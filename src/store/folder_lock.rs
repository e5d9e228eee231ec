//! A lock on a whole data folder for operations that must not run twice at once — today
//! `hocso roster import`, whose "same person" rule (look, then create) only holds when two
//! imports cannot interleave (two trainers, or a double click, on one shared folder).
//!
//! An OS lock (`File::try_lock`) on a separate, never-deleted file `<folder>/.<name>.lock`,
//! like the per-learner session locks: the data files themselves are never locked (Windows and
//! SMB locks would block readers). Waiting is bounded, so a stuck process never hangs another.

use std::fs::{File, OpenOptions, TryLockError};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long an operation waits for the lock before giving up with a message.
pub const DEFAULT_WAIT: Duration = Duration::from_secs(120);

/// A held folder lock; released when dropped (or when the process ends, however it ends).
#[derive(Debug)]
pub struct FolderLock {
    file: File,
    path: PathBuf,
}

impl FolderLock {
    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for FolderLock {
    fn drop(&mut self) {
        let _ = self.file.unlock();
    }
}

/// Why the lock was not taken.
#[derive(Debug, thiserror::Error)]
pub enum FolderLockError {
    /// Another process held it for longer than we were willing to wait.
    #[error("{} is held by another process", path.display())]
    Busy { path: PathBuf },
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
}

impl FolderLockError {
    /// A plain message for the trainer.
    pub fn message(&self, locale: &str) -> String {
        match self {
            FolderLockError::Busy { .. } => {
                rust_i18n::t!("harden.folder_lock.busy", locale = locale).into_owned()
            }
            FolderLockError::Io { path, source } => rust_i18n::t!(
                "progress.error.io",
                locale = locale,
                path = path.display(),
                error = crate::store::problem::io_reason(source, locale)
            )
            .into_owned(),
        }
    }
}

/// Takes the lock `name` on `dir`, waiting up to `wait` for another holder to finish.
pub fn lock(dir: &Path, name: &str, wait: Duration) -> Result<FolderLock, FolderLockError> {
    let path = dir.join(format!(".{name}.lock"));
    let io_err = |source| FolderLockError::Io {
        path: path.clone(),
        source,
    };
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(io_err)?;
    let start = Instant::now();
    let mut pause = Duration::from_millis(5);
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(FolderLock { file, path }),
            Err(TryLockError::WouldBlock) if start.elapsed() < wait => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(200));
            }
            Err(TryLockError::WouldBlock) => return Err(FolderLockError::Busy { path }),
            Err(TryLockError::Error(e)) => return Err(io_err(e)),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn second_holder_waits_then_gives_up() {
        let dir = tempfile::tempdir().unwrap();
        let first = lock(dir.path(), "roster", DEFAULT_WAIT).unwrap();
        let e = lock(dir.path(), "roster", Duration::from_millis(50)).unwrap_err();
        assert!(matches!(e, FolderLockError::Busy { .. }));
        drop(first);
        lock(dir.path(), "roster", Duration::from_millis(50)).unwrap();
    }
}
