//! A learner file as database rows and back, losslessly (`from_rows(to_rows(f)) == f` for a
//! normalised file), plus what one learner adds to the per-question statistics.
//!
//! No I/O here: [`super::db`] reads and writes these rows.

use std::collections::{BTreeMap, BTreeSet};

use jiff::Timestamp;
use sha2::{Digest, Sha256};

use crate::progress::merge::{normal, summary};
use crate::progress::model::{
    AnswerRecord, Attempt, CourseProgress, LearnerFile, LessonProgress, LessonStatus, Profile,
    Resume, ReviewAnswer,
};

/// The `learners` row.
#[derive(Debug, Clone, PartialEq)]
pub struct LearnerRow {
    pub id: String,
    pub name: String,
    pub birth_year: Option<i16>,
    pub group: Option<String>,
    pub created_ns: i64,
    pub format: i32,
    pub settings: serde_json::Value,
    pub last_activity_ns: i64,
}

/// A `lesson_progress` row (key: course, lesson).
#[derive(Debug, Clone, PartialEq)]
pub struct LessonRow {
    pub status: i16,
    pub page: i64,
    pub seconds: i64,
    pub first_opened_ns: Option<i64>,
    pub completed_ns: Option<i64>,
    pub best_score: Option<i16>,
    pub passed: bool,
}

/// An `attempts` row (key: course, lesson, attempt).
#[derive(Debug, Clone, PartialEq)]
pub struct AttemptRow {
    pub started_ns: i64,
    pub ended_ns: Option<i64>,
    pub order: Vec<String>,
    /// Question id → its choice ids in the order shown (`Attempt::choices`), as a JSON object;
    /// `None` when no question of the attempt had its choices shuffled.
    pub choices: Option<serde_json::Value>,
    pub score: Option<i16>,
}

/// An `answers` row (key: course, lesson, attempt, question).
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerRow {
    pub answer: serde_json::Value,
    pub correct: bool,
    pub hints: i32,
    pub shown: Vec<String>,
    pub at_ns: i64,
}

pub type LessonKey = (String, String);
pub type AttemptKey = (String, String, String);
pub type AnswerKey = (String, String, String, String);

/// One learner, table by table.
#[derive(Debug, Clone, PartialEq)]
pub struct Rows {
    pub learner: LearnerRow,
    /// Course id → (resume (JSON of [`Resume`]), review answers (JSON list)).
    pub courses: BTreeMap<String, (Option<serde_json::Value>, serde_json::Value)>,
    pub lessons: BTreeMap<LessonKey, LessonRow>,
    pub attempts: BTreeMap<AttemptKey, AttemptRow>,
    pub answers: BTreeMap<AnswerKey, AnswerRow>,
}

/// Per-question contribution of one learner: (learners, wrong at first try, answers).
pub type QuestionStats = BTreeMap<AnswerKeyQ, (i64, i64, i64)>;
/// (course, lesson, question).
pub type AnswerKeyQ = (String, String, String);

/// A stored row that does not make a learner file (hand-edited database).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct RowError(pub String);

/// Nanoseconds since 1970, saturated to `i64` (good until the year 2262).
pub fn ns(t: Timestamp) -> i64 {
    i64::try_from(t.as_nanosecond()).unwrap_or(if t.as_nanosecond() < 0 {
        i64::MIN
    } else {
        i64::MAX
    })
}

/// The timestamp of `ns`.
pub fn ts(ns: i64) -> Result<Timestamp, RowError> {
    Timestamp::from_nanosecond(i128::from(ns)).map_err(|e| RowError(e.to_string()))
}

/// Sorted, deduplicated form of a file (`merge(file, file)`): what the database holds and what
/// is hashed.
pub fn normalise(file: &LearnerFile) -> LearnerFile {
    normal(file)
}

/// SHA-256 (hex) of the normalised file: equal hashes, equal progress.
pub fn content_hash(file: &LearnerFile) -> String {
    hash_normal(&normalise(file))
}

/// [`content_hash`] of a file already normalised (by [`normalise`] or [`from_rows`]).
pub fn hash_normal(file: &LearnerFile) -> String {
    // Serialised straight into the hash: no copy of the whole file's JSON on the heap.
    let mut hasher = Sha256::new();
    let _ = serde_json::to_writer(&mut hasher, file);
    let digest = hasher.finalize();
    let mut hex = String::with_capacity(digest.len() * 2);
    for b in digest {
        hex.push(char::from(HEX[usize::from(b >> 4)]));
        hex.push(char::from(HEX[usize::from(b & 15)]));
    }
    hex
}

const HEX: &[u8; 16] = b"0123456789abcdef";

fn status_code(s: LessonStatus) -> i16 {
    match s {
        LessonStatus::NotStarted => 0,
        LessonStatus::InProgress => 1,
        LessonStatus::Done => 2,
    }
}

