//! Batches written two at a time, each on a connection of its own ([`WRITERS`]), so the
//! database works on one batch while the other's rows are joined and sent, and a server with
//! several cores writes both at once. Each batch stays one transaction with its learners' locks
//! (two batches never share a learner), so what a batch writes is the same as one at a time.
//! `question_stats` stays exact: a batch adds its difference with `+` in an upsert, and the
//! second batch to reach a shared row waits for the first one's commit and adds to what it
//! committed; both lock those rows in key order, so they cannot deadlock. Lesson numbers are
//! handed out under their own lock ([`super::numbers`]), each writer keeping its own cache.

use std::sync::mpsc::{Receiver, Sender, SyncSender, channel, sync_channel};
use std::thread::Scope;

use postgres::Client;

use super::batch::{self, Learner, Sent};
use super::connect::{Target, connect};
use super::db::Statements;
use super::numbers::LessonNumbers;

/// Connections writing batches at once. Two: the client's work on one batch hides behind the
/// database's on the other; more would mostly queue behind each other's `question_stats` rows.
pub const WRITERS: usize = 2;

/// What a writer did with one batch of `count` learners.
pub struct Done {
    writer: usize,
    pub count: usize,
    pub result: Result<Written, postgres::Error>,
}

/// A batch committed: what each transaction did, and the learners the database refused (of
/// another unit), as (name, id).
pub struct Written {
    pub sent: Vec<Sent>,
    pub refused: Vec<(String, String)>,
}

/// The writers of one sync.
pub struct Pool<'scope, 'env> {
    scope: &'scope Scope<'scope, 'env>,
    target: &'scope Target,
    key: &'scope str,
    /// The sync's own connection, for the first writer (until it is started).
    first: Option<&'scope mut Client>,
    jobs: Vec<SyncSender<Vec<Learner>>>,
    idle: Vec<usize>,
    done_tx: Sender<Done>,
    done_rx: Receiver<Done>,
    busy: usize,
    /// A second connection could not be opened: one writer does everything.
    alone: bool,
}

impl<'scope, 'env> Pool<'scope, 'env> {
    pub fn new(
        scope: &'scope Scope<'scope, 'env>,
        client: &'scope mut Client,
        target: &'scope Target,
        key: &'scope str,
    ) -> Self {
        let (done_tx, done_rx) = channel();
        Pool {
            scope,
            target,
            key,
            first: Some(client),
            jobs: Vec::new(),
            idle: Vec::new(),
            done_tx,
            done_rx,
            busy: 0,
            alone: false,
        }
    }

    /// Gives `learners` (sorted by id) to a writer: an idle one, a new one while there are
    /// fewer than [`WRITERS`], else the first to finish its batch — whose result is returned.
    pub fn give(&mut self, learners: Vec<Learner>) -> Option<Done> {
        let mut finished = None;
        if self.idle.is_empty() && !self.start() {
            finished = self.wait();
        }
        if let Some(w) = self.idle.pop() {
            // A writer gone (it panicked) leaves its batch undone: the next sync redoes it.
            if self.jobs[w].send(learners).is_ok() {
                self.busy += 1;
            }
        }
        finished
    }

    /// The next batch finished, until none is in flight.
    pub fn next(&mut self) -> Option<Done> {
        self.wait()
    }

    fn wait(&mut self) -> Option<Done> {
        if self.busy == 0 {
            return None;
        }
        let done = self.done_rx.recv().ok()?;
        self.busy -= 1;
        self.idle.push(done.writer);
        Some(done)
    }

    /// Starts one more writer when allowed: whether one is now idle.
    fn start(&mut self) -> bool {
        let n = self.jobs.len();
        if n >= WRITERS || self.alone {
            return false;
        }
        let (tx, rx) = sync_channel(1);
        let done = self.done_tx.clone();
        let key = self.key;
        match self.first.take() {
            Some(client) => {
                self.scope.spawn(move || work(client, key, n, rx, done));
            }
            None => match connect(self.target) {
                Ok(mut own) => {
                    self.scope.spawn(move || work(&mut own, key, n, rx, done));
                }
                Err(_) => {
                    self.alone = true;
                    return false;
                }
            },
        }
        self.jobs.push(tx);
        self.idle.push(n);
        true
    }
}

/// A writer: prepares the statements on its connection at its first batch, then writes each
/// batch it is given.
fn work(
    client: &mut Client,
    key: &str,
    me: usize,
    jobs: Receiver<Vec<Learner>>,
    done: Sender<Done>,
) {
    let mut prepared: Option<Statements> = None;
    let mut numbers = LessonNumbers::default();
    for learners in jobs {
        let count = learners.len();
        let result = match &prepared {
            Some(st) => write(client, st, key, learners, &mut numbers),
            None => match Statements::prepare(client) {
                Ok(st) => write(client, prepared.insert(st), key, learners, &mut numbers),
                Err(e) => Err(e),
            },
        };
        let failed = result.is_err();
        if done
            .send(Done {
                writer: me,
                count,
                result,
            })
            .is_err()
            || failed
        {
            break;
        }
    }
}

/// One batch in one transaction; when the database refuses it (a learner id another unit
/// owns), its learners one by one, the refused ones named.
fn write(
    client: &mut Client,
    st: &Statements,
    key: &str,
    learners: Vec<Learner>,
    numbers: &mut LessonNumbers,
) -> Result<Written, postgres::Error> {
    let mut written = Written {
        sent: Vec::new(),
        refused: Vec::new(),
    };
    match batch::send(client, st, key, learners.clone(), numbers) {
        Ok(sent) => written.sent.push(sent),
        Err(e) if super::province::refused(&e) => {
            for one in learners {
                let name = one
                    .here
                    .as_ref()
                    .map_or(String::new(), |(f, _)| f.profile.name.clone());
                let id = one.id.clone();
                match batch::send(client, st, key, vec![one], numbers) {
                    Ok(sent) => written.sent.push(sent),
                    Err(e) if super::province::refused(&e) => written.refused.push((name, id)),
                    Err(e) => return Err(e),
                }
            }
        }
        Err(e) => return Err(e),
    }
    Ok(written)
}
