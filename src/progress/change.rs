//! What changed between two versions of a learner file, as small records for the journal, and
//! applying them again. Pure: no I/O, no clock.
//!
//! [`diff`] is total: `apply(&mut old, &diff(&old, &new))` gives `new` for any two files (tested
//! with proptest). What the app does in one step — a page turn, an answer, a new attempt, a
//! setting — gives a few records of a few hundred bytes whatever the learner's history. Anything
//! unusual inside a lesson (an attempt or answer removed, attempts reordered) falls back on
//! writing that whole lesson; a whole course or lesson removed is one record.

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::model::{
    AnswerRecord, Attempt, CourseProgress, LearnerFile, LessonProgress, LessonStatus, Profile,
    Resume, ReviewAnswer, Settings,
};

/// One change. Field names are short: a journal line is written for every answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Op {
    /// Format, profile and settings (a settings change is one of these).
    Head {
        format: u32,
        profile: Profile,
        settings: Settings,
    },
    /// A lesson's own fields (status, page, time …), created when missing.
    Lesson {
        c: String,
        l: String,
        f: LessonFields,
    },
    /// An attempt's own fields, added at the end when new; its answers are kept.
    Attempt {
        c: String,
        l: String,
        a: AttemptHead,
    },
    /// One answer in an attempt.
    Answer {
        c: String,
        l: String,
        a: String,
        q: String,
        r: AnswerRecord,
    },
    /// Where "Tiếp tục" goes in a course (creates the course when missing).
    Resume {
        c: String,
        r: Option<Resume>,
    },
    /// One answer given in spaced review, added at the end of the course's review list.
    Review {
        c: String,
        r: ReviewAnswer,
    },
    /// The whole review list, when it did not just grow at the end.
    ReviewAll {
        c: String,
        v: Vec<ReviewAnswer>,
    },
    /// A whole lesson, when the small records cannot say what happened to it.
    LessonAll {
        c: String,
        l: String,
        p: LessonProgress,
    },
    DropLesson {
        c: String,
        l: String,
    },
    DropCourse {
        c: String,
    },
}

impl Op {
    /// True for changes that only move the reader (page, time, resume): these may be written
    /// after the next frame and flushed within a second. Everything else (answers, attempts,
    /// settings) is flushed before the learner sees its result.
    pub fn is_light(&self) -> bool {
        matches!(self, Op::Lesson { .. } | Op::Resume { .. })
    }
}

/// [`LessonProgress`] without its attempts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LessonFields {
    pub status: LessonStatus,
    pub page: usize,
    pub seconds: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_opened: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub best_score: Option<u8>,
    pub passed: bool,
}

/// [`Attempt`] without its answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttemptHead {
    pub id: String,
    pub started: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended: Option<Timestamp>,
    pub order: Vec<String>,
    /// Choice ids as shown, per question (see [`Attempt::choices`]).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub choices: BTreeMap<String, Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<u8>,
}

fn fields(l: &LessonProgress) -> LessonFields {
    LessonFields {
        status: l.status,
        page: l.page,
        seconds: l.seconds,
        first_opened: l.first_opened,
        completed: l.completed,
        best_score: l.best_score,
        passed: l.passed,
    }
}

fn head(a: &Attempt) -> AttemptHead {
    AttemptHead {
        id: a.id.clone(),
        started: a.started,
        ended: a.ended,
        order: a.order.clone(),
        choices: a.choices.clone(),
        score: a.score,
    }
}

/// Where the changes since the last record can be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope<'a> {
    /// Anywhere in the file.
    All,
    /// Only in these lessons of one course, that course's resume and review list, and the
    /// learner's profile and settings: what one step of the learner program inside a lesson can
    /// change (the lesson on screen before the step and after it).
    Lessons {
        course: &'a str,
        lessons: [Option<&'a str>; 2],
    },
}

