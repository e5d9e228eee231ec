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
    /// `Effect::Save`: record what changed. The same for every front end: an answer's line is
    /// on disk when this returns, and only then does the app hear `Saved` and show the feedback
    /// ([`crate::app::quiz::saved`]). A failed save is told at once, at every failed answer,
    /// and the answer stays in memory for the next try.
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
            Some(s) => s.record(lf, scope),
            None => self.store.save(lf),
        };
        match result {
            Ok(()) => self.send(Event::Saved),
            Err(e) => self.save_failed(&e),
        }
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

    /// Another session took this learner over: nothing more is written into its files, what
    /// this session holds is kept aside in a file of its own, and the learner is told.
    fn taken_over(&mut self) {
        if let Some(lock) = self.lock.as_mut() {
            lock.mark_lost();
        }
        let Some(lf) = self.app.learner.clone() else {
            return;
        };
        let lang = self.lang();
        let kept = match self.store.keep_unsaved(&lf) {
            Ok(path) => rust_i18n::t!("durable.kept_aside", locale = lang, path = path.display()),
            Err(e) => {
                log(
                    &self.data_dir,
                    &format!("keeping unsaved answers aside failed: {e}"),
                );
                rust_i18n::t!("durable.not_kept", locale = lang)
            }
        };
        log(
            &self.data_dir,
            &format!("{}: taken over by another session", lf.profile.id),
        );
        let msg = format!(
            "{}\n{kept}",
            rust_i18n::t!("durable.taken_over", locale = lang)
        );
        // The learner leaves this session: back to the picker (the lock is let go without
        // touching the other session's note).
        self.session = None;
        self.lock = None;
        self.app.learner = None;
        self.app.review = None;
        self.app.back_to = None;
        self.app.screen = crate::app::Screen::Picker(crate::app::Picker::default());
        let (list, _) = self.store.list();
        self.send(Event::Learners(list));
        self.send(Event::SaveFailed(msg));
    }

    /// Starts the journal of a learner just opened.
    pub(super) fn start_session(&mut self, lf: &LearnerFile) {
        let owner = self.lock.as_ref().map(|l| l.owner());
        match Session::start_owned(&self.store, lf, owner) {
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
    /// snapshot rewritten before the lock is released. `Some(message)` when the work could not
    /// be written because another session took the learner over (what this one held is kept
    /// aside): the learner is told that instead of "Đã lưu bài".
    pub(super) fn end_session(&mut self, lf: &LearnerFile) -> Option<String> {
        let lost = self.lock.as_ref().is_some_and(|l| !l.still_ours());
        let result = match self.session.take() {
            Some(s) if !lost => s.close(lf),
            Some(s) => {
                drop(s);
                Err(StoreError::TakenOver)
            }
            None if lost => Err(StoreError::TakenOver),
            None => self.store.save(lf),
        };
        let e = result.err()?;
        log(&self.data_dir, &format!("save on close failed: {e}"));
        // Anything else: every answer is already in the journal, which the next start reads.
        if !matches!(e, StoreError::TakenOver) {
            return None;
        }
        if let Some(lock) = self.lock.as_mut() {
            lock.mark_lost();
        }
        let lang = self.lang();
        let kept = match self.store.keep_unsaved(lf) {
            Ok(p) => {
                log(&self.data_dir, &format!("kept aside: {}", p.display()));
                rust_i18n::t!("durable.kept_aside", locale = lang, path = p.display())
            }
            Err(e) => {
                log(&self.data_dir, &format!("keeping aside failed: {e}"));
                rust_i18n::t!("durable.not_kept", locale = lang)
            }
        };
        Some(format!(
            "{}\n{kept}",
            rust_i18n::t!("durable.taken_over", locale = lang)
        ))
    }

    fn save_failed(&mut self, e: &StoreError) {
        self.save_failures = self.save_failures.wrapping_add(1);
        log(&self.data_dir, &format!("save failed: {e}"));
        if matches!(e, StoreError::TakenOver) {
            self.taken_over();
            return;
        }
        let lang = self.lang();
        let msg = rust_i18n::t!("durable.unsaved", locale = lang, reason = e.reason(lang));
        self.send(Event::SaveFailed(msg.into_owned()));
    }
}
