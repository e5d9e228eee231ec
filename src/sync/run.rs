//! One sync of a data folder with the database.
//!
//! 1. Connect, create/upgrade the schema, record the unit and class.
//! 2. Take the database snapshot mark, list learners changed here (content hash differs from the
//!    last sync) and learners of this unit changed there (since the previous mark).
//! 3. In batches of [`BATCH`] learners, each batch one transaction holding its learners' locks
//!    ([`batch::send`]): read the database's copies, join each with ours, write back only the rows
//!    that changed, commit; then save the joins here through the store ([`batch::save_here`]).
//!    A dropped connection loses at most the batch in flight; the next sync redoes it (the join
//!    is idempotent).
//! 4. Only when all is done, remember the mark and the time of success.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use jiff::Timestamp;
use postgres::Client;

use super::batch::{self, Learner, Saved};
use super::connect::{Target, classify, connect};
use super::pool::{Done, Pool};
use super::rows::{hash_normal, normalise};
use super::state::{self, State};
use super::{SyncError, schema};
use crate::progress::id::fold;
use crate::store::learners::Store;
use crate::trainer::unit::Unit;

/// Learners per transaction. Many per transaction spare the server a commit, a lock round and a
/// `question_stats` upsert per learner; a dropped connection costs the next sync at most this
/// many learners again. The state is saved after each batch, so a long sync that breaks resumes
/// near its end.
pub const BATCH: usize = 25;

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
    /// The unit's certificate keys and register entries exchanged ([`super::certs`]).
    pub certificates: super::certs::Exchanged,
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
    let certificates = match super::certs::exchange(&mut client, &key, &opts.data_dir) {
        Ok(done) => Ok(done),
        // Tables not granted to the unit's role yet: the learners still sync.
        Err(super::certs::ExchangeError::Db(e)) if super::province::refused(&e) => {
            Err(rust_i18n::t!("certificate.sync_refused", locale = opts.lang.code()).into_owned())
        }
        Err(super::certs::ExchangeError::Db(e)) => return Err(lost(e)),
        // The certificate files here are unreadable: the learners still sync.
        Err(super::certs::ExchangeError::Local(e)) => Err(rust_i18n::t!(
            "certificate.sync_failed",
            locale = opts.lang.code(),
            error = e
        )
        .into_owned()),
    };
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
    let (to_read, listing) = store.ids_where(|id| !unchanged(id));
    let mut summary = Summary {
        problems: listing
            .iter()
            .map(|p| p.message(opts.lang.code()))
            .collect(),
        owner_role: access == super::province::Access::Owner,
        ..Summary::default()
    };
    // Problems reading files are said after the listing's, as before the reading overlapped.
    let listed = summary.problems.len();
    match certificates {
        Ok(done) => summary.certificates = done,
        Err(message) => summary.problems.push(message),
    }
    // Every learner here with the content hash of its progress (read, or known unchanged).
    let mut hashes: BTreeMap<String, String> = ids
        .iter()
        .filter(|id| unchanged(id))
        .filter_map(|id| Some((id.clone(), st.learners.get(id)?.clone())))
        .collect();
    // Learners of this unit changed there since the last mark, with their hash there.
    let mut there: BTreeMap<String, String> = BTreeMap::new();
    for row in client
        .query(
            "SELECT learner_id, content_hash FROM learners \
             WHERE unit_key = $1 AND change_xid >= $2",
            &[&key, &st.mark],
        )
        .map_err(lost)?
    {
        there.insert(row.get(0), row.get(1));
    }
    let reading: BTreeSet<&String> = to_read.iter().collect();
    // Changed there and not read here: decided now (the files read are decided as they come).
    let mut later: Vec<String> = Vec::new();
    for (id, hash) in &there {
        if !reading.contains(id) && needs_work(&st, hashes.get(id), id, hash) {
            later.push(id.clone());
        } else if !reading.contains(id) {
            st.learners.insert(id.clone(), hash.clone());
        }
    }

    let mut sending = Sending {
        opts,
        store: &store,
        done: 0,
        total: to_read.len() + later.len(),
        work: BTreeSet::new(),
    };
    let target = &opts.target;
    let read_problems = std::thread::scope(|scope| -> Result<Vec<String>, SyncError> {
        // The files are read, normalised and hashed a batch ahead, while the database writes.
        let batches = super::reading::ahead(scope, &store, to_read.clone(), BATCH);
        let mut pool = Pool::new(scope, &mut client, target, &key);
        let mut problems = Vec::new();
        for batch in batches {
            problems.extend(batch.problems.iter().map(|p| p.message(opts.lang.code())));
            let mut learners = Vec::new();
            let mut read = BTreeSet::new();
            for (f, hash) in batch.files {
                let id = f.profile.id.clone();
                read.insert(id.clone());
                hashes.insert(id.clone(), hash.clone());
                let changed_here = st.learners.get(&id) != Some(&hash);
                let changed_there = there
                    .get(&id)
                    .is_some_and(|h| needs_work(&st, Some(&hash), &id, h));
                if changed_here || changed_there {
                    learners.push(Learner {
                        id,
                        here: Some((f, hash)),
                    });
                } else {
                    if let Some(h) = there.get(&id) {
                        st.learners.insert(id, h.clone());
                    }
                    sending.step(progress, 1);
                }
            }
            // A file that could not be read but changed there: tried again below.
            for id in batch.ids.iter().filter(|id| !read.contains(*id)) {
                match there.get(id) {
                    Some(h) if needs_work(&st, None, id, h) => later.push(id.clone()),
                    _ => sending.step(progress, 1),
                }
            }
            learners.sort_by(|a, b| a.id.cmp(&b.id));
            if let Some(done) = sending.give(&mut pool, learners, &mut st) {
                sending.absorb(done, &mut st, &mut summary, progress)?;
            }
        }
        while let Some(done) = pool.next() {
            sending.absorb(done, &mut st, &mut summary, progress)?;
        }
        Ok(problems)
    })?;
    let aside = store.set_aside_files();
    let aside = aside.iter().map(|p| p.message(opts.lang.code()));
    let read_problems: Vec<String> = read_problems.into_iter().chain(aside).collect();
    summary.problems.splice(listed..listed, read_problems);
    later.sort();
    later.dedup();
    std::thread::scope(|scope| -> Result<(), SyncError> {
        let mut pool = Pool::new(scope, &mut client, target, &key);
        for chunk in later.chunks(BATCH) {
            let mut learners = Vec::with_capacity(chunk.len());
            for id in chunk {
                // A learner changed elsewhere whose file here was not read above: read it now.
                let here = match ids.contains(id) {
                    true => match store.load(id) {
                        Ok(loaded) => {
                            let file = normalise(&loaded.file);
                            let hash = hash_normal(&file);
                            Some((file, hash))
                        }
                        Err(e) => {
                            summary.problems.push(e.message(opts.lang.code()));
                            sending.step(progress, 1);
                            continue;
                        }
                    },
                    false => None,
                };
                learners.push(Learner {
                    id: id.clone(),
                    here,
                });
            }
            if let Some(done) = sending.give(&mut pool, learners, &mut st) {
                sending.absorb(done, &mut st, &mut summary, progress)?;
            }
        }
        while let Some(done) = pool.next() {
            sending.absorb(done, &mut st, &mut summary, progress)?;
        }
        Ok(())
    })?;
    let work = std::mem::take(&mut sending.work);
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

