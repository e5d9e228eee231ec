//! The trainer's class view (learner table that fits 80 columns, flags with a symbol and a word)
//! and the masked PIN prompt.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use unicode_width::UnicodeWidthStr;

use super::theme::Role;
use super::{View, inset, lines_at};
use crate::app::{ClassView, PinEntry, class::PIN_TRIES};
use crate::trainer::report::output::fit;
use crate::trainer::report::{LearnerRow, Spot};

fn t(v: &View, key: &str) -> String {
    rust_i18n::t!(format!("classview.{key}"), locale = v.app.lang.code()).into_owned()
}

// Fixed column widths: mark, lessons done, last activity ("đang học" while their file is
// changing), flag; the name and where the learner is share the rest.
const MARK: usize = 2;
const DONE: usize = 8;
const LAST: usize = 11;
const FLAG: usize = 10;

fn rest(width: usize) -> usize {
    width.saturating_sub(MARK + DONE + LAST + FLAG + 5)
}

fn where_width(width: usize) -> usize {
    (rest(width) * 9 / 20).max(8)
}

fn name_width(width: usize) -> usize {
    rest(width).saturating_sub(where_width(width)).max(8)
}

/// "Câu 2/5 · Mật khẩu mạnh": the place first, so it survives a cut title.
fn where_text(v: &View, r: &LearnerRow) -> String {
    let l = v.app.lang.code();
    let Some(w) = &r.at else {
        return String::new();
    };
    let spot = match w.spot {
        Spot::Page { n, of } => rust_i18n::t!("office.class.page", locale = l, n = n, of = of),
        Spot::Question { n, of } => {
            rust_i18n::t!("office.class.question", locale = l, n = n, of = of)
        }
        Spot::Summary => rust_i18n::t!("office.class.summary", locale = l),
    };
    v.fit(format!("{spot} · {}", w.lesson_title))
}

fn row_cells(v: &View, r: &LearnerRow, total: usize, width: usize) -> (String, Role) {
    let (mark, flag, role) = if r.damaged.is_some() {
        (v.sym.wrong, t(v, "flag.damaged"), Role::Incorrect)
    } else if r.needs_help {
        (v.sym.warning, t(v, "flag.help"), Role::Warning)
    } else {
        (" ", String::new(), Role::Body)
    };
    let mut name = r.name.clone();
    let detail: Vec<String> = r
        .birth_year
        .map(|y| y.to_string())
        .into_iter()
        .chain(r.group.clone())
        .collect();
    if !detail.is_empty() {
        name = format!("{name} ({})", detail.join(", "));
    }
    let done = if r.damaged.is_some() {
        String::new()
    } else {
        format!("{}/{total}", r.lessons_done)
    };
    let last = if r.phone {
        rust_i18n::t!("office.class.phone", locale = v.app.lang.code()).into_owned()
    } else if r.active {
        rust_i18n::t!("office.class.active", locale = v.app.lang.code()).into_owned()
    } else {
        r.last_activity
            .map(|ts| {
                ts.to_zoned_datetime(jiff::tz::TimeZone::system())
                    .strftime("%d/%m %H:%M")
                    .to_string()
            })
            .unwrap_or_default()
    };
    let cells = [
        fit(mark, MARK),
        fit(&name, name_width(width)),
        fit(&where_text(v, r), where_width(width)),
        fit(&done, DONE),
        fit(&last, LAST),
        fit(&flag, FLAG),
    ];
    (cells.join(" ").trim_end().to_string(), role)
}

