//! Verification codes and the register of issued certificates.
//!
//! A unit (commune/ward) has a random secret ([`super::keys`]: in the data folder, and shared by
//! every folder of the unit through `hocso sync`) and each data folder a register
//! (`certificates/register.json`) of what it issued, joined with the unit's other folders' by
//! sync. A code is an HMAC-SHA256 of the certificate's contents under that secret, cut to 50 bits and written as ten Crockford base-32
//! characters (`K7Q2M-9XMD4`): short enough to read out on the phone, impossible to make up
//! without the secret, and tied to the exact name, modules and dates it was issued for.
//! `verify` finds the code in the register and checks it against the entry's contents again, so
//! a code with one character changed, or a register entry edited by hand, is rejected.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use super::keys;

pub use super::keys::DIR;
const REGISTER_FILE: &str = "register.json";
const MAX_REGISTER_BYTES: u64 = 16 * 1024 * 1024;
/// Crockford's base 32: no I, L, O, U, so nothing is misread.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// One module on a certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertModule {
    pub id: String,
    pub title: String,
    /// Completion date, `YYYY-MM-DD` (local date).
    pub completed: String,
}

/// What a certificate says; the code is computed over exactly this.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contents {
    pub learner_id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_year: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    pub course: String,
    pub modules: Vec<CertModule>,
    /// Unit title (class, commune, province) as printed.
    pub unit: String,
    pub trainer: String,
    /// Issue date, `YYYY-MM-DD`.
    pub issued: String,
}

/// A register entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issued {
    pub code: String,
    #[serde(flatten)]
    pub contents: Contents,
}

/// What `verify` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Valid(Box<Issued>),
    /// No certificate with this code was issued here.
    Unknown,
    /// The register entry no longer matches its code (edited by hand).
    Altered,
    /// The folder's secret is missing, so no code can be checked; `listed` when the register
    /// has an entry with this code (which still proves nothing without the secret).
    NoSecret {
        listed: bool,
    },
}

fn register_path(data_dir: &Path) -> PathBuf {
    data_dir.join(DIR).join(REGISTER_FILE)
}

/// Through the safe reader (a FIFO or a link to `/dev/zero` in the data folder neither hangs nor
/// fills memory), then held to `cap`.
fn read_small(path: &Path, cap: u64) -> anyhow::Result<Option<Vec<u8>>> {
    use crate::store::safe_read::{Kind, read};
    match read(path, Kind::Certificate) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| path.display().to_string()),
        Ok(b) if b.len() as u64 > cap => bail!("{}: not a hocso file", path.display()),
        Ok(b) => Ok(Some(b)),
    }
}

/// The register is read, changed and written whole: two writers at once (two PCs printing on
/// one shared folder, or printing while a sync adds the unit's entries) take turns.
fn lock_register(data_dir: &Path) -> anyhow::Result<crate::store::folder_lock::FolderLock> {
    let dir = data_dir.join(DIR);
    std::fs::create_dir_all(&dir).with_context(|| dir.display().to_string())?;
    crate::store::folder_lock::lock(&dir, "register", std::time::Duration::from_secs(60))
        .map_err(|e| anyhow::anyhow!("{e}"))
}

fn write_register(data_dir: &Path, reg: &[Issued]) -> anyhow::Result<()> {
    let mut bytes = serde_json::to_vec_pretty(reg)?;
    bytes.push(b'\n');
    let path = register_path(data_dir);
    crate::store::learners::write_atomic(&path, &bytes).with_context(|| path.display().to_string())
}

/// The exact bytes a code is computed over (also what the province database keeps, so it can
/// check the code itself).
pub fn payload(contents: &Contents) -> String {
    // serde_json writes struct fields in declaration order: the bytes are stable.
    serde_json::to_string(contents).unwrap_or_default()
}

/// The entry's code was made from its contents with one of `keys`.
pub fn genuine(keys: &[Vec<u8>], entry: &Issued) -> bool {
    keys.iter()
        .any(|k| code_for(k, &entry.contents) == entry.code)
}

/// The code for `contents` under `key`: `XXXXX-XXXXX`.
pub fn code_for(key: &[u8], contents: &Contents) -> String {
    let payload = payload(contents).into_bytes();
    let mut mac = match <Hmac<Sha256> as Mac>::new_from_slice(key) {
        Ok(m) => m,
        Err(_) => return String::new(),
    };
    mac.update(&payload);
    let digest = mac.finalize().into_bytes();
    let mut bits: u64 = 0;
    for b in digest.iter().take(8) {
        bits = (bits << 8) | u64::from(*b);
    }
    let chars: String = (0..10)
        .map(|i| ALPHABET[((bits >> (64 - 5 * (i + 1))) & 31) as usize] as char)
        .collect();
    format!("{}-{}", &chars[..5], &chars[5..])
}

