//! The class report: per-learner progress and per-question difficulty, computed from learner
//! files and the course. Pure: no files, no clock, no terminal; formatting lives in [`output`].

pub mod detail;
pub mod learner_sheet;
pub mod order;
pub mod output;
pub mod window;
pub mod xlsx;

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::Serialize;

use crate::course::Course;
use crate::progress::model::{LearnerFile, LessonProgress, LessonStatus, Place};
use crate::progress::review;

/// Failed attempts at one quiz (not yet passed) from which a learner is flagged "cần giúp đỡ".
pub const HELP_FAILED_ATTEMPTS: usize = 3;
/// How many of the hardest questions the report lists.
pub const HARDEST_COUNT: usize = 10;

/// One learner as the report sees it: their file, or the fact that it could not be read.
#[derive(Debug, Clone)]
pub enum LearnerInput {
    /// A learner file that loaded.
    Ok(LearnerFile),
    /// A file that could not be read (damaged, newer format, half-written): name of the file and why.
    Damaged { file: String, reason: String },
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassReport {
    pub course_id: String,
    pub lessons_total: usize,
    pub modules_total: usize,
    /// Learners, those who need help first, then by name.
    pub learners: Vec<LearnerRow>,
    /// Every question that someone answered, in course order.
    pub questions: Vec<QuestionRow>,
    /// Up to [`HARDEST_COUNT`] questions with the highest share wrong at first try.
    pub hardest: Vec<QuestionRow>,
    /// With `--since`/`--until`: what each learner (by id) did in the period. The learner rows
    /// stay about all time (status, help), the questions are about the period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_period: Option<BTreeMap<String, InPeriod>>,
}

/// What one learner did in the report's period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct InPeriod {
    /// Lessons finished (or quizzes passed) in the period.
    pub lessons_done: usize,
    /// Time on lessons active in the period (their whole time: there is no per-session record).
    pub seconds: u64,
}

/// The report for a period: every learner as they stand overall (so a learner who finished 32
/// lessons last week is not "not started", and one who needs help is marked whatever the
/// period), what each did in the period, and the questions answered in it. `in_window` is
/// `all` cut to the period ([`window::clip`]).
pub fn build_for_period(
    course: &Course,
    all: &[LearnerInput],
    in_window: &[LearnerInput],
) -> ClassReport {
    let mut report = build(course, all);
    let period = build(course, in_window);
    report.in_period = Some(
        period
            .learners
            .iter()
            .filter(|r| r.damaged.is_none())
            .map(|r| {
                (
                    r.id.clone(),
                    InPeriod {
                        lessons_done: r.lessons_done,
                        seconds: r.seconds,
                    },
                )
            })
            .collect(),
    );
    report.questions = period.questions;
    report.hardest = period.hardest;
    report
}

/// One row of the learner table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LearnerRow {
    pub id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub birth_year: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    pub lessons_done: usize,
    pub modules_passed: usize,
    /// Mean of the best quiz scores (percent) over quizzes with a finished attempt.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub average_best_score: Option<f64>,
    pub seconds: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_activity: Option<Timestamp>,
    /// Lesson ids in the file that the course no longer has (kept, reported).
    pub orphaned: Vec<String>,
    /// Set when the file could not be read; the other figures are then empty.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub damaged: Option<String>,
    pub needs_help: bool,
    /// Where the learner is (their resume point): lesson title and page or question.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<Whereabouts>,
    /// Their file changed in the last two minutes ("đang học"); set by the shell, which sees files.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub active: bool,
    /// Their session is open in a browser (`hocso serve`); set by the shell from the session note.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub phone: bool,
    /// Lesson ids where the learner failed [`HELP_FAILED_ATTEMPTS`] or more times and has not passed.
    pub struggling_with: Vec<String>,
    /// "Câu cần ôn": questions in the first two review boxes (missed, not yet learnt again).
    #[serde(default)]
    pub to_review: usize,
}

/// Where in the course a learner is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Whereabouts {
    pub lesson_title: String,
    pub spot: Spot,
}

/// Page or question (1-based) within the lesson.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "at", rename_all = "snake_case")]
pub enum Spot {
    Page { n: usize, of: usize },
    Question { n: usize, of: usize },
    Summary,
}

