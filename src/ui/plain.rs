//! The screens as plain lines, for the line mode (`hocso --plain`: screen readers, braille,
//! serial lines) and for reading aloud. Lists are numbered so a typed number chooses; screens
//! without a list are the full-screen renderer's own lines, so both fronts say the same.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::theme::Theme;
use super::{View, symbols};
use crate::app::course_map::{recommended, status};
use crate::app::quiz::question;
use crate::app::{App, Overlay, QuizState, Screen, picker};
use crate::course::model::QuestionKind;
use crate::progress::model::LessonStatus;

fn tr(app: &App, key: &str) -> String {
    rust_i18n::t!(key, locale = app.lang.code()).into_owned()
}

/// Text with the current symbol set applied.
fn fit(app: &App, text: String) -> String {
    match app.symbols {
        crate::app::SymbolSet::Unicode => text,
        crate::app::SymbolSet::Ascii => symbols::ascii_text(&text),
    }
}

/// Draws with a full-screen renderer into a tall buffer and returns its rows as text.
fn drawn(app: &App, f: impl FnOnce(&View, Rect, &mut Buffer)) -> Vec<String> {
    let area = Rect::new(0, 0, 78, 200);
    let mut buf = Buffer::empty(area);
    let v = View::new(app, Theme::new(app.theme, true));
    f(&v, area, &mut buf);
    if app.symbols == crate::app::SymbolSet::Ascii {
        symbols::ascii_buffer(&mut buf, &[]);
    }
    let mut rows: Vec<String> = (0..area.height)
        .map(|y| {
            let row: String = (0..area.width).map(|x| buf[(x, y)].symbol()).collect();
            row.trim_end().to_string()
        })
        .collect();
    while rows.last().is_some_and(|r| r.is_empty()) {
        rows.pop();
    }
    rows
}

/// The lines of the page on screen: title, then the body.
fn page(app: &App) -> Vec<String> {
    let Screen::Reader(r) = &app.screen else {
        return Vec::new();
    };
    let Some(lesson) = app.course.lesson(&r.lesson) else {
        return Vec::new();
    };
    let title = lesson.pages.get(r.page).map(|p| p.title.clone());
    let n = rust_i18n::t!(
        "tui.reader.page",
        locale = app.lang.code(),
        n = r.page + 1,
        total = lesson.pages.len()
    );
    let mut out = vec![format!("{} · {n}", lesson.title)];
    out.extend(title);
    out.push(String::new());
    for l in crate::app::reader::page_lines(app, r) {
        out.push(l.iter().map(|s| s.text.as_str()).collect::<String>());
    }
    out
}

/// A question before it is answered: prompt and numbered choices.
fn question_lines(app: &App, q: &QuizState) -> Vec<String> {
    let Some(question) = question(app, q) else {
        return Vec::new();
    };
    let (n, total) = q.position(app);
    let pos = rust_i18n::t!(
        "tui.quiz.position",
        locale = app.lang.code(),
        n = n,
        total = total
    );
    let mut out = vec![format!("{pos}. {}", question.prompt)];
    let numbered = |out: &mut Vec<String>, items: Vec<String>| {
        for (i, t) in items.iter().enumerate() {
            out.push(format!("  {}. {t}", i + 1));
        }
    };
    match &question.kind {
        QuestionKind::One { choices } | QuestionKind::Many { choices } => {
            let shown = crate::app::input::shown_choices(choices, &q.input);
            numbered(&mut out, shown.iter().map(|c| c.text.clone()).collect())
        }
        QuestionKind::TrueFalse { .. } => numbered(
            &mut out,
            vec![tr(app, "tui.quiz.true"), tr(app, "tui.quiz.false")],
        ),
        QuestionKind::Text { .. } => {}
        QuestionKind::Order { items } => {
            let text = |id: &String| items.iter().find(|i| &i.id == id).map(|i| i.text.clone());
            numbered(&mut out, q.input.shown.iter().filter_map(text).collect());
        }
        QuestionKind::Match { pairs } => {
            numbered(&mut out, pairs.iter().map(|p| p.left.clone()).collect());
            let right = |id: &String| pairs.iter().find(|p| &p.id == id).map(|p| &p.right);
            for (i, r) in q.input.shown.iter().filter_map(right).enumerate() {
                out.push(format!("  {}. {r}", letter(i)));
            }
        }
    }
    for (i, h) in question.hints.iter().take(q.hints).enumerate() {
        let label = rust_i18n::t!("tui.quiz.hint_n", locale = app.lang.code(), n = i + 1);
        out.push(format!("{label} {h}"));
    }
    if let Some(n) = q.notice {
        out.push(tr(app, &format!("tui.{n}")));
    }
    out
}

/// a, b, c… for the right-hand side of match questions.
pub fn letter(i: usize) -> char {
    char::from(b'a' + (i % 26) as u8)
}

/// What to type on a question of this kind.
fn question_tip(app: &App, q: &QuizState) -> &'static str {
    match question(app, q).map(|q| &q.kind) {
        Some(QuestionKind::Many { .. }) => "reach.plain.many",
        Some(QuestionKind::Order { .. }) => "reach.plain.order",
        Some(QuestionKind::Match { .. }) => "reach.plain.match",
        Some(QuestionKind::Text { .. }) => "reach.plain.text",
        _ => "reach.plain.one",
    }
}