/// A code as a person typed it: case, spaces and dashes ignored; O→0, I/L→1.
pub fn normalise(code: &str) -> String {
    let chars: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        })
        .collect();
    if chars.len() == 10 {
        format!("{}-{}", &chars[..5], &chars[5..])
    } else {
        chars
    }
}

/// The register of this data folder (empty when nothing was issued yet).
pub fn register(data_dir: &Path) -> anyhow::Result<Vec<Issued>> {
    let path = register_path(data_dir);
    match read_small(&path, MAX_REGISTER_BYTES)? {
        None => Ok(Vec::new()),
        Some(bytes) => serde_json::from_slice(&bytes).with_context(|| path.display().to_string()),
    }
}

/// Records a certificate and returns its register entry. Issuing the same contents again
/// returns the entry already there (same code), so printing twice does not make two.
pub fn issue(data_dir: &Path, contents: Contents) -> anyhow::Result<Issued> {
    let _lock = lock_register(data_dir)?;
    let key = keys::current_or_create(data_dir)?;
    let mut reg = register(data_dir)?;
    let code = code_for(&key, &contents);
    if let Some(found) = reg.iter().find(|i| i.code == code) {
        return Ok(found.clone());
    }
    let issued = Issued { code, contents };
    reg.push(issued.clone());
    write_register(data_dir, &reg)?;
    Ok(issued)
}

/// Adds entries issued elsewhere in the unit (from the province database) that this register
/// does not have; returns how many were added.
pub fn merge(data_dir: &Path, entries: Vec<Issued>) -> anyhow::Result<usize> {
    let _lock = lock_register(data_dir)?;
    let mut reg = register(data_dir)?;
    let before = reg.len();
    for e in entries {
        if !reg.iter().any(|i| i.code == e.code) {
            reg.push(e);
        }
    }
    let added = reg.len() - before;
    if added > 0 {
        write_register(data_dir, &reg)?;
    }
    Ok(added)
}

