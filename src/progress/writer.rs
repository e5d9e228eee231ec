//! An open learner's saves, off the path between a key and the next frame.
//!
//! [`Session::record`] turns what changed since the last call into one journal line
//! ([`super::change::diff`]). A line with an answer, a new attempt or a setting is appended and
//! flushed (one `fdatasync`) before `record` returns, so feedback is never shown for an answer
//! that is not on disk. [`Session::record_start`] hands such a line over and returns an [`Ack`]
//! instead: the learner program draws the feedback into its frame while the line is flushed,
//! and puts the frame on screen only once [`Ack::wait`] says the line is on disk. A line that only moves the reader (page turn, time, "Tiếp tục") waits
//! until the frame is drawn ([`Session::after_frame`]) and is flushed within [`FLUSH_WITHIN`] by
//! a writer thread. The snapshot is rewritten (atomically, with its `.bak`) by that thread when a
//! lesson ends or the journal passes [`COMPACT_AFTER`], and by [`Session::close`].

use std::io::Write;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, SyncSender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::change::{Scope, apply, diff, diff_in};
use super::durable::Held;
use super::journal::{COMPACT_AFTER, entry_line};
use super::model::LearnerFile;
use super::store::{Store, StoreError};

/// Page turns reach the disk within this time (and at once when a lesson ends or on quitting).
pub const FLUSH_WITHIN: Duration = Duration::from_millis(500);

type Done = SyncSender<Result<(), StoreError>>;

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
    fn start(store: Store, id: String) -> Writer {
        let (tx, rx) = mpsc::channel();
        let errors = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&errors);
        let handle = std::thread::Builder::new()
            .name("hocso-writer".into())
            .stack_size(256 * 1024)
            .spawn(move || run(&store, &id, &rx, &sink))
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

fn gone() -> StoreError {
    StoreError::Io {
        path: std::path::PathBuf::new(),
        source: std::io::Error::other("writer thread stopped"),
    }
}

fn run(store: &Store, id: &str, rx: &Receiver<Job>, errors: &Mutex<Vec<StoreError>>) {
    let path = store.journal_path(id);
    let io = |source| StoreError::Io {
        path: path.clone(),
        source,
    };
    let mut file: Option<Held> = None;
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
                let result = (|| {
                    if file.is_none() {
                        // Never through a link or into a FIFO planted in the shared folder.
                        let f = crate::safe_read::open_append(&path, false)?;
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
                .map_err(io);
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
                // Closed before the save replaces it: Windows refuses to replace a file we hold
                // open. Its lines are flushed first, so they stay on disk if the save fails (the
                // save's error is the one reported).
                if let Some(f) = file.take()
                    && unsynced.is_some()
                {
                    let _ = f.sync_data();
                }
                unsynced = None;
                // The next line opens the fresh journal.
                let result = store.save(&lf);
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
    /// A write failed: the next frame rewrites the snapshot (with everything) and a fresh journal.
    broken: bool,
}

impl Session {
    /// Starts saving `file` (just loaded, the learner's lock held): the snapshot is brought up to
    /// date with anything a crash left in the journal, and a fresh journal begun.
    pub fn start(store: &Store, file: &LearnerFile) -> Result<Session, StoreError> {
        store.save(file)?;
        Ok(Session {
            writer: Writer::start(store.clone(), file.profile.id.clone()),
            written: file.clone(),
            pending: Vec::new(),
            journal_bytes: 0,
            broken: false,
        })
    }

    /// Records what changed in `file` since the last call. Answers, attempts and settings are
    /// on disk when this returns `Ok`; page turns wait for [`Session::after_frame`].
    ///
    /// `scope` says where the changes can be (the lesson on screen); debug builds check that
    /// nothing changed outside it.
    pub fn record(&mut self, file: &LearnerFile, scope: Scope<'_>) -> Result<(), StoreError> {
        match self.record_start(file, scope) {
            Some(ack) => {
                let result = ack.wait();
                self.broken |= result.is_err();
                result
            }
            None => Ok(()),
        }
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

    /// A write this session handed over failed: the next frame rewrites the snapshot.
    pub fn failed(&mut self) {
        self.broken = true;
    }

    /// After a frame is drawn: page turns go to the writer; the snapshot is rewritten when the
    /// learner left a lesson (`lesson_ended`) or the journal is big. Returns errors of earlier
    /// writes nobody waited for.
    pub fn after_frame(&mut self, file: &LearnerFile, lesson_ended: bool) -> Vec<StoreError> {
        if !self.pending.is_empty() {
            let lines = std::mem::take(&mut self.pending);
            self.writer.send(Job::Append(lines, None));
        }
        let errors = self.writer.take_errors();
        self.broken |= !errors.is_empty();
        if lesson_ended || self.broken || self.journal_bytes > COMPACT_AFTER {
            self.written = file.clone();
            self.journal_bytes = 0;
            self.broken = false;
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
    pub fn close(mut self, file: &LearnerFile) -> Result<(), StoreError> {
        let lines = std::mem::take(&mut self.pending);
        if !lines.is_empty() {
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
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::lang::Lang;
    use crate::progress::journal;
    use crate::progress::store::NewLearner;

    /// A lesson end and closing rewrite the snapshot and start a fresh journal after the writer
    /// had the journal open. Debug builds refuse to replace a file we hold open, as Windows does
    /// (see `durable`), so this fails if the writer still holds it.
    #[test]
    fn a_lesson_end_and_closing_replace_the_journal_only_once_it_is_closed() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let new = NewLearner {
            name: "Hoa".into(),
            ..Default::default()
        };
        let mut lf = store
            .create(new, "2026-11-30T08:00:00Z".parse().unwrap())
            .unwrap();
        let id = lf.profile.id.clone();
        let mut s = Session::start(&store, &lf).unwrap();
        // A setting is flushed at once, so the journal is open from here on.
        lf.settings.language = Some(Lang::En);
        s.record(&lf, Scope::All).unwrap();
        // A page turn, written after the frame, then the lesson ends.
        let lesson = lf.courses.entry("mau".into()).or_default();
        lesson
            .lessons
            .entry("mau-lam-quen".into())
            .or_default()
            .page = 2;
        s.record(&lf, Scope::All).unwrap();
        assert!(s.after_frame(&lf, true).is_empty());
        s.flush().unwrap();
        assert!(
            s.after_frame(&lf, false).is_empty(),
            "the compaction failed"
        );
        lf.settings.language = Some(Lang::Vi);
        s.record(&lf, Scope::All).unwrap();
        s.close(&lf).unwrap();
        let snapshot = std::fs::read(store.path_of(&id)).unwrap();
        let fresh = journal::read(store.dir(), &id).unwrap();
        assert!(journal::is_fresh(fresh.as_deref(), &id, &snapshot));
        assert_eq!(store.load(&id).unwrap().file, lf);
    }
}
