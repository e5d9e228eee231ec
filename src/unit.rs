//! The data folder's unit identity (`<data dir>/unit.json`): commune/ward, province, class and
//! trainer. Placeholder with the API of /work/issues/unit-api.md until the lead's version lands
//! on main (take main's on merge).

use std::path::Path;

use anyhow::Context;
use serde::{Deserialize, Serialize};

/// Which commune/ward, province and class a data folder belongs to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    pub province: String,
    pub province_code: Option<String>,
    pub commune: String,
    pub commune_code: Option<String>,
    pub class_name: String,
    pub trainer: String,
}

impl Unit {
    /// "Lớp … — Xã …, Hải Phòng" (empty parts skipped).
    pub fn title(&self) -> String {
        let place: Vec<&str> = [self.commune.as_str(), self.province.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
        let place = place.join(", ");
        match (self.class_name.is_empty(), place.is_empty()) {
            (false, false) => format!("{} — {place}", self.class_name),
            (false, true) => self.class_name.clone(),
            _ => place,
        }
    }
}

/// `<data dir>/unit.json`, or `None` when there is none.
pub fn load(data_dir: &Path) -> anyhow::Result<Option<Unit>> {
    let path = data_dir.join("unit.json");
    match std::fs::read(&path) {
        Ok(bytes) => Ok(Some(
            serde_json::from_slice(&bytes).with_context(|| path.display().to_string())?,
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| path.display().to_string()),
    }
}

/// Writes `<data dir>/unit.json` atomically.
pub fn save(data_dir: &Path, unit: &Unit) -> anyhow::Result<()> {
    let path = data_dir.join("unit.json");
    std::fs::create_dir_all(data_dir).with_context(|| data_dir.display().to_string())?;
    let mut json = serde_json::to_vec_pretty(unit)?;
    json.push(b'\n');
    crate::progress::store::write_atomic(&path, &json).with_context(|| path.display().to_string())
}
