//! Durable file primitives for the store: atomic writes with the Windows retry, telling a good
//! learner file from a damaged or newer one, and sweeping temp files left by a killed process.
//!
//! Windows refuses to replace or rename a file while any handle has it open (always on FAT32/exFAT
//! sticks and network shares, and under Wine), where Linux allows it. So a file we keep open (a
//! session's journal, its lock file) is a [`Held`] file, and debug builds make [`write_atomic`]
//! and [`rename_retry`] refuse a held path on every platform: the tests catch on Linux what
//! would fail on a classroom PC.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use crate::progress::model::{LearnerFile, PROGRESS_FORMAT};

/// What a learner file's bytes turned out to be.
pub enum Parsed {
    Ok(Box<LearnerFile>),
    /// Written by a newer hocso: leave it alone.
    Newer(u32),
    Corrupt,
}

/// Reads the format first, so a newer file that our types cannot parse is not called damaged.
pub fn classify(bytes: &[u8]) -> Parsed {
    let value: serde_json::Value = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(_) => return Parsed::Corrupt,
    };
    match value.get("format").and_then(serde_json::Value::as_u64) {
        Some(f) if f > u64::from(PROGRESS_FORMAT) => {
            return Parsed::Newer(u32::try_from(f).unwrap_or(u32::MAX));
        }
        _ => {}
    }
    match serde_json::from_value::<LearnerFile>(value) {
        Ok(file) => Parsed::Ok(Box::new(file)),
        Err(_) => Parsed::Corrupt,
    }
}

/// Writes `bytes` to `path` atomically and durably: temp file in the same folder, fsync, rename,
/// folder fsync. On Windows a rename can fail while an antivirus or indexer has the file open
/// (errors 5 and 32): retry a few times before giving up.
///
/// The new file gets the user's default mode (0666 less the umask, 0644-like), never the mode
/// of whatever was there before; a symlink at `path` is refused, never replaced or written
/// through (in a shared folder it could point anywhere).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            crate::store::safe_read::Refused::Symlink,
        ));
    }
    refuse_held(path)?;
    let mut delay = std::time::Duration::from_millis(20);
    let mut tries = 0;
    loop {
        let result = write_and_rename(path, bytes);
        match result {
            Err(e) if tries < 5 && is_sharing_violation(&e) => {
                std::thread::sleep(delay);
                delay *= 2;
                tries += 1;
            }
            other => return other,
        }
    }
}

/// One try of [`write_atomic`] (atomic-write-file: on Linux an unnamed temp file linked in, the
/// folder fsynced), with a new file's default mode, not the mode of the file it replaces.
#[cfg(unix)]
fn write_and_rename(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use atomic_write_file::AtomicWriteFile;
    use atomic_write_file::unix::OpenOptionsExt;
    let mut opts = AtomicWriteFile::options();
    opts.preserve_mode(false);
    opts.try_preserve_owner(false);
    let mut f = opts.open(path)?;
    f.write_all(bytes)?;
    f.commit()
}