/// Checks a code against this data folder's register and secret.
pub fn verify(data_dir: &Path, code: &str) -> anyhow::Result<Verdict> {
    let wanted = normalise(code);
    let current = keys::current(data_dir)?;
    let keys = keys::all(data_dir)?;
    let reg = register(data_dir)?;
    let entry = reg.iter().find(|i| i.code == wanted);
    if let Some(e) = entry
        && genuine(&keys, e)
    {
        return Ok(Verdict::Valid(Box::new(e.clone())));
    }
    // A register without its current key (deleted, or not copied with the folder) cannot tell
    // a genuine code from an invented one: say so, never "not in the register" or "altered".
    // Nothing issued here at all (no register either): simply not ours.
    if current.is_none() && !reg.is_empty() {
        return Ok(Verdict::NoSecret {
            listed: entry.is_some(),
        });
    }
    Ok(match entry {
        None => Verdict::Unknown,
        Some(_) => Verdict::Altered,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contents(name: &str) -> Contents {
        Contents {
            learner_id: "nguyen-thi-hoa-ab3k9z".into(),
            name: name.into(),
            birth_year: Some(1962),
            group: Some("Thôn Đông".into()),
            course: "Công dân số".into(),
            modules: vec![CertModule {
                id: "an-toan".into(),
                title: "An toàn trên không gian mạng".into(),
                completed: "2026-11-20".into(),
            }],
            unit: "Lớp A — Xã An Lão, Hải Phòng".into(),
            trainer: "Trần Văn Bình".into(),
            issued: "2026-11-30".into(),
        }
    }

    #[test]
    fn codes_are_short_stable_and_depend_on_key_and_contents() {
        let a = code_for(
            b"0123456789abcdef0123456789abcdef",
            &contents("Nguyễn Thị Hoa"),
        );
        assert_eq!(a.len(), 11);
        assert_eq!(
            a,
            code_for(
                b"0123456789abcdef0123456789abcdef",
                &contents("Nguyễn Thị Hoa")
            )
        );
        assert_ne!(
            a,
            code_for(
                b"0123456789abcdef0123456789abcdeX",
                &contents("Nguyễn Thị Hoa")
            )
        );
        assert_ne!(
            a,
            code_for(
                b"0123456789abcdef0123456789abcdef",
                &contents("Nguyễn Thị Hòa")
            )
        );
        assert!(a.chars().all(|c| c == '-' || ALPHABET.contains(&(c as u8))));
    }

    #[test]
    fn issue_then_verify_accepts_the_code_and_rejects_changed_ones() {
        let dir = tempfile::tempdir().expect("tempdir");
        let issued = issue(dir.path(), contents("Nguyễn Thị Hoa")).expect("issue");
        let again = issue(dir.path(), contents("Nguyễn Thị Hoa")).expect("issue again");
        assert_eq!(issued, again);
        assert_eq!(register(dir.path()).expect("register").len(), 1);
        match verify(dir.path(), &issued.code.to_lowercase().replace('-', " ")).expect("verify") {
            Verdict::Valid(e) => assert_eq!(e.contents.name, "Nguyễn Thị Hoa"),
            other => panic!("{other:?}"),
        }
        // Every single-character change of the code is refused.
        for i in [0usize, 3, 6, 10] {
            let mut chars: Vec<char> = issued.code.chars().collect();
            chars[i] = if chars[i] == 'Z' { 'Y' } else { 'Z' };
            let forged: String = chars.into_iter().collect();
            assert_eq!(
                verify(dir.path(), &forged).expect("verify"),
                Verdict::Unknown
            );
        }
        // An entry edited by hand no longer matches its code.
        let path = dir.path().join(DIR).join(REGISTER_FILE);
        let text = std::fs::read_to_string(&path).expect("read");
        std::fs::write(&path, text.replace("Nguyễn Thị Hoa", "Nguyễn Văn Giả")).expect("write");
        assert_eq!(
            verify(dir.path(), &issued.code).expect("verify"),
            Verdict::Altered
        );
    }

    #[test]
    fn another_folder_does_not_know_the_code() {
        let a = tempfile::tempdir().expect("tempdir");
        let b = tempfile::tempdir().expect("tempdir");
        let issued = issue(a.path(), contents("Nguyễn Thị Hoa")).expect("issue");
        assert_eq!(
            verify(b.path(), &issued.code).expect("verify"),
            Verdict::Unknown
        );
        issue(b.path(), contents("Lê Văn Tám")).expect("issue");
        assert_eq!(
            verify(b.path(), &issued.code).expect("verify"),
            Verdict::Unknown
        );
    }

    #[test]
    fn without_the_secret_verify_says_so_instead_of_unknown() {
        let a = tempfile::tempdir().expect("tempdir");
        let issued = issue(a.path(), contents("Nguyễn Thị Hoa")).expect("issue");
        std::fs::remove_file(keys::secret_path(a.path())).expect("rm secret");
        assert_eq!(
            verify(a.path(), &issued.code).expect("verify"),
            Verdict::NoSecret { listed: true }
        );
        assert_eq!(
            verify(a.path(), "AAAAA-BBBBB").expect("verify"),
            Verdict::NoSecret { listed: false }
        );
    }

    #[test]
    fn older_keys_verify_what_they_made_and_a_lost_current_key_is_still_said() {
        let a = tempfile::tempdir().expect("tempdir");
        let old = issue(a.path(), contents("Nguyễn Thị Hoa")).expect("issue");
        // The folder takes the unit's key (a sync): its own becomes an older key.
        keys::adopt(a.path(), &[vec![5u8; 32]]).expect("adopt");
        let new = issue(a.path(), contents("Lê Văn Tám")).expect("issue");
        assert_eq!(new.code, code_for(&[5u8; 32], &new.contents));
        for e in [&old, &new] {
            assert!(matches!(
                verify(a.path(), &e.code).expect("verify"),
                Verdict::Valid(_)
            ));
        }
        // The current key lost, the older one kept: old codes still verify, the rest is "no key".
        std::fs::remove_file(keys::secret_path(a.path())).expect("rm secret");
        assert!(matches!(
            verify(a.path(), &old.code).expect("verify"),
            Verdict::Valid(_)
        ));
        assert_eq!(
            verify(a.path(), &new.code).expect("verify"),
            Verdict::NoSecret { listed: true }
        );
    }

    #[test]
    fn typed_codes_are_forgiven() {
        assert_eq!(normalise("k7q2m 9xmd4"), "K7Q2M-9XMD4");
        assert_eq!(normalise("KO1LI-00000"), "K0111-00000");
    }
}