pub fn render(v: &View, c: &ClassView, area: Rect, buf: &mut Buffer) -> (String, String) {
    let area = inset(area);
    let width = usize::from(area.width);
    let time = c
        .updated
        .to_zoned_datetime(jiff::tz::TimeZone::system())
        .strftime("%H:%M:%S")
        .to_string();
    let updated = rust_i18n::t!("classview.updated", locale = v.app.lang.code(), time = time);
    let head = [
        fit("", MARK),
        fit(&t(v, "col.name"), name_width(width)),
        fit(
            &rust_i18n::t!("office.class.col_where", locale = v.app.lang.code()),
            where_width(width),
        ),
        fit(&t(v, "col.done"), DONE),
        fit(&t(v, "col.last"), LAST),
        fit(&t(v, "col.flag"), FLAG),
    ]
    .join(" ");
    let mut lines = hands(v, c, width, area);
    lines.extend([
        Line::from(v.span(fit(&updated, width), Role::Muted)),
        Line::from(v.span(fit(head.trim_end(), width), Role::Strong)),
        Line::from(v.span(v.sym.rule.repeat(width), Role::Muted)),
    ]);
    let learners = &c.report.learners;
    let fixed = (lines.len() as u16).min(area.height);
    lines_at(lines, 0, area, buf);
    // Below the heading, the learners scroll like every other box ("▼ còn nữa", ↑/↓, PgUp/PgDn,
    // Home/End, the wheel).
    let rows_area = Rect {
        y: area.y + fixed,
        height: area.height - fixed,
        ..area
    };
    let mut rows = Vec::new();
    if learners.is_empty() {
        rows.push(Line::from(v.span(t(v, "none"), Role::Muted)));
    }
    for r in learners {
        let (text, role) = row_cells(v, r, c.report.lessons_total, width);
        rows.push(Line::from(v.span(text, role)));
    }
    super::scrolled(v, rows, rows_area, buf);
    let help = learners.iter().filter(|r| r.needs_help).count();
    let counts = rust_i18n::t!(
        "classview.counts",
        locale = v.app.lang.code(),
        n = learners.len(),
        help = help
    );
    (t(v, "title"), counts.into_owned())
}

/// Learners waiting for help, oldest first, at the top; a number (or a click) clears one.
fn hands(v: &View, c: &ClassView, width: usize, area: Rect) -> Vec<Line<'static>> {
    let app = v.app;
    let lang = app.lang.code();
    let mut lines = Vec::new();
    let shown = app.hands.len().min(usize::from(area.height / 3).max(1));
    for (i, h) in app.hands.iter().take(shown).enumerate() {
        let lesson = h
            .lesson
            .as_deref()
            .and_then(|id| app.course.lesson(id))
            .map(|l| l.title.clone())
            .unwrap_or_default();
        let place = match h.question {
            Some(n) => rust_i18n::t!(
                "reach.hand.at_question",
                locale = lang,
                lesson = lesson,
                n = n
            ),
            None => rust_i18n::t!("reach.hand.at_lesson", locale = lang, lesson = lesson),
        };
        let mins = crate::app::hand::waited_minutes(h, c.updated);
        let waited = rust_i18n::t!("reach.hand.waiting", locale = lang, n = mins);
        let mut text = format!(
            "{}. {} {} {}",
            i + 1,
            v.sym.hand,
            v.rt("hand.needs"),
            h.name
        );
        if !lesson.is_empty() {
            text = format!("{text} · {place}");
        }
        text = v.fit(format!("{text} · {waited}"));
        v.hit_row(
            area.x,
            area.y + i as u16,
            area.width,
            crate::app::Target::Row(i),
        );
        lines.push(Line::from(v.span(fit(&text, width), Role::Warning)));
    }
    if !app.hands.is_empty() {
        lines.push(Line::from(
            v.span(fit(&v.rt("hand.clear_tip"), width), Role::Muted),
        ));
    }
    lines
}

pub fn render_pin(v: &View, p: &PinEntry, area: Rect, buf: &mut Buffer) -> (String, String) {
    let area = inset(area);
    let width = usize::from(area.width);
    let mut lines = vec![Line::default()];
    if p.quit {
        let intro = rust_i18n::t!("nav.pin.quit_intro", locale = v.app.lang.code());
        lines.extend(v.wrapped("", &intro, Role::Body, area.width));
        lines.push(Line::default());
    }
    lines.extend(v.wrapped("", &t(v, "pin.prompt"), Role::Body, area.width));
    lines.push(Line::default());
    let masked = v.sym.mask.repeat(p.typed.chars().count());
    let field = format!("{}{masked}{}", t(v, "pin.field"), v.sym.caret);
    lines.push(Line::from(v.span(
        format!(
            "{field}{}",
            " ".repeat(20usize.saturating_sub(field.width()))
        ),
        Role::Selected,
    )));
    if p.wrong > 0 {
        lines.push(Line::default());
        let left = PIN_TRIES.saturating_sub(p.wrong);
        let msg = rust_i18n::t!("classview.pin.wrong", locale = v.app.lang.code(), n = left);
        lines.push(Line::from(v.span(
            fit(&format!("{} {msg}", v.sym.warning), width),
            Role::Warning,
        )));
    }
    lines_at(lines, 0, area, buf);
    let title = match p.quit {
        true => rust_i18n::t!("nav.pin.quit_title", locale = v.app.lang.code()).into_owned(),
        false => t(v, "pin.title"),
    };
    (title, String::new())
}