fn whereabouts(course: &Course, file: &LearnerFile) -> Option<Whereabouts> {
    let progress = file.courses.get(&course.id)?;
    let resume = progress.resume.as_ref()?;
    let lesson = course.lesson(&resume.lesson)?;
    let spot = match &resume.place {
        Place::Page { page } => Spot::Page {
            n: page + 1,
            of: lesson.pages.len(),
        },
        Place::Question { attempt, question } => {
            let order = progress
                .lessons
                .get(&lesson.id)
                .and_then(|lp| lp.attempts.iter().find(|a| &a.id == attempt))
                .map(|a| a.order.clone())
                .unwrap_or_else(|| lesson.quiz.questions.iter().map(|q| q.id.clone()).collect());
            Spot::Question {
                n: order
                    .iter()
                    .position(|q| q == question)
                    .map_or(1, |i| i + 1),
                of: order.len(),
            }
        }
        Place::Summary { .. } => Spot::Summary,
    };
    Some(Whereabouts {
        lesson_title: lesson.title.clone(),
        spot,
    })
}

/// One row of the question table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionRow {
    pub lesson_id: String,
    pub lesson_title: String,
    pub question_id: String,
    pub prompt: String,
    /// Learners who answered it at least once.
    pub learners: usize,
    /// Of those, how many were wrong the first time.
    pub wrong_first: usize,
    /// Every answer given, all attempts, all learners.
    pub answers: usize,
    /// Learners whose latest answer to it in spaced review was wrong.
    #[serde(default)]
    pub missed_in_review: usize,
}

impl QuestionRow {
    /// Share wrong at first try, 0.0..=1.0 (0 when nobody answered).
    pub fn wrong_first_share(&self) -> f64 {
        if self.learners == 0 {
            0.0
        } else {
            self.wrong_first as f64 / self.learners as f64
        }
    }
}

/// Computes the report for `course` over the given learners.
pub fn build(course: &Course, inputs: &[LearnerInput]) -> ClassReport {
    let mut learners = Vec::with_capacity(inputs.len());
    // question id → (learners, wrong first, answers)
    let mut stats: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
    // question id → learners still missing it in review.
    let mut review_misses: BTreeMap<String, usize> = BTreeMap::new();
    for input in inputs {
        match input {
            LearnerInput::Ok(file) => {
                // Review boxes need no clock or time zone: only their order is used here.
                let cards = file
                    .courses
                    .get(&course.id)
                    .map(|p| review::cards(course, p, &jiff::tz::TimeZone::UTC))
                    .unwrap_or_default();
                let mut row = learner_row(course, file);
                row.to_review = cards.iter().filter(|c| c.level <= 2).count();
                learners.push(row);
                for c in cards.iter().filter(|c| c.reviews > 0 && c.last_wrong) {
                    *review_misses.entry(c.question.clone()).or_default() += 1;
                }
                collect_question_stats(course, file, &mut stats);
            }
            LearnerInput::Damaged { file, reason } => learners.push(LearnerRow {
                id: String::new(),
                name: file.clone(),
                birth_year: None,
                group: None,
                lessons_done: 0,
                modules_passed: 0,
                average_best_score: None,
                seconds: 0,
                last_activity: None,
                orphaned: Vec::new(),
                damaged: Some(reason.clone()),
                needs_help: true,
                at: None,
                active: false,
                phone: false,
                struggling_with: Vec::new(),
                to_review: 0,
            }),
        }
    }
    // Vietnamese order, by tên then họ đệm (`order::Order::List` is applied by the caller,
    // which knows when each learner was added).
    order::sort(&mut learners, order::Order::Name, &|_| None);

    let mut questions = Vec::new();
    for (_, lesson) in course.lessons() {
        for q in &lesson.quiz.questions {
            if let Some(&(learners, wrong_first, answers)) = stats.get(q.id.as_str()) {
                questions.push(QuestionRow {
                    lesson_id: lesson.id.clone(),
                    lesson_title: lesson.title.clone(),
                    question_id: q.id.clone(),
                    prompt: q.prompt.clone(),
                    learners,
                    wrong_first,
                    answers,
                    missed_in_review: review_misses.get(&q.id).copied().unwrap_or(0),
                });
            }
        }
    }
    let mut hardest: Vec<QuestionRow> = questions
        .iter()
        .filter(|q| q.wrong_first > 0)
        .cloned()
        .collect();
    hardest.sort_by(|a, b| {
        b.wrong_first_share()
            .total_cmp(&a.wrong_first_share())
            .then_with(|| b.wrong_first.cmp(&a.wrong_first))
    });
    hardest.truncate(HARDEST_COUNT);

    ClassReport {
        course_id: course.id.clone(),
        lessons_total: course.lessons().count(),
        modules_total: course.modules.len(),
        learners,
        questions,
        hardest,
        in_period: None,
    }
}