/// The records that turn `old` into `new`.
pub fn diff(old: &LearnerFile, new: &LearnerFile) -> Vec<Op> {
    diff_in(old, new, Scope::All)
}

/// [`diff`], looking only where `scope` says changes can be: the same records when nothing
/// changed outside it, and a cost that does not grow with the rest of the learner's history.
pub fn diff_in(old: &LearnerFile, new: &LearnerFile, scope: Scope<'_>) -> Vec<Op> {
    let mut ops = Vec::new();
    if old.format != new.format || old.profile != new.profile || old.settings != new.settings {
        ops.push(Op::Head {
            format: new.format,
            profile: new.profile.clone(),
            settings: new.settings.clone(),
        });
    }
    match scope {
        Scope::All => {
            for c in old.courses.keys().filter(|c| !new.courses.contains_key(*c)) {
                ops.push(Op::DropCourse { c: c.clone() });
            }
            for (c, nc) in &new.courses {
                diff_course(c, old.courses.get(c), nc, None, &mut ops);
            }
        }
        Scope::Lessons { course, lessons } => match new.courses.get(course) {
            Some(nc) => {
                let mut only: Vec<&str> = lessons.into_iter().flatten().collect();
                only.sort_unstable();
                only.dedup();
                diff_course(course, old.courses.get(course), nc, Some(&only), &mut ops);
            }
            None if old.courses.contains_key(course) => ops.push(Op::DropCourse {
                c: course.to_string(),
            }),
            None => {}
        },
    }
    ops
}

/// One course's records; `only` (sorted) limits the lessons looked at.
fn diff_course(
    c: &str,
    oc: Option<&CourseProgress>,
    nc: &CourseProgress,
    only: Option<&[&str]>,
    ops: &mut Vec<Op>,
) {
    let empty = CourseProgress::default();
    let before = oc.unwrap_or(&empty);
    // Every lesson of either version, or only the ones in scope (both sorted, as the maps are).
    let every: Vec<&str>;
    let names = match only {
        Some(only) => only,
        None => {
            let mut all: Vec<&str> = before.lessons.keys().map(String::as_str).collect();
            all.extend(nc.lessons.keys().map(String::as_str));
            all.sort_unstable();
            all.dedup();
            every = all;
            &every[..]
        }
    };
    for l in names
        .iter()
        .filter(|l| before.lessons.contains_key(**l) && !nc.lessons.contains_key(**l))
    {
        ops.push(Op::DropLesson {
            c: c.to_string(),
            l: l.to_string(),
        });
    }
    for l in names {
        if let Some(nl) = nc.lessons.get(*l) {
            diff_lesson(c, l, before.lessons.get(*l), nl, ops);
        }
    }
    if before.review != nc.review {
        let n = before.review.len();
        if nc.review.len() > n && nc.review[..n] == before.review[..] {
            for r in &nc.review[n..] {
                ops.push(Op::Review {
                    c: c.to_string(),
                    r: r.clone(),
                });
            }
        } else {
            ops.push(Op::ReviewAll {
                c: c.to_string(),
                v: nc.review.clone(),
            });
        }
    }
    if oc.is_none() || before.resume != nc.resume {
        ops.push(Op::Resume {
            c: c.to_string(),
            r: nc.resume.clone(),
        });
    }
}

