//! The screens as plain lines, for the line mode (`hocso --plain`: screen readers, braille,
//! serial lines) and for reading aloud. Lists are numbered so a typed number chooses; screens
//! without a list are the full-screen renderer's own lines, so both fronts say the same.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::theme::Theme;
use super::{View, symbols};
use crate::app::quiz::question;
use crate::app::{App, Overlay, QuizState, Screen, picker};
use crate::course::model::QuestionKind;

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
    let linear = || super::linear::lines(app, &crate::app::linear::screen(app));
    match ov {
        Overlay::Notice { message, take_over } => {
            let mut out: Vec<String> = message.lines().map(str::to_string).collect();
            if take_over.is_some() {
                out.push(tr(app, "tui.notice.take_over"));
            }
            out
        }
        Overlay::HandSent if app.home => super::home::hand_lines(app).1,
        Overlay::ModuleDone { .. } | Overlay::Certified => super::home::milestone(app, ov)
            .map(|(title, paras)| {
                // Plain mode prints no blank lines inside one screen.
                let mut out = vec![title];
                out.extend(paras.into_iter().filter(|p| !p.is_empty()));
                out
            })
            .unwrap_or_default(),
        Overlay::HandSent => vec![tr(app, "reach.hand.sent"), tr(app, "reach.hand.again")],
        Overlay::Help => vec![tr(app, "reach.plain.help")],
        Overlay::ConfirmQuit => vec![tr(app, "nav.confirm.text")],
        Overlay::Glossary => {
            let mut out = vec![tr(app, "listen.glossary")];
            out.extend(linear());
            out.push(tr(app, "reach.plain.next"));
            out
        }
    }
}

/// The screen as lines to print, with what to type last.
pub fn screen(app: &App) -> Vec<String> {
    if let Some(ov) = &app.overlay {
        // A lesson's result comes before the milestone it earned (the full screen draws the
        // milestone over the summary; read aloud, the result must not wait behind it).
        let result = match (ov, &app.screen) {
            (Overlay::ModuleDone { .. } | Overlay::Certified, Screen::Summary(_)) => {
                linear(app).into_iter().map(|l| fit(app, l)).collect()
            }
            _ => Vec::new(),
        };
        return result
            .into_iter()
            .chain(overlay_lines(app, ov).into_iter().map(|l| fit(app, l)))
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
            out.extend(linear(app));
            out.push(tr(app, "listen.map_prompt"));
        }
        Screen::Reader(_) => {
            out.extend(linear(app));
            out.push(tr(app, "reach.plain.page"));
        }
        Screen::Quiz(q) if q.feedback.is_none() => {
            out.extend(linear(app));
            out.push(tr(app, question_tip(app, q)));
        }
        Screen::Quiz(_) => {
            out.extend(linear(app));
            out.push(tr(app, "reach.plain.next"));
        }
        Screen::Summary(s) => {
            out.extend(linear(app));
            let key = if s.attempt == crate::app::review::REVIEW_ATTEMPT {
                "listen.review_summary"
            } else if s.missed.is_empty() {
                "listen.summary_passed"
            } else {
                "reach.plain.summary"
            };
            out.push(tr(app, key));
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
            out.extend(linear(app));
            out.push(tr(app, "listen.results_prompt"));
        }
    }
    out.into_iter().map(|l| fit(app, l)).collect()
}

/// The screen's linear form in words (see `app::linear`).
fn linear(app: &App) -> Vec<String> {
    super::linear::lines(app, &crate::app::linear::screen(app))
}

/// The map after it has been listed once: what is due and what comes next, not 60 lessons.
pub fn map_short(app: &App) -> Vec<String> {
    use crate::app::linear::Item;
    let items = crate::app::linear::map(app);
    let keep = items
        .iter()
        .filter(|i| matches!(i, Item::ReviewDue(_) | Item::Lesson { next: true, .. }));
    let mut out: Vec<String> = keep.map(|i| super::linear::line(app, i)).collect();
    out.push(tr(app, "listen.map_short"));
    out
}

/// What "Nghe" reads: the screen's linear form (page, question, verdict, summary, map,
/// glossary, results), one line per item.
pub fn speech(app: &App) -> Option<String> {
    let lines = linear(app);
    (!lines.is_empty()).then(|| lines.join("\n"))
}
