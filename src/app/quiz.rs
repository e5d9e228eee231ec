//! Quiz screens: one question at a time with immediate feedback, then the summary.

use std::collections::BTreeMap;

use jiff::Timestamp;

pub use super::input::Input;
use super::input::edit;
use super::{Action, App, Context, Effect, MapState, Screen, record};
use crate::course::model::{Question, QuestionKind, QuizOrder};
use crate::progress::model::AnswerRecord;
use crate::quiz::Answer;
use crate::quiz::grade::{Grade, grade};

/// The attempt id that marks a question shown in review (spaced review, not a lesson's quiz).
pub const REVIEW_ATTEMPT: &str = "on-tap";

/// The verdict on the submitted answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feedback {
    pub grade: Grade,
    pub answer: Answer,
}

/// A question on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuizState {
    pub lesson: String,
    pub attempt: String,
    pub question: String,
    pub input: Input,
    /// Hints opened so far.
    pub hints: usize,
    pub feedback: Option<Feedback>,
    /// The verdict on an answer whose line is not on disk yet: it becomes `feedback` only when
    /// the shell says the answer is saved ([`saved`]), never before.
    pub held: Option<Feedback>,
    /// i18n key of a short nudge ("choose at least one"), if any.
    pub notice: Option<&'static str>,
}

/// The end of an attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryState {
    pub lesson: String,
    pub attempt: String,
    pub score: u8,
    pub pass_mark: u8,
    pub passed: bool,
    /// Question ids still not right.
    pub missed: Vec<String>,
}

impl QuizState {
    /// A question asked in spaced review, not in a lesson's quiz.
    pub fn in_review(&self) -> bool {
        self.attempt == REVIEW_ATTEMPT
    }

    /// (1-based position, total) of the question in its attempt.
    pub fn position(&self, app: &App) -> (usize, usize) {
        if self.in_review() {
            return super::review_position(app);
        }
        let lf = app.learner.as_ref();
        let a = lf.and_then(|lf| record::attempt(lf, &app.course.id, &self.lesson, &self.attempt));
        match a {
            Some(a) => (
                a.order
                    .iter()
                    .position(|q| *q == self.question)
                    .unwrap_or(0)
                    + 1,
                a.order.len(),
            ),
            None => (1, 1),
        }
    }
}

/// The question on screen.
pub fn question<'a>(app: &'a App, q: &QuizState) -> Option<&'a Question> {
    app.course.lesson(&q.lesson)?.quiz.question(&q.question)
}

pub(super) fn context(app: &App, q: &QuizState) -> Context {
    if q.feedback.is_some() {
        return Context::Feedback;
    }
    match question(app, q).map(|q| &q.kind) {
        Some(QuestionKind::Many { .. }) => Context::QuizMany,
        Some(QuestionKind::Text { .. }) => Context::QuizText,
        Some(QuestionKind::Order { .. }) => Context::QuizOrder,
        Some(QuestionKind::Match { .. }) => Context::QuizMatch,
        _ => Context::QuizOne,
    }
}

