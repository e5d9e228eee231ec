//! An open learner's saves, off the path between a key and the next frame.
//!
//! [`Session::record`] turns what changed since the last call into one journal line
//! ([`crate::progress::change::diff`]). A line with an answer, a new attempt or a setting is appended and
//! flushed (one `fdatasync`) before `record` returns, so feedback is never shown for an answer
//! that is not on disk. [`Session::record_start`] hands such a line over and returns an [`Ack`]
//! instead: the learner program draws the feedback into its frame while the line is flushed,
//! and puts the frame on screen only once [`Ack::wait`] says the line is on disk. A line that only moves the reader (page turn, time, "Tiếp tục") waits
//! until the frame is drawn ([`Session::after_frame`]) and is flushed within [`FLUSH_WITHIN`] by
//! a writer thread. The snapshot is rewritten (atomically, with its `.bak`) by that thread when a
//! lesson ends or the journal passes [`COMPACT_AFTER`], and by [`Session::close`].

use std::fs::File;
use std::io::Write;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, SyncSender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::durable::Held;
use super::journal::{COMPACT_AFTER, entry_line};
use super::learners::{Store, StoreError};
use crate::progress::change::{Scope, apply, diff, diff_in};
use crate::progress::model::LearnerFile;

/// Page turns reach the disk within this time (and at once when a lesson ends or on quitting).
pub const FLUSH_WITHIN: Duration = Duration::from_millis(500);

type Done = SyncSender<Result<(), StoreError>>;

pub use super::lock::Owner;

enum Job {
    /// Append lines; with `done`, flush and answer once they are on disk.
    Append(Vec<u8>, Option<Done>),
    /// Rewrite the snapshot and start a fresh journal.
    Compact(Box<LearnerFile>, Option<Done>),
}

/// The writer thread's handle.
struct Writer {
    tx: Option<Sender<Job>>,
    handle: Option<JoinHandle<()>>,
    /// Errors of writes nobody waited for, to show the learner.
    errors: Arc<Mutex<Vec<StoreError>>>,
}

impl Writer {
    fn start(store: Store, id: String, owner: Option<Owner>) -> Writer {
        let (tx, rx) = mpsc::channel();
        let errors = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&errors);
        let handle = std::thread::Builder::new()
            .name("hocso-writer".into())
            .stack_size(256 * 1024)
            .spawn(move || run(&store, &id, owner.as_ref(), &rx, &sink))
            .ok();
        Writer {
            tx: handle.is_some().then_some(tx),
            handle,
            errors,
        }
    }

    fn send(&self, job: Job) -> bool {
        self.tx.as_ref().is_some_and(|tx| tx.send(job).is_ok())
    }

    /// Sends a job and waits for its answer.
    fn wait(&self, make: impl FnOnce(Done) -> Job) -> Result<(), StoreError> {
        self.begin(make).wait()
    }

    /// Sends a job; its answer comes through the [`Ack`].
    fn begin(&self, make: impl FnOnce(Done) -> Job) -> Ack {
        let (done, answer) = mpsc::sync_channel(1);
        if !self.send(make(done)) {
            return Ack(None);
        }
        Ack(Some(answer))
    }

    fn take_errors(&self) -> Vec<StoreError> {
        self.errors
            .lock()
            .map(|mut e| std::mem::take(&mut *e))
            .unwrap_or_default()
    }
}

