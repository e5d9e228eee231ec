//! The trainer PIN in front of the class view, stored in `<data>/trainer-pin.json` as an
//! Argon2id hash (never the PIN itself). Setting a PIN replaces the old one.
//!
//! - New PINs have at least [`MIN_NEW_DIGITS`] digits (4 digits fall to an offline guesser in
//!   half an hour); PINs of [`MIN_DIGITS`] set by earlier versions are still checked.
//! - Argon2id with [`COST`] (memory-hard; about 0.1–0.3 s per guess on a classroom PC, see
//!   `cargo bench --bench pin`), so a copied file cannot be brute-forced in minutes.
//! - Tries are counted in `<data>/trainer-pin-tries.json`, under a lock (`…-tries.lock`) and
//!   *before* the PIN is checked, so N prompts at once use N tries: after [`FREE_TRIES`] wrong
//!   ones the next try must wait, twice as long each time (reopening the prompt does not reset
//!   it). A counter that cannot be written means no PIN can be checked (never unlimited tries).
//! - The Argon2 cost read from a file is bounded ([`MAX_COST`]): a planted file costs at most
//!   about a second per check.
//! - Fails closed: a PIN file that is a dangling link, unreadable, damaged, not a regular file
//!   or too large lets nobody in; the message says how to reset it.
//! - Files of format 1 (salted, iterated SHA-256, hocso before Argon2) are still checked, and
//!   rewritten as Argon2id the first time the right PIN is typed.

use std::path::{Path, PathBuf};
use std::time::Duration;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::store::safe_read::{self, Kind};

/// File name inside the data folder.
pub const FILE: &str = "trainer-pin.json";
/// Wrong tries so far, beside it.
pub const TRIES_FILE: &str = "trainer-pin-tries.json";
/// Locked while a try is counted and checked, beside it.
pub const TRIES_LOCK: &str = "trainer-pin-tries.lock";
/// Shortest PIN checked (PINs set by earlier versions).
pub const MIN_DIGITS: usize = 4;
/// Shortest PIN accepted when a PIN is set.
pub const MIN_NEW_DIGITS: usize = 6;
/// Longest PIN accepted.
pub const MAX_DIGITS: usize = 12;
/// Wrong tries allowed before the waiting starts.
pub const FREE_TRIES: u32 = 3;
/// The first wait, doubled after each further wrong try.
pub const FIRST_WAIT: Duration = Duration::from_secs(5);
/// The longest wait between two tries.
pub const MAX_WAIT: Duration = Duration::from_secs(15 * 60);

/// Argon2id parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cost {
    /// Memory in KiB.
    pub m_kib: u32,
    /// Passes over the memory.
    pub t: u32,
    /// Lanes.
    pub p: u32,
}

/// The cost used for new PINs: 64 MiB, 3 passes, 1 lane (≥ 100 ms per guess on the team's
/// build machine; measured by `cargo bench --bench pin`).
pub const COST: Cost = Cost {
    m_kib: 64 * 1024,
    t: 3,
    p: 1,
};

/// Largest cost accepted from a file: a planted file must not make a check take more than
/// about a second (memory × passes at most twice [`COST`]'s, which takes 0.1–0.3 s).
pub const MAX_COST: Cost = Cost {
    m_kib: 128 * 1024,
    t: 6,
    p: 4,
};

/// Memory × passes of [`MAX_COST`]'s budget.
const MAX_WORK: u64 = 2 * (COST.m_kib as u64) * (COST.t as u64);

