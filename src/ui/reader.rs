//! The lesson reader: page title, the page body from its Markdown, scroll marks.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::theme::Role;
use super::{View, lines_at};
use crate::app::ReaderState;
use crate::app::reader::{body_height, body_width, page_lines};

pub fn render(v: &View, r: &ReaderState, area: Rect, buf: &mut Buffer) -> (String, String) {
    let app = v.app;
    let Some(lesson) = app.course.lesson(&r.lesson) else {
        return Default::default();
    };
    let page = lesson.pages.get(r.page);
    let lines = page_lines(app, r);
    let h = body_height(v.app.size);
    let width = body_width(area.width) as u16;
    let x = area.x + (area.width.saturating_sub(width)) / 2;
    let title = Rect {
        x,
        y: area.y,
        width,
        height: 1,
    };
    let more_above = r.scroll > 0;
    let more_below = r.scroll + h < lines.len();
    lines_at(
        vec![Line::from(v.span(
            v.cut(
                page.map(|p| p.title.as_str()).unwrap_or_default(),
                usize::from(width),
            ),
            Role::Heading,
        ))],
        0,
        title,
        buf,
    );
    let body = Rect {
        x,
        y: area.y + 2,
        width,
        height: area.height.saturating_sub(2).min(h as u16),
    };
    lines_at(v.doc_lines(&lines), r.scroll, body, buf);
    // Scroll marks at the right edge, words not just arrows.
    let mark_x = area.right().saturating_sub(1);
    if more_above {
        buf.set_string(mark_x, body.y, v.sym.more_above, v.style(Role::Warning));
    }
    if more_below {
        buf.set_string(
            mark_x,
            body.bottom().saturating_sub(1),
            v.sym.more_below,
            v.style(Role::Warning),
        );
    }
    let mut right = rust_i18n::t!(
        "tui.reader.page",
        locale = app.lang.code(),
        n = r.page + 1,
        total = lesson.pages.len()
    )
    .into_owned();
    if more_below && area.width >= 60 {
        right = format!("{} · {}", v.tr("reader.more"), right);
    }
    (lesson.title.clone(), right)
}
