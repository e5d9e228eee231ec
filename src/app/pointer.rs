//! Pointing instead of keys: mouse clicks on whole rows and on the footer's key buttons, the
//! wheel, and "choose row n" from the plain line mode. Each becomes what the keys would do.

use jiff::Timestamp;

use super::{Action, App, Effect, Screen};

/// What a click landed on (the renderer computes these areas with every frame).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Row `n` (0-based) of the screen's list: a learner, a lesson, a choice, a setting.
    Row(usize),
    /// A key button in the footer.
    Act(Action),
}

fn pick(i: usize) -> Option<Action> {
    u8::try_from(i + 1).ok().map(Action::Pick)
}

/// A click: on a list row it selects, and a click on the row already selected opens it (so a
/// double click opens too); on a quiz choice it is the choice's number key.
pub(super) fn click(app: &mut App, t: Target, at: Timestamp) -> Vec<Effect> {
    let i = match t {
        Target::Act(a) => return super::dispatch(app, a, at),
        Target::Row(i) => i,
    };
    if app.overlay.is_some() {
        return Vec::new();
    }
    match &mut app.screen {
        Screen::Picker(p) if p.selected != i => p.selected = i,
        Screen::Map(m) if m.selected != i => m.selected = i,
        Screen::Picker(_) | Screen::Map(_) => return super::dispatch(app, Action::Confirm, at),
        Screen::Quiz(q) if q.feedback.is_none() => {
            if let Some(a) = pick(i) {
                return super::dispatch(app, a, at);
            }
        }
        Screen::Settings(_) | Screen::Ready(_) | Screen::Class(_) => {
            if let Some(a) = pick(i) {
                return super::dispatch(app, a, at);
            }
        }
        _ => {}
    }
    Vec::new()
}

/// "Open row n" at once (the plain line mode's numbers).
pub(super) fn choose(app: &mut App, i: usize, at: Timestamp) -> Vec<Effect> {
    match &mut app.screen {
        Screen::Picker(p) => p.selected = i,
        Screen::Map(m) => m.selected = i,
        _ => return click(app, Target::Row(i), at),
    }
    super::dispatch(app, Action::Confirm, at)
}

/// The wheel scrolls the reader three lines at a time and moves through lists.
pub(super) fn wheel(app: &mut App, down: bool, at: Timestamp) -> Vec<Effect> {
    let a = if down { Action::Down } else { Action::Up };
    let times = match (&app.screen, &app.overlay) {
        // Boxes taller than the window scroll like the reader.
        (_, Some(super::Overlay::Help | super::Overlay::Glossary)) => 3,
        (_, Some(super::Overlay::ModuleDone { .. } | super::Overlay::Certified)) => 3,
        (_, Some(super::Overlay::HandSent)) if app.home => 3,
        (_, Some(_)) => 0,
        (Screen::Summary(_) | Screen::Results(_) | Screen::Class(_), _) => 3,
        (Screen::Reader(_), _) => 3,
        (Screen::Map(_) | Screen::Picker(_) | Screen::Settings(_), _) => 1,
        _ => 0,
    };
    let mut fx = Vec::new();
    for _ in 0..times {
        fx.extend(super::dispatch(app, a, at));
    }
    fx
}