fn lesson_passed(lp: &LessonProgress) -> bool {
    lp.passed || lp.status == LessonStatus::Done
}

fn learner_row(course: &Course, file: &LearnerFile) -> LearnerRow {
    let progress = file.courses.get(&course.id);
    let lessons = progress.map(|p| &p.lessons);
    let get = |id: &str| lessons.and_then(|l| l.get(id));

    let lessons_done = course
        .lessons()
        .filter(|(_, l)| get(&l.id).is_some_and(lesson_passed))
        .count();
    let modules_passed = course
        .modules
        .iter()
        .filter(|m| {
            !m.lessons.is_empty()
                && m.lessons
                    .iter()
                    .all(|l| get(&l.id).is_some_and(lesson_passed))
        })
        .count();
    let scores: Vec<f64> = course
        .lessons()
        .filter_map(|(_, l)| get(&l.id).and_then(|lp| lp.best_score))
        .map(f64::from)
        .collect();
    let average_best_score =
        (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64);

    let mut seconds = 0;
    let mut last: Option<Timestamp> = None;
    let mut bump = |t: Option<Timestamp>| {
        if let Some(t) = t {
            last = Some(last.map_or(t, |l| l.max(t)));
        }
    };
    let mut orphaned = Vec::new();
    let mut struggling_with = Vec::new();
    if let Some(p) = progress {
        bump(p.resume.as_ref().map(|r| r.at));
        for (id, lp) in &p.lessons {
            seconds += lp.seconds;
            bump(lp.first_opened);
            bump(lp.completed);
            for a in &lp.attempts {
                bump(Some(a.started));
                bump(a.ended);
                for r in a.answers.values() {
                    bump(Some(r.at));
                }
            }
            match course.lesson(id) {
                None => orphaned.push(id.clone()),
                Some(lesson) => {
                    let failed = lp
                        .attempts
                        .iter()
                        .filter(|a| a.score.is_some_and(|s| s < lesson.quiz.pass_mark))
                        .count();
                    if !lp.passed && failed >= HELP_FAILED_ATTEMPTS {
                        struggling_with.push(id.clone());
                    }
                }
            }
        }
    }
    LearnerRow {
        id: file.profile.id.clone(),
        name: file.profile.name.clone(),
        birth_year: file.profile.birth_year,
        group: file.profile.group.clone(),
        lessons_done,
        modules_passed,
        average_best_score,
        seconds,
        last_activity: last,
        needs_help: !struggling_with.is_empty(),
        at: whereabouts(course, file),
        active: false,
        phone: false,
        orphaned,
        damaged: None,
        struggling_with,
        to_review: 0,
    }
}

fn collect_question_stats<'c>(
    course: &'c Course,
    file: &LearnerFile,
    stats: &mut BTreeMap<&'c str, (usize, usize, usize)>,
) {
    let Some(progress) = file.courses.get(&course.id) else {
        return;
    };
    for (_, lesson) in course.lessons() {
        let Some(lp) = progress.lessons.get(&lesson.id) else {
            continue;
        };
        for q in &lesson.quiz.questions {
            let records = lp
                .attempts
                .iter()
                .filter_map(|a| a.answers.get(&q.id))
                .collect::<Vec<_>>();
            let Some(first) = records.iter().min_by_key(|r| r.at) else {
                continue;
            };
            let e = stats.entry(q.id.as_str()).or_default();
            e.0 += 1;
            e.1 += usize::from(!first.correct);
            e.2 += records.len();
        }
    }
}
