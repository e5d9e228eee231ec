//! Raising a hand: a learner asks the trainer for help; the class view lists the calls with
//! how long each has waited. The shell keeps one small marker file per learner in the data
//! folder (so calls cross PCs); this module only knows what a call says.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::{App, Effect, Screen};

/// One learner waiting for help.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hand {
    /// The learner's id (the marker file's name).
    pub learner: String,
    pub name: String,
    /// Lesson id on screen when the hand went up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lesson: Option<String>,
    /// 1-based question number, when a question was on screen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<usize>,
    pub since: Timestamp,
}

/// The learner pressed H: the shell raises the hand, or lowers it when it is already up
/// (answering with `Event::Hand`).
pub(super) fn toggle(app: &App, at: Timestamp) -> Vec<Effect> {
    let Some(lf) = &app.learner else {
        return Vec::new();
    };
    if app.preview.is_some() {
        return Vec::new();
    }
    let question = match &app.screen {
        Screen::Quiz(q) => Some(q.position(app).0),
        _ => None,
    };
    vec![Effect::ToggleHand(Hand {
        learner: lf.profile.id.clone(),
        name: lf.profile.name.clone(),
        lesson: app.current_lesson().map(str::to_string),
        question,
        since: at,
    })]
}

/// The shell's answer: the hand is now up (`true`) or down.
pub(super) fn set(app: &mut App, up: bool) {
    if up && !app.hand {
        app.overlay = Some(super::Overlay::HandSent);
    }
    app.hand = up;
}

/// Class view: the trainer cleared call `n` (0-based, as listed).
pub(super) fn clear(app: &mut App, n: usize) -> Vec<Effect> {
    match app.hands.get(n) {
        Some(h) => vec![Effect::ClearHand(h.learner.clone())],
        None => Vec::new(),
    }
}

/// Minutes a call has waited at `now`.
pub fn waited_minutes(h: &Hand, now: Timestamp) -> i64 {
    (now.as_second() - h.since.as_second()).max(0) / 60
}
