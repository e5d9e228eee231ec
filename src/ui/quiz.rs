//! Quiz screens: the question, the learner's input, feedback with ✓/✗ and a word; the summary.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::theme::Role;
use super::{View, inset, lines_at};
use crate::app::doc;
use crate::app::quiz::{QuizState, SummaryState, question};
use crate::course::model::{Question, QuestionKind};
use crate::quiz::Answer;

type Lines = Vec<Line<'static>>;

fn t(v: &View, key: &str) -> String {
    v.tr(key)
}

pub fn render(v: &View, q: &QuizState, area: Rect, buf: &mut Buffer) -> (String, String) {
    let app = v.app;
    let area = inset(area);
    let Some(question) = question(app, q) else {
        return Default::default();
    };
    let w = area.width;
    let mut lines: Lines = v
        .doc_lines(&doc::render(&question.prompt, &[], usize::from(w)))
        .into_iter()
        .map(|l| l.patch_style(v.style(Role::Strong)))
        .collect();
    lines.push(Line::default());
    let fb = q.feedback.as_ref();
    match &question.kind {
        QuestionKind::One { choices } | QuestionKind::Many { choices } => {
            let many = matches!(question.kind, QuestionKind::Many { .. });
            let rows: Vec<(String, bool)> = choices
                .iter()
                .map(|c| (c.text.clone(), c.correct))
                .collect();
            choice_rows(v, q, &rows, many, w, &mut lines);
        }
        QuestionKind::TrueFalse { answer, .. } => {
            let rows = vec![(t(v, "quiz.true"), *answer), (t(v, "quiz.false"), !*answer)];
            choice_rows(v, q, &rows, false, w, &mut lines);
        }
        QuestionKind::Text { .. } => {
            lines.push(Line::from(v.span(t(v, "quiz.your_answer"), Role::Body)));
            let (text, role) = if fb.is_some() {
                (format!("  {}", q.input.text), Role::Strong)
            } else {
                (format!("› {}█", q.input.text), Role::Selected)
            };
            lines.push(Line::from(v.span(text, role)));
        }
        QuestionKind::Order { items } => {
            let text = |id: &str| {
                items
                    .iter()
                    .find(|i| i.id == id)
                    .map(|i| i.text.clone())
                    .unwrap_or_default()
            };
            lines.push(Line::from(v.span(t(v, "quiz.order_yours"), Role::Body)));
            if q.input.placed.is_empty() {
                lines.push(Line::from(
                    v.span(format!("  {}", t(v, "quiz.order_empty")), Role::Muted),
                ));
            }
            for (i, id) in q.input.placed.iter().enumerate() {
                let (sym, role) = match fb {
                    Some(_) if items.get(i).is_some_and(|it| &it.id == id) => ("✓ ", Role::Correct),
                    Some(_) => ("✗ ", Role::Incorrect),
                    None => ("", Role::Strong),
                };
                lines.extend(v.wrapped(&format!("  {sym}{}. ", i + 1), &text(id), role, w));
            }
            if fb.is_none() {
                lines.push(Line::from(v.span(t(v, "quiz.order_pick"), Role::Body)));
                for (i, id) in q.input.shown.iter().enumerate() {
                    let placed = q.input.placed.contains(id);
                    let cur = q.input.cursor == i;
                    let role = if cur {
                        Role::Selected
                    } else if placed {
                        Role::Muted
                    } else {
                        Role::Body
                    };
                    let done = if placed {
                        format!("  ({})", t(v, "quiz.placed"))
                    } else {
                        String::new()
                    };
                    let mark = if cur { "›" } else { " " };
                    lines.extend(v.wrapped(
                        &format!("{mark} {}. ", i + 1),
                        &format!("{}{done}", text(id)),
                        role,
                        w,
                    ));
                }
            } else if !fb.is_some_and(|f| f.grade.correct) {
                lines.push(Line::from(v.span(t(v, "quiz.right_order"), Role::Body)));
                for (i, it) in items.iter().enumerate() {
                    lines.extend(v.wrapped(&format!("  {}. ", i + 1), &it.text, Role::Correct, w));
                }
            }
        }
        QuestionKind::Match { pairs } => {
            let right = |id: &str| {
                pairs
                    .iter()
                    .find(|p| p.id == id)
                    .map(|p| p.right.clone())
                    .unwrap_or_default()
            };
            for (i, p) in pairs.iter().enumerate() {
                let placed = q.input.placed.get(i);
                let cur = fb.is_none() && i == q.input.placed.len();
                let (sym, role) = match (fb, placed) {
                    (Some(_), Some(r)) if *r == p.id => ("✓ ", Role::Correct),
                    (Some(_), _) => ("✗ ", Role::Incorrect),
                    (None, _) if cur => ("› ", Role::Selected),
                    (None, Some(_)) => ("  ", Role::Strong),
                    (None, None) => ("  ", Role::Muted),
                };
                let r = placed.map(|r| right(r)).unwrap_or_else(|| "?".into());
                lines.extend(v.wrapped(sym, &format!("{} → {r}", p.left), role, w));
                if fb.is_some() && placed != Some(&p.id) {
                    lines.extend(v.wrapped(
                        "    ",
                        &format!("{} {}", t(v, "quiz.should_be"), p.right),
                        Role::Correct,
                        w,
                    ));
                }
            }
            if fb.is_none() {
                lines.push(Line::default());
                lines.push(Line::from(v.span(t(v, "quiz.match_pick"), Role::Body)));
                for (i, id) in q.input.shown.iter().enumerate() {
                    let used = q.input.placed.contains(id);
                    let cur = q.input.cursor == i;
                    let role = if cur {
                        Role::Selected
                    } else if used {
                        Role::Muted
                    } else {
                        Role::Body
                    };
                    let mark = if cur { "›" } else { " " };
                    lines.extend(v.wrapped(&format!("{mark} {}. ", i + 1), &right(id), role, w));
                }
            }
        }
    }
    for (i, h) in question.hints.iter().take(q.hints).enumerate() {
        lines.push(Line::default());
        let label =
            rust_i18n::t!("tui.quiz.hint_n", locale = app.lang.code(), n = i + 1).into_owned();
        lines.extend(v.wrapped(&format!("{label} "), h, Role::Warning, w));
    }
    if let Some(n) = q.notice {
        lines.push(Line::from(v.span(format!("⚠ {}", t(v, n)), Role::Warning)));
    }
    if let Some(f) = fb {
        lines.push(Line::default());
        feedback(v, question, &f.answer, &f.grade, w, &mut lines);
    }
    // When everything does not fit: after answering keep the end (the feedback) in view; before,
    // keep the question in view, scrolling only as far as the row with the cursor needs.
    let height = usize::from(area.height);
    if fb.is_none() && lines.len() > height {
        // A small window: blank spacer lines go first.
        lines.retain(|l| l.spans.iter().any(|s| !s.content.trim().is_empty()));
    }
    let skip = if fb.is_some() {
        lines.len().saturating_sub(height)
    } else {
        let cursor = lines.iter().rposition(|l| {
            l.spans
                .iter()
                .map(|s| s.content.as_ref())
                .collect::<String>()
                .trim_start()
                .starts_with('›')
        });
        cursor.map_or(0, |c| (c + 1).saturating_sub(height))
    };
    lines_at(lines, skip, area, buf);
    let (n, total) = q.position(app);
    let lesson = app
        .course
        .lesson(&q.lesson)
        .map(|l| l.title.clone())
        .unwrap_or_default();
    (
        lesson,
        rust_i18n::t!(
            "tui.quiz.position",
            locale = app.lang.code(),
            n = n,
            total = total
        )
        .into_owned(),
    )
}