fn overlay_lines(app: &App, ov: &Overlay) -> Vec<String> {
    match ov {
        Overlay::Notice { message, take_over } => {
            let mut out: Vec<String> = message.lines().map(str::to_string).collect();
            if take_over.is_some() {
                out.push(tr(app, "tui.notice.take_over"));
            }
            out
        }
        Overlay::HandSent => vec![tr(app, "reach.hand.sent"), tr(app, "reach.hand.again")],
        Overlay::Help => vec![tr(app, "reach.plain.help")],
        Overlay::ConfirmQuit => vec![tr(app, "nav.confirm.text")],
        Overlay::Glossary => {
            let mut out = Vec::new();
            if let Screen::Reader(r) = &app.screen
                && let Some(lesson) = app.course.lesson(&r.lesson)
            {
                for t in lesson.terms.iter().filter_map(|id| app.course.term(id)) {
                    out.push(format!("{}: {}", t.term, t.definition));
                }
            }
            out.push(tr(app, "reach.plain.next"));
            out
        }
    }
}

/// The screen as lines to print, with what to type last.
pub fn screen(app: &App) -> Vec<String> {
    if let Some(ov) = &app.overlay {
        return overlay_lines(app, ov)
            .into_iter()
            .map(|l| fit(app, l))
            .collect();
    }
    let mut out = Vec::new();
    match &app.screen {
        Screen::Picker(p) => {
            out.push(format!(
                "{} — {}",
                tr(app, "tui.app_name"),
                app.course.title
            ));
            out.push(format!("  0. {}", tr(app, "tui.picker.new")));
            for (i, l) in picker::visible(&app.learners, &p.filter).iter().enumerate() {
                let detail: Vec<String> = l
                    .birth_year
                    .map(|y| y.to_string())
                    .into_iter()
                    .chain(l.group.clone())
                    .collect();
                let detail = match detail.is_empty() {
                    true => String::new(),
                    false => format!(" ({})", detail.join(", ")),
                };
                out.push(format!("  {}. {}{detail}", i + 1, l.name));
            }
            out.push(tr(app, "reach.plain.picker"));
        }
        Screen::NewLearner(f) => {
            let key = ["tui.new.name", "tui.new.year", "tui.new.group"][f.focus.min(2)];
            if let Some(e) = f.error {
                out.push(tr(app, &format!("tui.{e}")));
            }
            out.push(format!("{} {}", tr(app, key), tr(app, "reach.plain.field")));
        }
        Screen::Map(_) => {
            let rec = recommended(app);
            for (i, (_, l)) in app.course.lessons().enumerate() {
                let st = match status(app, &l.id) {
                    LessonStatus::Done => "reach.plain.status.done",
                    LessonStatus::InProgress => "reach.plain.status.in_progress",
                    LessonStatus::NotStarted => "reach.plain.status.not_started",
                };
                let next = match rec == Some(i) {
                    true => format!(", {}", tr(app, "tui.map.next")),
                    false => String::new(),
                };
                out.push(format!("  {}. {} ({}{next})", i + 1, l.title, tr(app, st)));
            }
            out.push(tr(app, "reach.plain.map"));
        }
        Screen::Reader(_) => {
            out.extend(page(app));
            out.push(String::new());
            out.push(tr(app, "reach.plain.page"));
        }
        Screen::Quiz(q) if q.feedback.is_none() => {
            out.extend(question_lines(app, q));
            out.push(tr(app, question_tip(app, q)));
        }
        Screen::Quiz(q) => {
            out.extend(drawn(app, |v, a, b| {
                super::quiz::render(v, q, a, b);
            }));
            out.push(tr(app, "reach.plain.next"));
        }
        Screen::Summary(s) => {
            out.extend(drawn(app, |v, a, b| {
                super::verdict::render_summary(v, s, a, b);
            }));
            out.push(tr(app, "reach.plain.summary"));
        }
        Screen::Settings(row) => {
            out.extend(drawn(app, |v, a, b| {
                super::overlay::settings(v, *row, a, b);
            }));
            out.push(tr(app, "reach.plain.settings"));
        }
        Screen::Class(c) => {
            out.extend(drawn(app, |v, a, b| {
                super::class::render(v, c, a, b);
            }));
            out.push(tr(app, "reach.plain.class"));
        }
        Screen::Pin(_) => out.push(tr(app, "reach.plain.pin")),
        Screen::Ready(r) => out.extend(drawn(app, |v, a, b| {
            super::ready::render(v, r, a, b);
        })),
        Screen::Results(_) => {
            out.extend(drawn(app, |v, a, b| {
                super::results::render(v, a, b);
            }));
            out.push(tr(app, "reach.plain.summary"));
        }
    }
    out.into_iter().map(|l| fit(app, l)).collect()
}

/// What "Nghe" reads: the page, or the question with its numbered choices, or the verdict.
pub fn speech(app: &App) -> Option<String> {
    let lines = match &app.screen {
        Screen::Reader(_) => page(app),
        Screen::Quiz(q) if q.feedback.is_none() => question_lines(app, q),
        Screen::Quiz(_) | Screen::Summary(_) => {
            let mut l = screen(app);
            l.pop();
            l
        }
        _ => return None,
    };
    Some(lines.join("\n"))
}
