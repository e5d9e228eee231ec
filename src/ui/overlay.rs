//! Things drawn over a screen (help, glossary, notices), the settings screen and the
//! "window too small" screen.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Widget, Wrap};
use unicode_width::UnicodeWidthStr;

use super::theme::Role;
use super::{View, inset, lines_at};
use crate::app::{MIN_SIZE, Overlay, Screen, Target};
use crate::progress::model::Theme;
use crate::ui::keymap;
use crate::ui::lang::Lang;

pub fn render(v: &View, area: Rect, buf: &mut Buffer) {
    match &v.app.overlay {
        None => {}
        Some(Overlay::Help) => help(v, area, buf),
        Some(Overlay::Glossary) => glossary(v, area, buf),
        Some(Overlay::Notice { message, take_over }) => {
            // Each line of the message its own paragraph (a preview's warnings, one a line).
            let mut lines = Vec::new();
            for part in message.split('\n') {
                match part.is_empty() {
                    true => lines.push(Line::default()),
                    false => {
                        lines.extend(v.wrapped("", part, Role::Body, area.width.saturating_sub(6)))
                    }
                }
            }
            if take_over.is_some() {
                lines.push(Line::default());
                lines.extend(v.wrapped(
                    "",
                    &v.tr("notice.take_over"),
                    Role::Warning,
                    area.width.saturating_sub(6),
                ));
            }
            popup(v, &v.tr("notice.title"), lines, area, buf, false);
        }
        Some(Overlay::HandSent) if v.app.home => {
            let (title, paras) = super::home::hand_lines(v.app);
            popup_paras(v, &title, &paras, area, buf);
        }
        Some(ov @ (Overlay::ModuleDone { .. } | Overlay::Certified)) => {
            if let Some((title, paras)) = super::home::milestone(v.app, ov) {
                popup_paras(v, &title, &paras, area, buf);
            }
        }
        Some(Overlay::HandSent) => {
            let w = area.width.saturating_sub(6);
            let mut lines = v.wrapped("", &v.rt("hand.sent"), Role::Body, w);
            lines.extend(v.wrapped("", &v.rt("hand.again"), Role::Muted, w));
            popup(v, &v.rt("hand.title"), lines, area, buf, false);
        }
        Some(Overlay::ConfirmQuit) => {
            let lang = v.app.lang.code();
            let text = v.fit(rust_i18n::t!("nav.confirm.text", locale = lang).into_owned());
            let lines = v.wrapped("", &text, Role::Body, area.width.saturating_sub(8).min(50));
            let title = rust_i18n::t!("nav.confirm.title", locale = lang).into_owned();
            popup(v, &title, lines, area, buf, false);
        }
    }
}

/// A scrolled box of paragraphs (the first one strong, the last one, what to press, muted).
fn popup_paras(v: &View, title: &str, paras: &[String], area: Rect, buf: &mut Buffer) {
    let w = area.width.saturating_sub(8).min(66);
    let mut lines = Vec::new();
    for (i, p) in paras.iter().enumerate() {
        if p.is_empty() {
            lines.push(Line::default());
            continue;
        }
        let role = match i {
            0 => Role::Strong,
            i if i + 1 == paras.len() => Role::Muted,
            _ => Role::Body,
        };
        let text = v.fit(p.clone());
        // Indented rows (lessons learned) keep their indent when they wrap.
        let indent = text.len() - text.trim_start().len();
        let (prefix, rest) = text.split_at(indent);
        lines.extend(v.wrapped(prefix, rest, role, w));
    }
    popup(v, title, lines, area, buf, true);
}

/// A framed box in the middle of `area`, sized to its lines; a box that `scroll`s keeps to the
/// window and scrolls (see [`super::scrolled`]).
fn popup(
    v: &View,
    title: &str,
    lines: Vec<Line<'static>>,
    area: Rect,
    buf: &mut Buffer,
    scroll: bool,
) {
    let width = lines
        .iter()
        .map(|l| l.width())
        .max()
        .unwrap_or(0)
        .max(title.width() + 2)
        .min(usize::from(area.width.saturating_sub(4))) as u16
        + 4;
    let height = (lines.len() as u16 + 2).min(area.height);
    let rect = Rect {
        x: area.x + (area.width.saturating_sub(width)) / 2,
        y: area.y + (area.height.saturating_sub(height)) / 2,
        width: width.min(area.width),
        height,
    };
    Clear.render(rect, buf);
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .title(v.span(format!(" {title} "), Role::Title))
        .border_style(v.style(Role::Title));
    let inner = block.inner(rect);
    block.render(rect, buf);
    if scroll {
        super::scrolled(v, lines, inset(inner), buf);
    } else {
        lines_at(lines, 0, inset(inner), buf);
    }
}

fn help(v: &View, area: Rect, buf: &mut Buffer) {
    let ctx = v.app.screen_context();
    // Keys with the same meaning (? and F1) share a row.
    let mut rows: Vec<(String, String)> = Vec::new();
    for b in keymap::bindings(ctx, false) {
        // The help says what the footer says: only keys that act here now.
        if b.desc != "do.scroll" && !super::footer::live(v, ctx, b) {
            continue;
        }
        let (key, desc) = (
            v.tr(super::footer::label_now(v, b)),
            super::footer::desc_text(v, b),
        );
        match rows.iter_mut().find(|(_, d)| *d == desc) {
            Some((k, _)) => *k = format!("{k} / {key}"),
            None => rows.push((key, desc)),
        }
    }
    let kw = rows.iter().map(|(k, _)| k.width()).max().unwrap_or(0);
    let mut lines: Vec<Line> = Vec::new();
    // A small window scrolls the same table rather than squeezing it.
    let width = usize::from(area.width.saturating_sub(8));
    for (key, desc) in &rows {
        let pad = " ".repeat(kw.saturating_sub(key.width()));
        let head = format!(" {key}{pad} ");
        if head.width() + desc.width() + 2 <= width {
            lines.push(Line::from(vec![
                v.span(head, Role::KeyHint),
                v.span(format!("  {desc}"), Role::Body),
            ]));
        } else {
            lines.push(Line::from(v.span(format!(" {key} "), Role::KeyHint)));
            lines.extend(v.wrapped("    ", desc, Role::Body, width as u16));
        }
    }
    lines.push(Line::default());
    lines.extend(v.wrapped("", &v.tr("help.close"), Role::Muted, width as u16));
    popup(v, &v.tr("help.title"), lines, area, buf, true);
}

