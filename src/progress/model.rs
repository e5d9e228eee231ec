//! The learner file: profile, settings and progress per course, keyed by ids.
//!
//! Everything is keyed by course, lesson, question and choice ids, never by position, so a
//! trainer reordering a lesson cannot shift anyone's answers. Records whose ids the course no
//! longer has are kept (see [`super::orphans`]). Two copies join with [`super::merge::merge`].
//! The JSON written by [`super::store`] is this struct with serde's field names; `format` says
//! which version wrote it and a newer one is never overwritten. Pure: no I/O, no clock.

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::quiz::Answer;
use crate::ui::lang::Lang;

/// The newest learner file format this build writes.
pub const PROGRESS_FORMAT: u32 = 1;

/// Everything hocso knows about one learner; one JSON file in the data folder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LearnerFile {
    pub format: u32,
    pub profile: Profile,
    #[serde(default)]
    pub settings: Settings,
    /// Course id → progress in that course.
    #[serde(default)]
    pub courses: BTreeMap<String, CourseProgress>,
}

/// Who the learner is. Identity lives here, not in the OS account (classroom PCs are shared).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    /// Stable id, also part of the file name (ASCII slug + short random part).
    pub id: String,
    /// Display name as the learner wrote it (NFC), e.g. "Nguyễn Thị Hoa".
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_year: Option<u16>,
    /// Thôn / lớp: tells same-name learners apart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    pub created: Timestamp,
}

/// Per-learner settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Lang>,
    #[serde(default)]
    pub theme: Theme,
}

/// Colour theme.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    #[default]
    Default,
    /// For projectors and weak eyes.
    HighContrast,
}

/// Progress in one course.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CourseProgress {
    /// Lesson id → progress.
    #[serde(default)]
    pub lessons: BTreeMap<String, LessonProgress>,
    /// Where "Tiếp tục" takes the learner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resume: Option<Resume>,
    /// Answers given in spaced review ("Ôn tập"), oldest first. The review schedule is worked
    /// out from these and the quiz answers (see [`super::review`]), so merging is a union.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub review: Vec<ReviewAnswer>,
}

/// One question answered in spaced review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewAnswer {
    pub lesson: String,
    pub question: String,
    pub answer: Answer,
    pub correct: bool,
    pub at: Timestamp,
}

/// Where the learner stopped.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Resume {
    pub lesson: String,
    pub place: Place,
    pub at: Timestamp,
}

/// A place inside a lesson.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "at", rename_all = "snake_case")]
pub enum Place {
    /// Reading page (0-based).
    Page { page: usize },
    /// In a quiz attempt, at a question.
    Question { attempt: String, question: String },
    /// On the quiz summary of an attempt.
    Summary { attempt: String },
}

/// Status of a lesson.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LessonStatus {
    #[default]
    NotStarted,
    InProgress,
    Done,
}

/// Progress in one lesson.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LessonProgress {
    #[serde(default)]
    pub status: LessonStatus,
    /// Page shown last (0-based).
    #[serde(default)]
    pub page: usize,
    /// Seconds spent in the lesson, all sessions together.
    #[serde(default)]
    pub seconds: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_opened: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed: Option<Timestamp>,
    /// Quiz attempts, oldest first.
    #[serde(default)]
    pub attempts: Vec<Attempt>,
    /// Best score over finished attempts, percent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub best_score: Option<u8>,
    #[serde(default)]
    pub passed: bool,
}

/// One go at a quiz (all questions, or a retry of the missed ones).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attempt {
    /// Unique id (random), so attempts from two machines merge without clashing.
    pub id: String,
    pub started: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended: Option<Timestamp>,
    /// Question ids in the order shown (a retry lists only the missed ones).
    pub order: Vec<String>,
    /// Question id → its choice ids in the order shown, for the `one`/`many` questions whose
    /// choices are shuffled. Drawn once when the attempt starts and stored, never re-derived from
    /// a seed, so resuming (even after an upgrade) shows the same order. A question missing here
    /// (older files, `shuffle: false`) shows its choices in file order.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub choices: BTreeMap<String, Vec<String>>,
    /// Question id → what happened.
    #[serde(default)]
    pub answers: BTreeMap<String, AnswerRecord>,
    /// Score in percent once finished.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<u8>,
}

/// One answered question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnswerRecord {
    pub answer: Answer,
    pub correct: bool,
    /// How many hints were opened.
    #[serde(default)]
    pub hints: u32,
    /// Choice / item / right-side ids in the order shown, when they were shuffled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shown: Vec<String>,
    pub at: Timestamp,
}

impl LearnerFile {
    /// Clears progress (all of it, or one lesson in every course), keeping profile and settings.
    /// Returns whether anything changed. The store keeps a backup before saving the result.
    pub fn reset(&mut self, lesson: Option<&str>) -> bool {
        match lesson {
            None => {
                let changed = !self.courses.is_empty();
                self.courses.clear();
                changed
            }
            Some(lesson) => {
                let mut changed = false;
                for course in self.courses.values_mut() {
                    changed |= course.lessons.remove(lesson).is_some();
                    let before = course.review.len();
                    course.review.retain(|r| r.lesson != lesson);
                    changed |= course.review.len() != before;
                    if course.resume.as_ref().is_some_and(|r| r.lesson == lesson) {
                        course.resume = None;
                        changed = true;
                    }
                }
                changed
            }
        }
    }
}
