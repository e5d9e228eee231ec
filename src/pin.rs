//! The trainer PIN in front of the class view: stored as a salted, iterated SHA-256 hash in
//! `<data>/trainer-pin.json` (never the PIN itself). Setting a PIN replaces the old one.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// File name inside the data folder.
pub const FILE: &str = "trainer-pin.json";
/// Hash rounds: enough to slow guessing a short PIN from a copied file, still instant to check.
const ROUNDS: u32 = 100_000;

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Stored {
    format: u32,
    salt: String,
    rounds: u32,
    hash: String,
}

fn path(data_dir: &Path) -> PathBuf {
    data_dir.join(FILE)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn digest(salt: &str, pin: &str, rounds: u32) -> String {
    let mut h: [u8; 32] = Sha256::new()
        .chain_update(salt.as_bytes())
        .chain_update(pin.as_bytes())
        .finalize()
        .into();
    for _ in 1..rounds {
        h = Sha256::new()
            .chain_update(salt.as_bytes())
            .chain_update(h)
            .finalize()
            .into();
    }
    hex(&h)
}

/// True when a PIN is set (a file that cannot be read counts as set: fail closed).
pub fn is_set(data_dir: &Path) -> bool {
    path(data_dir).exists()
}

/// Sets (or replaces) the PIN.
pub fn set(data_dir: &Path, pin: &str) -> std::io::Result<()> {
    let mut rng = fastrand::Rng::new();
    let salt: Vec<u8> = (0..16).map(|_| rng.u8(..)).collect();
    let salt = hex(&salt);
    let stored = Stored {
        format: 1,
        hash: digest(&salt, pin, ROUNDS),
        salt,
        rounds: ROUNDS,
    };
    let text = serde_json::to_string_pretty(&stored).map_err(std::io::Error::other)?;
    crate::progress::store::write_atomic(&path(data_dir), text.as_bytes())
}

/// Removes the PIN; false when none was set.
pub fn clear(data_dir: &Path) -> std::io::Result<bool> {
    match std::fs::remove_file(path(data_dir)) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
    }
}

/// True when `pin` is the PIN set (or no PIN is set). A damaged file never lets anyone in.
pub fn check(data_dir: &Path, pin: &str) -> bool {
    let Ok(text) = std::fs::read_to_string(path(data_dir)) else {
        return !is_set(data_dir);
    };
    let Ok(s) = serde_json::from_str::<Stored>(&text) else {
        return false;
    };
    digest(&s.salt, pin.trim(), s.rounds.clamp(1, 10_000_000)) == s.hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_check_replace_clear() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert!(!is_set(dir.path()));
        set(dir.path(), "2468").expect("set");
        let text = std::fs::read_to_string(dir.path().join(FILE)).expect("read");
        assert!(!text.contains("2468"), "the PIN itself is never stored");
        assert!(check(dir.path(), "2468"));
        assert!(!check(dir.path(), "1357"));
        set(dir.path(), "1357").expect("reset");
        assert!(check(dir.path(), "1357"));
        assert!(!check(dir.path(), "2468"), "a new PIN replaces the old one");
        assert!(clear(dir.path()).expect("clear"));
        assert!(!is_set(dir.path()));
        assert!(!clear(dir.path()).expect("clear twice"));
    }

    #[test]
    fn a_damaged_pin_file_lets_nobody_in() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join(FILE), "{ not json").expect("write");
        assert!(is_set(dir.path()));
        assert!(!check(dir.path(), ""));
    }
}