/// Starts an attempt: all questions, or `only` these (a retry of the missed ones).
pub fn start(
    app: &mut App,
    lesson_id: &str,
    only: Option<Vec<String>>,
    at: Timestamp,
) -> Vec<Effect> {
    let course = app.course.id.clone();
    let Some(lesson) = app.course.lesson(lesson_id) else {
        return Vec::new();
    };
    if lesson.quiz.questions.is_empty() {
        if let Some(lf) = app.learner.as_mut() {
            record::finish_reading(lf, &course, lesson_id, at);
        }
        app.screen = Screen::Map(MapState::recommended(app));
        return vec![Effect::Save];
    }
    let shuffled = lesson.quiz.order == QuizOrder::Shuffled;
    let mut order: Vec<String> = match only {
        Some(ids) => ids,
        None => lesson.quiz.questions.iter().map(|q| q.id.clone()).collect(),
    };
    let to_shuffle: Vec<(String, Vec<String>)> = order
        .iter()
        .filter_map(|qid| {
            let q = lesson.quiz.question(qid)?;
            let ids = choice_ids(q).filter(|ids| q.shuffle_choices && ids.len() > 1)?;
            Some((qid.clone(), ids))
        })
        .collect();
    if shuffled {
        app.rng().shuffle(&mut order);
    }
    // Choice orders are drawn once, here, and kept with the attempt: resuming shows them again
    // as they were, whatever a later version's random numbers would give (design pitfall 11).
    // A plain uniform shuffle: the file order may come out again, so it tells nothing either.
    let mut choices = BTreeMap::new();
    for (qid, mut ids) in to_shuffle {
        app.rng().shuffle(&mut ids);
        choices.insert(qid, ids);
    }
    let id = app.random_id();
    if let Some(lf) = app.learner.as_mut() {
        let o = order.clone();
        record::start_attempt_with(lf, &course, lesson_id, id.clone(), o, choices, at);
    }
    match order.first() {
        Some(first) => {
            show(app, lesson_id, &id, first);
            vec![Effect::Save]
        }
        None => show_summary(app, lesson_id, &id),
    }
}

/// An attempt that opens at question `qid` and goes on with the questions after it (the author
/// preview, after a save, stays on the question being edited). `None` when `qid` is gone.
pub(super) fn start_at(app: &mut App, lesson_id: &str, qid: &str, at: Timestamp) -> Option<()> {
    let lesson = app.course.lesson(lesson_id)?;
    let ids: Vec<String> = lesson
        .quiz
        .questions
        .iter()
        .map(|q| q.id.clone())
        .skip_while(|id| id != qid)
        .collect();
    if ids.is_empty() {
        return None;
    }
    let _ = start(app, lesson_id, Some(ids), at);
    let attempt = match &app.screen {
        Screen::Quiz(q) if q.question != qid => q.attempt.clone(),
        _ => return Some(()),
    };
    show(app, lesson_id, &attempt, qid);
    Some(())
}

/// Back into an attempt at its first unanswered question.
pub fn resume(app: &mut App, lesson_id: &str, attempt_id: &str, at: Timestamp) -> Vec<Effect> {
    let next = app.learner.as_ref().and_then(|lf| {
        let a = record::attempt(lf, &app.course.id, lesson_id, attempt_id)?;
        Some((a.ended.is_some(), record::next_unanswered(a).cloned()))
    });
    match next {
        Some((false, Some(q))) => {
            show(app, lesson_id, attempt_id, &q);
            Vec::new()
        }
        Some(_) => finish(app, lesson_id, attempt_id, at),
        None => start(app, lesson_id, None, at),
    }
}

pub(super) fn show(app: &mut App, lesson: &str, attempt: &str, qid: &str) {
    let q = app
        .course
        .lesson(lesson)
        .and_then(|l| l.quiz.question(qid))
        .cloned();
    let shuffle = q.as_ref().is_some_and(|q| q.shuffle_choices);
    let mut input = Input::default();
    match q.map(|q| q.kind) {
        Some(QuestionKind::One { choices } | QuestionKind::Many { choices }) => {
            input.chosen = vec![false; choices.len()];
            let ids = choices.iter().map(|c| c.id.clone()).collect();
            input.shown = choice_order(app, lesson, attempt, qid, ids, shuffle);
        }
        Some(QuestionKind::TrueFalse { .. }) => input.chosen = vec![false; 2],
        Some(QuestionKind::Order { items }) => {
            input.shown = shuffled(app, items.iter().map(|i| i.id.clone()).collect())
        }
        Some(QuestionKind::Match { pairs }) => {
            input.shown = shuffled(app, pairs.iter().map(|p| p.id.clone()).collect())
        }
        _ => {}
    }
    app.screen = Screen::Quiz(QuizState {
        lesson: lesson.to_string(),
        attempt: attempt.to_string(),
        question: qid.to_string(),
        input,
        hints: 0,
        feedback: None,
        held: None,
        notice: None,
    });
}

