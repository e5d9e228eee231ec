//! One sync of a data folder with the database.
//!
//! 1. Connect, create/upgrade the schema, record the unit and class.
//! 2. Take the database snapshot mark, list learners changed here (content hash differs from the
//!    last sync) and learners of this unit changed there (since the previous mark).
//! 3. For each, in its own transaction holding the learner's lock: read the database's copy, join
//!    it with ours ([`merge`]), write back only the rows that changed, commit, then save the join
//!    here through the store. A dropped connection loses at most the learner in flight; the next
//!    sync redoes it (the join is idempotent).
//! 4. Only when all is done, remember the mark and the time of success.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use jiff::Timestamp;
use postgres::Client;

use super::connect::{Target, classify, connect};
use super::rows::{
    content_hash, from_rows, hash_normal, normalise, question_stats, rows_of_normal, summaries,
};
use super::state::{self, State};
use super::{SyncError, db, schema};
use crate::progress::id::fold;
use crate::progress::merge::merge;
use crate::progress::model::LearnerFile;
use crate::store::learners::Store;
use crate::trainer::unit::Unit;

/// Save the state after this many learners, so a long sync that breaks resumes near its end.
const STATE_EVERY: usize = 20;

/// What to sync.
#[derive(Debug, Clone)]
pub struct Options {
    pub data_dir: PathBuf,
    pub target: Target,
    pub unit: Unit,
    pub now: Timestamp,
    /// Language of messages about single learners.
    pub lang: crate::ui::lang::Lang,
}

/// Reported after each learner (drives the progress line; tests use it to cut the connection).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub done: usize,
    pub total: usize,
}

/// What a sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Learners whose progress the database received.
    pub sent: usize,
    /// Learners whose progress here changed (including new ones).
    pub received: usize,
    /// Learners new to this data folder.
    pub new_here: usize,
    /// Names of learners studying right now: their file here is updated next time.
    pub busy: Vec<String>,
    /// Problems with single learners (damaged files here, unreadable rows there, learners of
    /// another unit the database refused).
    pub problems: Vec<String>,
    /// Connected with the database owner's role (a database still shared by every unit).
    pub owner_role: bool,
}

/// The database key of a unit: the official commune code when known, else province + commune
/// names folded (case and accents ignored).
pub fn unit_key(unit: &Unit) -> Option<String> {
    if let Some(code) = unit.commune_code.as_deref().map(str::trim)
        && !code.is_empty()
    {
        return Some(format!("code:{code}"));
    }
    let commune = fold(unit.commune.trim());
    if commune.is_empty() {
        return None;
    }
    Some(format!("name:{}/{commune}", fold(unit.province.trim())))
}

