//! Certificates ("Giấy chứng nhận"): who has earned one, the verification code, the PDF.
//!
//! A learner earns a certificate by passing every lesson of the modules that `course.yaml`
//! lists under `required_modules` (all modules when the list is empty). [`standing`] is pure;
//! [`code`] keeps the register of issued certificates and their codes, [`keys`] the unit's
//! secret; [`pdf`] draws the A4 pages (one per learner) with an embedded, subset font.

pub mod code;
pub mod fonts;
pub mod keys;
mod layout;
pub mod pdf;

use jiff::Timestamp;

use crate::course::model::{Course, Module};
use crate::progress::model::{LearnerFile, LessonProgress, LessonStatus};

/// A module the learner has passed, and when the last of its lessons was passed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleDone {
    pub id: String,
    pub title: String,
    pub completed: Timestamp,
}

/// A required module not passed yet, with the titles of the lessons still to pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleMissing {
    pub id: String,
    pub title: String,
    pub lessons_left: Vec<String>,
}

/// Where a learner stands towards the certificate.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Standing {
    /// Every module passed (required or not), in course order.
    pub done: Vec<ModuleDone>,
    /// Required modules not passed yet; empty means the certificate is earned.
    pub missing: Vec<ModuleMissing>,
}

impl Standing {
    pub fn earned(&self) -> bool {
        self.missing.is_empty() && !self.done.is_empty()
    }
}

/// The modules a certificate requires: those named in `course.yaml`, or all of them.
pub fn required(course: &Course) -> Vec<&Module> {
    course
        .modules
        .iter()
        .filter(|m| course.required_modules.is_empty() || course.required_modules.contains(&m.id))
        .collect()
}

/// When a lesson counts as passed: its quiz passed, or (no quiz) read to the end.
fn passed_at(lesson_has_quiz: bool, lp: &LessonProgress) -> Option<Timestamp> {
    let ok = if lesson_has_quiz {
        lp.passed
    } else {
        lp.status == LessonStatus::Done
    };
    if !ok {
        return None;
    }
    let ended = lp.attempts.iter().filter_map(|a| a.ended).max();
    lp.completed.or(ended).or(lp.first_opened)
}

/// What the learner has passed and what a certificate still needs.
pub fn standing(course: &Course, file: &LearnerFile) -> Standing {
    let progress = file.courses.get(&course.id);
    let required: Vec<&str> = required(course).iter().map(|m| m.id.as_str()).collect();
    let mut out = Standing::default();
    for module in &course.modules {
        let mut last: Option<Timestamp> = None;
        let mut left = Vec::new();
        for lesson in &module.lessons {
            let has_quiz = !lesson.quiz.questions.is_empty();
            let at = progress
                .and_then(|p| p.lessons.get(&lesson.id))
                .and_then(|lp| passed_at(has_quiz, lp));
            match at {
                Some(at) => last = Some(last.map_or(at, |l| l.max(at))),
                None => left.push(lesson.title.clone()),
            }
        }
        match (left.is_empty(), last) {
            (true, Some(completed)) => out.done.push(ModuleDone {
                id: module.id.clone(),
                title: module.title.clone(),
                completed,
            }),
            _ if required.contains(&module.id.as_str()) => out.missing.push(ModuleMissing {
                id: module.id.clone(),
                title: module.title.clone(),
                lessons_left: left,
            }),
            _ => {}
        }
    }
    out
}
