//! Per-PC display choices (symbol set, mouse) and the readiness check: on the first start on a
//! PC, and from Settings, one screen asks whether the Vietnamese letters and the symbols are
//! clear; "No" switches to symbols every console can draw and shows how to fix the font.

use serde::{Deserialize, Serialize};

use super::{Action, App, Effect, Screen};

/// The marks the UI draws: Unicode (✓ ✗ › ○ ▶ ★ █) or plain ASCII for old consoles.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SymbolSet {
    #[default]
    Unicode,
    Ascii,
}

impl SymbolSet {
    /// `ascii` / `unicode` (as in `--symbols` and `HOCSO_SYMBOLS`).
    pub fn parse(s: &str) -> Option<SymbolSet> {
        match s.trim().to_ascii_lowercase().as_str() {
            "ascii" => Some(SymbolSet::Ascii),
            "unicode" | "utf8" | "utf-8" => Some(SymbolSet::Unicode),
            _ => None,
        }
    }

    /// The default for a terminal type: consoles known not to draw the symbols get ASCII.
    pub fn for_term(term: Option<&str>) -> SymbolSet {
        match term.unwrap_or_default() {
            "linux" | "vt100" | "vt102" | "vt220" | "dumb" => SymbolSet::Ascii,
            _ => SymbolSet::Unicode,
        }
    }
}

/// What one PC remembers (a file per PC in the data folder; the folder may be shared).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PcSettings {
    #[serde(default)]
    pub symbols: SymbolSet,
    /// Mouse clicks and wheel; off lets a trainer select text with the mouse.
    #[serde(default = "yes")]
    pub mouse: bool,
    /// The readiness check's answer here; once it has one (even "skip") it is not asked at
    /// every start, only from Settings.
    #[serde(default)]
    pub checked: ReadyAnswer,
}

/// How the readiness check was answered on a PC.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReadyAnswer {
    /// Stored before the answer was kept (or never asked).
    #[default]
    Unknown,
    /// "Có, rõ hết".
    Clear,
    /// "Không": simple symbols were turned on.
    Broken,
    /// Esc: the learner went on without answering.
    Skip,
}

fn yes() -> bool {
    true
}

impl Default for PcSettings {
    fn default() -> Self {
        PcSettings {
            symbols: SymbolSet::Unicode,
            mouse: true,
            checked: ReadyAnswer::Unknown,
        }
    }
}

/// Which part of the readiness check is up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadyStep {
    /// The sample lines and the two big choices.
    Ask,
    /// After "No": simple symbols are on; how to fix the console font.
    Advice,
}

/// The readiness check on screen.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadyState {
    /// 0 "Có, rõ hết", 1 "Không".
    pub row: usize,
    pub step: ReadyStep,
    /// Where to go afterwards.
    pub back: Box<Screen>,
}

/// Opens the readiness check over the current screen.
pub fn open(app: &mut App) {
    let back = Box::new(app.screen.clone());
    app.overlay = None;
    app.screen = Screen::Ready(ReadyState {
        row: 0,
        step: ReadyStep::Ask,
        back,
    });
}

/// This PC's settings as the app has them now.
pub fn pc_settings(app: &App) -> PcSettings {
    PcSettings {
        symbols: app.symbols,
        mouse: app.mouse,
        checked: app.checked,
    }
}

pub(super) fn act(app: &mut App, a: Action) -> Vec<Effect> {
    let Screen::Ready(r) = &mut app.screen else {
        return Vec::new();
    };
    match (r.step, a) {
        (ReadyStep::Ask, Action::Up | Action::Left) => r.row = 0,
        (ReadyStep::Ask, Action::Down | Action::Right) => r.row = 1,
        (ReadyStep::Ask, Action::Pick(n @ 1..=2)) => {
            r.row = usize::from(n - 1);
            return answer(app);
        }
        (ReadyStep::Ask, Action::Confirm | Action::Toggle) => return answer(app),
        (ReadyStep::Ask, Action::Back) => {
            // Esc is an answer too: "skip", so the check does not come back at every start.
            app.checked = ReadyAnswer::Skip;
            leave(app);
            return vec![Effect::SavePc(pc_settings(app))];
        }
        (ReadyStep::Advice, Action::Confirm | Action::Back) => leave(app),
        _ => {}
    }
    Vec::new()
}

fn answer(app: &mut App) -> Vec<Effect> {
    let Screen::Ready(r) = &mut app.screen else {
        return Vec::new();
    };
    if r.row == 0 {
        app.symbols = SymbolSet::Unicode;
        app.checked = ReadyAnswer::Clear;
        leave(app);
    } else {
        app.symbols = SymbolSet::Ascii;
        app.checked = ReadyAnswer::Broken;
        r.step = ReadyStep::Advice;
    }
    vec![Effect::SavePc(pc_settings(app))]
}

fn leave(app: &mut App) {
    if let Screen::Ready(r) = &app.screen {
        app.screen = (*r.back).clone();
    }
}