/// Runs one sync. `progress` is called after each learner.
pub fn run(opts: &Options, progress: &mut dyn FnMut(Step)) -> Result<Summary, SyncError> {
    let key = unit_key(&opts.unit).ok_or(SyncError::NoUnit)?;
    let store =
        Store::open(&opts.data_dir).map_err(|e| SyncError::Local(e.message(opts.lang.code())))?;
    let label = opts.target.label.clone();
    let mut client = connect(&opts.target)?;
    schema::prepare(&mut client, &label)?;
    let lost = |e: postgres::Error| lost(&e, &label);
    // The database enforces the unit (row security); asking first gives a plain message.
    let access = super::province::access(&mut client).map_err(lost)?;
    super::province::check_unit(&access, &key)?;
    let instance = schema::instance(&mut client).map_err(lost)?;
    let mut st = state::load(&opts.data_dir);
    if st.instance.as_deref() != Some(instance.as_str()) {
        st = State {
            instance: Some(instance),
            ..State::default()
        };
    }
    st.server = Some(label.clone());
    record_unit(&mut client, &key, &opts.unit).map_err(lost)?;
    let mark: i64 = client
        .query_one(
            "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint",
            &[],
        )
        .map_err(lost)?
        .get(0);

    // Learners whose files have the fingerprint they had at their last sync are not read: an
    // empty re-sync costs a directory listing, not a parse of every file.
    let ids: BTreeSet<String> = store.learner_ids().into_iter().collect();
    let prints: BTreeMap<String, String> = ids
        .iter()
        .filter_map(|id| state::fingerprint(&store, id).map(|f| (id.clone(), f)))
        .collect();
    let unchanged = |id: &str| {
        st.learners.contains_key(id) && st.files.get(id).is_some_and(|f| prints.get(id) == Some(f))
    };
    let (files, problems) = store.load_some(|id| !unchanged(id));
    let mut summary = Summary {
        problems: problems
            .iter()
            .map(|p| p.message(opts.lang.code()))
            .collect(),
        owner_role: access == super::province::Access::Owner,
        ..Summary::default()
    };
    // Every learner here with the content hash of its progress (read, or known unchanged).
    let mut hashes: BTreeMap<String, String> = ids
        .iter()
        .filter(|id| unchanged(id))
        .filter_map(|id| Some((id.clone(), st.learners.get(id)?.clone())))
        .collect();
    // The files read, with their hashes.
    let mut local: BTreeMap<String, (LearnerFile, String)> = BTreeMap::new();
    for f in files {
        let hash = content_hash(&f);
        hashes.insert(f.profile.id.clone(), hash.clone());
        local.insert(f.profile.id.clone(), (f, hash));
    }
    let mut work: BTreeSet<String> = hashes
        .iter()
        .filter(|(id, h)| st.learners.get(*id) != Some(*h))
        .map(|(id, _)| id.clone())
        .collect();
    for row in client
        .query(
            "SELECT learner_id, content_hash FROM learners \
             WHERE unit_key = $1 AND change_xid >= $2",
            &[&key, &st.mark],
        )
        .map_err(lost)?
    {
        let (id, hash): (String, String) = (row.get(0), row.get(1));
        let ours = hashes.get(&id);
        if ours == Some(&hash) {
            st.learners.insert(id, hash);
        } else if st.learners.get(&id) != Some(&hash) || ours.is_none() {
            work.insert(id);
        }
    }

    let total = work.len();
    let mut numbers = db::LessonNumbers::default();
    for (i, id) in work.iter().enumerate() {
        // A learner changed elsewhere whose file here was not read above: read it now.
        let here = match local.remove(id) {
            Some(f) => Some(f),
            None if ids.contains(id) => match store.load(id) {
                Ok(loaded) => {
                    let hash = content_hash(&loaded.file);
                    Some((loaded.file, hash))
                }
                Err(e) => {
                    summary.problems.push(e.message(opts.lang.code()));
                    continue;
                }
            },
            None => None,
        };
        let result = sync_learner(
            &mut client,
            &store,
            &key,
            id,
            here.as_ref().map(|(f, h)| (f, h.as_str())),
            opts,
            &mut summary,
            &mut numbers,
        );
        // Its files may have just been rewritten: they are read again next time.
        st.files.remove(id);
        match result {
            Ok(Some(hash)) => {
                st.learners.insert(id.clone(), hash);
            }
            Ok(None) => {}
            // Another unit's learner id: the database refused it; say so, go on with the rest.
            Err(Failure::Db(e)) if super::province::refused(&e) => {
                let name = here.as_ref().map_or("", |(f, _)| f.profile.name.as_str());
                let (loc, id) = (opts.lang.code(), id.as_str());
                summary.problems.push(
                    rust_i18n::t!("sync.other_unit", locale = loc, name = name, id = id).into(),
                );
            }
            Err(e) => {
                let _ = state::save(&opts.data_dir, &st);
                return Err(match e {
                    Failure::Db(e) => lost(e),
                    Failure::Other(e) => e,
                });
            }
        }
        if (i + 1) % STATE_EVERY == 0 {
            let _ = state::save(&opts.data_dir, &st);
        }
        progress(Step { done: i + 1, total });
    }
    client
        .execute(
            "UPDATE classes SET last_sync = now() WHERE unit_key = $1 AND class_name = $2",
            &[&key, &opts.unit.class_name],
        )
        .map_err(lost)?;
    // Learners not touched by this sync keep their hash; remember what their files looked like
    // (taken before they were read, so a change made since shows as a different fingerprint).
    for (id, hash) in &hashes {
        if !work.contains(id) && st.learners.get(id) == Some(hash) {
            match prints.get(id) {
                Some(f) => st.files.insert(id.clone(), f.clone()),
                None => st.files.remove(id),
            };
        }
    }
    st.mark = mark;
    st.last_success = Some(opts.now);
    state::save(&opts.data_dir, &st).map_err(|e| SyncError::Local(e.to_string()))?;
    Ok(summary)
}

/// A broken connection in the middle of the work, or the server refusing something.
fn lost(e: &postgres::Error, label: &str) -> SyncError {
    // 57P01 and friends (administrator/crash shutdown) and class 08 (connection exception)
    // arrive as server errors but mean the same: the connection is gone.
    let gone = e
        .as_db_error()
        .is_some_and(|d| matches!(&d.code().code()[..2], "57" | "08"));
    if e.is_closed() || e.as_db_error().is_none() || gone {
        SyncError::Lost {
            server: label.to_string(),
        }
    } else {
        classify(e, label)
    }
}

enum Failure {
    Db(postgres::Error),
    Other(SyncError),
}

