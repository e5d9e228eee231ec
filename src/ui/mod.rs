//! Rendering: a pure function of the app state into a ratatui buffer. One file per screen;
//! this module holds the frame (header, footer generated from the keymap, overlays).

pub mod class;
pub mod footer;
pub mod home;
pub mod keymap;
pub mod lang;
pub mod linear;
pub mod map;
pub mod overlay;
pub mod picker;
pub mod plain;
pub mod preview;
pub mod quiz;
pub mod reader;
pub mod ready;
pub mod results;
pub mod safe_text;
pub mod symbols;
pub mod theme;
pub mod verdict;

use std::cell::{Cell, RefCell};

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use crate::app::{App, Screen, SymbolSet, Target, doc};
use theme::{Role, Theme};

/// Translates a UI string key (under `tui.` in `locales/tui.*.yml`) in the app's language.
pub fn tr(app: &App, key: &str) -> String {
    rust_i18n::t!(format!("tui.{key}"), locale = app.lang.code()).into_owned()
}

/// A `learning.` string, its symbols in the current set.
pub fn lt(v: &View, key: &str) -> String {
    v.fit(rust_i18n::t!(format!("learning.{key}"), locale = v.app.lang.code()).into_owned())
}

pub fn lt_args(v: &View, key: &str, args: &[(&str, String)]) -> String {
    let mut s = lt(v, key);
    for (name, value) in args {
        s = s.replace(&format!("%{{{name}}}"), value);
    }
    s
}

/// Translates a full key in a locale (tests use it to check every key was compiled in).
pub fn translate(key: &str, locale: &str) -> String {
    rust_i18n::t!(key, locale = locale).into_owned()
}

/// Click targets of a frame: whole rows and footer buttons, in screen cells.
pub type Hits = Vec<(Rect, Target)>;

/// The target under a cell, if any.
pub fn hit(hits: &Hits, x: u16, y: u16) -> Option<Target> {
    hits.iter()
        .find(|(r, _)| x >= r.x && x < r.right() && y >= r.y && y < r.bottom())
        .map(|(_, t)| *t)
}

/// Everything a screen needs to draw: the app, the theme and the symbol table; screens add
/// their click targets to `hits` as they draw.
pub struct View<'a> {
    pub app: &'a App,
    pub theme: Theme,
    pub sym: &'static symbols::Symbols,
    pub hits: RefCell<Hits>,
    /// Areas the ASCII pass leaves alone (the readiness check's Unicode samples).
    pub keep: RefCell<Vec<Rect>>,
    /// How far the scrolled box drawn in this frame can scroll (see [`scrolled`]).
    pub scroll_max: Cell<Option<usize>>,
}

impl View<'_> {
    pub fn new(app: &App, theme: Theme) -> View<'_> {
        View {
            app,
            theme,
            sym: symbols::of(app.symbols),
            hits: RefCell::new(Vec::new()),
            keep: RefCell::new(Vec::new()),
            scroll_max: Cell::new(None),
        }
    }

    /// A `tui.` string, its symbols in the current set.
    pub fn tr(&self, key: &str) -> String {
        self.fit(tr(self.app, key))
    }

    /// A `reach.` string (read-aloud, readiness, raise a hand), its symbols in the current set.
    pub fn rt(&self, key: &str) -> String {
        self.fit(rust_i18n::t!(format!("reach.{key}"), locale = self.app.lang.code()).into_owned())
    }

    /// Text with its symbols in the current set.
    pub fn fit(&self, text: String) -> String {
        match self.app.symbols {
            SymbolSet::Unicode => text,
            SymbolSet::Ascii => symbols::ascii_text(&text),
        }
    }

    /// Text cut to `width` columns with "…" when it does not fit (see [`symbols::cut`]).
    pub fn cut(&self, text: &str, width: usize) -> String {
        symbols::cut(text, width, self.sym.ellipsis)
    }

    /// Makes a one-row area clickable.
    pub fn hit_row(&self, x: u16, y: u16, width: u16, target: Target) {
        self.hits.borrow_mut().push((
            Rect {
                x,
                y,
                width,
                height: 1,
            },
            target,
        ));
    }

    pub fn style(&self, role: Role) -> ratatui::style::Style {
        self.theme.style(role)
    }

    pub fn span(&self, text: impl Into<String>, role: Role) -> Span<'static> {
        Span::styled(text.into(), self.style(role))
    }

    /// Markdown/wrapped lines → ratatui lines.
    pub fn doc_lines(&self, lines: &[doc::Line]) -> Vec<Line<'static>> {
        lines
            .iter()
            .map(|l| {
                Line::from(
                    l.iter()
                        .map(|s| Span::styled(s.text.clone(), self.theme.doc(s.role)))
                        .collect::<Vec<_>>(),
                )
            })
            .collect()
    }

    /// Lesson Markdown wrapped to `width` after a hanging prefix, in one role: bold and italic
    /// add to the role's look, code blocks are indented plain lines (`doc::render_prefixed`).
    pub fn md(&self, prefix: &str, md: &str, role: Role, width: u16) -> Vec<Line<'static>> {
        use ratatui::style::Modifier;
        let base = self.style(role);
        doc::render_prefixed(prefix, md, usize::from(width))
            .into_iter()
            .map(|l| {
                Line::from(
                    l.into_iter()
                        .map(|s| {
                            let style = match s.role {
                                doc::Role::Strong
                                | doc::Role::Heading
                                | doc::Role::CalloutLabel => base.add_modifier(Modifier::BOLD),
                                doc::Role::Emph => base.add_modifier(Modifier::ITALIC),
                                _ => base,
                            };
                            Span::styled(s.text, style)
                        })
                        .collect::<Vec<_>>(),
                )
            })
            .collect()
    }

    /// Plain text wrapped to `width` with a hanging prefix, in one role.
    pub fn wrapped(&self, prefix: &str, text: &str, role: Role, width: u16) -> Vec<Line<'static>> {
        doc::wrap_text(prefix, doc::Role::Body, text, usize::from(width))
            .into_iter()
            .map(|l| {
                Line::from(
                    l.into_iter()
                        .map(|s| Span::styled(s.text, self.style(role)))
                        .collect::<Vec<_>>(),
                )
            })
            .collect()
    }
}

