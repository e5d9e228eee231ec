//! Terminal helpers shared by the learner program and the lesson preview: crossterm keys to our
//! keys, and the guard that gives the terminal back on exit, error or panic.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use std::sync::atomic::{AtomicBool, Ordering};

use ratatui::layout::Rect;
use ratatui::{DefaultTerminal, TerminalOptions, Viewport};

use crate::ui::keymap::Key;

/// Crossterm key → our key; `None` for releases and keys we do not use.
pub fn key_of(k: KeyEvent) -> Option<Key> {
    if k.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
    Some(match k.code {
        KeyCode::Char('c') | KeyCode::Char('C') if ctrl => Key::CtrlC,
        KeyCode::Char('n') | KeyCode::Char('N') if ctrl => Key::CtrlN,
        // Vietnamese input methods send 0x08 to rewrite a letter; crossterm reports Ctrl+H.
        KeyCode::Char('h') | KeyCode::Char('H') if ctrl => Key::Backspace,
        KeyCode::Char(_) if ctrl || k.modifiers.contains(KeyModifiers::ALT) => return None,
        KeyCode::Char(c) => Key::Char(c),
        KeyCode::Up => Key::Up,
        KeyCode::Down => Key::Down,
        KeyCode::Left => Key::Left,
        KeyCode::Right => Key::Right,
        KeyCode::PageUp => Key::PageUp,
        KeyCode::PageDown => Key::PageDown,
        KeyCode::Home => Key::Home,
        KeyCode::End => Key::End,
        KeyCode::Enter => Key::Enter,
        KeyCode::Esc => Key::Esc,
        KeyCode::Backspace => Key::Backspace,
        KeyCode::Tab => Key::Tab,
        KeyCode::F(1) => Key::F1,
        KeyCode::F(2) => Key::F2,
        KeyCode::F(3) => Key::F3,
        KeyCode::F(4) => Key::F4,
        _ => return None,
    })
}

/// Largest area ever drawn (columns, rows). Beyond it the screen buffers would take gigabytes
/// (65535×65535 cells is about 200 GB): the program shows "cửa sổ quá lớn" instead.
pub const MAX_AREA: (u16, u16) = (1000, 500);
/// The small area used for the "cửa sổ quá lớn" message.
pub const TOO_LARGE_AREA: (u16, u16) = (80, 24);

/// True when a terminal of `w`×`h` is larger than [`MAX_AREA`].
pub fn too_large(w: u16, h: u16) -> bool {
    w > MAX_AREA.0 || h > MAX_AREA.1
}

/// The area drawn for a terminal of `w`×`h`: all of it, or a small corner for the message
/// when it is larger than [`MAX_AREA`]. The buffers are never larger than this.
pub fn viewport_for(w: u16, h: u16) -> Rect {
    if too_large(w, h) {
        Rect::new(0, 0, w.min(TOO_LARGE_AREA.0), h.min(TOO_LARGE_AREA.1))
    } else {
        Rect::new(0, 0, w, h)
    }
}

/// Takes the terminal (raw mode, alternate screen) with a fixed, capped drawing area. Call
/// [`fit`] on every resize. The guard gives the terminal back when dropped; a signal does the
/// same (see [`crate::front::signals`]).
pub fn init() -> std::io::Result<(DefaultTerminal, TerminalGuard)> {
    let (w, h) = crossterm::terminal::size()?;
    SCREEN.store(true, Ordering::SeqCst);
    let guard = TerminalGuard;
    crossterm::execute!(std::io::stdout(), crossterm::terminal::EnterAlternateScreen)?;
    let viewport = Viewport::Fixed(viewport_for(w, h));
    let terminal = ratatui::try_init_with_options(TerminalOptions { viewport })?;
    Ok((terminal, guard))
}

/// Resizes the drawing area after the terminal changed to `w`×`h` (capped, see [`viewport_for`]).
pub fn fit(terminal: &mut DefaultTerminal, w: u16, h: u16) -> std::io::Result<()> {
    let area = viewport_for(w, h);
    if terminal.get_frame().area() != area {
        terminal.resize(area)?;
        terminal.clear()?;
    }
    Ok(())
}

/// Turns mouse reporting on or off (the mouse setting).
pub fn mouse_capture(on: bool) -> std::io::Result<()> {
    let mut out = std::io::stdout();
    if on {
        crossterm::execute!(out, crossterm::event::EnableMouseCapture)
    } else {
        crossterm::execute!(out, crossterm::event::DisableMouseCapture)
    }
}

/// Gives the terminal back: raw mode off, main screen, cursor shown. Errors are ignored (after
/// SIGHUP the terminal may be gone).
pub fn give_back() {
    let _ = crossterm::terminal::disable_raw_mode();
    let _ = crossterm::execute!(
        std::io::stdout(),
        crossterm::event::DisableMouseCapture,
        crossterm::terminal::LeaveAlternateScreen,
        crossterm::cursor::Show
    );
}

/// True while the full-screen terminal is up (raw mode, alternate screen).
static SCREEN: AtomicBool = AtomicBool::new(false);

/// Gives the terminal back if it is up (a signal ending the process: see
/// [`crate::front::signals`]).
/// True when it was up (and is given back now).
pub fn give_back_if_up() -> bool {
    let up = SCREEN.swap(false, Ordering::SeqCst);
    if up {
        give_back();
    }
    up
}

/// Restores the terminal when dropped: normal exit, `?` errors and unwinding panics alike.
pub struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        // `give_back` undoes everything we turn on: raw mode, the alternate screen, mouse
        // capture (a setting), and shows the cursor.
        SCREEN.store(false, Ordering::SeqCst);
        give_back();
    }
}

/// OSC number of the read-aloud text sent to the `hocso serve` page, which speaks it on the
/// learner's phone (terminals ignore an OSC they do not know).
pub const OSC_SPEAK: u16 = 7770;

/// Hands text to the browser page to be read aloud (made safe: no control character can end the
/// sequence early or reach the terminal).
pub fn speak_in_browser(text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let clean: String = crate::ui::safe_text::text(text)
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let mut o = std::io::stdout().lock();
    write!(o, "\x1b]{OSC_SPEAK};{clean}\x07")?;
    o.flush()
}
