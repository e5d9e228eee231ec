//! The footer: the key hints of the screen on it, from the keymap — only keys that act now,
//! with the label and description they have in this state.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::theme::Role;
use super::{View, keymap};
use crate::app::{Screen, SymbolSet, Target};

/// The key hints of this context, from the keymap, wrapped over the footer's lines.
pub fn render_footer(v: &View, ctx: crate::app::Context, area: Rect, buf: &mut Buffer) {
    let mut lines: Vec<Vec<Span>> = vec![Vec::new()];
    let mut col = 0u16;
    // Narrow terminals get tighter spacing so every key still fits.
    let (pad, gap) = if area.width < 60 {
        ("", " ")
    } else {
        (" ", "  ")
    };
    for bind in keymap::bindings(ctx, true) {
        if !live(v, ctx, bind) {
            continue;
        }
        let label = label_now(v, bind);
        let key = format!("{pad}{}{pad}", v.tr(label));
        // "Lên/Xuống  Lên/xuống" would say the same twice (and push keys off a narrow footer).
        let desc = match label != bind.label && desc_now(v, bind) == "do.move" {
            true => gap.to_string(),
            false => format!(" {}{gap}", desc_text(v, bind)),
        };
        let w = (key.width() + desc.width()) as u16;
        if col > 0 && col + w > area.width {
            lines.push(Vec::new());
            col = 0;
        }
        // Every key hint is a button.
        let row = lines.len() as u16 - 1;
        if let keymap::Does::Act(a) = bind.does
            && row < area.height
        {
            let width = w
                .saturating_sub(gap.len() as u16)
                .min(area.width.saturating_sub(col));
            v.hit_row(area.x + col, area.y + row, width, Target::Act(a));
        }
        if let Some(line) = lines.last_mut() {
            line.push(v.span(key, Role::KeyHint));
            line.push(v.span(desc, Role::Body));
        }
        col += w;
    }
    let lines: Vec<Line> = lines.into_iter().map(Line::from).collect();
    Paragraph::new(lines).render(area, buf);
}

/// A key's label in the symbol set on screen: in ASCII the arrow keys are named in words
/// ("Lên/Xuống"), since "^/v" reads as a letter to someone who has not seen it before.
pub fn label_now(v: &View, bind: &keymap::Binding) -> &'static str {
    match (v.app.symbols, bind.label) {
        (SymbolSet::Ascii, "key.up_down") => "key.up_down_words",
        (SymbolSet::Ascii, "key.up") => "key.up_word",
        (_, label) => label,
    }
}

/// The words for a key here now: its usual ones, or what the core says it does on this screen
/// ([`crate::app::live::meaning`]).
pub fn desc_now(v: &View, bind: &keymap::Binding) -> &'static str {
    match bind.does {
        keymap::Does::Act(a) => crate::app::live::meaning(v.app, a).unwrap_or(bind.desc),
        _ => bind.desc,
    }
}

/// The words for a key here now, with what they need filled in: "Làm bài: 7 câu, cần đúng 5"
/// on a lesson's last page.
pub fn desc_text(v: &View, bind: &keymap::Binding) -> String {
    let key = desc_now(v, bind);
    let app = v.app;
    let quiz = match &app.screen {
        Screen::Reader(r) if key == "do.to_quiz" => app.course.lesson(&r.lesson).map(|l| &l.quiz),
        _ => None,
    };
    let counted = quiz.and_then(|q| crate::app::results::in_questions(q, 0, q.pass_mark));
    match counted {
        Some((_, total, need)) => v.fit(
            rust_i18n::t!(
                "tui.do.to_quiz",
                locale = app.lang.code(),
                n = total,
                need = need
            )
            .into_owned(),
        ),
        None if key == "do.to_quiz" => v.tr("do.to_quiz_plain"),
        None => v.tr(key),
    }
}

/// Whether a key acts on this screen now (see [`crate::app::live`]); scrolling only where the
/// box is taller than the window.
pub fn live(v: &View, ctx: crate::app::Context, bind: &keymap::Binding) -> bool {
    use crate::app::Context as C;
    if let keymap::Does::Act(a) = bind.does
        && !crate::app::live::acts(v.app, a)
    {
        return false;
    }
    let scrolls_measured = matches!(
        ctx,
        C::Help | C::Glossary | C::Summary | C::Results | C::Class | C::Milestone
    );
    if bind.desc == "do.scroll" && scrolls_measured {
        return v.scroll_max.get().is_some_and(|m| m > 0);
    }
    true
}
