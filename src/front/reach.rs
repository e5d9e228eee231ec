//! The shell's accessibility work: this PC's display choices (and the readiness check on its
//! first start), mouse capture and clicks, the voice, and raised hands in the data folder.

use std::path::Path;
use std::time::Duration;

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};

use super::{Shell, log};
use crate::app::{Effect, Event, SymbolSet};
use crate::speech::engine::{self, Speaker};
use crate::speech::{self as sp, Table};
use crate::ui::Hits;

/// How often a raised hand is looked up (the trainer may clear it from another PC).
pub(super) const HAND_CHECK: Duration = Duration::from_secs(3);

/// The pronunciation table trainers can add to their course folder.
pub const TABLE_FILE: &str = "phat-am.yaml";

/// Accessibility state of the shell.
pub(super) struct Reach {
    pub hits: Hits,
    pub speaker: Speaker,
    table: Table,
    /// Mouse capture as the terminal has it now.
    mouse_on: bool,
}

impl Reach {
    /// `lessons`: a trainer's course folder, whose `phat-am.yaml` extends the built-in table.
    pub fn new(lessons: Option<&Path>) -> Reach {
        let mut table = Table::built_in();
        if let Some(text) = lessons.and_then(|d| {
            crate::store::safe_read::read_to_string(
                &d.join(TABLE_FILE),
                crate::store::safe_read::Kind::Lesson,
            )
            .ok()
        }) && let Ok(more) = sp::parse_table(&text)
        {
            table.extend(more);
        }
        Reach {
            hits: Vec::new(),
            speaker: Speaker::default(),
            table,
            mouse_on: false,
        }
    }
}

impl Shell {
    /// Symbols and mouse from `--symbols`/`HOCSO_SYMBOLS`, this PC's file, or `TERM`; on the
    /// first start on this PC (nothing stored, nothing forced) the readiness check comes first.
    pub(super) fn display_choices(&mut self, opts: &super::Options) {
        let stored = crate::store::classroom::load_pc(&self.data_dir);
        self.app.mouse = stored.is_none_or(|p| p.mouse);
        self.app.checked = stored.map(|p| p.checked).unwrap_or_default();
        self.app.symbols = opts
            .symbols
            .or(stored.map(|p| p.symbols))
            .unwrap_or_else(|| SymbolSet::for_term(opts.term.as_deref()));
        if opts.plain {
            // Lines for screen readers and serial lines: plain marks, no check screen.
            self.app.symbols = SymbolSet::Ascii;
            self.app.mouse = false;
        } else if stored.is_none() && opts.symbols.is_none() && self.app.preview.is_none() {
            crate::app::ready::open(&mut self.app);
        }
    }

    /// Turns mouse capture on or off to match the setting.
    pub(super) fn sync_mouse(&mut self) {
        if self.app.mouse == self.reach.mouse_on {
            return;
        }
        let done = crate::front::term::mouse_capture(self.app.mouse);
        match done {
            Ok(()) => self.reach.mouse_on = self.app.mouse,
            Err(e) => log(&self.data_dir, &format!("mouse capture: {e}")),
        }
    }

    /// A click or the wheel, on what the last frame drew.
    pub(super) fn mouse(&mut self, m: MouseEvent) {
        if !self.app.mouse {
            return;
        }
        let ev = match m.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                self.reach.speaker.stop();
                crate::ui::hit(&self.reach.hits, m.column, m.row).map(Event::Click)
            }
            MouseEventKind::ScrollDown => Some(Event::Wheel { down: true }),
            MouseEventKind::ScrollUp => Some(Event::Wheel { down: false }),
            _ => None,
        };
        if let Some(ev) = ev {
            self.send(ev);
        }
    }

    /// The hand is up: is its marker still there?
    pub(super) fn check_hand(&mut self) {
        let id = self.app.learner.as_ref().map(|l| l.profile.id.clone());
        if let Some(id) = id
            && !crate::store::classroom::hand_is_up(&self.data_dir, &id)
        {
            self.send(Event::Hand(false));
        }
    }

    pub(super) fn reach_effect(&mut self, fx: Effect) {
        let dir = self.data_dir.clone();
        match fx {
            Effect::SavePc(s) => {
                if let Err(e) = crate::store::classroom::save_pc(&dir, &s) {
                    log(&dir, &format!("save pc settings: {e}"));
                }
            }
            Effect::ToggleHand(h) => {
                let up = crate::store::classroom::hand_is_up(&dir, &h.learner);
                let done = if up {
                    crate::store::classroom::lower(&dir, &h.learner)
                } else {
                    crate::store::classroom::raise(&dir, &h)
                };
                match done {
                    Ok(()) => self.send(Event::Hand(!up)),
                    Err(e) => {
                        log(&dir, &format!("hand: {e}"));
                        let msg = rust_i18n::t!("tui.error.save", locale = self.lang());
                        self.send(Event::Failed(msg.into_owned()));
                    }
                }
            }
            Effect::ClearHand(id) => {
                if let Err(e) = crate::store::classroom::lower(&dir, &id) {
                    log(&dir, &format!("clear hand: {e}"));
                }
                self.send(Event::Hands(crate::store::classroom::hands(&dir)));
            }
            Effect::Speak => self.speak(),
            _ => {}
        }
    }

    /// Reads the page or question aloud; no engine → one line saying how to get one.
    fn speak(&mut self) {
        let Some(text) = crate::ui::plain::speech(&self.app) else {
            return;
        };
        self.reach.table.glossary(&self.app.course.glossary);
        let text = sp::prepare(&text, &self.reach.table);
        if super::for_browser() {
            // The voice must come from the learner's phone, not the trainer's PC: the page
            // speaks what the program sends it.
            if let Err(e) = crate::front::term::speak_in_browser(&text) {
                log(&self.data_dir, &format!("speech to the page: {e}"));
            }
            return;
        }
        let tts = std::env::var("HOCSO_TTS").ok();
        let path = std::env::var_os("PATH");
        let Some(engine) = engine::find(tts.as_deref(), path.as_deref()) else {
            let msg = rust_i18n::t!("reach.speech.no_engine", locale = self.lang());
            self.send(Event::Failed(msg.into_owned()));
            return;
        };
        if let Err(e) = self.reach.speaker.speak(&engine, &text) {
            log(&self.data_dir, &format!("speech: {e}"));
            let msg = rust_i18n::t!("reach.speech.no_engine", locale = self.lang());
            self.send(Event::Failed(msg.into_owned()));
        }
    }
}
