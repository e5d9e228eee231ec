//! The learner picker and the new-learner form.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::theme::Role;
use super::{View, inset, lines_at};
use crate::app::{Form, Screen, picker};

/// A date for people: day/month/year in the computer's time zone.
pub fn date(ts: jiff::Timestamp) -> String {
    ts.to_zoned_datetime(jiff::tz::TimeZone::system())
        .strftime("%d/%m/%Y")
        .to_string()
}

pub fn render(v: &View, area: Rect, buf: &mut Buffer) -> (String, String) {
    let Screen::Picker(p) = &v.app.screen else {
        return Default::default();
    };
    let area = inset(area);
    let mut head = vec![
        Line::from(v.span(v.tr("picker.welcome"), Role::Title)),
        Line::from(vec![
            v.span(v.tr("picker.search"), Role::Body),
            if p.filter.is_empty() {
                v.span(v.tr("picker.search_hint"), Role::Muted)
            } else {
                v.span(format!("{}{}", p.filter, v.sym.caret), Role::Strong)
            },
        ]),
        Line::default(),
    ];
    if head.len() > usize::from(picker::head_lines(area.height)) {
        head.remove(0);
    }
    let list_area = Rect {
        y: area.y + head.len() as u16,
        height: area.height.saturating_sub(head.len() as u16),
        ..area
    };
    lines_at(head, 0, area, buf);

    let shown = picker::visible(&v.app.learners, &p.filter);
    let mut rows: Vec<Line> = Vec::new();
    let cursor = format!("{} ", v.sym.cursor);
    let mark = |sel: bool| if sel { cursor.as_str() } else { "  " };
    let new_style = if p.selected == 0 {
        Role::Selected
    } else {
        Role::Strong
    };
    rows.push(Line::from(v.span(
        format!("{}+ {}", mark(p.selected == 0), v.tr("picker.new")),
        new_style,
    )));
    for (i, l) in shown.iter().enumerate() {
        let sel = p.selected == i + 1;
        let mut detail = Vec::new();
        if let Some(y) = l.birth_year {
            detail.push(
                rust_i18n::t!("tui.picker.born", locale = v.app.lang.code(), year = y).into_owned(),
            );
        }
        if let Some(g) = &l.group {
            detail.push(g.clone());
        }
        detail.push(if l.studied {
            rust_i18n::t!(
                "tui.picker.last",
                locale = v.app.lang.code(),
                date = date(l.last_activity)
            )
            .into_owned()
        } else {
            rust_i18n::t!("tui.picker.never", locale = v.app.lang.code()).into_owned()
        });
        let name = format!("{}{}", mark(sel), l.name);
        let detail = format!("  {}", detail.join(" · "));
        let pad = usize::from(area.width).saturating_sub(name.width() + detail.width());
        let (nr, dr) = if sel {
            (Role::Selected, Role::Selected)
        } else {
            (Role::Body, Role::Muted)
        };
        rows.push(Line::from(vec![
            v.span(name, nr),
            v.span(detail, dr),
            v.span(
                " ".repeat(pad),
                if sel { Role::Selected } else { Role::Body },
            ),
        ]));
    }
    if shown.is_empty() && !p.filter.is_empty() {
        rows.push(Line::from(
            v.span(format!("  {}", v.tr("picker.none")), Role::Muted),
        ));
    }
    if v.app.problems > 0 {
        rows.push(Line::default());
        let msg = rust_i18n::t!(
            "tui.picker.problems",
            locale = v.app.lang.code(),
            n = v.app.problems
        );
        let warn = format!("  {} ", v.sym.warning);
        rows.extend(v.wrapped(&warn, &msg, Role::Warning, list_area.width));
    }
    let h = usize::from(list_area.height).max(1);
    // The app keeps the first row on view (it moves only as the selection needs).
    let skip = crate::app::course_map::keep_in_view(p.top, p.selected, h, shown.len() + 1);
    // Row n is "Người học mới" (0) or the n-th learner shown: a click selects, again opens.
    for row in skip..=shown.len() {
        let y = list_area.y + (row - skip) as u16;
        if y < list_area.bottom() {
            v.hit_row(
                list_area.x,
                y,
                list_area.width,
                crate::app::Target::Row(row),
            );
        }
    }
    lines_at(rows, skip, list_area, buf);
    (v.tr("app_name"), v.app.course.title.clone())
}

pub fn render_form(v: &View, f: &Form, area: Rect, buf: &mut Buffer) -> (String, String) {
    let area = inset(area);
    let labels = ["new.name", "new.year", "new.group"];
    let mut lines = vec![Line::from(v.span(v.tr("new.intro"), Role::Body))];
    if area.height >= 12 {
        lines.push(Line::default());
    }
    for (i, key) in labels.iter().enumerate() {
        let focused = f.focus == i;
        lines.push(Line::from(
            v.span(v.tr(key), if focused { Role::Strong } else { Role::Body }),
        ));
        let value = if focused {
            format!("{} {}{}", v.sym.cursor, f.fields[i], v.sym.caret)
        } else {
            format!("  {}", f.fields[i])
        };
        let pad = usize::from(area.width).saturating_sub(value.width() + 2);
        lines.push(Line::from(vec![
            v.span(value, if focused { Role::Selected } else { Role::Body }),
            Span::styled(
                " ".repeat(pad.min(30)),
                v.style(if focused { Role::Selected } else { Role::Body }),
            ),
        ]));
    }
    if let Some(e) = f.error {
        lines.push(Line::default());
        lines.push(Line::from(
            v.span(format!("{} {}", v.sym.warning, v.tr(e)), Role::Warning),
        ));
    }
    lines_at(lines, 0, area, buf);
    (v.tr("new.title"), String::new())
}