/// Draws the whole screen.
pub fn render(app: &App, theme: Theme, area: Rect, buf: &mut Buffer) {
    draw(app, theme, area, buf);
}

/// Draws the whole screen and returns where clicks land.
pub fn draw(app: &App, theme: Theme, area: Rect, buf: &mut Buffer) -> Hits {
    draw_frame(app, theme, area, buf).0
}

/// Draws the whole screen; returns where clicks land and how far the scrolled box on view can
/// scroll (the shell tells the app: [`crate::app::Event::ScrollMax`]).
pub fn draw_frame(app: &App, theme: Theme, area: Rect, buf: &mut Buffer) -> (Hits, Option<usize>) {
    let v = View::new(app, theme);
    let hits = draw_view(&v, area, buf);
    (hits, v.scroll_max.get())
}

fn draw_view(v: &View, area: Rect, buf: &mut Buffer) -> Hits {
    let app = v.app;
    if crate::front::term::too_large(app.size.0, app.size.1) {
        overlay::too_large(v, area, buf);
        finish(v, buf);
        return Vec::new();
    }
    if area.width < crate::app::MIN_SIZE.0 || area.height < crate::app::MIN_SIZE.1 {
        overlay::too_small(v, area, buf);
        finish(v, buf);
        return Vec::new();
    }
    let footer_h = crate::app::footer_height(area.width);
    let body = Rect {
        height: area.height.saturating_sub(footer_h + 1),
        y: area.y + 1,
        ..area
    };
    let header = Rect { height: 1, ..area };
    let footer = Rect {
        y: area.bottom().saturating_sub(footer_h),
        height: footer_h,
        ..area
    };
    let (left, right) = match (&app.preview, &app.screen) {
        (Some(p), _) if p.broken() => preview::render(v, p, body, buf),
        (Some(_), screen) => {
            let (left, right) = render_screen(v, screen, body, buf);
            (left, preview::with_meta(v, right))
        }
        (_, screen) => render_screen(v, screen, body, buf),
    };
    if app.overlay.is_some() {
        // Rows under an overlay cannot be clicked; its keys in the footer can.
        v.hits.borrow_mut().clear();
    }
    let right = match app.hand && app.learner.is_some() {
        true if app.home => format!("{} {} · {right}", v.sym.hand, home::hand_up(app)),
        true => format!("{} {} · {right}", v.sym.hand, v.rt("hand.up")),
        false => right,
    };
    render_header(v, &left, &right, header, buf);
    // Overlays may use the header row too; the footer stays visible with the overlay's keys
    // (drawn after them: whether "↑/↓ Cuộn" acts is known once the box is measured).
    overlay::render(
        v,
        Rect {
            y: area.y,
            height: body.height + 1,
            ..area
        },
        buf,
    );
    footer::render_footer(v, app.context(), footer, buf);
    finish(v, buf);
    v.hits.take()
}