/// Whether a learner changed there (hash `theirs`) needs sending: ours differs from theirs, and
/// theirs is not what we both held after the last sync (or this side has no file).
fn needs_work(st: &State, ours: Option<&String>, id: &str, theirs: &String) -> bool {
    ours != Some(theirs) && (st.learners.get(id) != Some(theirs) || ours.is_none())
}

/// What the batches of one sync share.
struct Sending<'a> {
    opts: &'a Options,
    store: &'a Store,
    done: usize,
    total: usize,
    /// Every learner given to a writer.
    work: BTreeSet<String>,
}

impl Sending<'_> {
    fn step(&mut self, progress: &mut dyn FnMut(Step), n: usize) {
        for _ in 0..n {
            self.done += 1;
            progress(Step {
                done: self.done,
                total: self.total.max(self.done),
            });
        }
    }

    /// Gives `learners` to a writer of `pool` (nothing when there are none): the batch finished
    /// meanwhile, if the writers were all busy.
    fn give(&mut self, pool: &mut Pool, learners: Vec<Learner>, st: &mut State) -> Option<Done> {
        if learners.is_empty() {
            return None;
        }
        for l in &learners {
            // Its files may be rewritten below: they are read again next time.
            st.files.remove(&l.id);
            self.work.insert(l.id.clone());
        }
        pool.give(learners)
    }

    /// Takes a batch the database joined: saves the joins here and remembers their hashes
    /// (saved to `sync-state.json` after the batch).
    fn absorb(
        &mut self,
        done: Done,
        st: &mut State,
        summary: &mut Summary,
        progress: &mut dyn FnMut(Step),
    ) -> Result<(), SyncError> {
        let written = match done.result {
            Ok(w) => w,
            Err(e) => {
                let _ = state::save(&self.opts.data_dir, st);
                return Err(lost(&e, &self.opts.target.label));
            }
        };
        let loc = self.opts.lang.code();
        for (name, id) in written.refused {
            summary
                .problems
                .push(rust_i18n::t!("sync.other_unit", locale = loc, name = name, id = id).into());
        }
        for sent in written.sent {
            summary.sent += sent.sent;
            summary.problems.extend(sent.problems);
            for j in sent.joined {
                let id = j.id.clone();
                match batch::save_here(self.store, j, self.opts.now, loc) {
                    Ok(Saved::Same(hash)) => {
                        st.learners.insert(id, hash);
                    }
                    Ok(Saved::Received { hash, new_here }) => {
                        summary.received += 1;
                        summary.new_here += usize::from(new_here);
                        if let Some(hash) = hash {
                            st.learners.insert(id, hash);
                        }
                    }
                    Ok(Saved::Busy(name)) => summary.busy.push(name),
                    Err(e) => {
                        let _ = state::save(&self.opts.data_dir, st);
                        return Err(e);
                    }
                }
            }
        }
        self.step(progress, done.count);
        let _ = state::save(&self.opts.data_dir, st);
        Ok(())
    }
}
