//! The one terminal-safe text function: anything printed from files (names, thôn/lớp, lesson
//! text, file names) passes through [`text`] (or [`line`] / [`cell`]) before it reaches a
//! terminal, so a learner file in a shared folder cannot send escape sequences (clipboard
//! writes, screen clears, links), bidi overrides or C1 controls to the trainer's terminal.
//!
//! - C0 controls (other than newline and tab), DEL and C1 controls, bidi embeddings, overrides
//!   and isolates are made visible as `�`.
//! - Invisible formatting (zero-width space/joiners, variation selectors, skin-tone modifiers,
//!   tags, soft hyphen, BOM) is removed: terminals and `unicode-width` disagree about it, which
//!   leaves stray characters in tables.
//! - U+2028/U+2029 (line/paragraph separators) become a newline in text, a space in a line.
//!
//! The CLI prints only through [`outln!`](crate::outln), [`errln!`](crate::errln),
//! [`out!`](crate::out), [`Out`] and [`write_stdout`], which apply [`text`] to the whole output;
//! a test (`tests/guard_print.rs`) fails if `src/cli`, `src/report` or the shells print any
//! other way. Pure string code: the core may use it too.

use std::io::Write;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Shown in place of a control character or bidi override.
pub const VISIBLE: char = '\u{FFFD}';

/// Invisible formatting characters that are dropped.
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{180E}' | '\u{200B}'..='\u{200D}' | '\u{2060}'..='\u{2065}'
        | '\u{FEFF}' | '\u{FE00}'..='\u{FE0F}' | '\u{1F3FB}'..='\u{1F3FF}'
        | '\u{E0000}'..='\u{E007F}' | '\u{E0100}'..='\u{E01EF}')
}

/// Characters that can change what a terminal does or how text runs: made visible.
pub fn is_dangerous(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c,
            '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
            | '\u{206A}'..='\u{206F}')
}

fn clean(s: &str, newline: Option<char>) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            // Windows line ends stay line ends; a lone CR could overwrite a line on screen.
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\u{2028}' | '\u{2029}' => out.push(newline.unwrap_or(' ')),
            '\t' if newline.is_none() => out.push(' '),
            c if is_invisible(c) => {}
            c if is_dangerous(c) => out.push(VISIBLE),
            c => out.push(c),
        }
    }
    out
}

/// Text for a terminal: keeps line breaks and tabs, removes or shows everything else unsafe.
pub fn text(s: &str) -> String {
    clean(s, Some('\n'))
}

/// One line (a name, a table cell): like [`text`], with line breaks and tabs as spaces.
pub fn line(s: &str) -> String {
    clean(s, None)
}

/// [`line`] cut to at most `width` terminal columns (ending in `…` when cut), never inside a
/// character or grapheme; not padded.
pub fn cell(s: &str, width: usize) -> String {
    let s = line(s);
    if s.width() <= width {
        return s;
    }
    let mut out = String::new();
    let mut used = 0;
    for g in s.graphemes(true) {
        let w = g.width();
        if used + w + 1 > width {
            break;
        }
        out.push_str(g);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// Writes `s` (made safe) to stdout. Errors (a closed pipe) are ignored: printing must never
/// panic the way `println!` does.
pub fn emit_out(s: &str) {
    let mut o = std::io::stdout().lock();
    let _ = o.write_all(text(s).as_bytes()).and_then(|()| o.flush());
}

/// True when stderr is a terminal (progress lines are shown only then).
pub fn err_is_terminal() -> bool {
    use std::io::IsTerminal;
    std::io::stderr().is_terminal()
}

/// Writes `s` (made safe) to stderr.
pub fn emit_err(s: &str) {
    let _ = std::io::stderr().lock().write_all(text(s).as_bytes());
}

/// Writes bytes meant for stdout (a report as table, CSV or JSON), made safe. They are UTF-8 by
/// construction; anything else is replaced.
pub fn write_stdout(bytes: &[u8]) -> std::io::Result<()> {
    let mut o = std::io::stdout().lock();
    // A CSV's UTF-8 byte order mark (so Excel reads Vietnamese) is kept; it draws nothing.
    const BOM: &[u8] = b"\xEF\xBB\xBF";
    let body = match bytes.strip_prefix(BOM) {
        Some(rest) => {
            o.write_all(BOM)?;
            rest
        }
        None => bytes,
    };
    o.write_all(text(&String::from_utf8_lossy(body)).as_bytes())?;
    o.flush()
}

/// Buffered, safe stdout for commands that print many lines (`hocso validate`).
pub struct Out(std::io::BufWriter<std::io::StdoutLock<'static>>);

impl Out {
    pub fn new() -> Out {
        Out(std::io::BufWriter::new(std::io::stdout().lock()))
    }

    /// One line, made safe, with a newline.
    pub fn line(&mut self, s: &str) -> std::io::Result<()> {
        self.0.write_all(text(s).as_bytes())?;
        self.0.write_all(b"\n")
    }

    /// Text (made safe) without a newline, e.g. a prompt.
    pub fn write(&mut self, s: &str) -> std::io::Result<()> {
        self.0.write_all(text(s).as_bytes())
    }

    pub fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

impl Default for Out {
    fn default() -> Self {
        Out::new()
    }
}

/// `println!` through [`text`].
#[macro_export]
macro_rules! outln {
    () => { $crate::ui::safe_text::emit_out("\n") };
    ($($arg:tt)*) => { $crate::ui::safe_text::emit_out(&format!("{}\n", format_args!($($arg)*))) };
}

/// `print!` through [`text`] (flushed: used for prompts).
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => { $crate::ui::safe_text::emit_out(&format!($($arg)*)) };
}

/// `eprintln!` through [`text`].
#[macro_export]
macro_rules! errln {
    () => { $crate::ui::safe_text::emit_err("\n") };
    ($($arg:tt)*) => { $crate::ui::safe_text::emit_err(&format!("{}\n", format_args!($($arg)*))) };
}

/// `eprint!` through [`text`].
#[macro_export]
macro_rules! err {
    ($($arg:tt)*) => { $crate::ui::safe_text::emit_err(&format!($($arg)*)) };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_become_visible_and_harmless() {
        let evil = "An\u{1b}]52;c;aGk=\u{7}\u{1b}[2J\u{9b}31m\u{202e}xyz";
        let out = line(evil);
        assert!(!out.chars().any(|c| c.is_control()), "{out:?}");
        assert!(!out.contains('\u{202e}'));
        assert!(out.starts_with("An\u{FFFD}]52;c;"));
    }

    #[test]
    fn invisible_formatting_goes_and_separators_break() {
        assert_eq!(line("Hoa\u{200d}\u{fe0f} Lan"), "Hoa Lan");
        assert_eq!(text("a\u{2028}b\r\nc\rd"), "a\nb\nc\u{FFFD}d");
        assert_eq!(line("a\nb\tc"), "a b c");
    }

    #[test]
    fn cells_are_cut_by_width() {
        let long = "Nguyễn ".repeat(50);
        let c = cell(&long, 40);
        assert!(c.width() <= 40 && c.ends_with('…'), "{c}");
        assert_eq!(cell("Hoa", 40), "Hoa");
    }
}
