//! Quiz screens: the question and the learner's input (feedback and summary: `verdict`). Every
//! line that belongs to a choice is tagged with its row, so a click anywhere on it picks it.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::theme::Role;
use super::{View, inset, lines_at};
use crate::app::Target;
use crate::app::doc;
use crate::app::quiz::{QuizState, question};
use crate::course::model::QuestionKind;

type Lines = Vec<Line<'static>>;

/// Lines, each with the choice row it belongs to (for clicks).
#[derive(Default)]
struct Out {
    lines: Lines,
    rows: Vec<Option<usize>>,
}

impl Out {
    fn push(&mut self, l: Line<'static>) {
        self.lines.push(l);
        self.rows.push(None);
    }

    fn extend(&mut self, ls: Lines) {
        for l in ls {
            self.push(l);
        }
    }

    fn row(&mut self, row: usize, ls: Lines) {
        for l in ls {
            self.lines.push(l);
            self.rows.push(Some(row));
        }
    }
}

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
    let sym = v.sym;
    let mut lines = Out::default();
    lines.extend(
        v.doc_lines(&doc::render(&question.prompt, &[], usize::from(w)))
            .into_iter()
            .map(|l| l.patch_style(v.style(Role::Strong)))
            .collect(),
    );
    lines.push(Line::default());
    let fb = q.feedback.as_ref();
    match &question.kind {
        QuestionKind::One { choices } | QuestionKind::Many { choices } => {
            let many = matches!(question.kind, QuestionKind::Many { .. });
            let rows: Vec<(String, bool)> = crate::app::input::shown_choices(choices, &q.input)
                .into_iter()
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
                (
                    format!("{} {}{}", sym.cursor, q.input.text, sym.caret),
                    Role::Selected,
                )
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
            // The steps to pick from come first and keep their rows: picking one marks it in
            // place (same width, same wrapping), and the learner's order grows below them, so
            // a second click lands on the step the pointer is over.
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
                    let mark = if cur { sym.cursor } else { " " };
                    // "[2]": placed as the learner's second step; "[ ]": not placed yet. The
                    // same width either way, so the text wraps the same.
                    let slot = match q.input.placed.iter().position(|p| p == id) {
                        Some(n) if n < 9 => format!("[{}]", n + 1),
                        Some(_) => "[x]".to_string(),
                        None => "[ ]".to_string(),
                    };
                    lines.row(
                        i,
                        v.wrapped(&format!("{mark} {}. {slot} ", i + 1), &text(id), role, w),
                    );
                }
                lines.push(Line::default());
            }
            lines.push(Line::from(v.span(t(v, "quiz.order_yours"), Role::Body)));
            if q.input.placed.is_empty() {
                lines.push(Line::from(
                    v.span(format!("  {}", t(v, "quiz.order_empty")), Role::Muted),
                ));
            }
            for (i, id) in q.input.placed.iter().enumerate() {
                let (mark, role) = match fb {
                    Some(_) if items.get(i).is_some_and(|it| &it.id == id) => {
                        (format!("{} ", sym.right), Role::Correct)
                    }
                    Some(_) => (format!("{} ", sym.wrong), Role::Incorrect),
                    None => (String::new(), Role::Strong),
                };
                lines.extend(v.wrapped(&format!("  {mark}{}. ", i + 1), &text(id), role, w));
            }
            if fb.is_some_and(|f| !f.grade.correct) {
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
                let (mark, role) = match (fb, placed) {
                    (Some(_), Some(r)) if *r == p.id => (sym.right, Role::Correct),
                    (Some(_), _) => (sym.wrong, Role::Incorrect),
                    (None, _) if cur => (sym.cursor, Role::Selected),
                    (None, Some(_)) => (" ", Role::Strong),
                    (None, None) => (" ", Role::Muted),
                };
                let r = placed.map(|r| right(r)).unwrap_or_else(|| "?".into());
                let text = format!("{} {} {r}", p.left, sym.arrow);
                lines.extend(v.wrapped(&format!("{mark} "), &text, role, w));
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
                    let mark = if cur { sym.cursor } else { " " };
                    let prefix = format!("{mark} {}. ", i + 1);
                    lines.row(i, v.wrapped(&prefix, &right(id), role, w));
                }
            }
        }
    }
    for (i, h) in question.hints.iter().take(q.hints).enumerate() {
        lines.push(Line::default());
        let label =
            rust_i18n::t!("tui.quiz.hint_n", locale = app.lang.code(), n = i + 1).into_owned();
        lines.extend(v.md(&format!("{label} "), h, Role::Warning, w));
    }
    if let Some(n) = q.notice {
        let text = format!("{} {}", sym.warning, t(v, n));
        lines.push(Line::from(v.span(text, Role::Warning)));
    }
    if let Some(f) = fb {
        lines.push(Line::default());
        let mut out = Vec::new();
        super::verdict::feedback(v, question, &f.answer, &f.grade, w, &mut out);
        lines.extend(out);
    }
    let Out {
        mut lines,
        mut rows,
    } = lines;
    // When everything does not fit: after answering keep the end (the feedback) in view; before,
    // keep the question in view, scrolling only as far as the row with the cursor needs.
    let height = usize::from(area.height);
    if fb.is_none() && lines.len() > height {
        // A small window: blank spacer lines go first.
        let keep: Vec<bool> = lines
            .iter()
            .map(|l| l.spans.iter().any(|s| !s.content.trim().is_empty()))
            .collect();
        let mut k = keep.iter();
        lines.retain(|_| *k.next().unwrap_or(&true));
        let mut k = keep.iter();
        rows.retain(|_| *k.next().unwrap_or(&true));
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
                .starts_with(sym.cursor)
        });
        cursor.map_or(0, |c| (c + 1).saturating_sub(height))
    };
    if fb.is_none() {
        for (j, row) in rows.iter().enumerate().skip(skip).take(height) {
            if let Some(r) = row {
                let y = area.y + (j - skip) as u16;
                v.hit_row(area.x, y, area.width, Target::Row(*r));
            }
        }
    }
    lines_at(lines, skip, area, buf);
    let (n, total) = q.position(app);
    let mut lesson = app
        .course
        .lesson(&q.lesson)
        .map(|l| l.title.clone())
        .unwrap_or_default();
    if q.in_review() {
        lesson = format!("{} · {lesson}", super::results::lt(v, "review.title"));
    }
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
    out: &mut Out,
) {
    let sym = v.sym;
    let fb = q.feedback.is_some();
    let wrong = q.feedback.as_ref().is_some_and(|f| !f.grade.correct);
    for (i, (text, correct)) in rows.iter().enumerate() {
        let chosen =
            q.input.chosen.get(i).copied().unwrap_or(false) || (!many && fb && q.input.cursor == i);
        let boxed = match (many, chosen) {
            (true, true) => sym.box_on,
            (true, false) => sym.box_off,
            (false, true) => sym.radio_on,
            (false, false) => sym.radio_off,
        };
        let cur = !fb && q.input.cursor == i;
        // A right choice the learner did not tick: not "✓" (that reads as "you were right").
        let missed = fb && many && *correct && !chosen;
        let (mark, role) = match (fb, *correct, chosen) {
            _ if missed => (sym.not_started, Role::Correct),
            (true, true, _) => (sym.right, Role::Correct),
            (true, false, true) => (sym.wrong, Role::Incorrect),
            (true, false, false) => (" ", Role::Muted),
            (false, _, _) if cur => (sym.cursor, Role::Selected),
            _ => (" ", Role::Body),
        };
        let suffix = if missed {
            format!("  {} {}", sym.back_arrow, t(v, "quiz.missed_right"))
        } else if wrong && *correct {
            format!("  {} {}", sym.back_arrow, t(v, "quiz.correct_answer"))
        } else {
            String::new()
        };
        out.row(
            i,
            v.wrapped(
                &format!("{mark} {boxed} {}. ", i + 1),
                &format!("{text}{suffix}"),
                role,
                w,
            ),
        );
    }
}
