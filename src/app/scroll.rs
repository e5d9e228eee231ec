//! One scroll position for the box or screen on view that is taller than the window (glossary,
//! help, quiz summary, "Kết quả của tôi", review summary). Only the renderer knows how tall the
//! wrapped text is: it tells the shell how far the box can scroll ([`Event::ScrollMax`]), so
//! ↑ after End moves at once instead of climbing back through rows that were never there.
//!
//! [`Event::ScrollMax`]: super::Event::ScrollMax

use super::{Action, App};

/// First line shown, and the largest first line that still fills the box.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scroll {
    pub top: usize,
    pub max: usize,
}

/// Keys that move a scrolled box.
pub fn is_scroll(a: Action) -> bool {
    matches!(
        a,
        Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::Home | Action::End
    )
}

/// Rows a page key moves: the body of the window less a little, so one line stays in view.
pub fn page(app: &App) -> usize {
    usize::from(app.size.1).saturating_sub(6).max(1)
}

pub(super) fn act(app: &mut App, a: Action) {
    let page = page(app);
    let s = &mut app.scroll;
    s.top = match a {
        Action::Up => s.top.saturating_sub(1),
        Action::Down => s.top + 1,
        Action::PageUp => s.top.saturating_sub(page),
        Action::PageDown => s.top + page,
        Action::Home => 0,
        Action::End => s.max,
        _ => s.top,
    }
    .min(s.max);
}

/// The renderer measured the box on view.
pub(super) fn measured(app: &mut App, max: usize) {
    app.scroll.max = max;
    app.scroll.top = app.scroll.top.min(max);
}

/// What the scroll position belongs to: a new box or screen starts at its top.
pub(super) fn owner(app: &App) -> (super::Context, Option<String>, bool) {
    (
        app.context(),
        app.current_lesson().map(str::to_string),
        app.review.is_some(),
    )
}

/// Starts at the top when what is on view changed; a box not measured yet may still scroll
/// (its real limit comes with the next frame).
pub(super) fn follow(app: &mut App, before: &(super::Context, Option<String>, bool)) {
    if owner(app) != *before {
        app.scroll = Scroll {
            top: 0,
            max: usize::MAX,
        };
    }
}