impl Drop for Writer {
    /// Waits until everything handed over is written and the journal closed, also when a
    /// session is dropped without [`Session::close`]: the next save replaces the journal (which
    /// Windows refuses while it is open), and the learner's lock may be released right after.
    fn drop(&mut self) {
        self.tx = None;
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

/// Lines handed to the writer thread to be flushed: [`Ack::wait`] returns once they are on disk
/// (or why they could not be written).
#[must_use = "an answer's feedback waits for its line to be on disk"]
pub struct Ack(Option<Receiver<Result<(), StoreError>>>);

impl Ack {
    /// Blocks until the lines are on disk.
    pub fn wait(self) -> Result<(), StoreError> {
        match self.0 {
            Some(answer) => answer.recv().unwrap_or_else(|_| Err(gone())),
            None => Err(gone()),
        }
    }
}

fn taken_over() -> std::io::Error {
    std::io::Error::other("this learner was opened by another session")
}

fn gone() -> StoreError {
    StoreError::Io {
        path: std::path::PathBuf::new(),
        source: std::io::Error::other("writer thread stopped"),
    }
}

/// Still this session's files? The journal we append to is the one at its path (another
/// session starting replaces it), and the session note still names us.
fn still_ours(path: &std::path::Path, file: Option<&File>, owner: Option<&Owner>) -> bool {
    let journal_ours = match file {
        Some(f) => match (
            f.try_clone().and_then(same_file::Handle::from_file),
            same_file::Handle::from_path(path),
        ) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        },
        None => true,
    };
    journal_ours && owner.is_none_or(Owner::holds)
}

fn run(
    store: &Store,
    id: &str,
    owner: Option<&Owner>,
    rx: &Receiver<Job>,
    errors: &Mutex<Vec<StoreError>>,
) {
    let path = store.journal_path(id);
    let io = |source| StoreError::Io {
        path: path.clone(),
        source,
    };
    let mut file: Option<Held> = None;
    // Set once a write failed: the journal may end in a torn line, so nothing more is appended
    // until a snapshot with everything was written (a `Compact`). Holds why it failed.
    let mut poisoned: Option<std::io::ErrorKind> = None;
    // Set once another session took this learner over: nothing is ever written again.
    let mut lost = false;
    let mut unsynced: Option<Instant> = None;
    let report = |e: StoreError| {
        if let Ok(mut v) = errors.lock() {
            v.push(e);
        }
    };
    loop {
        let job = match unsynced {
            Some(since) => match rx.recv_timeout(FLUSH_WITHIN.saturating_sub(since.elapsed())) {
                Ok(job) => Some(job),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => {
                    if let Some(f) = &file
                        && let Err(e) = f.sync_data()
                    {
                        report(io(e));
                    }
                    return;
                }
            },
            None => match rx.recv() {
                Ok(job) => Some(job),
                Err(_) => return,
            },
        };
        match job {
            None => {
                unsynced = None;
                if let Some(f) = &file
                    && let Err(e) = f.sync_data()
                {
                    report(io(e));
                }
            }
            Some(Job::Append(bytes, done)) => {
                lost = lost || !still_ours(&path, file.as_deref(), owner);
                let result = (|| {
                    if lost {
                        return Err(taken_over());
                    }
                    if let Some(kind) = poisoned {
                        return Err(std::io::Error::from(kind));
                    }
                    if file.is_none() {
                        // Never through a link or into a FIFO planted in the shared folder.
                        let f = crate::store::safe_read::open_append(&path, false)?;
                        file = Some(Held::new(f, &path));
                    }
                    let f = file
                        .as_mut()
                        .ok_or_else(|| std::io::Error::other("no journal"))?;
                    f.write_all(&bytes)?;
                    if done.is_some() {
                        f.sync_data()?;
                    }
                    Ok(())
                })()
                .inspect_err(|e| {
                    if !lost {
                        poisoned = Some(e.kind());
                    }
                })
                .map_err(|e| if lost { StoreError::TakenOver } else { io(e) });
                match done {
                    Some(done) => {
                        unsynced = None;
                        let _ = done.send(result);
                    }
                    None => {
                        unsynced.get_or_insert_with(Instant::now);
                        if let Err(e) = result {
                            report(e);
                        }
                    }
                }
            }
            Some(Job::Compact(lf, done)) => {
                lost = lost || !still_ours(&path, file.as_deref(), owner);
                // Closed before the save replaces it: Windows refuses to replace a file we hold
                // open. Its lines are flushed first, so they stay on disk if the save fails (the
                // save's error is the one reported). The next line opens the fresh journal.
                if let Some(f) = file.take()
                    && unsynced.is_some()
                {
                    let _ = f.sync_data();
                }
                let result = if lost {
                    Err(StoreError::TakenOver)
                } else {
                    store.save(&lf)
                };
                poisoned = match &result {
                    Err(StoreError::Io { source, .. }) => Some(source.kind()),
                    Err(_) => Some(std::io::ErrorKind::Other),
                    Ok(()) => None,
                };
                unsynced = None;
                match done {
                    Some(done) => {
                        let _ = done.send(result);
                    }
                    None => {
                        if let Err(e) = result {
                            report(e);
                        }
                    }
                }
            }
        }
    }
}

/// An open learner's saves: the state last handed to the journal, and the writer thread.
pub struct Session {
    writer: Writer,
    /// The learner file as the snapshot plus the lines handed to the writer so far.
    written: LearnerFile,
    /// Lines that only move the reader, written after the next frame.
    pending: Vec<u8>,
    /// Journal bytes since the last snapshot.
    journal_bytes: u64,
    /// A write failed: the next write rewrites the snapshot (with everything) and a fresh journal.
    broken: bool,
    /// Another session took the learner over: nothing more is written.
    lost: bool,
}

impl Session {
    /// Starts saving `file` (just loaded, the learner's lock held): the snapshot is brought up to
    /// date with anything a crash left in the journal, and a fresh journal begun.
    pub fn start(store: &Store, file: &LearnerFile) -> Result<Session, StoreError> {
        Session::start_owned(store, file, None)
    }

    /// [`Session::start`] for a session holding the learner's lock: every write first checks
    /// that `owner`'s note still names this session and stops for good when it does not.
    pub fn start_owned(
        store: &Store,
        file: &LearnerFile,
        owner: Option<Owner>,
    ) -> Result<Session, StoreError> {
        store.save(file)?;
        Ok(Session {
            writer: Writer::start(store.clone(), file.profile.id.clone(), owner),
            written: file.clone(),
            pending: Vec::new(),
            journal_bytes: 0,
            broken: false,
            lost: false,
        })
    }

