//! Progress mutations: opening lessons, turning pages, quiz attempts, scores and time spent.
//!
//! Pure: the caller passes the time in. Every function leaves the learner file consistent, so
//! the shell can save after any one of them and a `kill -9` loses at most the current keystroke.

use std::collections::{BTreeMap, BTreeSet};

use jiff::Timestamp;

use crate::course::model::{Lesson, Quiz};
use crate::progress::model::{
    AnswerRecord, Attempt, CourseProgress, LearnerFile, LessonProgress, LessonStatus, Place,
    Resume, ReviewAnswer,
};

/// Longest gap between two key presses that still counts as learning time; beyond it the learner
/// probably walked away.
pub const MAX_IDLE_SECONDS: i64 = 120;

/// Progress in `course_id`, created when missing.
pub fn course_mut<'a>(lf: &'a mut LearnerFile, course_id: &str) -> &'a mut CourseProgress {
    lf.courses.entry(course_id.to_string()).or_default()
}

/// Progress in one lesson, created when missing.
pub fn lesson_mut<'a>(
    lf: &'a mut LearnerFile,
    course_id: &str,
    lesson_id: &str,
) -> &'a mut LessonProgress {
    course_mut(lf, course_id)
        .lessons
        .entry(lesson_id.to_string())
        .or_default()
}

/// Progress in one lesson, if any.
pub fn lesson<'a>(
    lf: &'a LearnerFile,
    course_id: &str,
    lesson_id: &str,
) -> Option<&'a LessonProgress> {
    lf.courses.get(course_id)?.lessons.get(lesson_id)
}

/// Marks the lesson as opened.
pub fn open_lesson(lf: &mut LearnerFile, course_id: &str, lesson_id: &str, at: Timestamp) {
    let lp = lesson_mut(lf, course_id, lesson_id);
    if lp.status == LessonStatus::NotStarted {
        lp.status = LessonStatus::InProgress;
    }
    lp.first_opened.get_or_insert(at);
}

/// Sets where "Tiếp tục" goes.
pub fn set_resume(
    lf: &mut LearnerFile,
    course_id: &str,
    lesson_id: &str,
    place: Place,
    at: Timestamp,
) {
    course_mut(lf, course_id).resume = Some(Resume {
        lesson: lesson_id.to_string(),
        place,
        at,
    });
}

/// The learner is reading `page`.
pub fn turn_page(
    lf: &mut LearnerFile,
    course_id: &str,
    lesson_id: &str,
    page: usize,
    at: Timestamp,
) {
    open_lesson(lf, course_id, lesson_id, at);
    lesson_mut(lf, course_id, lesson_id).page = page;
    set_resume(lf, course_id, lesson_id, Place::Page { page }, at);
}

/// Adds learning time, capped per gap. Sub-second remainders carry over in `carry_ms` (kept by
/// the app, not saved), so quick key presses still add up instead of each rounding down to 0.
pub fn add_time(
    lf: &mut LearnerFile,
    course_id: &str,
    lesson_id: &str,
    since: Timestamp,
    now: Timestamp,
    carry_ms: &mut u64,
) {
    let ms = now
        .duration_since(since)
        .as_millis()
        .clamp(0, i128::from(MAX_IDLE_SECONDS) * 1000) as u64;
    let total = *carry_ms + ms;
    *carry_ms = total % 1000;
    let lp = lesson_mut(lf, course_id, lesson_id);
    lp.seconds = lp.seconds.saturating_add(total / 1000);
}

/// Starts an attempt over `order` (question ids as shown) and points "Tiếp tục" at its first
/// question. Choices are shown in file order; see [`start_attempt_with`].
pub fn start_attempt(
    lf: &mut LearnerFile,
    course_id: &str,
    lesson_id: &str,
    id: String,
    order: Vec<String>,
    at: Timestamp,
) {
    let choices = BTreeMap::new();
    start_attempt_with(lf, course_id, lesson_id, id, order, choices, at);
}

/// [`start_attempt`], keeping with the attempt the order its shuffled questions show their
/// choices in (question id → choice ids as shown).
pub fn start_attempt_with(
    lf: &mut LearnerFile,
    course_id: &str,
    lesson_id: &str,
    id: String,
    order: Vec<String>,
    choices: BTreeMap<String, Vec<String>>,
    at: Timestamp,
) {
    open_lesson(lf, course_id, lesson_id, at);
    let first = order.first().cloned();
    lesson_mut(lf, course_id, lesson_id).attempts.push(Attempt {
        id: id.clone(),
        started: at,
        ended: None,
        order,
        choices,
        answers: Default::default(),
        score: None,
    });
    let place = match first {
        Some(question) => Place::Question {
            attempt: id,
            question,
        },
        None => Place::Summary { attempt: id },
    };
    set_resume(lf, course_id, lesson_id, place, at);
}