fn diff_lesson(
    c: &str,
    l: &str,
    old: Option<&LessonProgress>,
    new: &LessonProgress,
    ops: &mut Vec<Op>,
) {
    if old == Some(new) {
        return;
    }
    let old_attempts = old.map_or(&[][..], |o| &o.attempts[..]);
    // Attempts only ever get added at the end and answers only added or replaced: anything
    // else is written as the whole lesson.
    let ids: std::collections::BTreeSet<&str> =
        new.attempts.iter().map(|a| a.id.as_str()).collect();
    let appended = ids.len() == new.attempts.len()
        && old_attempts.len() <= new.attempts.len()
        && old_attempts
            .iter()
            .zip(&new.attempts)
            .all(|(o, n)| o.id == n.id && o.answers.keys().all(|q| n.answers.contains_key(q)));
    if !appended {
        ops.push(Op::LessonAll {
            c: c.to_string(),
            l: l.to_string(),
            p: new.clone(),
        });
        return;
    }
    let f = fields(new);
    if old.is_none_or(|o| fields(o) != f) {
        ops.push(Op::Lesson {
            c: c.to_string(),
            l: l.to_string(),
            f,
        });
    }
    for (i, n) in new.attempts.iter().enumerate() {
        let o = old_attempts.get(i);
        let h = head(n);
        if o.is_none_or(|o| head(o) != h) {
            ops.push(Op::Attempt {
                c: c.to_string(),
                l: l.to_string(),
                a: h,
            });
        }
        for (q, r) in &n.answers {
            if o.and_then(|o| o.answers.get(q)) != Some(r) {
                ops.push(Op::Answer {
                    c: c.to_string(),
                    l: l.to_string(),
                    a: n.id.clone(),
                    q: q.clone(),
                    r: r.clone(),
                });
            }
        }
    }
}

fn lesson<'a>(lf: &'a mut LearnerFile, c: &str, l: &str) -> &'a mut LessonProgress {
    lf.courses
        .entry(c.to_string())
        .or_default()
        .lessons
        .entry(l.to_string())
        .or_default()
}

/// Applies records in order.
pub fn apply(lf: &mut LearnerFile, ops: &[Op]) {
    for op in ops {
        apply_one(lf, op);
    }
}

fn apply_one(lf: &mut LearnerFile, op: &Op) {
    match op {
        Op::Head {
            format,
            profile,
            settings,
        } => {
            lf.format = *format;
            lf.profile = profile.clone();
            lf.settings = settings.clone();
        }
        Op::Lesson { c, l, f } => {
            let lp = lesson(lf, c, l);
            lp.status = f.status;
            lp.page = f.page;
            lp.seconds = f.seconds;
            lp.first_opened = f.first_opened;
            lp.completed = f.completed;
            lp.best_score = f.best_score;
            lp.passed = f.passed;
        }
        Op::Attempt { c, l, a } => {
            let lp = lesson(lf, c, l);
            match lp.attempts.iter_mut().find(|x| x.id == a.id) {
                Some(x) => {
                    x.started = a.started;
                    x.ended = a.ended;
                    x.order = a.order.clone();
                    x.choices = a.choices.clone();
                    x.score = a.score;
                }
                None => lp.attempts.push(Attempt {
                    id: a.id.clone(),
                    started: a.started,
                    ended: a.ended,
                    order: a.order.clone(),
                    choices: a.choices.clone(),
                    answers: BTreeMap::new(),
                    score: a.score,
                }),
            }
        }
        Op::Answer { c, l, a, q, r } => {
            let lp = lesson(lf, c, l);
            if let Some(x) = lp.attempts.iter_mut().find(|x| x.id == *a) {
                x.answers.insert(q.clone(), r.clone());
            }
        }
        Op::Resume { c, r } => lf.courses.entry(c.clone()).or_default().resume = r.clone(),
        Op::Review { c, r } => lf
            .courses
            .entry(c.clone())
            .or_default()
            .review
            .push(r.clone()),
        Op::ReviewAll { c, v } => lf.courses.entry(c.clone()).or_default().review = v.clone(),
        Op::LessonAll { c, l, p } => {
            lf.courses
                .entry(c.clone())
                .or_default()
                .lessons
                .insert(l.clone(), p.clone());
        }
        Op::DropLesson { c, l } => {
            if let Some(course) = lf.courses.get_mut(c) {
                course.lessons.remove(l);
            }
        }
        Op::DropCourse { c } => {
            lf.courses.remove(c);
        }
    }
}