    /// True once another session took this learner over: this one writes nothing more.
    pub fn lost(&self) -> bool {
        self.lost
    }

    /// Records what changed in `file` since the last call. Answers, attempts and settings are
    /// on disk when this returns `Ok`; page turns wait for [`Session::after_frame`]. After a
    /// failed write the whole file is written instead (the snapshot, with everything), so an
    /// answer that could not be saved is retried by the next call.
    ///
    /// `scope` says where the changes can be (the lesson on screen); debug builds check that
    /// nothing changed outside it.
    pub fn record(&mut self, file: &LearnerFile, scope: Scope<'_>) -> Result<(), StoreError> {
        if self.lost {
            return Err(StoreError::TakenOver);
        }
        if self.broken {
            let result = self
                .writer
                .wait(|done| Job::Compact(Box::new(file.clone()), Some(done)));
            return self.settle(result, Some(file));
        }
        let result = match self.record_start(file, scope) {
            Some(ack) => ack.wait(),
            None => Ok(()),
        };
        self.settle(result, None)
    }

    fn settle(
        &mut self,
        result: Result<(), StoreError>,
        compacted: Option<&LearnerFile>,
    ) -> Result<(), StoreError> {
        match &result {
            Ok(()) => {
                if let Some(file) = compacted {
                    self.written = file.clone();
                    self.pending.clear();
                    self.journal_bytes = 0;
                    self.broken = false;
                }
            }
            Err(StoreError::TakenOver) => self.lost = true,
            Err(_) => self.broken = true,
        }
        result
    }

    /// [`Session::record`] without the wait: an answer, attempt or setting is handed to the
    /// writer and its [`Ack`] returned; nothing to wait for gives `None`. A failed [`Ack`] must
    /// be reported with [`Session::failed`].
    pub fn record_start(&mut self, file: &LearnerFile, scope: Scope<'_>) -> Option<Ack> {
        let ops = diff_in(&self.written, file, scope);
        debug_assert_eq!(ops, diff(&self.written, file), "a change outside {scope:?}");
        if ops.is_empty() {
            return None;
        }
        apply(&mut self.written, &ops);
        let line = entry_line(&ops);
        self.journal_bytes += line.len() as u64;
        self.pending.extend_from_slice(&line);
        if ops.iter().all(|op| op.is_light()) {
            return None;
        }
        let lines = std::mem::take(&mut self.pending);
        Some(self.writer.begin(|done| Job::Append(lines, Some(done))))
    }

    /// A write this session handed over failed: the next write rewrites the snapshot.
    pub fn failed(&mut self) {
        self.broken = true;
    }

    /// After a frame is drawn: page turns go to the writer; the snapshot is rewritten when the
    /// learner left a lesson (`lesson_ended`) or the journal is big. Returns errors of earlier
    /// writes nobody waited for. After a failure nothing is appended: the next
    /// [`Session::record`] (or [`Session::close`]) writes the whole file and waits for it.
    pub fn after_frame(&mut self, file: &LearnerFile, lesson_ended: bool) -> Vec<StoreError> {
        let errors = self.writer.take_errors();
        for e in &errors {
            match e {
                StoreError::TakenOver => self.lost = true,
                _ => self.broken = true,
            }
        }
        if self.broken || self.lost {
            return errors;
        }
        if !self.pending.is_empty() {
            let lines = std::mem::take(&mut self.pending);
            self.writer.send(Job::Append(lines, None));
        }
        if lesson_ended || self.journal_bytes > COMPACT_AFTER {
            self.written = file.clone();
            self.journal_bytes = 0;
            self.writer.send(Job::Compact(Box::new(file.clone()), None));
        }
        errors
    }

    /// Hands everything to the writer and waits until it is on disk (including a snapshot
    /// being rewritten).
    pub fn flush(&mut self) -> Result<(), StoreError> {
        let lines = std::mem::take(&mut self.pending);
        self.writer.wait(|done| Job::Append(lines, Some(done)))
    }

    /// Ends the session: everything written, the snapshot rewritten, the writer stopped.
    /// A session taken over writes nothing (the caller keeps its file aside).
    pub fn close(mut self, file: &LearnerFile) -> Result<(), StoreError> {
        if self.lost {
            drop(self.writer);
            return Err(StoreError::TakenOver);
        }
        let lines = std::mem::take(&mut self.pending);
        if !lines.is_empty() && !self.broken {
            // Kept even if the snapshot cannot be written below.
            let _ = self.writer.wait(|done| Job::Append(lines, Some(done)));
        }
        let result = self
            .writer
            .wait(|done| Job::Compact(Box::new(file.clone()), Some(done)));
        drop(self.writer);
        result
    }
}

#[cfg(test)]
mod tests;