/// One try of [`write_atomic`]: atomic-write-file renames its temp file while still holding it
/// open, which Windows may refuse on a stick or a share; here the temp file is written, flushed
/// and closed, then renamed. Same temp names (`.<name>.<6 letters>`) for [`sweep_temp_files`].
#[cfg(not(unix))]
fn write_and_rename(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let (dir, name) = match (path.parent(), path.file_name()) {
        (Some(d), Some(n)) => (d, n.to_string_lossy()),
        _ => return Err(io::Error::from(io::ErrorKind::InvalidInput)),
    };
    let mut rng = fastrand::Rng::new();
    let (mut file, temp) = loop {
        let suffix: String = (0..6).map(|_| rng.alphanumeric()).collect();
        let temp = dir.join(format!(".{name}.{suffix}"));
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)
        {
            Ok(f) => break (f, temp),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    };
    let written = file.write_all(bytes).and_then(|()| file.sync_all());
    drop(file);
    let result = written.and_then(|()| fs::rename(&temp, path));
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// Paths of the files this process holds open as [`Held`] (a handful at most).
static HELD: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// A file of ours kept open for a while. Listed in [`HELD`] until dropped, so that replacing or
/// renaming it meanwhile fails in debug builds as it would on Windows.
#[derive(Debug)]
pub(crate) struct Held {
    file: File,
    path: PathBuf,
}

impl Held {
    pub(crate) fn new(file: File, path: &Path) -> Held {
        if let Ok(mut held) = HELD.lock() {
            held.push(path.to_path_buf());
        }
        Held {
            file,
            path: path.to_path_buf(),
        }
    }
}

impl std::ops::Deref for Held {
    type Target = File;
    fn deref(&self) -> &File {
        &self.file
    }
}

impl std::ops::DerefMut for Held {
    fn deref_mut(&mut self) -> &mut File {
        &mut self.file
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        if let Ok(mut held) = HELD.lock()
            && let Some(i) = held.iter().position(|p| *p == self.path)
        {
            held.swap_remove(i);
        }
    }
}

/// Debug builds: a file we hold open is not replaced or renamed (Windows would refuse, see the
/// module note). Release builds leave it to the OS.
fn refuse_held(path: &Path) -> io::Result<()> {
    if cfg!(debug_assertions) && HELD.lock().is_ok_and(|held| held.iter().any(|p| p == path)) {
        return Err(io::Error::new(
            io::ErrorKind::ResourceBusy,
            "replaced while this program holds it open (Windows refuses that)",
        ));
    }
    Ok(())
}

/// `fs::rename` with the same Windows retry as [`write_atomic`].
pub(crate) fn rename_retry(from: &Path, to: &Path) -> io::Result<()> {
    refuse_held(from)?;
    refuse_held(to)?;
    let mut delay = std::time::Duration::from_millis(20);
    for _ in 0..5 {
        match fs::rename(from, to) {
            Err(e) if is_sharing_violation(&e) => {
                std::thread::sleep(delay);
                delay *= 2;
            }
            other => return other,
        }
    }
    fs::rename(from, to)
}

/// Windows "access denied" (5) and "sharing violation" (32): transient while another program
/// (antivirus, search indexer, a second hocso reading) has the file open.
fn is_sharing_violation(e: &io::Error) -> bool {
    cfg!(windows) && matches!(e.raw_os_error(), Some(5 | 32))
}

/// The safe reader (regular files only, capped, never blocking) with the same Windows retry: on
/// a shared folder another PC may be replacing the file at this very moment.
pub fn read_retry(path: &Path) -> io::Result<Vec<u8>> {
    read_retry_as(path, crate::store::safe_read::Kind::Learner)
}

/// [`read_retry`] for a file of another kind (its own size cap).
pub fn read_retry_as(path: &Path, kind: crate::store::safe_read::Kind) -> io::Result<Vec<u8>> {
    let read = |p: &Path| crate::store::safe_read::read(p, kind);
    let mut delay = Duration::from_millis(20);
    for _ in 0..5 {
        match read(path) {
            Err(e) if is_sharing_violation(&e) => {
                std::thread::sleep(delay);
                delay *= 2;
            }
            other => return other,
        }
    }
    read(path)
}

/// Temp files (`.<name>.<6 letters>`) are only left behind when a process dies mid-save; the
/// committed file is intact. Remove those older than a day (never a fresh one: another PC on a
/// shared folder may be writing it right now).
pub(crate) fn sweep_temp_files(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let day_ago = SystemTime::now().checked_sub(Duration::from_secs(24 * 3600));
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if !is_temp_name(name) {
            continue;
        }
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| day_ago.is_some_and(|d| t < d));
        if old {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// `.<id>.json.Ab12Cd`, `.<id>.json.bak.Ab12Cd`, `.<id>.session.Ab12Cd`.
fn is_temp_name(name: &str) -> bool {
    let Some(rest) = name.strip_prefix('.') else {
        return false;
    };
    let Some((base, suffix)) = rest.rsplit_once('.') else {
        return false;
    };
    suffix.len() == 6
        && suffix.bytes().all(|b| b.is_ascii_alphanumeric())
        && [".json", ".json.bak", ".session"].iter().any(|ext| {
            base.strip_suffix(ext)
                .is_some_and(crate::progress::id::is_valid_id)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Windows rule, simulated in debug builds on every platform: a file we hold open is
    /// neither replaced nor renamed (away or onto); once closed, it may be.
    #[cfg(debug_assertions)]
    #[test]
    #[allow(clippy::unwrap_used)]
    fn a_file_held_open_is_not_replaced_or_renamed() {
        let dir = tempfile::tempdir().unwrap();
        let (held, other) = (dir.path().join("a.journal"), dir.path().join("b.journal"));
        fs::write(&held, b"old").unwrap();
        fs::write(&other, b"other").unwrap();
        let open = Held::new(File::open(&held).unwrap(), &held);
        let busy = |r: io::Result<()>| r.unwrap_err().kind() == io::ErrorKind::ResourceBusy;
        assert!(busy(write_atomic(&held, b"new")));
        assert!(busy(rename_retry(&held, &dir.path().join("c.journal"))));
        assert!(busy(rename_retry(&other, &held)));
        drop(open);
        write_atomic(&held, b"new").unwrap();
        assert_eq!(fs::read(&held).unwrap(), b"new");
    }

    #[test]
    fn recognises_only_our_temp_files() {
        assert!(is_temp_name(".hoa-abc234.json.Xy12Zq"));
        assert!(is_temp_name(".hoa-abc234.json.bak.Xy12Zq"));
        assert!(is_temp_name(".hoa-abc234.session.Xy12Zq"));
        assert!(!is_temp_name("hoa-abc234.json"));
        assert!(!is_temp_name(".hoa-abc234.json"));
        assert!(!is_temp_name(".hocso-write-test-1"));
        assert!(!is_temp_name(".../x.json.Xy12Zq"));
    }
}
