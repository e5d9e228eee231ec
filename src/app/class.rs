//! The trainer's live class view (read-only learner table, refreshed by the shell) and the PIN
//! prompt in front of it. The shell reads the folder and checks the PIN; this module only keeps
//! what is on screen.

use jiff::Timestamp;

use super::{Action, App, Effect, Event, Picker, Screen};
use crate::trainer::report::ClassReport;

/// Wrong PIN tries before the prompt gives up and goes back to the picker.
pub const PIN_TRIES: u8 = 3;

/// The class table on screen.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassView {
    pub report: ClassReport,
    /// When the shell last read the folder.
    pub updated: Timestamp,
}

/// The PIN prompt: what was typed (shown masked) and the wrong tries so far.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PinEntry {
    pub typed: String,
    pub wrong: u8,
    /// Classroom mode: the PIN is asked to leave the program, not to open the class view.
    pub quit: bool,
}

/// Picker → class view: the shell answers with `PinNeeded` or `ClassOpened`.
pub(super) fn request(app: &mut App) -> Vec<Effect> {
    app.overlay = None;
    vec![Effect::OpenClass]
}

/// The shell's answers: a PIN is needed, the PIN was wrong, the class was read.
pub(super) fn event(app: &mut App, ev: Event, at: Timestamp) {
    match ev {
        Event::PinNeeded => app.screen = Screen::Pin(PinEntry::default()),
        Event::PinWrong => pin_wrong(app),
        Event::ClassRefreshed { report, open } => refreshed(app, *report, open, at),
        _ => {}
    }
}

/// The PIN was wrong: count it; after [`PIN_TRIES`] back to the picker.
fn pin_wrong(app: &mut App) {
    if let Screen::Pin(p) = &mut app.screen {
        p.wrong += 1;
        p.typed.clear();
        if p.wrong >= PIN_TRIES {
            app.screen = Screen::Picker(Picker::default());
        }
    }
}

/// The first (or a fresh) class report: opens the view, or refreshes it in place.
fn refreshed(app: &mut App, report: ClassReport, open: bool, at: Timestamp) {
    match &mut app.screen {
        Screen::Class(v) => {
            // The rows scroll like every other box (`app.scroll`, kept across refreshes).
            v.report = report;
            v.updated = at;
        }
        _ if open => {
            app.screen = Screen::Class(ClassView {
                report,
                updated: at,
            })
        }
        // A refresh that arrives after the trainer left is dropped.
        _ => {}
    }
}

/// True while the class view is up (the shell refreshes it every few seconds).
pub fn showing(app: &App) -> bool {
    matches!(app.screen, Screen::Class(_))
}

pub(super) fn act(app: &mut App, a: Action) -> Vec<Effect> {
    match &mut app.screen {
        Screen::Class(_) if super::scroll::is_scroll(a) => super::scroll::act(app, a),
        Screen::Class(_) | Screen::Pin(_) if a == Action::Back && app.class_only => {
            return super::quit_now(app);
        }
        Screen::Class(_) if a == Action::Back => app.screen = Screen::Picker(Picker::default()),
        Screen::Pin(p) => match a {
            Action::Type(c) if p.typed.chars().count() < 32 => p.typed.push(c),
            Action::Erase => {
                p.typed.pop();
            }
            Action::Confirm if !p.typed.is_empty() => {
                return vec![Effect::CheckPin(std::mem::take(&mut p.typed))];
            }
            Action::Back => app.screen = Screen::Picker(Picker::default()),
            _ => {}
        },
        _ => {}
    }
    Vec::new()
}