fn choice_rows(
    v: &View,
    q: &QuizState,
    rows: &[(String, bool)],
    many: bool,
    w: u16,
    out: &mut Lines,
) {
    let fb = q.feedback.is_some();
    let wrong = q.feedback.as_ref().is_some_and(|f| !f.grade.correct);
    for (i, (text, correct)) in rows.iter().enumerate() {
        let chosen =
            q.input.chosen.get(i).copied().unwrap_or(false) || (!many && fb && q.input.cursor == i);
        let boxed = match (many, chosen) {
            (true, true) => "[x]",
            (true, false) => "[ ]",
            (false, true) => "(•)",
            (false, false) => "( )",
        };
        let cur = !fb && q.input.cursor == i;
        let (sym, role) = match (fb, *correct, chosen) {
            (true, true, _) => ("✓", Role::Correct),
            (true, false, true) => ("✗", Role::Incorrect),
            (true, false, false) => (" ", Role::Muted),
            (false, _, _) if cur => ("›", Role::Selected),
            _ => (" ", Role::Body),
        };
        let suffix = if wrong && *correct {
            format!("  ← {}", t(v, "quiz.correct_answer"))
        } else {
            String::new()
        };
        out.extend(v.wrapped(
            &format!("{sym} {boxed} {}. ", i + 1),
            &format!("{text}{suffix}"),
            role,
            w,
        ));
    }
}

