//! Which commune/ward, province and class a data folder belongs to (`<data dir>/unit.json`).
//!
//! Set by the trainer with `hocso setup`; read by reports, certificates and sync. Nothing
//! personal is kept here: place names, official codes where the trainer knows them, the class
//! name and the trainer's name.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};

/// The file name inside the data folder.
pub const FILE_NAME: &str = "unit.json";

/// A unit file is a few hundred bytes; anything far larger is not ours.
const MAX_BYTES: u64 = 64 * 1024;

/// The data folder's place in the country and the class it serves.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Unit {
    /// Tỉnh / thành phố, e.g. "Hải Phòng".
    pub province: String,
    /// Official province code, where known.
    pub province_code: Option<String>,
    /// Xã / phường, e.g. "Xã An Lão".
    pub commune: String,
    /// Official commune/ward code, where known.
    pub commune_code: Option<String>,
    /// The class, e.g. "Lớp kỹ năng số tháng 11".
    pub class_name: String,
    /// The trainer's name (printed on certificates).
    pub trainer: String,
}

impl Unit {
    /// "Lớp … — Xã …, Hải Phòng", leaving out empty parts.
    pub fn title(&self) -> String {
        let place = [self.commune.trim(), self.province.trim()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
        match (self.class_name.trim(), place.as_str()) {
            ("", p) => p.to_string(),
            (c, "") => c.to_string(),
            (c, p) => format!("{c} — {p}"),
        }
    }

    /// True when nothing has been filled in.
    pub fn is_empty(&self) -> bool {
        self.title().is_empty() && self.trainer.trim().is_empty()
    }
}

/// `<data dir>/unit.json`.
pub fn path(data_dir: &Path) -> PathBuf {
    data_dir.join(FILE_NAME)
}

/// Reads the unit file; `None` when the folder has none yet.
pub fn load(data_dir: &Path) -> anyhow::Result<Option<Unit>> {
    let path = path(data_dir);
    let meta = match std::fs::metadata(&path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e).with_context(|| path.display().to_string()),
    };
    if !meta.is_file() || meta.len() > MAX_BYTES {
        bail!("{}: not a unit settings file", path.display());
    }
    let bytes = crate::store::safe_read::read(&path, crate::store::safe_read::Kind::Settings)
        .with_context(|| path.display().to_string())?;
    let unit: Unit = serde_json::from_slice(&bytes).with_context(|| path.display().to_string())?;
    Ok(Some(unit.normalised()))
}

/// Writes the unit file atomically (temp file, fsync, rename).
pub fn save(data_dir: &Path, unit: &Unit) -> anyhow::Result<()> {
    let path = path(data_dir);
    let mut bytes = serde_json::to_vec_pretty(&unit.clone().normalised())?;
    bytes.push(b'\n');
    crate::store::learners::write_atomic(&path, &bytes).with_context(|| path.display().to_string())
}

impl Unit {
    /// NFC, trimmed, no control characters; empty codes become `None`.
    fn normalised(self) -> Unit {
        let clean = |s: &str| crate::progress::id::clean_text(s);
        let code = |c: Option<String>| c.map(|c| clean(&c)).filter(|c| !c.is_empty());
        Unit {
            province: clean(&self.province),
            province_code: code(self.province_code),
            commune: clean(&self.commune),
            commune_code: code(self.commune_code),
            class_name: clean(&self.class_name),
            trainer: clean(&self.trainer),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_skips_empty_parts() {
        let mut u = Unit {
            province: "Hải Phòng".into(),
            commune: "Xã An Lão".into(),
            class_name: "Lớp tháng 11".into(),
            ..Unit::default()
        };
        assert_eq!(u.title(), "Lớp tháng 11 — Xã An Lão, Hải Phòng");
        u.class_name.clear();
        assert_eq!(u.title(), "Xã An Lão, Hải Phòng");
        u.commune.clear();
        u.province.clear();
        u.class_name = "Lớp A".into();
        assert_eq!(u.title(), "Lớp A");
        assert!(!u.is_empty());
        assert!(Unit::default().is_empty());
    }

    #[test]
    fn save_then_load_round_trips_and_cleans() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert_eq!(load(dir.path()).expect("load"), None);
        let u = Unit {
            province: "  Hải Phòng ".into(),
            province_code: Some(" ".into()),
            commune: "Xa\u{0303} An Lão".into(),
            commune_code: Some("11311".into()),
            class_name: "Lớp\u{1b}[2J 1".into(),
            trainer: "Trần Văn Bình".into(),
        };
        save(dir.path(), &u).expect("save");
        let back = load(dir.path()).expect("load").expect("some");
        assert_eq!(back.province, "Hải Phòng");
        assert_eq!(back.province_code, None);
        assert_eq!(back.commune, "Xã An Lão");
        assert_eq!(back.commune_code.as_deref(), Some("11311"));
        assert!(!back.class_name.contains('\u{1b}'));
    }

    #[test]
    fn a_folder_in_place_of_the_file_is_an_error_not_a_hang() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir(path(dir.path())).expect("mkdir");
        assert!(load(dir.path()).is_err());
    }
}
