//! Things drawn over a screen (help, glossary, notices) and what keys do while they are up.

use super::{Action, App, Effect};

/// Something drawn over the screen.
#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    Help,
    Glossary,
    /// A message; `take_over` holds a learner id that may be taken over with Enter.
    Notice {
        message: String,
        take_over: Option<String>,
    },
    /// The learner's call for help was sent.
    HandSent,
    /// Esc on the picker: "leave the program?" (Enter leaves, Esc stays).
    ConfirmQuit,
    /// Module `module` (index into the course's modules) is finished: what was learned, what
    /// comes next; `certified` when this also earned the certificate (its screen comes next).
    ModuleDone {
        module: usize,
        certified: bool,
    },
    /// The last required lesson is passed: the certificate is earned.
    Certified,
}

pub(super) fn act(app: &mut App, ov: Overlay, a: Action) -> Vec<Effect> {
    match (ov, a) {
        (
            Overlay::Notice {
                take_over: Some(id),
                ..
            },
            Action::Confirm,
        ) => {
            app.overlay = None;
            vec![Effect::Open {
                id,
                take_over: true,
            }]
        }
        (Overlay::ConfirmQuit, Action::Confirm) => {
            app.overlay = None;
            super::quit_now(app)
        }
        (Overlay::ConfirmQuit, Action::Back) => {
            app.overlay = None;
            Vec::new()
        }
        (Overlay::ConfirmQuit, _) => Vec::new(),
        (
            Overlay::Help | Overlay::Glossary | Overlay::ModuleDone { .. } | Overlay::Certified,
            a,
        ) if super::scroll::is_scroll(a) => {
            super::scroll::act(app, a);
            Vec::new()
        }
        (Overlay::HandSent, a) if app.home && super::scroll::is_scroll(a) => {
            super::scroll::act(app, a);
            Vec::new()
        }
        (Overlay::Help | Overlay::Glossary, Action::Pick(_)) => Vec::new(),
        (
            ov @ (Overlay::ModuleDone { .. } | Overlay::Certified),
            Action::Confirm | Action::Back,
        ) => {
            super::milestone::close(app, &ov);
            app.scroll = super::Scroll {
                top: 0,
                max: usize::MAX,
            };
            Vec::new()
        }
        // A milestone is read before anything else happens (a stray key does not close it).
        (Overlay::ModuleDone { .. } | Overlay::Certified, _) => Vec::new(),
        // The glossary stays open while it is read.
        (Overlay::Glossary, Action::ReadAloud) => vec![Effect::Speak],
        _ => {
            app.overlay = None;
            Vec::new()
        }
    }
}