fn status_of(code: i16) -> LessonStatus {
    match code {
        2.. => LessonStatus::Done,
        1 => LessonStatus::InProgress,
        _ => LessonStatus::NotStarted,
    }
}

/// The rows of a learner file (normalised first).
pub fn to_rows(file: &LearnerFile) -> Rows {
    rows_of_normal(&normalise(file))
}

/// [`to_rows`] of a file already normalised.
pub fn rows_of_normal(file: &LearnerFile) -> Rows {
    let p = &file.profile;
    let learner = LearnerRow {
        id: p.id.clone(),
        name: p.name.clone(),
        birth_year: p.birth_year.and_then(|y| i16::try_from(y).ok()),
        group: p.group.clone(),
        created_ns: ns(p.created),
        format: i32::try_from(file.format).unwrap_or(i32::MAX),
        settings: serde_json::to_value(&file.settings).unwrap_or_default(),
        last_activity_ns: ns(summary(file).last_activity),
    };
    let mut rows = Rows {
        learner,
        courses: BTreeMap::new(),
        lessons: BTreeMap::new(),
        attempts: BTreeMap::new(),
        answers: BTreeMap::new(),
    };
    for (cid, course) in &file.courses {
        let resume = course
            .resume
            .as_ref()
            .and_then(|r| serde_json::to_value(r).ok());
        let review = serde_json::to_value(&course.review)
            .unwrap_or_else(|_| serde_json::Value::Array(Vec::new()));
        rows.courses.insert(cid.clone(), (resume, review));
        for (lid, lp) in &course.lessons {
            rows.lessons.insert(
                (cid.clone(), lid.clone()),
                LessonRow {
                    status: status_code(lp.status),
                    page: i64::try_from(lp.page).unwrap_or(i64::MAX),
                    seconds: i64::try_from(lp.seconds).unwrap_or(i64::MAX),
                    first_opened_ns: lp.first_opened.map(ns),
                    completed_ns: lp.completed.map(ns),
                    best_score: lp.best_score.map(i16::from),
                    passed: lp.passed,
                },
            );
            for a in &lp.attempts {
                let akey = (cid.clone(), lid.clone(), a.id.clone());
                rows.attempts.insert(
                    akey.clone(),
                    AttemptRow {
                        started_ns: ns(a.started),
                        ended_ns: a.ended.map(ns),
                        order: a.order.clone(),
                        choices: choices_json(&a.choices),
                        score: a.score.map(i16::from),
                    },
                );
                for (qid, r) in &a.answers {
                    rows.answers.insert(
                        (akey.0.clone(), akey.1.clone(), akey.2.clone(), qid.clone()),
                        AnswerRow {
                            answer: serde_json::to_value(&r.answer).unwrap_or_default(),
                            correct: r.correct,
                            hints: i32::try_from(r.hints).unwrap_or(i32::MAX),
                            shown: r.shown.clone(),
                            at_ns: ns(r.at),
                        },
                    );
                }
            }
        }
    }
    rows
}

