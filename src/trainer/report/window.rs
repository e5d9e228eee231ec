//! `--since` / `--until`: a learner file cut down to what happened in a time window (one class
//! session, a week), so every figure of the report is about that window. Pure.

use jiff::Timestamp;

use crate::course::Course;
use crate::progress::model::{LearnerFile, LessonStatus};

/// A time window; either end may be open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Window {
    pub since: Option<Timestamp>,
    pub until: Option<Timestamp>,
}

impl Window {
    pub fn is_all(&self) -> bool {
        self.since.is_none() && self.until.is_none()
    }

    pub fn contains(&self, t: Timestamp) -> bool {
        self.since.is_none_or(|s| t >= s) && self.until.is_none_or(|u| t <= u)
    }
}

/// The file with only the activity inside `w`: attempts started in it, completion in it, the
/// resume point if set in it. A lesson with nothing in the window is left out; a lesson counts as
/// passed when it was completed, or a quiz passed, in the window. Time spent has no per-session
/// record, so a lesson active in the window keeps its whole time.
pub fn clip(course: &Course, file: &LearnerFile, w: Window) -> LearnerFile {
    if w.is_all() {
        return file.clone();
    }
    let mut out = file.clone();
    for progress in out.courses.values_mut() {
        let resume_lesson = progress
            .resume
            .as_ref()
            .filter(|r| w.contains(r.at))
            .map(|r| r.lesson.clone());
        progress.resume = progress.resume.take().filter(|r| w.contains(r.at));
        progress.lessons.retain(|id, lp| {
            lp.attempts.retain(|a| w.contains(a.started));
            lp.first_opened = lp.first_opened.filter(|t| w.contains(*t));
            lp.completed = lp.completed.filter(|t| w.contains(*t));
            let active = !lp.attempts.is_empty()
                || lp.first_opened.is_some()
                || lp.completed.is_some()
                || resume_lesson.as_deref() == Some(id.as_str());
            if !active {
                return false;
            }
            let pass_mark = course.lesson(id).map(|l| l.quiz.pass_mark);
            lp.best_score = lp.attempts.iter().filter_map(|a| a.score).max();
            let quiz_passed = pass_mark.is_some_and(|m| lp.best_score.is_some_and(|s| s >= m));
            lp.passed = quiz_passed || (lp.passed && lp.completed.is_some());
            lp.status = if lp.completed.is_some() || lp.passed {
                LessonStatus::Done
            } else {
                LessonStatus::InProgress
            };
            true
        });
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn window_ends_are_inclusive_and_open() {
        let t = |s: i64| Timestamp::from_second(s).unwrap();
        let w = Window {
            since: Some(t(10)),
            until: Some(t(20)),
        };
        assert!(w.contains(t(10)) && w.contains(t(20)));
        assert!(!w.contains(t(9)) && !w.contains(t(21)));
        assert!(Window::default().contains(t(0)));
    }
}
