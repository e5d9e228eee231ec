//! Joining two copies of one learner's progress (USB stick, Zalo, two classroom PCs), and the
//! summary shown by `hocso learners` and the trainer's report. Pure: no I/O, no clock.
//!
//! [`merge`] is a join: idempotent, commutative and associative, so importing the same file
//! twice, or files in any order, gives the same result, and nothing is ever lost:
//! attempts are unioned by id, answers by question id, completion is kept once reached, the best
//! score is the maximum, the resume position is the latest. Where two copies disagree and there
//! is no time to decide (e.g. the display name), a fixed order picks one so the laws still hold.

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;

use jiff::Timestamp;

use super::model::{
    AnswerRecord, Attempt, CourseProgress, LearnerFile, LessonProgress, LessonStatus,
    PROGRESS_FORMAT, Profile, Resume, ReviewAnswer, Settings,
};

/// Merges two copies of the same learner (same `profile.id`; the caller checks that).
pub fn merge(a: &LearnerFile, b: &LearnerFile) -> LearnerFile {
    LearnerFile {
        format: a.format.max(b.format).max(PROGRESS_FORMAT),
        profile: merge_profile(&a.profile, &b.profile),
        settings: pick(&a.settings, &b.settings, settings_key),
        courses: union(&a.courses, &b.courses, merge_course),
    }
}

/// `merge(file, file)`: one copy sorted and deduplicated (attempts by id in time order, review
/// answers one per moment and question), without joining every record with itself — the same
/// result, since the join is idempotent, for a fraction of the work (the sync normalises every
/// file it sends).
pub fn normal(file: &LearnerFile) -> LearnerFile {
    let course = |c: &CourseProgress| CourseProgress {
        lessons: c
            .lessons
            .iter()
            .map(|(id, l)| (id.clone(), normal_lesson(l)))
            .collect(),
        resume: c.resume.clone(),
        review: merge_review(&c.review, &[]),
    };
    LearnerFile {
        format: file.format.max(PROGRESS_FORMAT),
        profile: file.profile.clone(),
        settings: file.settings.clone(),
        courses: file
            .courses
            .iter()
            .map(|(id, c)| (id.clone(), course(c)))
            .collect(),
    }
}

/// [`merge_lesson`] of a lesson with itself: only attempts that share an id are joined.
fn normal_lesson(l: &LessonProgress) -> LessonProgress {
    LessonProgress {
        status: l.status,
        page: l.page,
        seconds: l.seconds,
        first_opened: l.first_opened,
        completed: l.completed,
        attempts: join_attempts(&l.attempts, &[]),
        best_score: l.best_score,
        passed: l.passed,
    }
}

fn merge_profile(a: &Profile, b: &Profile) -> Profile {
    let key = |p: &Profile| (p.id.clone(), p.name.clone(), p.birth_year, p.group.clone());
    let mut p = pick(a, b, key);
    p.created = a.created.min(b.created);
    p
}

fn settings_key(s: &Settings) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

fn merge_course(a: &CourseProgress, b: &CourseProgress) -> CourseProgress {
    CourseProgress {
        lessons: union(&a.lessons, &b.lessons, merge_lesson),
        resume: max_opt(&a.resume, &b.resume, |r: &Resume| (r.at, r.clone())),
        review: merge_review(&a.review, &b.review),
    }
}

/// Review answers are events: the union, one per (time, lesson, question), in time order. Two
/// copies that disagree about the same event (impossible unless edited) keep the larger one.
fn merge_review(a: &[ReviewAnswer], b: &[ReviewAnswer]) -> Vec<ReviewAnswer> {
    let mut all: BTreeMap<(Timestamp, &str, &str), &ReviewAnswer> = BTreeMap::new();
    for r in a.iter().chain(b) {
        let key = (r.at, r.lesson.as_str(), r.question.as_str());
        match all.entry(key) {
            Entry::Vacant(v) => {
                v.insert(r);
            }
            Entry::Occupied(mut o) => {
                let rank = |x: &ReviewAnswer| (x.correct, x.answer.clone());
                if rank(r) > rank(o.get()) {
                    o.insert(r);
                }
            }
        }
    }
    all.into_values().cloned().collect()
}

/// The attempts of both lists, those sharing an id joined, in time order.
fn join_attempts(a: &[Attempt], b: &[Attempt]) -> Vec<Attempt> {
    let mut attempts: BTreeMap<&str, Attempt> = BTreeMap::new();
    for at in a.iter().chain(b) {
        match attempts.entry(&at.id) {
            Entry::Vacant(v) => {
                v.insert(at.clone());
            }
            Entry::Occupied(mut o) => {
                let merged = merge_attempt(o.get(), at);
                o.insert(merged);
            }
        }
    }
    let mut attempts: Vec<Attempt> = attempts.into_values().collect();
    attempts.sort_by(|x, y| x.started.cmp(&y.started).then_with(|| x.id.cmp(&y.id)));
    attempts
}