/// The attempt with this id.
pub fn attempt<'a>(
    lf: &'a LearnerFile,
    course_id: &str,
    lesson_id: &str,
    id: &str,
) -> Option<&'a Attempt> {
    lesson(lf, course_id, lesson_id)?
        .attempts
        .iter()
        .find(|a| a.id == id)
}

/// First question of the attempt not answered yet.
pub fn next_unanswered(a: &Attempt) -> Option<&String> {
    a.order.iter().find(|q| !a.answers.contains_key(*q))
}

/// Records one answer and moves "Tiếp tục" to the next unanswered question (or the summary).
pub fn record_answer(
    lf: &mut LearnerFile,
    course_id: &str,
    lesson_id: &str,
    attempt_id: &str,
    question: &str,
    record: AnswerRecord,
) {
    let at = record.at;
    let lp = lesson_mut(lf, course_id, lesson_id);
    let Some(a) = lp.attempts.iter_mut().find(|a| a.id == attempt_id) else {
        return;
    };
    a.answers.insert(question.to_string(), record);
    let place = match next_unanswered(a) {
        Some(q) => Place::Question {
            attempt: attempt_id.to_string(),
            question: q.clone(),
        },
        None => Place::Summary {
            attempt: attempt_id.to_string(),
        },
    };
    set_resume(lf, course_id, lesson_id, place, at);
}

/// Question id → correct, by the latest answer in the chain of attempts that ends at `attempt_id`
/// and starts at the last attempt covering the whole quiz (a retry only asks the missed ones, so
/// the earlier right answers still count).
pub fn standing(lp: &LessonProgress, quiz: &Quiz, attempt_id: &str) -> Vec<(String, bool)> {
    let Some(end) = lp.attempts.iter().position(|a| a.id == attempt_id) else {
        return Vec::new();
    };
    let all: BTreeSet<&str> = quiz.questions.iter().map(|q| q.id.as_str()).collect();
    let start = (0..=end)
        .rev()
        .find(|&i| {
            let order: BTreeSet<&str> = lp.attempts[i].order.iter().map(|s| s.as_str()).collect();
            all.is_subset(&order)
        })
        .unwrap_or(end);
    quiz.questions
        .iter()
        .map(|q| {
            let correct = lp.attempts[start..=end]
                .iter()
                .rev()
                .find_map(|a| a.answers.get(&q.id))
                .is_some_and(|r| r.correct);
            (q.id.clone(), correct)
        })
        .collect()
}

/// Percent of points earned, given the standing.
pub fn score(quiz: &Quiz, standing: &[(String, bool)]) -> u8 {
    let total = quiz.total_points();
    if total == 0 {
        return 100;
    }
    let got: u32 = quiz
        .questions
        .iter()
        .filter(|q| standing.iter().any(|(id, ok)| *ok && id == &q.id))
        .map(|q| q.points)
        .sum();
    (u64::from(got) * 100 / u64::from(total)) as u8
}

/// Ends the attempt: score, best score, passed, lesson done when passed, "Tiếp tục" to the
/// summary. Returns the score.
pub fn finish_attempt(
    lf: &mut LearnerFile,
    course_id: &str,
    lesson: &Lesson,
    attempt_id: &str,
    at: Timestamp,
) -> u8 {
    let lp = lesson_mut(lf, course_id, &lesson.id);
    let st = standing(lp, &lesson.quiz, attempt_id);
    let s = score(&lesson.quiz, &st);
    if let Some(a) = lp.attempts.iter_mut().find(|a| a.id == attempt_id) {
        if a.ended.is_none() {
            a.ended = Some(at);
        }
        a.score = Some(s);
    }
    lp.best_score = Some(lp.best_score.map_or(s, |b| b.max(s)));
    if s >= lesson.quiz.pass_mark {
        lp.passed = true;
    }
    if lp.passed {
        lp.status = LessonStatus::Done;
        lp.completed.get_or_insert(at);
    }
    set_resume(
        lf,
        course_id,
        &lesson.id,
        Place::Summary {
            attempt: attempt_id.to_string(),
        },
        at,
    );
    s
}

/// A lesson without questions is done once its last page was read.
pub fn finish_reading(lf: &mut LearnerFile, course_id: &str, lesson_id: &str, at: Timestamp) {
    let lp = lesson_mut(lf, course_id, lesson_id);
    lp.status = LessonStatus::Done;
    lp.passed = true;
    lp.completed.get_or_insert(at);
    course_mut(lf, course_id).resume = None;
}

/// Records an answer given in spaced review.
pub fn record_review(lf: &mut LearnerFile, course: &str, answer: ReviewAnswer) {
    course_mut(lf, course).review.push(answer);
}