/// Choice ids of a `one` / `many` question, in file order.
fn choice_ids(q: &Question) -> Option<Vec<String>> {
    match &q.kind {
        QuestionKind::One { choices } | QuestionKind::Many { choices } => {
            Some(choices.iter().map(|c| c.id.clone()).collect())
        }
        _ => None,
    }
}

/// The order a question's choices are listed in: the one kept with the attempt, else the file's
/// (older learner files, `shuffle: false`). A review is not resumed, so it draws a fresh one.
/// Choices a trainer added since the attempt began come last; removed ones are left out.
fn choice_order(
    app: &mut App,
    lesson: &str,
    attempt: &str,
    qid: &str,
    ids: Vec<String>,
    shuffle: bool,
) -> Vec<String> {
    if attempt == REVIEW_ATTEMPT {
        let mut ids = ids;
        if shuffle {
            app.rng().shuffle(&mut ids);
        }
        return ids;
    }
    let course = &app.course.id;
    let kept = app
        .learner
        .as_ref()
        .and_then(|lf| record::attempt(lf, course, lesson, attempt))
        .and_then(|a| a.choices.get(qid));
    let Some(kept) = kept else {
        return ids;
    };
    let mut out: Vec<String> = kept.iter().filter(|id| ids.contains(id)).cloned().collect();
    out.extend(ids.into_iter().filter(|id| !kept.contains(id)));
    out
}

/// The one place that decides when an answer's feedback may be shown: the shell reports that
/// everything recorded so far is durable (`Event::Saved`), and a verdict held back for it goes on
/// screen. A failed save leaves it held (the learner is told, and the next key tries again).
pub(super) fn saved(app: &mut App) {
    if let Screen::Quiz(q) = &mut app.screen
        && let Some(f) = q.held.take()
    {
        q.feedback = Some(f);
    }
}

/// True while an answer waits for its line to be on disk.
pub fn awaiting_save(app: &App) -> bool {
    matches!(&app.screen, Screen::Quiz(q) if q.held.is_some())
}

/// A shuffle that never gives the answer away by leaving everything in place.
fn shuffled(app: &mut App, ids: Vec<String>) -> Vec<String> {
    let mut out = ids.clone();
    if ids.len() < 2 {
        return out;
    }
    while out == ids {
        app.rng().shuffle(&mut out);
    }
    out
}

fn finish(app: &mut App, lesson_id: &str, attempt_id: &str, at: Timestamp) -> Vec<Effect> {
    let course = app.course.id.clone();
    let Some(lesson) = app.course.lesson(lesson_id).cloned() else {
        return Vec::new();
    };
    if let Some(lf) = app.learner.as_mut() {
        record::finish_attempt(lf, &course, &lesson, attempt_id, at);
    }
    show_summary(app, lesson_id, attempt_id);
    vec![Effect::Save]
}

/// Shows the summary of a finished attempt.
pub fn show_summary(app: &mut App, lesson_id: &str, attempt_id: &str) -> Vec<Effect> {
    let Some(lesson) = app.course.lesson(lesson_id) else {
        return Vec::new();
    };
    let lp = app
        .learner
        .as_ref()
        .and_then(|lf| record::lesson(lf, &app.course.id, lesson_id));
    let standing = lp
        .map(|lp| record::standing(lp, &lesson.quiz, attempt_id))
        .unwrap_or_default();
    let score = record::score(&lesson.quiz, &standing);
    app.screen = Screen::Summary(SummaryState {
        lesson: lesson_id.to_string(),
        attempt: attempt_id.to_string(),
        score,
        pass_mark: lesson.quiz.pass_mark,
        passed: score >= lesson.quiz.pass_mark,
        missed: standing
            .into_iter()
            .filter(|(_, ok)| !ok)
            .map(|(id, _)| id)
            .collect(),
    });
    Vec::new()
}

