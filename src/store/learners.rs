//! The progress store: one JSON file per learner in `<data dir>/learners/`, written durably.
//!
//! Files in the folder, for a learner id `nguyen-thi-hoa-ab3k9z`:
//! - `nguyen-thi-hoa-ab3k9z.json`: the learner file ([`LearnerFile`]), pretty JSON.
//! - `….json.bak`: the previous version, kept on every save that changes something.
//! - `….corrupt-<time>.json`: a file that did not parse, moved aside (never deleted).
//! - `….reset-<time>.json`: the file as it was before `hocso learners reset`.
//! - `….lock` / `….session`: the session lock and its note (see [`super::lock`]).
//!
//! Saves go through a temp file in the same folder, fsync, rename, folder fsync
//! (atomic-write-file), so a power cut leaves either the old or the new file, never half of one.
//! Nothing here is silently reset or deleted: damaged and newer-format files are reported as
//! [`Problem`]s and left in place (or moved aside).

use std::io;
use std::path::{Path, PathBuf};

use jiff::{SignedDuration, Timestamp};

use super::lock::{LockError, SessionLock, acquire};
use crate::progress::id::{clean_text, is_valid_id, new_id};
use crate::progress::model::{LearnerFile, PROGRESS_FORMAT, Profile, Settings};

pub use super::durable::{Parsed, classify, write_atomic};
use super::durable::{read_retry, rename_retry, sweep_temp_files};
pub use super::problem::{Problem, StoreError};

/// How long to wait before reading a file that did not parse a second time.
pub const REREAD_AFTER: std::time::Duration = std::time::Duration::from_millis(150);

/// Default age after which another PC's session note counts as stale.
pub const DEFAULT_STALE_AFTER: SignedDuration = SignedDuration::from_mins(60);

/// The data for a new learner (from the "Tôi là người mới" screen or the CLI).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewLearner {
    /// Display name as typed; normalised to NFC and trimmed on create.
    pub name: String,
    pub birth_year: Option<u16>,
    /// Thôn / lớp.
    pub group: Option<String>,
}

/// A learner file read from disk, with anything that had to be repaired on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub file: LearnerFile,
    /// E.g. the file was damaged and restored from `.bak`: tell the learner.
    pub problems: Vec<Problem>,
}

/// Handle on a data folder's learner files. Cheap; holds no open files.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
    stale_after: SignedDuration,
}

impl Store {
    /// Opens (creating if needed) `<data_dir>/learners` and checks it is writable.
    pub fn open(data_dir: &Path) -> Result<Store, StoreError> {
        let dir = data_dir.join("learners");
        crate::store::paths::ensure_writable(&dir).map_err(|source| StoreError::DataDir {
            dir: dir.clone(),
            source,
        })?;
        sweep_temp_files(&dir);
        Ok(Store {
            dir,
            stale_after: DEFAULT_STALE_AFTER,
        })
    }

    /// Changes how old another PC's session note must be before it may be taken over.
    pub fn with_stale_after(mut self, after: SignedDuration) -> Store {
        self.stale_after = after;
        self
    }

    /// The `learners` folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Path of a learner's file (the id must be valid; see [`is_valid_id`]).
    pub fn path_of(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.json"))
    }

    /// Creates a learner with a fresh id and saves the file.
    pub fn create(&self, new: NewLearner, now: Timestamp) -> Result<LearnerFile, StoreError> {
        let name = clean_text(&new.name);
        let group = new
            .group
            .as_deref()
            .map(clean_text)
            .filter(|g| !g.is_empty());
        let mut rng = fastrand::Rng::new();
        let mut id = new_id(&name, &mut rng);
        while self.path_of(&id).exists() || self.dir.join(format!("{id}.json.bak")).exists() {
            id = new_id(&name, &mut rng);
        }
        let file = LearnerFile {
            format: PROGRESS_FORMAT,
            profile: Profile {
                id,
                name,
                birth_year: new.birth_year,
                group,
                created: now,
            },
            settings: Settings::default(),
            courses: Default::default(),
        };
        self.save(&file)?;
        Ok(file)
    }

