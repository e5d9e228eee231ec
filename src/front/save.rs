//! The shell's saves: an open learner's changes go to their journal ([`Session`]); answers are on
//! disk before their feedback is drawn, page turns are written after the frame.

use jiff::Timestamp;

use super::{Shell, log};
use crate::app::{Event, Screen};
use crate::progress::change::Scope;
use crate::progress::model::LearnerFile;
use crate::store::learners::StoreError;
use crate::store::writer::Session;

impl Shell {
    /// `Effect::Save`: record what changed. An answer's line is flushed while the next frame is
    /// drawn, and that frame waits for it ([`Shell::frame_may_show`]).
    pub(super) fn save(&mut self) {
        let Some(lf) = &self.app.learner else { return };
        // A step inside a lesson changes only the lesson on screen before and after it (and
        // its course's lists): only those are compared, whatever the learner's history.
        let now = self.app.current_lesson();
        let scope = match &self.lesson_before {
            Some(before) if before.is_some() || now.is_some() => Scope::Lessons {
                course: &self.app.course.id,
                lessons: [before.as_deref(), now],
            },
            _ => Scope::All,
        };
        let result = match self.session.as_mut() {
            Some(s) => {
                self.acks.extend(s.record_start(lf, scope));
                Ok(())
            }
            None => self.store.save(lf),
        };
        if let Err(e) = result {
            self.save_failed(&e);
        }
    }

    /// Called with the next frame drawn but not yet on screen: waits until every answer it shows
    /// is on disk. False when a line could not be written: the frame must not be shown (the
    /// learner sees the save error instead, and the snapshot is rewritten with everything).
    pub(super) fn frame_may_show(acks: Vec<crate::store::writer::Ack>) -> Result<(), StoreError> {
        let mut first = Ok(());
        for ack in acks {
            if let Err(e) = ack.wait() {
                first = first.and(Err(e));
            }
        }
        first
    }

    /// An answer's line handed over for the frame just drawn failed: say so.
    pub(super) fn frame_save_failed(&mut self, e: &StoreError) {
        if let Some(s) = self.session.as_mut() {
            s.failed();
        }
        self.save_failed(e);
    }

    /// Runs after every frame: page turns go to disk now, the snapshot is rewritten when a
    /// lesson was left, and the session note is refreshed now and then.
    pub(super) fn after_frame(&mut self) {
        let in_lesson = matches!(
            self.app.screen,
            Screen::Reader(_) | Screen::Quiz(_) | Screen::Summary(_)
        );
        let left = std::mem::replace(&mut self.in_lesson, in_lesson) && !in_lesson;
        let (Some(s), Some(lf)) = (self.session.as_mut(), &self.app.learner) else {
            return;
        };
        let errors = s.after_frame(lf, left);
        if let Some(e) = errors.first() {
            self.save_failed(e);
        }
        if let Some(lock) = self.lock.as_mut()
            && let Err(e) = lock.touch(Timestamp::now())
        {
            log(&self.data_dir, &format!("lock touch failed: {e}"));
        }
    }

    /// Starts the journal of a learner just opened.
    pub(super) fn start_session(&mut self, lf: &LearnerFile) {
        match Session::start(&self.store, lf) {
            Ok(s) => self.session = Some(s),
            Err(e) => {
                // Saves fall back on writing the whole file (and say so if that fails too).
                log(&self.data_dir, &format!("journal start failed: {e}"));
                self.session = None;
            }
        }
        self.in_lesson = false;
    }

    /// The learner leaves (back to the picker, or quitting): everything written and the
    /// snapshot rewritten before the lock is released.
    pub(super) fn end_session(&mut self, lf: &LearnerFile) {
        let result = match self.session.take() {
            Some(s) => s.close(lf),
            None => self.store.save(lf),
        };
        if let Err(e) = result {
            log(&self.data_dir, &format!("save on close failed: {e}"));
        }
    }

    fn save_failed(&mut self, e: &StoreError) {
        log(&self.data_dir, &format!("save failed: {e}"));
        let msg = format!(
            "{}\n{}",
            rust_i18n::t!("tui.error.save", locale = self.lang()),
            e.message(self.lang())
        );
        self.send(Event::Failed(msg));
    }
}