#[derive(Debug, Clone, Serialize, Deserialize)]
struct StoredV1 {
    salt: String,
    rounds: u32,
    hash: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct StoredV2 {
    format: u32,
    /// PHC string: `$argon2id$v=19$m=…,t=…,p=…$salt$hash`.
    argon2id: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Tries {
    wrong: u32,
    last: Option<Timestamp>,
}

/// Why a PIN could not be set.
#[derive(Debug, thiserror::Error)]
pub enum SetError {
    #[error("the PIN must have {MIN_NEW_DIGITS} to {MAX_DIGITS} digits")]
    Invalid,
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// The answer to a PIN typed at the class view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Check {
    /// No PIN is set: the class view is open.
    NotSet,
    Right,
    /// Wrong; the next try must wait `wait` (zero for the first [`FREE_TRIES`]).
    Wrong {
        wait: Duration,
    },
    /// Too soon after wrong tries: not checked at all.
    Wait {
        wait: Duration,
    },
    /// The PIN file cannot be used: nobody gets in. `error` is already in words.
    Broken {
        path: PathBuf,
        error: String,
    },
}

impl Check {
    /// The message for the trainer (for `Wait` and `Broken`; `None` otherwise).
    pub fn message(&self, locale: &str) -> Option<String> {
        match self {
            Check::Wait { wait } | Check::Wrong { wait } if !wait.is_zero() => Some(
                rust_i18n::t!("harden.pin.wait", locale = locale, secs = wait.as_secs())
                    .into_owned(),
            ),
            Check::Broken { path, error } => Some(
                rust_i18n::t!(
                    "harden.pin.broken",
                    locale = locale,
                    path = path.display(),
                    error = error
                )
                .into_owned(),
            ),
            _ => None,
        }
    }
}

fn path(data_dir: &Path) -> PathBuf {
    data_dir.join(FILE)
}

fn tries_path(data_dir: &Path) -> PathBuf {
    data_dir.join(TRIES_FILE)
}

/// True for a PIN that may be set: 6–12 ASCII digits.
pub fn valid(pin: &str) -> bool {
    (MIN_NEW_DIGITS..=MAX_DIGITS).contains(&pin.len()) && pin.bytes().all(|b| b.is_ascii_digit())
}

/// True when a PIN file is there in any form (a dangling link or a damaged file counts as
/// set: fail closed).
pub fn is_set(data_dir: &Path) -> bool {
    std::fs::symlink_metadata(path(data_dir)).is_ok()
}

/// The Argon2id hash of `pin` at `cost`, as a PHC string.
pub fn hash(pin: &str, cost: Cost) -> Result<String, SetError> {
    let params = Params::new(cost.m_kib, cost.t, cost.p, None).map_err(|_| SetError::Invalid)?;
    let mut rng = fastrand::Rng::new();
    let salt: Vec<u8> = (0..16).map(|_| rng.u8(..)).collect();
    let salt = SaltString::encode_b64(&salt).map_err(|_| SetError::Invalid)?;
    let phc = Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password(pin.as_bytes(), &salt)
        .map_err(|_| SetError::Invalid)?;
    Ok(phc.to_string())
}

/// Sets (or replaces) the PIN, and forgets earlier wrong tries.
pub fn set(data_dir: &Path, pin: &str) -> Result<(), SetError> {
    set_with(data_dir, pin, COST)
}

/// [`set`] at a chosen cost (tests use a cheap one).
pub fn set_with(data_dir: &Path, pin: &str, cost: Cost) -> Result<(), SetError> {
    let pin = pin.trim();
    if !valid(pin) {
        return Err(SetError::Invalid);
    }
    write_v2(data_dir, &hash(pin, cost)?)?;
    let _ = std::fs::remove_file(tries_path(data_dir));
    sweep_temp(data_dir);
    Ok(())
}

fn write_v2(data_dir: &Path, phc: &str) -> std::io::Result<()> {
    let stored = StoredV2 {
        format: 2,
        argon2id: phc.to_string(),
    };
    let text = serde_json::to_string_pretty(&stored).map_err(std::io::Error::other)?;
    crate::store::learners::write_atomic(&path(data_dir), text.as_bytes())
}

/// Removes the PIN; false when none was set.
pub fn clear(data_dir: &Path) -> std::io::Result<bool> {
    let _ = std::fs::remove_file(tries_path(data_dir));
    match std::fs::remove_file(path(data_dir)) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
    }
}

/// What the PIN file holds.
enum Stored {
    V1(StoredV1),
    V2(String),
}

/// Reads the PIN file, or why it cannot be used (in `locale`).
fn load(data_dir: &Path, locale: &str) -> Result<Stored, Check> {
    let p = path(data_dir);
    let broken = |error: String| Check::Broken {
        path: p.clone(),
        error,
    };
    let bytes = safe_read::read(&p, Kind::Pin)
        .map_err(|e| broken(crate::store::problem::io_reason(&e, locale)))?;
    let damaged = || broken(rust_i18n::t!("harden.pin.unreadable", locale = locale).into_owned());
    let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|_| damaged())?;
    match value.get("format").and_then(serde_json::Value::as_u64) {
        Some(1) => serde_json::from_value(value)
            .map(Stored::V1)
            .map_err(|_| damaged()),
        Some(2) => {
            let v: StoredV2 = serde_json::from_value(value).map_err(|_| damaged())?;
            let parsed = PasswordHash::new(&v.argon2id).map_err(|_| damaged())?;
            let params = Params::try_from(&parsed).map_err(|_| damaged())?;
            let sane = params.m_cost() <= MAX_COST.m_kib
                && params.t_cost() <= MAX_COST.t
                && params.p_cost() <= MAX_COST.p
                && u64::from(params.m_cost()) * u64::from(params.t_cost()) <= MAX_WORK
                && parsed.algorithm.as_str() == "argon2id";
            if !sane {
                return Err(damaged());
            }
            Ok(Stored::V2(v.argon2id))
        }
        _ => Err(damaged()),
    }
}

