//! Durable file primitives for the store: atomic writes with the Windows retry, telling a good
//! learner file from a damaged or newer one, and sweeping temp files left by a killed process.

use std::fs;
use std::io::{self, Write};
use std::path::Path;
use std::time::{Duration, SystemTime};

use atomic_write_file::AtomicWriteFile;

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
    let mut delay = std::time::Duration::from_millis(20);
    let mut tries = 0;
    loop {
        let result = (|| {
            let mut f = fresh_mode().open(path)?;
            f.write_all(bytes)?;
            f.commit()
        })();
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

/// Options for a new file with the default mode (not copied from the file it replaces).
fn fresh_mode() -> atomic_write_file::OpenOptions {
    #[allow(unused_mut)]
    let mut opts = AtomicWriteFile::options();
    #[cfg(unix)]
    {
        use atomic_write_file::unix::OpenOptionsExt;
        opts.preserve_mode(false);
        opts.try_preserve_owner(false);
    }
    opts
}

/// `fs::rename` with the same Windows retry as [`write_atomic`].
pub(crate) fn rename_retry(from: &Path, to: &Path) -> io::Result<()> {
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
    let read = |p: &Path| crate::store::safe_read::read(p, crate::store::safe_read::Kind::Learner);
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
