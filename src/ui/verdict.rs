//! After an answer: ✓/✗ with a word, what the learner's choice teaches, why; the summary.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::theme::Role;
use super::{View, inset};
use crate::app::SummaryState;
use crate::course::model::{Question, QuestionKind};
use crate::quiz::Answer;

type Lines = Vec<Line<'static>>;

fn t(v: &View, key: &str) -> String {
    v.tr(key)
}

pub fn feedback(
    v: &View,
    q: &Question,
    answer: &Answer,
    grade: &crate::quiz::grade::Grade,
    w: u16,
    out: &mut Lines,
) {
    let lang = v.app.lang.code();
    let (right, wrong) = (format!("{} ", v.sym.right), format!("{} ", v.sym.wrong));
    if grade.correct {
        out.extend(v.wrapped(&right, &t(v, "quiz.right"), Role::Correct, w));
    } else if let Some(spelling) = &grade.accents_differ {
        let msg = rust_i18n::t!(
            "tui.quiz.accents",
            locale = lang,
            answer = spelling.as_str()
        )
        .into_owned();
        out.extend(v.wrapped(&wrong, &msg, Role::Incorrect, w));
    } else {
        out.extend(v.wrapped(&wrong, &t(v, "quiz.wrong"), Role::Incorrect, w));
    }
    // What the learner's own choice teaches.
    match (&q.kind, answer) {
        (QuestionKind::One { choices }, Answer::One(id)) => {
            for c in choices.iter().filter(|c| &c.id == id) {
                if let Some(f) = &c.feedback {
                    out.extend(v.md("  ", f, Role::Body, w));
                }
            }
        }
        (QuestionKind::Many { choices }, Answer::Many(ids)) => {
            for c in choices.iter().filter(|c| ids.contains(&c.id) || c.correct) {
                if let Some(f) = &c.feedback
                    && (ids.contains(&c.id) != c.correct || grade.correct)
                {
                    out.extend(v.md("  ", f, Role::Body, w));
                }
            }
        }
        (
            QuestionKind::TrueFalse {
                feedback: Some(f), ..
            },
            _,
        ) if !grade.correct => {
            out.extend(v.md("  ", f, Role::Body, w));
        }
        (QuestionKind::Text { accept, .. }, _)
            if !grade.correct && grade.accents_differ.is_none() =>
        {
            if let Some(a) = accept.first() {
                let msg = rust_i18n::t!("tui.quiz.expected", locale = lang, answer = a.as_str())
                    .into_owned();
                out.extend(v.wrapped("  ", &msg, Role::Body, w));
            }
            // Graded as typed; the keyboard gets a word of its own.
            if let Answer::Text(typed) = answer
                && crate::app::typing::keyboard_off(typed, accept)
            {
                let tip = format!("{} {}", v.sym.warning, t(v, "quiz.keyboard_off"));
                out.extend(v.wrapped("  ", &tip, Role::Warning, w));
            }
        }
        _ => {}
    }
    if let Some(e) = &q.explanation {
        out.extend(v.md(&format!("{} ", t(v, "quiz.why")), e, Role::Body, w));
    }
}

pub fn render_summary(
    v: &View,
    s: &SummaryState,
    area: Rect,
    buf: &mut Buffer,
) -> (String, String) {
    if s.attempt == crate::app::review::REVIEW_ATTEMPT {
        return super::results::render_review_summary(v, s, area, buf);
    }
    let app = v.app;
    let area = inset(area);
    let w = area.width;
    let mut lines: Lines = Vec::new();
    let counted = app
        .course
        .lesson(&s.lesson)
        .and_then(|l| crate::app::results::in_questions(&l.quiz, s.missed.len(), s.pass_mark));
    let score = v.fit(super::linear::score_words(
        app,
        s.score,
        s.pass_mark,
        counted,
    ));
    let (right, wrong) = (format!("{} ", v.sym.right), format!("{} ", v.sym.wrong));
    lines.extend(v.wrapped("", &score, Role::Strong, w));
    lines.push(Line::default());
    if s.passed {
        lines.extend(v.wrapped(&right, &t(v, "summary.passed"), Role::Correct, w));
    } else {
        lines.extend(v.wrapped(&wrong, &t(v, "summary.not_passed"), Role::Incorrect, w));
    }
    let lesson = app.course.lesson(&s.lesson);
    if !s.missed.is_empty() {
        lines.push(Line::default());
        lines.push(Line::from(v.span(t(v, "summary.missed"), Role::Body)));
        for id in &s.missed {
            let prompt = lesson
                .and_then(|l| l.quiz.question(id))
                .map(|q| q.prompt.clone())
                .unwrap_or_default();
            lines.extend(v.md(&format!("  {wrong}"), &prompt, Role::Incorrect, w));
        }
        lines.push(Line::default());
        lines.extend(v.wrapped("", &t(v, "summary.retry_tip"), Role::Muted, w));
    }
    super::scrolled(v, lines, area, buf);
    let title = lesson.map(|l| l.title.clone()).unwrap_or_default();
    (
        format!("{} · {title}", t(v, "summary.title")),
        String::new(),
    )
}
