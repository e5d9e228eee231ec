//! The author preview's broken-file screen: the validator's messages, in place of the lesson.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::theme::Role;
use super::{View, inset, lines_at};
use crate::app::Preview;

pub fn render(v: &View, p: &Preview, area: Rect, buf: &mut Buffer) -> (String, String) {
    let area = inset(area);
    let l = v.app.lang.code();
    let mut lines = v.wrapped(
        "⚠ ",
        &rust_i18n::t!("classview.preview.broken", locale = l),
        Role::Warning,
        area.width,
    );
    lines.push(Line::default());
    for d in &p.diagnostics {
        // A fix of several lines comes after the message: shown line by line, indentation
        // kept (it is part of the fix).
        let mut parts = d.split('\n');
        lines.extend(v.wrapped(
            "✗ ",
            parts.next().unwrap_or_default(),
            Role::Body,
            area.width,
        ));
        lines.extend(parts.map(|l| Line::from(v.span(format!("  {l}"), Role::Body))));
    }
    let room = usize::from(area.height);
    if lines.len() > room {
        // Keep the first problems and say how many more there are.
        let shown = lines.len();
        lines.truncate(room.saturating_sub(2));
        let cut =
            p.diagnostics
                .len()
                .saturating_sub(count_shown(&lines, p.diagnostics.len(), shown));
        let more = rust_i18n::t!("classview.preview.more", locale = l, n = cut, file = p.file);
        lines.extend(
            v.wrapped("", &more, Role::Muted, area.width)
                .into_iter()
                .take(1),
        );
    }
    lines_at(lines, 0, area, buf);
    let title = rust_i18n::t!("classview.preview.title", locale = l);
    (format!("{title} · {}", p.file), String::new())
}

/// Diagnostics whose first line is still among `lines` (each starts with "✗ ").
fn count_shown(lines: &[Line], total: usize, _all: usize) -> usize {
    lines
        .iter()
        .filter(|l| l.spans.first().is_some_and(|s| s.content.starts_with("✗ ")))
        .count()
        .min(total)
}

/// The right side of a previewed lesson's header, after its trainer-facing metadata (`as_of`, how
/// many sources): the author sees them, learners never do (their screens have no preview).
pub fn with_meta(v: &View, right: String) -> String {
    let l = v.app.lang.code();
    let Some((_, lesson)) = v.app.course.lessons().next() else {
        return right;
    };
    let as_of = match &lesson.as_of {
        Some(m) => rust_i18n::t!("preview.as_of", locale = l, as_of = m).into_owned(),
        None => rust_i18n::t!("preview.as_of_missing", locale = l).into_owned(),
    };
    let sources = match lesson.sources.len() {
        0 => rust_i18n::t!("preview.sources_missing", locale = l).into_owned(),
        n => rust_i18n::t!("preview.sources_count", locale = l, n = n).into_owned(),
    };
    let mut meta = format!("{as_of} · {sources}");
    // The author sees the warnings are there after closing their notice.
    if let Some(p) = v.app.preview.as_ref().filter(|p| !p.warnings.is_empty()) {
        let n = p.warnings.len();
        meta = format!(
            "{} · {meta}",
            rust_i18n::t!("preview.warnings_count", locale = l, n = n)
        );
    }
    if right.is_empty() {
        return meta;
    }
    format!("{meta} · {right}")
}
