//! Several learners joined on both sides in one transaction ([`send`]), then each saved here
//! ([`save_here`]).
//!
//! A batch holds the learners' locks, reads their database copies (one query per table for the
//! batch), joins each with ours ([`merge`]), writes back only the rows that changed (one upsert
//! per table, one `question_stats` upsert for the batch) and commits. A dropped connection loses
//! the batch in flight; the next sync redoes it (the join is idempotent).

use std::collections::{BTreeMap, BTreeSet};

use super::SyncError;
use super::db::{self, Statements};
use super::numbers::LessonNumbers;
use super::rows::{from_rows, hash_normal, normalise, rows_of_normal};
use super::write::Batch;
use crate::progress::merge::merge;
use crate::progress::model::LearnerFile;
use crate::store::learners::Store;
use jiff::Timestamp;

/// A learner to sync: its id and this side's file, normalised, with its content hash.
#[derive(Clone)]
pub struct Learner {
    pub id: String,
    pub here: Option<(LearnerFile, String)>,
}

/// A learner both sides now agree on in the database.
pub struct Joined {
    pub id: String,
    /// The join, normalised: what the database now holds.
    merged: LearnerFile,
    hash: String,
    /// Whether this side had the learner, and whether its file already holds the join.
    had: bool,
    same_here: bool,
}

/// What a batch did in the database.
pub struct Sent {
    pub joined: Vec<Joined>,
    /// Learners whose database rows do not make a file (left out).
    pub problems: Vec<String>,
    /// Learners whose rows the database received.
    pub sent: usize,
}

/// Joins `batch` (sorted by id) with the database in one transaction and commits.
pub fn send(
    client: &mut postgres::Client,
    st: &Statements,
    key: &str,
    batch: Vec<Learner>,
    numbers: &mut LessonNumbers,
) -> Result<Sent, postgres::Error> {
    let mut lessons: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (f, _) in batch.iter().filter_map(|l| l.here.as_ref()) {
        for (course, p) in &f.courses {
            let set = lessons.entry(course.as_str()).or_default();
            set.extend(p.lessons.keys().map(String::as_str));
        }
    }
    numbers.number_ahead(client, st.write.numbers(), &lessons)?;
    let ids: Vec<&str> = batch.iter().map(|l| l.id.as_str()).collect();
    let mut tx = client.transaction()?;
    numbers.begin();
    db::lock_learners(&mut tx, st, &ids)?;
    let mut server = db::load_many(&mut tx, &st.load, &ids)?;

    let mut joined = Vec::with_capacity(batch.len());
    let mut problems = Vec::new();
    // (learner, its database rows and unit, its merged rows)
    let mut changed = Vec::new();
    for Learner { id, here } in batch {
        let there = server.remove(&id);
        let server_file = match &there {
            Some((rows, _)) => match from_rows(rows) {
                Ok(f) => Some(f),
                Err(e) => {
                    problems.push(format!("{id}: {e}"));
                    continue;
                }
            },
            None => None,
        };
        let had = here.is_some();
        // A file here is already normalised and hashed: the join of a learner new to the
        // database is that file, with that hash.
        let (merged, hash, same_here) = match (here, server_file) {
            (Some((l, h)), Some(s)) => {
                let m = normalise(&merge(&l, &s));
                let hash = hash_normal(&m);
                let same = hash == h;
                (m, hash, same)
            }
            (Some((l, h)), None) => (l, h, true),
            (None, Some(s)) => {
                let hash = hash_normal(&s);
                (s, hash, false)
            }
            (None, None) => continue,
        };
        let rows = rows_of_normal(&merged);
        if there.as_ref().map(|(r, _)| r) != Some(&rows) {
            changed.push((there, rows, hash.clone()));
        }
        joined.push(Joined {
            id,
            merged,
            hash,
            had,
            same_here,
        });
    }
    let mut writes = Batch::default();
    for (there, rows, hash) in &changed {
        let unit = there.as_ref().map_or(key, |(_, u)| u.as_str());
        writes.add(unit, rows, there.as_ref().map(|(r, _)| r), hash);
    }
    writes.write(&mut tx, &st.write, numbers)?;
    tx.commit()?;
    numbers.commit();
    Ok(Sent {
        joined,
        problems,
        sent: changed.len(),
    })
}

/// What [`save_here`] did.
pub enum Saved {
    /// This side already held the join, of this content hash.
    Same(String),
    /// This side received the join (`new_here`: it did not have the learner). `hash` is the
    /// content hash both sides now hold, `None` when the learner changed here meanwhile (the
    /// next sync looks again).
    Received {
        hash: Option<String>,
        new_here: bool,
    },
    /// The learner is studying here right now (their name): saved next time.
    Busy(String),
}

/// Saves the join here when this side's file lacks it, under the learner's session lock.
pub fn save_here(store: &Store, j: Joined, now: Timestamp, lang: &str) -> Result<Saved, SyncError> {
    if j.same_here {
        return Ok(Saved::Same(j.hash));
    }
    // A stale note (its process is gone: a sync or a session killed midway) is taken over, or
    // every later sync would skip the learner as "studying on this PC".
    let lock = match store.lock(&j.id, now) {
        Err(crate::store::lock::LockError::Stale { .. }) => store.take_over(&j.id, now),
        other => other,
    };
    let Ok(_lock) = lock else {
        return Ok(Saved::Busy(j.merged.profile.name.clone()));
    };
    // The file may have changed since it was read (a learner finishing a quiz): join again.
    let current = match store.load(&j.id) {
        Ok(loaded) => Some(loaded.file),
        Err(crate::store::learners::StoreError::NotFound { .. }) => None,
        Err(e) => return Err(SyncError::Local(e.message(lang))),
    };
    let to_save = match &current {
        Some(c) => normalise(&merge(c, &j.merged)),
        None => j.merged.clone(),
    };
    store
        .save(&to_save)
        .map_err(|e| SyncError::Local(e.message(lang)))?;
    Ok(Saved::Received {
        hash: (to_save == j.merged).then_some(j.hash),
        new_here: !j.had,
    })
}