impl From<postgres::Error> for Failure {
    fn from(e: postgres::Error) -> Self {
        Failure::Db(e)
    }
}

fn record_unit(client: &mut Client, key: &str, unit: &Unit) -> Result<(), postgres::Error> {
    fn code(c: &Option<String>) -> Option<&str> {
        c.as_deref().map(str::trim).filter(|c| !c.is_empty())
    }
    client.execute(
        "INSERT INTO units (unit_key, province, province_code, commune, commune_code) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (unit_key) DO UPDATE SET \
         province = excluded.province, \
         province_code = COALESCE(excluded.province_code, units.province_code), \
         commune = excluded.commune, \
         commune_code = COALESCE(excluded.commune_code, units.commune_code), updated_at = now()",
        &[
            &key,
            &unit.province.trim(),
            &code(&unit.province_code),
            &unit.commune.trim(),
            &code(&unit.commune_code),
        ],
    )?;
    client.execute(
        "INSERT INTO classes (unit_key, class_name, trainer) VALUES ($1, $2, $3) \
         ON CONFLICT (unit_key, class_name) DO UPDATE SET trainer = excluded.trainer",
        &[&key, &unit.class_name.trim(), &unit.trainer.trim()],
    )?;
    Ok(())
}

/// Joins one learner on both sides. `local` is this side's file and its content hash. Returns
/// the content hash both sides now hold, or `None` when this side could not be updated yet (the
/// learner is studying here right now).
#[allow(clippy::too_many_arguments)] // one call site; the run's state, passed piece by piece
fn sync_learner(
    client: &mut Client,
    store: &Store,
    key: &str,
    id: &str,
    local: Option<(&LearnerFile, &str)>,
    opts: &Options,
    summary: &mut Summary,
    numbers: &mut db::LessonNumbers,
) -> Result<Option<String>, Failure> {
    let local_hash = local.map(|(_, h)| h);
    let local = local.map(|(f, _)| f);
    let mut tx = client.transaction()?;
    numbers.begin();
    db::lock_learner(&mut tx, id)?;
    let server = db::load(&mut tx, id)?;
    let server_file = match &server {
        Some((rows, _)) => match from_rows(rows) {
            Ok(f) => Some(f),
            Err(e) => {
                summary.problems.push(format!("{id}: {e}"));
                return Ok(None);
            }
        },
        None => None,
    };
    let merged = match (local, &server_file) {
        (Some(l), Some(s)) => normalise(&merge(l, s)),
        (Some(l), None) => normalise(l),
        (None, Some(s)) => s.clone(),
        (None, None) => return Ok(None),
    };
    // `merged` is normalised: its rows and hash need no second pass.
    let rows = rows_of_normal(&merged);
    let hash = hash_normal(&merged);
    let old_rows = server.as_ref().map(|(r, _)| r);
    if old_rows != Some(&rows) {
        let unit = server.as_ref().map_or(key, |(_, u)| u.as_str());
        db::write(&mut tx, unit, &rows, old_rows, &hash)?;
        let old_stats = old_rows.map(question_stats).unwrap_or_default();
        db::apply_stats(&mut tx, unit, &question_stats(&rows), &old_stats)?;
        let old_summaries = old_rows.map(summaries).unwrap_or_default();
        db::write_summary(&mut tx, id, &summaries(&rows), &old_summaries, numbers)?;
        summary.sent += 1;
    }
    tx.commit()?;
    numbers.commit();

    if local_hash == Some(hash.as_str()) {
        return Ok(Some(hash));
    }
    // Our side changed: save through the store, under the learner's session lock.
    // A stale note (its process is gone: a sync or a session killed midway) is taken over, or
    // every later sync would skip the learner as "studying on this PC".
    let lock = match store.lock(id, opts.now) {
        Err(crate::store::lock::LockError::Stale { .. }) => store.take_over(id, opts.now),
        other => other,
    };
    let Ok(_lock) = lock else {
        summary.busy.push(merged.profile.name.clone());
        return Ok(None);
    };
    // The file may have changed since it was read (a learner finishing a quiz): join again.
    let current = match store.load(id) {
        Ok(loaded) => Some(loaded.file),
        Err(crate::store::learners::StoreError::NotFound { .. }) => None,
        Err(e) => {
            return Err(Failure::Other(SyncError::Local(
                e.message(opts.lang.code()),
            )));
        }
    };
    let to_save = match &current {
        Some(c) => normalise(&merge(c, &merged)),
        None => merged.clone(),
    };
    store
        .save(&to_save)
        .map_err(|e| Failure::Other(SyncError::Local(e.message(opts.lang.code()))))?;
    summary.received += 1;
    summary.new_here += usize::from(local.is_none());
    Ok((to_save == merged).then_some(hash))
}
