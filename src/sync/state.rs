//! What this data folder remembers between syncs: `<data dir>/sync-state.json`.
//!
//! A missing or damaged state only makes the next sync do more work (everything is sent and
//! compared again); the merge is idempotent, so it never loses or doubles anything.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::store::learners::Store;

/// File name in the data folder.
pub const STATE_FILE: &str = "sync-state.json";

/// The sync state of one data folder.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    /// Identity of the database last synced with; another database means a full sync.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// Host and database, for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server: Option<String>,
    /// When the last sync finished without error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_success: Option<Timestamp>,
    /// Database snapshot (oldest transaction still running) taken at the start of the last
    /// successful sync: learners changed by later transactions are fetched next time.
    #[serde(default)]
    pub mark: i64,
    /// Learner id → content hash of the progress both sides held after the last sync of it.
    #[serde(default)]
    pub learners: BTreeMap<String, String>,
    /// Learner id → [`fingerprint`] of its files when that hash was taken: while it is the same,
    /// the learner has not changed here and its files are not read again.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub files: BTreeMap<String, String>,
}

/// Files modified this recently are read again next time whatever their fingerprint says: on a
/// USB stick (FAT) a modification time is only good to two seconds, so a change made in the
/// same tick would keep the same size and time.
const SETTLED: Duration = Duration::from_secs(3);

/// Sizes and modification times of a learner's snapshot and journal, or `None` when they cannot
/// be trusted to show a change (just modified, or unreadable).
pub fn fingerprint(store: &Store, id: &str) -> Option<String> {
    let now = SystemTime::now();
    let part = |path: PathBuf| -> Option<String> {
        match std::fs::symlink_metadata(&path) {
            Ok(m) => {
                let modified = m.modified().ok()?;
                if now.duration_since(modified).unwrap_or_default() < SETTLED {
                    return None;
                }
                let ns = modified.duration_since(UNIX_EPOCH).ok()?.as_nanos();
                Some(format!("{}@{ns}", m.len()))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Some("-".into()),
            Err(_) => None,
        }
    };
    Some(format!(
        "{} {}",
        part(store.path_of(id))?,
        part(store.journal_path(id))?
    ))
}

/// Path of the state file.
pub fn path(data_dir: &Path) -> PathBuf {
    data_dir.join(STATE_FILE)
}

/// Reads the state (a missing or unreadable one is the empty state). Through the safe reader:
/// a FIFO or a link to /dev/zero in its place must not hang or fill memory (a nightly cron job).
pub fn load(data_dir: &Path) -> State {
    crate::store::safe_read::read(&path(data_dir), crate::store::safe_read::Kind::SyncState)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

/// Writes the state durably.
pub fn save(data_dir: &Path, state: &State) -> std::io::Result<()> {
    let mut json = serde_json::to_vec_pretty(state).map_err(std::io::Error::other)?;
    json.push(b'\n');
    crate::store::learners::write_atomic(&path(data_dir), &json)
}