pub(super) fn act(app: &mut App, a: Action, at: Timestamp) -> Vec<Effect> {
    match &app.screen {
        Screen::Summary(s) if s.attempt == REVIEW_ATTEMPT => {
            if matches!(a, Action::Confirm | Action::Back | Action::Right) {
                app.screen = Screen::Map(MapState::recommended(app));
            }
            Vec::new()
        }
        Screen::Summary(s) => {
            let s = s.clone();
            match a {
                Action::RetryMissed if !s.missed.is_empty() => {
                    start(app, &s.lesson, Some(s.missed), at)
                }
                Action::RetryAll => start(app, &s.lesson, None, at),
                Action::Confirm | Action::Back | Action::Right => {
                    app.screen = Screen::Map(MapState::recommended(app));
                    Vec::new()
                }
                _ => Vec::new(),
            }
        }
        Screen::Quiz(q) => {
            let q = q.clone();
            if a == Action::Back {
                app.screen = Screen::Map(MapState::recommended(app));
                return vec![Effect::Save];
            }
            if q.held.is_some() {
                // The answer is kept in memory until it is on disk: any key tries the save
                // again; leaving keeps it and the next save carries it.
                if a == Action::Back {
                    app.screen = Screen::Map(MapState::recommended(app));
                }
                return vec![Effect::Save];
            }
            if q.feedback.is_some() {
                return match a {
                    Action::Confirm | Action::Right | Action::PageDown if q.in_review() => {
                        super::review_next(app)
                    }
                    Action::Confirm | Action::Right | Action::PageDown => {
                        resume(app, &q.lesson, &q.attempt, at)
                    }
                    Action::SeePage => {
                        app.back_to = Some(Box::new(app.screen.clone()));
                        super::open_page(app, &q.lesson, 0, at)
                    }
                    _ => Vec::new(),
                };
            }
            let Some(question) = question(app, &q).cloned() else {
                return Vec::new();
            };
            let Screen::Quiz(st) = &mut app.screen else {
                return Vec::new();
            };
            st.notice = None;
            if a == Action::Hint && question.hints.len() <= st.hints {
                // A key that does nothing still gets a word.
                st.notice = Some("quiz.no_hint");
                return Vec::new();
            }
            if a == Action::Hint {
                st.hints = (st.hints + 1).min(question.hints.len());
                return Vec::new();
            }
            match edit(&mut st.input, &mut st.notice, &question, a) {
                Some(answer) => submit(app, &question, answer, at),
                None => Vec::new(),
            }
        }
        _ => Vec::new(),
    }
}

fn submit(app: &mut App, question: &Question, answer: Answer, at: Timestamp) -> Vec<Effect> {
    let course = app.course.id.clone();
    let Screen::Quiz(st) = &mut app.screen else {
        return Vec::new();
    };
    let g = grade(question, &answer);
    let shown = match &question.kind {
        QuestionKind::Order { .. } | QuestionKind::Match { .. } => st.input.shown.clone(),
        QuestionKind::One { .. } | QuestionKind::Many { .. } if question.shuffle_choices => {
            st.input.shown.clone()
        }
        _ => Vec::new(),
    };
    let rec = AnswerRecord {
        answer: answer.clone(),
        correct: g.correct,
        hints: st.hints as u32,
        shown,
        at,
    };
    // Shown only once the shell says the answer's line is on disk (see [`saved`]).
    st.held = Some(Feedback { grade: g, answer });
    let (lesson, attempt, qid) = (st.lesson.clone(), st.attempt.clone(), st.question.clone());
    if attempt == REVIEW_ATTEMPT {
        super::review_record(app, &lesson, &qid, &rec);
        return vec![Effect::Save];
    }
    match app.learner.as_mut() {
        Some(lf) => {
            record::record_answer(lf, &course, &lesson, &attempt, &qid, rec);
            vec![Effect::Save]
        }
        None => Vec::new(),
    }
}