/// In the ASCII set, nothing the console cannot draw is left on screen.
fn finish(v: &View, buf: &mut Buffer) {
    if v.app.symbols == SymbolSet::Ascii {
        symbols::ascii_buffer(buf, &v.keep.borrow());
    }
}

fn render_screen(v: &View, screen: &Screen, body: Rect, buf: &mut Buffer) -> (String, String) {
    match screen {
        Screen::Picker(_) => picker::render(v, body, buf),
        Screen::NewLearner(f) => picker::render_form(v, f, body, buf),
        Screen::Map(m) => map::render(v, m, body, buf),
        Screen::Reader(r) => reader::render(v, r, body, buf),
        Screen::Quiz(q) => quiz::render(v, q, body, buf),
        Screen::Summary(s) => verdict::render_summary(v, s, body, buf),
        Screen::Settings(row) => overlay::settings(v, *row, body, buf),
        Screen::Class(c) => class::render(v, c, body, buf),
        Screen::Pin(p) => class::render_pin(v, p, body, buf),
        Screen::Ready(r) => ready::render(v, r, body, buf),
        Screen::Results(_) => results::render(v, body, buf),
    }
}

fn render_header(v: &View, left: &str, right: &str, area: Rect, buf: &mut Buffer) {
    let style = v.style(Role::Title);
    buf.set_style(area, style);
    let rw = right.width() as u16;
    let lw = usize::from(area.width.saturating_sub(rw + 2).saturating_sub(1));
    buf.set_stringn(area.x + 1, area.y, v.cut(left, lw), lw, style);
    if rw + 1 < area.width {
        buf.set_stringn(area.right() - rw - 1, area.y, right, usize::from(rw), style);
    }
}

/// Renders lines into an area starting at `skip`.
pub fn lines_at(lines: Vec<Line<'static>>, skip: usize, area: Rect, buf: &mut Buffer) {
    Paragraph::new(
        lines
            .into_iter()
            .skip(skip)
            .take(usize::from(area.height))
            .collect::<Vec<_>>(),
    )
    .render(area, buf);
}

/// Draws `lines` into `area` from the app's scroll position. When they do not fit, the last
/// row says "▼ còn nữa" (or "▲ hết" at the end), so the learner knows there is more and how
/// far it goes; how far the box can scroll is recorded for the app.
pub fn scrolled(v: &View, lines: Vec<Line<'static>>, area: Rect, buf: &mut Buffer) {
    let h = usize::from(area.height);
    if lines.len() <= h || h < 2 {
        v.scroll_max.set(Some(0));
        lines_at(lines, 0, area, buf);
        return;
    }
    let shown = h - 1;
    let max = lines.len() - shown;
    let top = v.app.scroll.top.min(max);
    v.scroll_max.set(Some(max));
    let mark = if top < max {
        v.fit(rust_i18n::t!("nav.more", locale = v.app.lang.code()).into_owned())
    } else {
        v.fit(rust_i18n::t!("nav.end", locale = v.app.lang.code()).into_owned())
    };
    let mut rows: Vec<Line<'static>> = lines.into_iter().skip(top).take(shown).collect();
    rows.push(Line::from(v.span(mark, theme::Role::KeyHint)).right_aligned());
    Paragraph::new(rows).render(area, buf);
}

/// Draws a list that follows its cursor: the lines `focus` (start..end) stay in view. When the
/// list does not fit, the last row says "▼ còn nữa" (or "▲ hết" at the end), as in every
/// scrolled box. Returns the first line shown.
pub fn follow(
    v: &View,
    lines: Vec<Line<'static>>,
    focus: (usize, usize),
    area: Rect,
    buf: &mut Buffer,
) -> usize {
    let h = usize::from(area.height);
    if lines.len() <= h || h < 2 {
        lines_at(lines, 0, area, buf);
        return 0;
    }
    let shown = h - 1;
    let max = lines.len() - shown;
    let top = focus.1.saturating_sub(shown).min(focus.0).min(max);
    let key = if top < max { "nav.more" } else { "nav.end" };
    let mark = v.fit(rust_i18n::t!(key, locale = v.app.lang.code()).into_owned());
    let mut rows: Vec<Line<'static>> = lines.into_iter().skip(top).take(shown).collect();
    rows.push(Line::from(v.span(mark, theme::Role::KeyHint)).right_aligned());
    Paragraph::new(rows).render(area, buf);
    top
}

/// An area inset by one column on each side (text should not touch the terminal edge).
pub fn inset(area: Rect) -> Rect {
    Rect {
        x: area.x + 1,
        width: area.width.saturating_sub(2),
        ..area
    }
}
