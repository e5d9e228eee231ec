//! Quiz screens: one question at a time with immediate feedback, then the summary.

use std::collections::BTreeMap;

use jiff::Timestamp;

use super::{Action, App, Context, Effect, MapState, Screen, record};
use crate::course::model::{Question, QuestionKind, QuizOrder};
use crate::progress::model::AnswerRecord;
use crate::quiz::Answer;
use crate::quiz::grade::{Grade, grade};

/// What the learner has entered so far for the question on screen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Input {
    /// Highlighted row.
    pub cursor: usize,
    /// `one` / `many` / `true_false` (Đúng, Sai): which rows are chosen.
    pub chosen: Vec<bool>,
    /// `text`: the typed line (normalised only on submit).
    pub text: String,
    /// `order`: item ids as listed; `match`: right-side pair ids as listed.
    pub shown: Vec<String>,
    /// `order`: item ids in the order picked; `match`: the right id picked for each left in turn.
    pub placed: Vec<String>,
}

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
    /// (1-based position, total) of the question in its attempt.
    pub fn position(&self, app: &App) -> (usize, usize) {
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
    if shuffled {
        app.rng().shuffle(&mut order);
    }
    let id = app.random_id();
    if let Some(lf) = app.learner.as_mut() {
        record::start_attempt(lf, &course, lesson_id, id.clone(), order.clone(), at);
    }
    match order.first() {
        Some(first) => {
            show(app, lesson_id, &id, first);
            vec![Effect::Save]
        }
        None => show_summary(app, lesson_id, &id),
    }
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

fn show(app: &mut App, lesson: &str, attempt: &str, qid: &str) {
    let kind = app
        .course
        .lesson(lesson)
        .and_then(|l| l.quiz.question(qid))
        .map(|q| q.kind.clone());
    let mut input = Input::default();
    match kind {
        Some(QuestionKind::One { choices } | QuestionKind::Many { choices }) => {
            input.chosen = vec![false; choices.len()]
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
        notice: None,
    });
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
            if q.feedback.is_some() {
                return match a {
                    Action::Confirm | Action::Right | Action::PageDown => {
                        resume(app, &q.lesson, &q.attempt, at)
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
            if a == Action::Hint {
                st.hints = (st.hints + 1).min(question.hints.len());
                return Vec::new();
            }
            match edit(st, &question, a) {
                Some(answer) => submit(app, &question, answer, at),
                None => Vec::new(),
            }
        }
        _ => Vec::new(),
    }
}

/// Applies one action to the input; returns the answer when the learner submits a complete one.
fn edit(st: &mut QuizState, question: &Question, a: Action) -> Option<Answer> {
    let inp = &mut st.input;
    let rows = match &question.kind {
        QuestionKind::One { choices } | QuestionKind::Many { choices } => choices.len(),
        QuestionKind::TrueFalse { .. } => 2,
        QuestionKind::Order { items } => items.len(),
        QuestionKind::Match { pairs } => pairs.len(),
        QuestionKind::Text { .. } => 0,
    };
    match a {
        Action::Up => inp.cursor = inp.cursor.saturating_sub(1),
        Action::Down => inp.cursor = (inp.cursor + 1).min(rows.saturating_sub(1)),
        _ => {}
    }
    let pick = match a {
        Action::Pick(n) if (1..=rows).contains(&usize::from(n)) => Some(usize::from(n) - 1),
        _ => None,
    };
    if let Some(i) = pick {
        inp.cursor = i;
    }
    match &question.kind {
        // Radio rows: arrows and numbers choose; Enter answers only once something is chosen,
        // so a double-pressed Enter from the previous question cannot answer this one.
        QuestionKind::One { .. } | QuestionKind::TrueFalse { .. } => {
            if pick.is_some() || matches!(a, Action::Toggle | Action::Up | Action::Down) {
                inp.chosen = (0..rows).map(|i| i == inp.cursor).collect();
            }
            if a == Action::Confirm {
                let Some(i) = inp.chosen.iter().position(|c| *c) else {
                    st.notice = Some("quiz.choose_first");
                    return None;
                };
                return match &question.kind {
                    QuestionKind::One { choices } => {
                        choices.get(i).map(|c| Answer::One(c.id.clone()))
                    }
                    _ => Some(Answer::TrueFalse(i == 0)),
                };
            }
        }
        QuestionKind::Many { choices } => {
            if (pick.is_some() || a == Action::Toggle)
                && let Some(c) = inp.chosen.get_mut(inp.cursor)
            {
                *c = !*c;
            }
            if a == Action::Confirm {
                let ids: Vec<String> = choices
                    .iter()
                    .zip(&inp.chosen)
                    .filter(|(_, on)| **on)
                    .map(|(c, _)| c.id.clone())
                    .collect();
                if ids.is_empty() {
                    st.notice = Some("quiz.choose_one");
                    return None;
                }
                let mut ids = ids;
                ids.sort();
                return Some(Answer::Many(ids));
            }
        }
        QuestionKind::Text { .. } => match a {
            Action::Type(c) => inp.text.push(c),
            Action::Erase => {
                inp.text.pop();
            }
            Action::Confirm if inp.text.trim().is_empty() => st.notice = Some("quiz.type_first"),
            Action::Confirm => return Some(Answer::Text(crate::quiz::answer::tidy(&inp.text))),
            _ => {}
        },
        QuestionKind::Order { .. } => {
            let complete = inp.placed.len() == inp.shown.len();
            let target = match a {
                _ if pick.is_some() => pick,
                Action::Confirm | Action::Toggle if !complete => Some(inp.cursor),
                _ => None,
            };
            if let Some(i) = target
                && let Some(id) = inp.shown.get(i)
            {
                if inp.placed.contains(id) {
                    st.notice = Some("quiz.already_placed");
                } else {
                    inp.placed.push(id.clone());
                    // Move the cursor to the next item still to place.
                    if let Some(n) = inp.shown.iter().position(|s| !inp.placed.contains(s)) {
                        inp.cursor = n;
                    }
                }
                return None;
            }
            if a == Action::Erase {
                inp.placed.pop();
            }
            if a == Action::Confirm && complete {
                return Some(Answer::Order(inp.placed.clone()));
            }
        }
        QuestionKind::Match { pairs } => {
            let complete = inp.placed.len() == pairs.len();
            let target = match a {
                _ if pick.is_some() => pick,
                Action::Confirm | Action::Toggle if !complete => Some(inp.cursor),
                _ => None,
            };
            if let Some(i) = target
                && !complete
                && let Some(id) = inp.shown.get(i)
            {
                if inp.placed.contains(id) {
                    st.notice = Some("quiz.already_used");
                } else {
                    inp.placed.push(id.clone());
                }
                return None;
            }
            if a == Action::Erase {
                inp.placed.pop();
            }
            if a == Action::Confirm && complete {
                let map: BTreeMap<String, String> = pairs
                    .iter()
                    .zip(&inp.placed)
                    .map(|(p, r)| (p.id.clone(), r.clone()))
                    .collect();
                return Some(Answer::Match(map));
            }
        }
    }
    None
}

fn submit(app: &mut App, question: &Question, answer: Answer, at: Timestamp) -> Vec<Effect> {
    let course = app.course.id.clone();
    let Screen::Quiz(st) = &mut app.screen else {
        return Vec::new();
    };
    let g = grade(question, &answer);
    let shown = match &question.kind {
        QuestionKind::Order { .. } | QuestionKind::Match { .. } => st.input.shown.clone(),
        _ => Vec::new(),
    };
    let rec = AnswerRecord {
        answer: answer.clone(),
        correct: g.correct,
        hints: st.hints as u32,
        shown,
        at,
    };
    st.feedback = Some(Feedback { grade: g, answer });
    let (lesson, attempt, qid) = (st.lesson.clone(), st.attempt.clone(), st.question.clone());
    match app.learner.as_mut() {
        Some(lf) => {
            record::record_answer(lf, &course, &lesson, &attempt, &qid, rec);
            vec![Effect::Save]
        }
        None => Vec::new(),
    }
}
