//! Cleaning loaded text: NFC, tabs expanded, control characters removed.

use unicode_normalization::UnicodeNormalization;

/// Width a tab expands to.
pub const TAB_WIDTH: usize = 4;

/// What [`clean`] had to change beyond normalisation, so the loader can warn about it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cleaned {
    /// Control characters (other than newline and tab) were removed.
    pub removed_control: bool,
}

/// Returns `s` as NFC, with tabs expanded to spaces (ratatui drops tabs) and control characters
/// other than `\n` removed. `\r\n` (Windows Notepad) becomes `\n`.
pub fn clean(s: &str) -> (String, Cleaned) {
    let mut out = String::with_capacity(s.len());
    let mut info = Cleaned::default();
    let mut col = 0usize;
    for c in s.nfc() {
        match c {
            '\n' => {
                out.push('\n');
                col = 0;
            }
            '\r' => {}
            // Line and paragraph separators: ratatui would draw them as stray characters.
            '\u{2028}' | '\u{2029}' => {
                out.push('\n');
                col = 0;
            }
            c if crate::ui::safe_text::is_dangerous(c) => info.removed_control = true,
            '\t' => {
                let n = TAB_WIDTH - col % TAB_WIDTH;
                out.extend(std::iter::repeat_n(' ', n));
                col += n;
            }
            c if c.is_control() || c == '\u{FEFF}' => info.removed_control = true,
            c => {
                out.push(c);
                col += 1;
            }
        }
    }
    (out, info)
}

/// Columns of a reader line (pages are written for 72; the reader shows up to 76).
pub const LINE_COLUMNS: usize = 76;

/// Display width of the longest run of non-space characters, `None` for empty text. A word
/// wider than [`LINE_COLUMNS`] must be cut to fit (validate warns, W008).
pub fn longest_word(s: &str) -> Option<usize> {
    s.split_whitespace()
        .map(unicode_width::UnicodeWidthStr::width)
        .max()
}

/// [`clean`] without the report.
pub fn cleaned(s: &str) -> String {
    clean(s).0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nfd_becomes_nfc() {
        let nfd = "Vie\u{0302}\u{0323}t Nam"; // "Việt Nam" decomposed
        assert_eq!(cleaned(nfd), "Việt Nam");
    }

    #[test]
    fn tabs_expand_and_controls_go() {
        let (s, info) = clean("a\tb\r\nc\u{7}d");
        assert_eq!(s, "a   b\ncd");
        assert!(info.removed_control);
    }
}
