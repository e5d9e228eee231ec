//! Small files in the data folder beside the learners: this PC's display choices (the folder
//! may be shared by a whole classroom, so one file per PC) and raised hands (one marker per
//! learner, so the trainer's class view on any PC sees them). Writes are atomic.

use std::path::{Path, PathBuf};

use crate::app::{Hand, PcSettings};
use crate::store::durable::write_atomic;

/// Marker files are tiny; anything bigger is not ours.
const MAX_FILE: u64 = 16 * 1024;

/// This PC's name as a file name (ASCII, never empty).
fn pc_name() -> String {
    let host = gethostname::gethostname().to_string_lossy().into_owned();
    let slug = crate::progress::id::slug(&host);
    if slug.is_empty() { "pc".into() } else { slug }
}

fn pc_file(data: &Path) -> PathBuf {
    data.join("pc").join(format!("{}.json", pc_name()))
}

fn read_small(path: &Path) -> Option<Vec<u8>> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_file() || meta.len() > MAX_FILE {
        return None;
    }
    crate::store::safe_read::read(path, crate::store::safe_read::Kind::Settings).ok()
}

/// This PC's stored choices, or `None` on its first start (the readiness check is due).
pub fn load_pc(data: &Path) -> Option<PcSettings> {
    serde_json::from_slice(&read_small(&pc_file(data))?).ok()
}

/// Stores this PC's choices.
pub fn save_pc(data: &Path, s: &PcSettings) -> std::io::Result<()> {
    let path = pc_file(data);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let bytes = serde_json::to_vec_pretty(s).map_err(std::io::Error::other)?;
    write_atomic(&path, &bytes)
}

fn hands_dir(data: &Path) -> PathBuf {
    data.join("help")
}

fn hand_file(data: &Path, learner: &str) -> Option<PathBuf> {
    crate::progress::id::is_valid_id(learner)
        .then(|| hands_dir(data).join(format!("{learner}.json")))
}

/// True when this learner's hand is up.
pub fn hand_is_up(data: &Path, learner: &str) -> bool {
    hand_file(data, learner).is_some_and(|p| p.is_file())
}

/// Raises a hand (writes the marker).
pub fn raise(data: &Path, h: &Hand) -> std::io::Result<()> {
    let path = hand_file(data, &h.learner)
        .ok_or_else(|| std::io::Error::other(format!("bad learner id {:?}", h.learner)))?;
    std::fs::create_dir_all(hands_dir(data))?;
    let bytes = serde_json::to_vec_pretty(h).map_err(std::io::Error::other)?;
    write_atomic(&path, &bytes)
}

/// Lowers a hand (the learner again, or the trainer); a hand already down is fine.
pub fn lower(data: &Path, learner: &str) -> std::io::Result<()> {
    match hand_file(data, learner).map(std::fs::remove_file) {
        Some(Err(e)) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Every raised hand, oldest first. Unreadable markers are skipped.
pub fn hands(data: &Path) -> Vec<Hand> {
    let Ok(dir) = std::fs::read_dir(hands_dir(data)) else {
        return Vec::new();
    };
    let mut out: Vec<Hand> = dir
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .filter_map(|p| serde_json::from_slice(&read_small(&p)?).ok())
        .collect();
    out.sort_by(|a, b| (a.since, &a.learner).cmp(&(b.since, &b.learner)));
    out
}

/// Set by the trainer (`hocso classroom on`): every learner session on this folder is in
/// classroom mode. Its presence is the setting; what is inside only says who set it when.
pub const CLASSROOM_FILE: &str = "classroom-mode.json";
/// Written the first time a class view opens on this folder: from then on it is a class's
/// folder, and a raised hand is for the trainer in the room.
const CLASS_SEEN_FILE: &str = "class-seen.json";

/// True when the trainer switched classroom mode on for this data folder.
pub fn classroom_mode(data: &Path) -> bool {
    std::fs::symlink_metadata(data.join(CLASSROOM_FILE)).is_ok_and(|m| m.is_file())
}

/// Switches classroom mode on or off for this data folder (`at`: when, kept in the file).
pub fn set_classroom_mode(data: &Path, on: bool, at: jiff::Timestamp) -> std::io::Result<()> {
    let path = data.join(CLASSROOM_FILE);
    if on {
        let bytes = serde_json::to_vec_pretty(&serde_json::json!({ "since": at }))
            .map_err(std::io::Error::other)?;
        write_atomic(&path, &bytes)
    } else {
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}

/// True once a class view was opened on this data folder.
pub fn class_seen(data: &Path) -> bool {
    std::fs::symlink_metadata(data.join(CLASS_SEEN_FILE)).is_ok()
}

/// Remembers that a class view was opened here (once; a failure only costs the note).
pub fn mark_class_seen(data: &Path, at: jiff::Timestamp) -> std::io::Result<()> {
    if class_seen(data) {
        return Ok(());
    }
    let bytes = serde_json::to_vec_pretty(&serde_json::json!({ "first": at }))
        .map_err(std::io::Error::other)?;
    write_atomic(&data.join(CLASS_SEEN_FILE), &bytes)
}