fn glossary(v: &View, area: Rect, buf: &mut Buffer) {
    let app = v.app;
    let Screen::Reader(r) = &app.screen else {
        return;
    };
    let Some(lesson) = app.course.lesson(&r.lesson) else {
        return;
    };
    let w = area.width.saturating_sub(8).min(70);
    let mut lines = Vec::new();
    for t in lesson.terms.iter().filter_map(|id| app.course.term(id)) {
        if !lines.is_empty() {
            lines.push(Line::default());
        }
        let head = match &t.english {
            Some(en) => format!("{} ({}: {en})", t.term, v.tr("glossary.english")),
            None => t.term.clone(),
        };
        lines.extend(v.wrapped("", &head, Role::Term, w));
        lines.extend(v.md("  ", &t.definition, Role::Body, w));
    }
    popup(v, &v.tr("glossary.title"), lines, area, buf, true);
}

pub fn settings(v: &View, row: usize, area: Rect, buf: &mut Buffer) -> (String, String) {
    let area = inset(area);
    let lang = match v.app.lang {
        Lang::Vi => "Tiếng Việt",
        Lang::En => "English",
    };
    let theme = match v.app.theme {
        Theme::Default => v.tr("settings.theme_default"),
        Theme::HighContrast => v.tr("settings.theme_high"),
    };
    let symbols = match v.app.symbols {
        crate::app::SymbolSet::Unicode => v.rt("settings.symbols_unicode"),
        crate::app::SymbolSet::Ascii => v.rt("settings.symbols_ascii"),
    };
    let mouse = v.rt(if v.app.mouse {
        "settings.on"
    } else {
        "settings.off"
    });
    let rows = [
        (v.tr("settings.language"), lang.to_string()),
        (v.tr("settings.theme"), theme),
        (v.rt("settings.symbols"), symbols),
        (v.rt("settings.mouse"), mouse),
        (v.rt("settings.check"), String::new()),
    ];
    let mut lines = v.wrapped("", &v.tr("settings.intro"), Role::Body, area.width);
    lines.push(Line::default());
    let sym = v.sym;
    // Which lines belong to which row: a click anywhere on a wrapped row picks it.
    let mut tags: Vec<Option<usize>> = vec![None; lines.len()];
    let mut focus = (0, 0);
    for (i, (name, value)) in rows.iter().enumerate() {
        let sel = i == row;
        let mark = if sel { sym.cursor } else { " " };
        let prefix = format!("{mark} {}. ", i + 1);
        let text = if value.is_empty() {
            format!("{name} {}", sym.arrow)
        } else {
            let (l, r) = (sym.value_prev, sym.value_next);
            format!("{name}: {l} {value} {r}")
        };
        let role = if sel { Role::Selected } else { Role::Body };
        let row_lines = v.wrapped(&prefix, &text, role, area.width);
        if sel {
            focus = (lines.len(), lines.len() + row_lines.len());
        }
        tags.extend(std::iter::repeat_n(Some(i), row_lines.len()));
        lines.extend(row_lines);
    }
    let top = super::follow(v, lines, focus, area, buf);
    let shown = usize::from(area.height);
    for (y, tag) in tags.iter().enumerate().skip(top).take(shown) {
        if let Some(i) = tag {
            let y = area.y + (y - top) as u16;
            v.hit_row(area.x, y, area.width, Target::Row(*i));
        }
    }
    (v.tr("settings.title"), String::new())
}

pub fn too_small(v: &View, area: Rect, buf: &mut Buffer) {
    let lang = v.app.lang.code();
    let text = vec![
        Line::from(v.span(v.tr("small.title"), Role::Warning)),
        Line::from(
            v.span(
                rust_i18n::t!(
                    "tui.small.need",
                    locale = lang,
                    w = MIN_SIZE.0,
                    h = MIN_SIZE.1,
                    cw = area.width,
                    ch = area.height
                )
                .into_owned(),
                Role::Body,
            ),
        ),
        Line::from(v.span(v.tr("small.what"), Role::Body)),
    ];
    Paragraph::new(text)
        .wrap(Wrap { trim: true })
        .render(area, buf);
}

/// The terminal is larger than anything we draw (see [`crate::front::term::MAX_AREA`]): a short
/// message in the small area the shell allocates for it.
pub fn too_large(v: &View, area: Rect, buf: &mut Buffer) {
    let lang = v.app.lang.code();
    let (w, h) = crate::front::term::MAX_AREA;
    let text = vec![
        Line::from(v.span(
            rust_i18n::t!("harden.large.title", locale = lang).into_owned(),
            Role::Warning,
        )),
        Line::from(
            v.span(
                rust_i18n::t!(
                    "harden.large.need",
                    locale = lang,
                    w = w,
                    h = h,
                    cw = v.app.size.0,
                    ch = v.app.size.1
                )
                .into_owned(),
                Role::Body,
            ),
        ),
    ];
    Paragraph::new(text)
        .wrap(Wrap { trim: true })
        .render(area, buf);
}
