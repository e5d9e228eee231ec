//! The full-screen loop: draw, then write what the frame showed, then wait for a key, a
//! mouse event, a resize, the course to load, a raised hand or the class view's next refresh.

use anyhow::Context as _;
use crossterm::event::{self, Event as CtEvent};

use super::term::key_of;
use super::{CLASS_REFRESH, Shell, goodbye, reach, signals};
use crate::app::{self, Event};
use crate::ui;
use crate::ui::keymap;

impl Shell {
    pub(super) fn event_loop(&mut self) -> anyhow::Result<()> {
        let (mut terminal, _guard) = crate::front::term::init().context("terminal init")?;
        let size = terminal.size().context("terminal size")?;
        self.send(Event::Resize(size.width, size.height));
        while !self.app.quitting {
            self.sync_mouse();
            let theme = ui::theme::Theme::new(self.app.theme, self.theme_no_color);
            let mut hits = Vec::new();
            let mut scroll_max = None;
            // An answer's feedback is in this frame only once its line is on disk: the app
            // shows it when the save says so (see `Shell::save`).
            terminal
                .draw(|f| {
                    (hits, scroll_max) = ui::draw_frame(&self.app, theme, f.area(), f.buffer_mut());
                })
                .context("draw")?;
            self.reach.hits = hits;
            // The app learns how far the box on view scrolls (only the drawing knows).
            if let Some(max) = scroll_max
                && max != self.app.scroll.max
            {
                self.send(Event::ScrollMax(max));
            }
            // A signal (a closed window, `kill`) still leaves the goodbye line.
            signals::goodbye(&goodbye(&self.app));
            // Draw first, then write: page turns and snapshots never hold up the frame.
            self.after_frame();
            // The first frame is up; now wait for the course (its title goes in the header).
            if self.loader.is_some() {
                self.ensure_course();
                continue;
            }
            // A raised hand may be cleared by the trainer on another PC: look now and then.
            if self.app.hand && !event::poll(reach::HAND_CHECK).context("poll event")? {
                self.check_hand();
                continue;
            }
            // The class view refreshes itself: wait for a key only until the next refresh.
            if app::class::showing(&self.app) {
                let due = CLASS_REFRESH.saturating_sub(self.class_at.elapsed());
                if !event::poll(due).context("poll event")? {
                    self.send_class(false);
                    continue;
                }
            }
            match event::read().context("read event")? {
                CtEvent::Key(k) => {
                    let Some(key) = key_of(k) else { continue };
                    // Any key stops the voice (N starts it again).
                    self.reach.speaker.stop();
                    if let Some(a) = keymap::resolve(self.app.context(), key) {
                        self.send(Event::Act(a));
                    }
                }
                CtEvent::Resize(w, h) => {
                    crate::front::term::fit(&mut terminal, w, h).context("resize")?;
                    self.send(Event::Resize(w, h));
                }
                CtEvent::Mouse(m) => self.mouse(m),
                _ => {}
            }
        }
        Ok(())
    }
}