/// Whether a PIN is needed, and whether its file is usable, without checking any PIN: the
/// class view asks for the PIN only when this is `Right` (meaning "a PIN is set"); `NotSet`
/// opens it, `Broken` explains why it stays locked.
pub fn status(data_dir: &Path, locale: &str) -> Check {
    if !is_set(data_dir) {
        return Check::NotSet;
    }
    match load(data_dir, locale) {
        Ok(_) => Check::Right,
        Err(broken) => broken,
    }
}

fn digest_v1(salt: &str, pin: &str, rounds: u32) -> String {
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
    h.iter().map(|b| format!("{b:02x}")).collect()
}

/// The wait before the next try after `wrong` wrong tries in a row.
pub fn wait_after(wrong: u32) -> Duration {
    if wrong < FREE_TRIES {
        return Duration::ZERO;
    }
    let doublings = (wrong - FREE_TRIES).min(20);
    FIRST_WAIT.saturating_mul(1 << doublings).min(MAX_WAIT)
}

fn read_tries(data_dir: &Path) -> Tries {
    let p = tries_path(data_dir);
    match safe_read::read(&p, Kind::Pin) {
        Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or(Tries {
            wrong: FREE_TRIES,
            last: None,
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Tries::default(),
        // A counter that cannot be read (or was tampered with) counts as used up.
        Err(_) => Tries {
            wrong: FREE_TRIES,
            last: None,
        },
    }
}

fn write_tries(data_dir: &Path, tries: &Tries) -> std::io::Result<()> {
    let text = serde_json::to_vec(tries).map_err(std::io::Error::other)?;
    let result = crate::store::learners::write_atomic(&tries_path(data_dir), &text);
    if result.is_err() {
        sweep_temp(data_dir);
    }
    result
}

/// A write that failed may leave its temp file (`.trainer-pin-tries.json.XXXXXX`): remove it.
fn sweep_temp(data_dir: &Path) {
    let prefix = format!(".{TRIES_FILE}.");
    let Ok(entries) = std::fs::read_dir(data_dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(&prefix)) else {
            continue;
        };
        if rest.len() == 6 && rest.bytes().all(|b| b.is_ascii_alphanumeric()) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// The lock held while one try is counted and checked: prompts on other PCs or in other
/// windows wait their turn, so none of them sees the counter before another one's try is in it.
fn lock_tries(data_dir: &Path) -> std::io::Result<std::fs::File> {
    let f = safe_read::open_append(&data_dir.join(TRIES_LOCK), true)?;
    f.lock()?;
    Ok(f)
}

/// Checks `pin` typed at `now`: counts the try first (under a lock), makes the next try wait
/// after [`FREE_TRIES`] wrong ones, and never lets anyone in when the PIN file cannot be used
/// or the try cannot be counted.
pub fn check(data_dir: &Path, pin: &str, now: Timestamp, locale: &str) -> Check {
    if !is_set(data_dir) {
        return Check::NotSet;
    }
    let uncountable = |e: std::io::Error| Check::Broken {
        path: tries_path(data_dir),
        error: rust_i18n::t!(
            "durable.pin_tries",
            locale = locale,
            error = crate::store::problem::io_reason(&e, locale)
        )
        .into_owned(),
    };
    let _lock = match lock_tries(data_dir) {
        Ok(l) => l,
        Err(e) => return uncountable(e),
    };
    let tries = read_tries(data_dir);
    if let Some(last) = tries.last {
        let wait = wait_after(tries.wrong);
        let since = now.duration_since(last).unsigned_abs();
        // A clock set back (last in the future) also waits.
        if now < last || since < wait {
            let left = if now < last { wait } else { wait - since };
            return Check::Wait {
                wait: left.max(Duration::from_secs(1)),
            };
        }
    }
    let stored = match load(data_dir, locale) {
        Ok(s) => s,
        Err(broken) => return broken,
    };
    // The try is counted before the PIN is checked: a prompt killed during the check has
    // used its try, and one whose try cannot be written checks nothing.
    let counted = Tries {
        wrong: tries.wrong.saturating_add(1),
        last: Some(now),
    };
    if let Err(e) = write_tries(data_dir, &counted) {
        return uncountable(e);
    }
    let pin = pin.trim();
    let right = match &stored {
        Stored::V1(s) => digest_v1(&s.salt, pin, s.rounds.clamp(1, 10_000_000)) == s.hash,
        Stored::V2(phc) => PasswordHash::new(phc).is_ok_and(|h| {
            Argon2::default()
                .verify_password(pin.as_bytes(), &h)
                .is_ok()
        }),
    };
    if right {
        let _ = std::fs::remove_file(tries_path(data_dir));
        // Old SHA-256 files become Argon2id on the first right PIN.
        if matches!(stored, Stored::V1(_))
            && let Ok(phc) = hash(pin, COST)
        {
            let _ = write_v2(data_dir, &phc);
        }
        return Check::Right;
    }
    Check::Wrong {
        wait: wait_after(counted.wrong),
    }
}

#[cfg(test)]
mod tests;