fn merge_lesson(a: &LessonProgress, b: &LessonProgress) -> LessonProgress {
    let attempts = join_attempts(&a.attempts, &b.attempts);
    LessonProgress {
        status: a.status.max(b.status),
        page: a.page.max(b.page),
        // Time spent is a total without per-session records; the maximum is the only choice that
        // stays idempotent (it may under-count time spent on two PCs).
        seconds: a.seconds.max(b.seconds),
        first_opened: min_opt(a.first_opened, b.first_opened),
        completed: min_opt(a.completed, b.completed),
        attempts,
        best_score: a.best_score.max(b.best_score),
        passed: a.passed || b.passed,
    }
}

fn merge_attempt(a: &Attempt, b: &Attempt) -> Attempt {
    Attempt {
        id: a.id.clone(),
        started: a.started.min(b.started),
        ended: a.ended.max(b.ended),
        order: pick(&a.order, &b.order, |o| (o.len(), o.clone())),
        // Both copies drew the same permutations when the attempt started; should they differ
        // (an edited file), one whole set is kept, so every question keeps one order.
        choices: pick(&a.choices, &b.choices, |c| (c.len(), c.clone())),
        answers: union(&a.answers, &b.answers, |x, y| pick(x, y, answer_key)),
        score: a.score.max(b.score),
    }
}

/// Later answer wins; ties broken by content so the choice does not depend on argument order.
fn answer_key(r: &AnswerRecord) -> (Timestamp, String) {
    (r.at, serde_json::to_string(r).unwrap_or_default())
}

/// Union of two maps, joining values present in both.
fn union<V: Clone>(
    a: &BTreeMap<String, V>,
    b: &BTreeMap<String, V>,
    join: impl Fn(&V, &V) -> V,
) -> BTreeMap<String, V> {
    let mut out = a.clone();
    for (k, v) in b {
        let joined = match out.get(k) {
            Some(mine) => join(mine, v),
            None => v.clone(),
        };
        out.insert(k.clone(), joined);
    }
    out
}

/// The larger of two values by `key` (a total order, so the pick is commutative).
fn pick<T: Clone, K: Ord>(a: &T, b: &T, key: impl Fn(&T) -> K) -> T {
    if key(b) > key(a) {
        b.clone()
    } else {
        a.clone()
    }
}

fn max_opt<T: Clone, K: Ord>(a: &Option<T>, b: &Option<T>, key: impl Fn(&T) -> K) -> Option<T> {
    match (a, b) {
        (Some(x), Some(y)) => Some(pick(x, y, key)),
        (x, None) => x.clone(),
        (None, y) => y.clone(),
    }
}

fn min_opt(a: Option<Timestamp>, b: Option<Timestamp>) -> Option<Timestamp> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    }
}

/// One line of `hocso learners` / the picker / the trainer's report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LearnerSummary {
    pub id: String,
    pub name: String,
    pub birth_year: Option<u16>,
    /// Thôn / lớp.
    pub group: Option<String>,
    /// Latest time anything happened (created, opened, answered, completed, resumed).
    pub last_activity: Timestamp,
    /// Lessons with status done, all courses together.
    pub lessons_done: usize,
    /// False for a learner who has not opened any lesson yet (e.g. just imported from a roster).
    pub studied: bool,
}

/// Summarises a learner file.
pub fn summary(file: &LearnerFile) -> LearnerSummary {
    let mut last = file.profile.created;
    let mut done = 0;
    for course in file.courses.values() {
        if let Some(r) = &course.resume {
            last = last.max(r.at);
        }
        for lesson in course.lessons.values() {
            done += usize::from(lesson.status == LessonStatus::Done);
            for t in lesson.first_opened.iter().chain(&lesson.completed) {
                last = last.max(*t);
            }
            for at in &lesson.attempts {
                last = last.max(at.started).max(at.ended.unwrap_or(at.started));
                for ans in at.answers.values() {
                    last = last.max(ans.at);
                }
            }
        }
    }
    LearnerSummary {
        studied: file.courses.values().any(|c| !c.lessons.is_empty()),
        id: file.profile.id.clone(),
        name: file.profile.name.clone(),
        birth_year: file.profile.birth_year,
        group: file.profile.group.clone(),
        last_activity: last,
        lessons_done: done,
    }
}

/// Joins `other` — the same person under another id (created from a class list on this PC and
/// at home, say) — into `keep`. Progress is joined exactly as [`merge`] joins two copies; the
/// result is `keep`'s learner (id, name as written there), with a year of birth or thôn/lớp
/// that only `other` knew filled in, and the earlier creation time.
pub fn join_into(keep: &LearnerFile, other: &LearnerFile) -> LearnerFile {
    let mut other = other.clone();
    let theirs = std::mem::replace(&mut other.profile, keep.profile.clone());
    let mut out = merge(keep, &other);
    out.profile = keep.profile.clone();
    out.profile.birth_year = keep.profile.birth_year.or(theirs.birth_year);
    if out.profile.group.is_none() {
        out.profile.group = theirs.group;
    }
    out.profile.created = keep.profile.created.min(theirs.created);
    out
}
