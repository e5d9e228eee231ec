//! Spaced review ("Ôn tập"): a short quiz of the questions due today, across lessons, and the
//! learner's own results screen ("Kết quả của tôi").
//!
//! The review uses the quiz screens as they are: a [`super::QuizState`] whose attempt id is
//! [`REVIEW_ATTEMPT`]. Answers go to the learner's review list instead of an attempt; which
//! questions are due is worked out by [`crate::progress::review`] from the answers and the time
//! of the last message (the app reads no clock).

use jiff::Timestamp;

use super::{App, Effect, MapState, Screen, SummaryState, quiz, record};
use crate::progress::model::ReviewAnswer;
use crate::progress::review::{self, Card, SESSION_SIZE};

pub use super::quiz::REVIEW_ATTEMPT;

/// A review under way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewRun {
    /// (lesson id, question id), in the order asked.
    pub queue: Vec<(String, String)>,
    /// Index of the question on screen.
    pub pos: usize,
    /// Right answers so far.
    pub right: usize,
    /// Questions answered wrong, in order.
    pub missed: Vec<(String, String)>,
}

/// Every answered question of the open learner with its box.
pub fn cards(app: &App) -> Vec<Card> {
    let Some(lf) = app.learner.as_ref() else {
        return Vec::new();
    };
    match lf.courses.get(&app.course.id) {
        Some(p) => review::cards(&app.course, p, &app.tz),
        None => Vec::new(),
    }
}

/// How many questions are due now (shown on the map as "Ôn tập hôm nay: N câu").
pub fn due_count(app: &App) -> usize {
    let Some(now) = app.now() else { return 0 };
    let cards = cards(app);
    review::due(&cards, review::today(now, &app.tz)).len()
}

/// Starts (or goes back into) today's review.
pub fn start(app: &mut App, at: Timestamp) -> Vec<Effect> {
    if let Some(run) = &app.review
        && run.pos < run.queue.len()
    {
        let (lesson, q) = run.queue[run.pos].clone();
        quiz::show(app, &lesson, REVIEW_ATTEMPT, &q);
        return Vec::new();
    }
    let cards = cards(app);
    let queue: Vec<(String, String)> = review::due(&cards, review::today(at, &app.tz))
        .into_iter()
        .take(SESSION_SIZE)
        .map(|c| (c.lesson.clone(), c.question.clone()))
        .collect();
    let Some((lesson, q)) = queue.first().cloned() else {
        app.review = None;
        return Vec::new();
    };
    app.review = Some(ReviewRun {
        queue,
        pos: 0,
        right: 0,
        missed: Vec::new(),
    });
    quiz::show(app, &lesson, REVIEW_ATTEMPT, &q);
    Vec::new()
}

/// Keeps a review answer.
pub fn record(
    app: &mut App,
    lesson: &str,
    question: &str,
    rec: &crate::progress::model::AnswerRecord,
) {
    let course = app.course.id.clone();
    if let Some(run) = app.review.as_mut() {
        if rec.correct {
            run.right += 1;
        } else {
            run.missed.push((lesson.to_string(), question.to_string()));
        }
    }
    if let Some(lf) = app.learner.as_mut() {
        record::record_review(
            lf,
            &course,
            ReviewAnswer {
                lesson: lesson.to_string(),
                question: question.to_string(),
                answer: rec.answer.clone(),
                correct: rec.correct,
                at: rec.at,
            },
        );
    }
}

/// After the feedback: the next due question, or the end of the review.
pub fn next(app: &mut App) -> Vec<Effect> {
    let Some(run) = app.review.as_mut() else {
        app.screen = Screen::Map(MapState::recommended(app));
        return Vec::new();
    };
    run.pos += 1;
    if let Some((lesson, q)) = run.queue.get(run.pos).cloned() {
        quiz::show(app, &lesson, REVIEW_ATTEMPT, &q);
        return Vec::new();
    }
    let total = run.queue.len().max(1);
    let score = u8::try_from(run.right * 100 / total).unwrap_or(100);
    let missed = run.missed.iter().map(|(l, q)| format!("{l}/{q}")).collect();
    app.review = None;
    app.screen = Screen::Summary(SummaryState {
        lesson: String::new(),
        attempt: REVIEW_ATTEMPT.to_string(),
        score,
        pass_mark: 0,
        passed: true,
        missed,
    });
    vec![Effect::Save]
}

/// (1-based position, total) of the review question on screen.
pub fn position(app: &App) -> (usize, usize) {
    match &app.review {
        Some(run) => (run.pos + 1, run.queue.len()),
        None => (1, 1),
    }
}
