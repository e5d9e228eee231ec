//! The unit's certificate keys, kept in the data folder.
//!
//! A code is made with the *current* key (`certificates/secret.key`, one hex line — the format
//! older versions wrote, so a folder they used keeps working). A folder that issued codes with
//! its own key before it learnt the unit's (from `hocso sync`) keeps that key as an *older* one
//! (`certificates/older.keys`, one hex line each) and still verifies what it printed: paper
//! already handed out is never invalidated. The unit's keys reach other PCs with the folder
//! itself (a shared or copied folder) or through sync (see `crate::sync::certs`).

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

/// The register and keys live here, inside the data folder.
pub const DIR: &str = "certificates";
const SECRET_FILE: &str = "secret.key";
const OLDER_FILE: &str = "older.keys";
/// A key is 32 bytes; the files hold a handful of keys at most.
const MAX_FILE_BYTES: u64 = 64 * 1024;

/// Where the current key lives (named in messages about a missing key).
pub fn secret_path(data_dir: &Path) -> PathBuf {
    data_dir.join(DIR).join(SECRET_FILE)
}

fn older_path(data_dir: &Path) -> PathBuf {
    data_dir.join(DIR).join(OLDER_FILE)
}

/// Lowercase hex of a key.
pub fn to_hex(key: &[u8]) -> String {
    key.iter().map(|b| format!("{b:02x}")).collect()
}

/// A key from its hex line; `None` for anything that is not one (too short, not hex).
pub fn from_hex(text: &str) -> Option<Vec<u8>> {
    let text = text.trim();
    if !text.len().is_multiple_of(2) || text.len() < 32 {
        return None;
    }
    (0..text.len() / 2)
        .map(|i| u8::from_str_radix(text.get(2 * i..2 * i + 2)?, 16).ok())
        .collect()
}

/// Through the safe reader (a FIFO or a link to `/dev/zero` neither hangs nor fills memory).
fn read_text(path: &Path) -> anyhow::Result<Option<String>> {
    use crate::store::safe_read::{Kind, read};
    match read(path, Kind::Certificate) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| path.display().to_string()),
        Ok(b) if b.len() as u64 > MAX_FILE_BYTES => bail!("{}: not a hocso file", path.display()),
        Ok(b) => Ok(Some(String::from_utf8_lossy(&b).into_owned())),
    }
}

/// The current key, `None` when this folder has none yet.
pub fn current(data_dir: &Path) -> anyhow::Result<Option<Vec<u8>>> {
    let path = secret_path(data_dir);
    match read_text(&path)? {
        None => Ok(None),
        Some(text) => match from_hex(&text) {
            Some(key) => Ok(Some(key)),
            None => bail!("{}: damaged secret", path.display()),
        },
    }
}

/// The older keys (lines that are not keys are skipped: one bad line must not hide the rest).
pub fn older(data_dir: &Path) -> anyhow::Result<Vec<Vec<u8>>> {
    Ok(read_text(&older_path(data_dir))?
        .map(|t| t.lines().filter_map(from_hex).collect())
        .unwrap_or_default())
}

/// Every key a code of this folder may have been made with: the current one first.
pub fn all(data_dir: &Path) -> anyhow::Result<Vec<Vec<u8>>> {
    let mut keys: Vec<Vec<u8>> = current(data_dir)?.into_iter().collect();
    for k in older(data_dir)? {
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    Ok(keys)
}

/// The current key, made (32 random bytes) when the folder has none: the first certificate of
/// a unit that has never synced.
pub fn current_or_create(data_dir: &Path) -> anyhow::Result<Vec<u8>> {
    if let Some(key) = current(data_dir)? {
        return Ok(key);
    }
    let mut key = [0u8; 32];
    getrandom::fill(&mut key).map_err(|e| anyhow::anyhow!("random: {e}"))?;
    write_current(data_dir, &key)?;
    Ok(key.to_vec())
}

fn write_current(data_dir: &Path, key: &[u8]) -> anyhow::Result<()> {
    let path = secret_path(data_dir);
    std::fs::create_dir_all(data_dir.join(DIR))?;
    crate::store::learners::write_atomic(&path, format!("{}\n", to_hex(key)).as_bytes())
        .with_context(|| path.display().to_string())?;
    restrict(&path);
    Ok(())
}

fn write_older(data_dir: &Path, keys: &[Vec<u8>]) -> anyhow::Result<()> {
    let path = older_path(data_dir);
    std::fs::create_dir_all(data_dir.join(DIR))?;
    let text: String = keys.iter().map(|k| format!("{}\n", to_hex(k))).collect();
    crate::store::learners::write_atomic(&path, text.as_bytes())
        .with_context(|| path.display().to_string())?;
    restrict(&path);
    Ok(())
}

/// Takes the unit's keys (`unit[0]` the one new codes are made with): it becomes the current
/// key, and every other key — this folder's own from before, the unit's older ones — is kept
/// for verifying. Returns true when anything changed here.
pub fn adopt(data_dir: &Path, unit: &[Vec<u8>]) -> anyhow::Result<bool> {
    let Some(first) = unit.first() else {
        return Ok(false);
    };
    let here = current(data_dir)?;
    let mut older = older(data_dir)?;
    let before = older.len();
    for k in here.iter().chain(unit.iter().skip(1)) {
        if k != first && !older.contains(k) {
            older.push(k.clone());
        }
    }
    // The older keys first: a crash between the two writes leaves a folder that still knows
    // every key it knew.
    if older.len() != before {
        write_older(data_dir, &older)?;
    }
    if here.as_ref() != Some(first) {
        write_current(data_dir, first)?;
        return Ok(true);
    }
    Ok(older.len() != before)
}

/// Only the owner may read the keys (Unix); elsewhere the folder's own rights apply.
#[cfg(unix)]
fn restrict(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
}
#[cfg(not(unix))]
fn restrict(_path: &Path) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adopting_the_units_key_keeps_the_folders_own_for_old_codes() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert!(all(dir.path()).expect("all").is_empty());
        let own = current_or_create(dir.path()).expect("create");
        assert_eq!(current_or_create(dir.path()).expect("again"), own);
        let unit = vec![vec![7u8; 32], vec![9u8; 32]];
        assert!(adopt(dir.path(), &unit).expect("adopt"));
        assert_eq!(current(dir.path()).expect("current"), Some(vec![7u8; 32]));
        let keys = all(dir.path()).expect("all");
        assert_eq!(keys.len(), 3);
        assert!(keys.contains(&own) && keys.contains(&vec![9u8; 32]));
        // Nothing new: nothing written.
        assert!(!adopt(dir.path(), &unit).expect("adopt again"));
        assert!(!adopt(dir.path(), &[]).expect("nothing"));
    }

    #[test]
    fn hex_round_trips_and_junk_is_not_a_key() {
        let k = vec![0xab; 32];
        assert_eq!(from_hex(&to_hex(&k)), Some(k));
        assert_eq!(from_hex("abc"), None);
        assert_eq!(from_hex(&"zz".repeat(32)), None);
    }
}