fn feedback(
    v: &View,
    q: &Question,
    answer: &Answer,
    grade: &crate::quiz::grade::Grade,
    w: u16,
    out: &mut Lines,
) {
    let lang = v.app.lang.code();
    if grade.correct {
        out.extend(v.wrapped("✓ ", &t(v, "quiz.right"), Role::Correct, w));
    } else if let Some(spelling) = &grade.accents_differ {
        let msg = rust_i18n::t!(
            "tui.quiz.accents",
            locale = lang,
            answer = spelling.as_str()
        )
        .into_owned();
        out.extend(v.wrapped("✗ ", &msg, Role::Incorrect, w));
    } else {
        out.extend(v.wrapped("✗ ", &t(v, "quiz.wrong"), Role::Incorrect, w));
    }
    // What the learner's own choice teaches.
    match (&q.kind, answer) {
        (QuestionKind::One { choices }, Answer::One(id)) => {
            for c in choices.iter().filter(|c| &c.id == id) {
                if let Some(f) = &c.feedback {
                    out.extend(v.wrapped("  ", f, Role::Body, w));
                }
            }
        }
        (QuestionKind::Many { choices }, Answer::Many(ids)) => {
            for c in choices.iter().filter(|c| ids.contains(&c.id) || c.correct) {
                if let Some(f) = &c.feedback
                    && (ids.contains(&c.id) != c.correct || grade.correct)
                {
                    out.extend(v.wrapped("  ", f, Role::Body, w));
                }
            }
        }
        (
            QuestionKind::TrueFalse {
                feedback: Some(f), ..
            },
            _,
        ) if !grade.correct => {
            out.extend(v.wrapped("  ", f, Role::Body, w));
        }
        (QuestionKind::Text { accept, .. }, _)
            if !grade.correct && grade.accents_differ.is_none() =>
        {
            if let Some(a) = accept.first() {
                let msg = rust_i18n::t!("tui.quiz.expected", locale = lang, answer = a.as_str())
                    .into_owned();
                out.extend(v.wrapped("  ", &msg, Role::Body, w));
            }
        }
        _ => {}
    }
    if let Some(e) = &q.explanation {
        out.extend(v.wrapped(&format!("{} ", t(v, "quiz.why")), e, Role::Body, w));
    }
}

pub fn render_summary(
    v: &View,
    s: &SummaryState,
    area: Rect,
    buf: &mut Buffer,
) -> (String, String) {
    let app = v.app;
    let lang = app.lang.code();
    let area = inset(area);
    let w = area.width;
    let mut lines: Lines = Vec::new();
    let score = rust_i18n::t!(
        "tui.summary.score",
        locale = lang,
        score = s.score,
        pass = s.pass_mark
    )
    .into_owned();
    lines.extend(v.wrapped("", &score, Role::Strong, w));
    lines.push(Line::default());
    if s.passed {
        lines.extend(v.wrapped("✓ ", &t(v, "summary.passed"), Role::Correct, w));
    } else {
        lines.extend(v.wrapped("✗ ", &t(v, "summary.not_passed"), Role::Incorrect, w));
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
            lines.extend(v.wrapped("  ✗ ", &prompt, Role::Incorrect, w));
        }
        lines.push(Line::default());
        lines.push(Line::from(v.span(t(v, "summary.retry_tip"), Role::Muted)));
    }
    lines_at(lines, 0, area, buf);
    let title = lesson.map(|l| l.title.clone()).unwrap_or_default();
    (
        format!("{} · {title}", t(v, "summary.title")),
        String::new(),
    )
}