/// The learner file the rows describe.
pub fn from_rows(rows: &Rows) -> Result<LearnerFile, RowError> {
    let l = &rows.learner;
    let bad = |e: serde_json::Error| RowError(e.to_string());
    let mut file = LearnerFile {
        format: u32::try_from(l.format).unwrap_or(0),
        profile: Profile {
            id: l.id.clone(),
            name: l.name.clone(),
            birth_year: l.birth_year.and_then(|y| u16::try_from(y).ok()),
            group: l.group.clone(),
            created: ts(l.created_ns)?,
        },
        settings: serde_json::from_value(l.settings.clone()).map_err(bad)?,
        courses: BTreeMap::new(),
    };
    for (cid, (resume, review)) in &rows.courses {
        let resume: Option<Resume> = match resume {
            Some(v) => Some(serde_json::from_value(v.clone()).map_err(bad)?),
            None => None,
        };
        let review: Vec<ReviewAnswer> = serde_json::from_value(review.clone()).map_err(bad)?;
        file.courses.insert(
            cid.clone(),
            CourseProgress {
                lessons: BTreeMap::new(),
                resume,
                review,
            },
        );
    }
    for ((cid, lid), r) in &rows.lessons {
        let course = file.courses.entry(cid.clone()).or_default();
        course.lessons.insert(
            lid.clone(),
            LessonProgress {
                status: status_of(r.status),
                page: usize::try_from(r.page).unwrap_or(0),
                seconds: u64::try_from(r.seconds).unwrap_or(0),
                first_opened: r.first_opened_ns.map(ts).transpose()?,
                completed: r.completed_ns.map(ts).transpose()?,
                attempts: Vec::new(),
                best_score: r.best_score.and_then(|s| u8::try_from(s).ok()),
                passed: r.passed,
            },
        );
    }
    let mut attempts: BTreeMap<AttemptKey, Attempt> = BTreeMap::new();
    for (key, r) in &rows.attempts {
        attempts.insert(
            key.clone(),
            Attempt {
                id: key.2.clone(),
                started: ts(r.started_ns)?,
                ended: r.ended_ns.map(ts).transpose()?,
                order: r.order.clone(),
                choices: match &r.choices {
                    Some(v) => serde_json::from_value(v.clone()).map_err(bad)?,
                    None => BTreeMap::new(),
                },
                answers: BTreeMap::new(),
                score: r.score.and_then(|s| u8::try_from(s).ok()),
            },
        );
    }
    for ((c, l, a, q), r) in &rows.answers {
        let Some(attempt) = attempts.get_mut(&(c.clone(), l.clone(), a.clone())) else {
            return Err(RowError(format!("answer without attempt {c}/{l}/{a}")));
        };
        attempt.answers.insert(
            q.clone(),
            AnswerRecord {
                answer: serde_json::from_value(r.answer.clone()).map_err(bad)?,
                correct: r.correct,
                hints: u32::try_from(r.hints).unwrap_or(0),
                shown: r.shown.clone(),
                at: ts(r.at_ns)?,
            },
        );
    }
    for ((c, l, _), attempt) in attempts {
        let Some(lp) = file
            .courses
            .get_mut(&c)
            .and_then(|course| course.lessons.get_mut(&l))
        else {
            return Err(RowError(format!("attempt without lesson {c}/{l}")));
        };
        lp.attempts.push(attempt);
    }
    Ok(normalise(&file))
}

/// What one learner adds to `question_stats`: for each question answered, one learner, whether
/// the first answer (earliest) was wrong, and how many answers.
pub fn question_stats(rows: &Rows) -> QuestionStats {
    // (course, lesson, question) → (earliest at, its correctness, count)
    let mut seen: BTreeMap<AnswerKeyQ, (i64, bool, i64)> = BTreeMap::new();
    for ((c, l, _, q), r) in &rows.answers {
        let e = seen
            .entry((c.clone(), l.clone(), q.clone()))
            .or_insert((r.at_ns, r.correct, 0));
        if r.at_ns < e.0 {
            e.0 = r.at_ns;
            e.1 = r.correct;
        }
        e.2 += 1;
    }
    seen.into_iter()
        .map(|(k, (_, correct, n))| (k, (1, i64::from(!correct), n)))
        .collect()
}

/// What one learner's course adds to `learner_summary`: the lessons done, passed and tried, and
/// the finished attempts' scores (lowest first) of each lesson not passed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CourseSummary {
    /// Every lesson with a row (opened at least once): each gets a number.
    pub opened: BTreeSet<String>,
    pub done: BTreeSet<String>,
    pub passed: BTreeSet<String>,
    pub tried: BTreeSet<String>,
    pub struggling: BTreeMap<String, Vec<i16>>,
}

impl CourseSummary {
    /// Every lesson the summary names (all need a number).
    pub fn lessons(&self) -> BTreeSet<&str> {
        self.opened.iter().map(String::as_str).collect()
    }
}

/// Course id → summary, for each course the learner has lesson rows in. The same rules as the
/// SQL that filled the table for older databases (migrations/V3__learner_summary.sql).
pub fn summaries(rows: &Rows) -> BTreeMap<String, CourseSummary> {
    let mut out: BTreeMap<String, CourseSummary> = BTreeMap::new();
    for ((c, l), r) in &rows.lessons {
        let s = out.entry(c.clone()).or_default();
        s.opened.insert(l.clone());
        if r.passed || r.status == 2 {
            s.done.insert(l.clone());
        }
        if r.best_score.is_some() {
            s.tried.insert(l.clone());
            if r.passed {
                s.passed.insert(l.clone());
            }
        }
    }
    for ((c, l, _), a) in &rows.attempts {
        let (Some(score), Some(lesson)) = (a.score, rows.lessons.get(&(c.clone(), l.clone())))
        else {
            continue;
        };
        if !lesson.passed
            && let Some(s) = out.get_mut(c)
        {
            s.struggling.entry(l.clone()).or_default().push(score);
        }
    }
    for s in out.values_mut() {
        for scores in s.struggling.values_mut() {
            scores.sort_unstable();
        }
    }
    out
}

/// An attempt's shown choice orders as the `attempts.choices` column holds them.
fn choices_json(choices: &BTreeMap<String, Vec<String>>) -> Option<serde_json::Value> {
    if choices.is_empty() {
        return None;
    }
    serde_json::to_value(choices).ok()
}