    /// Reads a learner's file. A file that does not parse is moved aside and the `.bak` restored
    /// when it is valid (reported in [`Loaded::problems`]); otherwise [`StoreError::Corrupt`].
    pub fn load(&self, id: &str) -> Result<Loaded, StoreError> {
        check_id(id)?;
        self.read_or_repair(id)
    }

    /// Saves a learner file durably, keeping the previous version as `.bak`. Refuses to replace a
    /// file written by a newer hocso. Call it while holding the learner's [`SessionLock`].
    pub fn save(&self, file: &LearnerFile) -> Result<(), StoreError> {
        let id = &file.profile.id;
        check_id(id)?;
        let path = self.path_of(id);
        let mut json = serde_json::to_vec_pretty(file).map_err(|e| StoreError::Io {
            path: path.clone(),
            source: io::Error::other(e),
        })?;
        json.push(b'\n');
        // Read first, before anything changes: the journal of changes not yet in the snapshot.
        let journal = self.journal_bytes(id)?;
        let journal = journal.as_deref();
        match read_retry(&path) {
            Ok(old) if old == json => return self.restart_journal(id, journal, &old),
            Ok(old) => match classify(&old) {
                Parsed::Newer(format) => return Err(StoreError::NewerFormat { path, format }),
                // Only a good old version may replace the backup; a damaged one must not.
                Parsed::Ok(before) => {
                    self.keep_unmatched_journal(id, journal, Some((&*before, &old[..])))?;
                    let bak = self.dir.join(format!("{id}.json.bak"));
                    write_atomic(&bak, &old)
                        .map_err(|source| StoreError::Io { path: bak, source })?;
                }
                // Never overwrite a damaged file: move it aside (`list()` reports it from now on).
                Parsed::Corrupt => {
                    self.set_aside(id, "corrupt")?;
                    self.keep_unmatched_journal(id, journal, None)?;
                }
            },
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                self.keep_unmatched_journal(id, journal, None)?;
            }
            Err(source) => return Err(StoreError::Io { path, source }),
        }
        write_atomic(&path, &json).map_err(|source| StoreError::Io { path, source })?;
        self.start_journal(id, &json)
    }

    /// Opens the learner's session, or says who has it open (see [`LockError`]).
    pub fn lock(&self, id: &str, now: Timestamp) -> Result<SessionLock, LockError> {
        if !is_valid_id(id) {
            return Err(LockError::BadId);
        }
        acquire(&self.dir, id, now, self.stale_after, false)
    }

    /// Takes over a stale session after the learner confirmed. Still refuses a session that is
    /// truly alive on this PC (its OS lock is held).
    pub fn take_over(&self, id: &str, now: Timestamp) -> Result<SessionLock, LockError> {
        if !is_valid_id(id) {
            return Err(LockError::BadId);
        }
        acquire(&self.dir, id, now, self.stale_after, true)
    }

    /// Copies the learner's current progress (file and journal together) to
    /// `<id>.<kind>-<time>.json` (e.g. before a reset) and returns that path. Written durably.
    pub fn backup(&self, id: &str, kind: &str) -> Result<PathBuf, StoreError> {
        check_id(id)?;
        let loaded = self.read_or_repair(id)?;
        let target = self.aside_path(id, kind);
        let mut bytes = serde_json::to_vec_pretty(&loaded.file).map_err(|e| StoreError::Io {
            path: target.clone(),
            source: io::Error::other(e),
        })?;
        bytes.push(b'\n');
        write_atomic(&target, &bytes).map_err(|source| StoreError::Io {
            path: target.clone(),
            source,
        })?;
        Ok(target)
    }

    /// The snapshot alone (repaired from `.bak` when damaged), with the bytes it was read from.
    pub(super) fn read_snapshot(&self, id: &str) -> Result<(Loaded, Vec<u8>), StoreError> {
        let path = self.path_of(id);
        let bak = self.dir.join(format!("{id}.json.bak"));
        let mut problems = Vec::new();
        match read_retry(&path) {
            Ok(bytes) => match classify(&bytes) {
                Parsed::Ok(file) => {
                    let loaded = Loaded {
                        file: fix_id(*file, id),
                        problems,
                    };
                    return Ok((loaded, bytes));
                }
                Parsed::Newer(format) => return Err(StoreError::NewerFormat { path, format }),
                Parsed::Corrupt => {
                    // On a shared folder another PC may be replacing the file at this very moment
                    // (SMB does not always make the rename atomic for readers): read it once more.
                    std::thread::sleep(REREAD_AFTER);
                    if let Ok(again) = read_retry(&path)
                        && let Parsed::Ok(file) = classify(&again)
                    {
                        let loaded = Loaded {
                            file: fix_id(*file, id),
                            problems,
                        };
                        return Ok((loaded, again));
                    }
                    let aside = self.set_aside(id, "corrupt")?;
                    problems.push(Problem::SetAside {
                        path: aside,
                        id: Some(id.to_string()),
                    });
                }
            },
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(source) => return Err(StoreError::Io { path, source }),
        }
        // The main file is damaged (now moved aside) or missing: fall back on the backup.
        let quarantined = problems
            .first()
            .and_then(Problem::path)
            .map(Path::to_path_buf);
        match read_retry(&bak).ok().map(|b| (classify(&b), b)) {
            Some((Parsed::Ok(file), bytes)) => {
                write_atomic(&path, &bytes).map_err(|source| StoreError::Io {
                    path: path.clone(),
                    source,
                })?;
                problems.push(Problem::Restored {
                    id: id.to_string(),
                    from: bak,
                });
                let loaded = Loaded {
                    file: fix_id(*file, id),
                    problems,
                };
                Ok((loaded, bytes))
            }
            _ => match quarantined {
                Some(quarantined) => Err(StoreError::Corrupt {
                    id: id.to_string(),
                    quarantined,
                }),
                None => Err(StoreError::NotFound { id: id.to_string() }),
            },
        }
    }

    /// Moves the main file aside as `<id>.<kind>-<time>.json`.
    fn set_aside(&self, id: &str, kind: &str) -> Result<PathBuf, StoreError> {
        let from = self.path_of(id);
        let to = self.aside_path(id, kind);
        rename_retry(&from, &to).map_err(|source| StoreError::Io { path: from, source })?;
        Ok(to)
    }

    fn aside_path(&self, id: &str, kind: &str) -> PathBuf {
        self.aside_path_ext(id, kind, "json")
    }

    /// `<id>.<kind>-<time>.<ext>`, numbered when taken.
    pub(super) fn aside_path_ext(&self, id: &str, kind: &str, ext: &str) -> PathBuf {
        let stamp = Timestamp::now().strftime("%Y%m%dT%H%M%SZ").to_string();
        let mut target = self.dir.join(format!("{id}.{kind}-{stamp}.{ext}"));
        let mut n = 2;
        while target.exists() {
            target = self.dir.join(format!("{id}.{kind}-{stamp}-{n}.{ext}"));
            n += 1;
        }
        target
    }
}

fn check_id(id: &str) -> Result<(), StoreError> {
    if is_valid_id(id) {
        Ok(())
    } else {
        Err(StoreError::BadId { id: id.to_string() })
    }
}

/// The file name is the id that counts (someone may have copied a file under another name).
/// Name and thôn/lớp are cleaned as on import: a file copied into a shared folder by hand must
/// not bring escape codes or invisible characters to any screen.
fn fix_id(mut file: LearnerFile, id: &str) -> LearnerFile {
    if file.profile.id != id {
        file.profile.id = id.to_string();
    }
    file.profile.name = clean_text(&file.profile.name);
    file.profile.group = file.profile.group.as_deref().map(clean_text);
    file
}

impl std::ops::Deref for Loaded {
    type Target = LearnerFile;
    fn deref(&self) -> &LearnerFile {
        &self.file
    }
}
