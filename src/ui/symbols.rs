//! Symbol sets: every mark the screens draw comes from one table, Unicode or plain ASCII for
//! consoles that show boxes instead (the old Windows console with a raster font, the Linux VT,
//! serial lines). Meaning never rests on a symbol alone: the words ("Đúng", "Sai") are there too.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

pub use crate::app::SymbolSet;

/// The marks one set draws.
#[derive(Debug)]
pub struct Symbols {
    pub right: &'static str,
    pub wrong: &'static str,
    /// The row the keys act on.
    pub cursor: &'static str,
    pub radio_on: &'static str,
    pub radio_off: &'static str,
    pub box_on: &'static str,
    pub box_off: &'static str,
    pub done: &'static str,
    pub in_progress: &'static str,
    pub not_started: &'static str,
    /// The recommended lesson.
    pub star: &'static str,
    /// Where typed letters go.
    pub caret: &'static str,
    pub warning: &'static str,
    /// "goes with" in match questions.
    pub arrow: &'static str,
    /// "this one" pointing back at a row.
    pub back_arrow: &'static str,
    pub more_above: &'static str,
    pub more_below: &'static str,
    pub value_prev: &'static str,
    pub value_next: &'static str,
    pub rule: &'static str,
    pub mask: &'static str,
    pub hand: &'static str,
    /// The end of a text cut to fit its row.
    pub ellipsis: &'static str,
    /// A module that counts for the certificate.
    pub counts: &'static str,
}

pub const UNICODE: Symbols = Symbols {
    right: "✓",
    wrong: "✗",
    cursor: "›",
    radio_on: "(•)",
    radio_off: "( )",
    box_on: "[x]",
    box_off: "[ ]",
    done: "✓",
    in_progress: "▶",
    not_started: "○",
    star: "★",
    caret: "█",
    warning: "⚠",
    arrow: "→",
    back_arrow: "←",
    more_above: "▲",
    more_below: "▼",
    value_prev: "◀",
    value_next: "▶",
    rule: "─",
    mask: "•",
    hand: "✋",
    ellipsis: "…",
    counts: "◆",
};

pub const ASCII: Symbols = Symbols {
    right: "v",
    wrong: "x",
    cursor: ">",
    radio_on: "(*)",
    radio_off: "( )",
    box_on: "[x]",
    box_off: "[ ]",
    done: "v",
    // Not ">": that is the row cursor, and a lesson under way must not look selected.
    in_progress: "~",
    not_started: "o",
    star: "*",
    caret: "_",
    warning: "!",
    arrow: "->",
    back_arrow: "<-",
    more_above: "^",
    more_below: "v",
    value_prev: "<",
    value_next: ">",
    rule: "-",
    mask: "*",
    hand: "(!)",
    ellipsis: "...",
    counts: "#",
};

/// The table of a set.
pub fn of(set: SymbolSet) -> &'static Symbols {
    match set {
        SymbolSet::Unicode => &UNICODE,
        SymbolSet::Ascii => &ASCII,
    }
}

/// `text` fitted into `width` columns: whole when it fits, otherwise cut at a letter boundary
/// (a letter and its tone marks stay together; a wide character is never halved) and ended
/// with `ellipsis`, so a reader sees that the title goes on.
pub fn cut(text: &str, width: usize, ellipsis: &str) -> String {
    use unicode_segmentation::UnicodeSegmentation;
    if text.width() <= width {
        return text.to_string();
    }
    let room = width.saturating_sub(ellipsis.width());
    if room == 0 {
        return ellipsis.chars().take(width).collect();
    }
    let mut out = String::new();
    let mut used = 0;
    for g in text.graphemes(true) {
        let w = g.width();
        if used + w > room {
            break;
        }
        out.push_str(g);
        used += w;
    }
    // A cut just after a space ends on the word ("Tình huống…"), not on the space.
    let out = out.trim_end();
    format!("{out}{ellipsis}")
}

/// The ASCII stand-in for a symbol that may appear in UI strings or lesson text, one cell wide.
fn ascii_char(c: char) -> Option<char> {
    Some(match c {
        '✓' | '✔' => 'v',
        '✗' | '✘' | '×' => 'x',
        '›' | '»' | '▶' | '►' | '→' | '⇒' => '>',
        '‹' | '«' | '◀' | '◄' | '←' => '<',
        '↑' | '▲' => '^',
        '↓' | '▼' => 'v',
        '•' | '·' | '○' | '●' | '◦' | '∙' => '-',
        '★' | '☆' => '*',
        '▌' | '▐' => '|',
        '█' | '▓' | '▒' | '░' | '▉' | '▊' | '▋' | '▍' | '▎' | '▏' | '▄' | '▀' => {
            '#'
        }
        '⚠' => '!',
        '◆' | '◇' => '#',
        '─' | '━' | '═' | '—' | '–' => '-',
        '│' | '┃' | '║' => '|',
        '┌' | '┐' | '└' | '┘' | '├' | '┤' | '┬' | '┴' | '┼' | '╔' | '╗' | '╚' | '╝' | '╠' | '╣'
        | '╦' | '╩' | '╬' | '╭' | '╮' | '╯' | '╰' => '+',
        '“' | '”' | '„' => '"',
        '‘' | '’' => '\'',
        '…' => '.',
        '⌫' => '<',
        '\u{a0}' => ' ',
        _ => return None,
    })
}

/// A UI string with its symbols in ASCII (arrows as `->`, `<-`, `^`, `v`).
pub fn ascii_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '→' => out.push_str("->"),
            '←' => out.push_str("<-"),
            '⌫' => out.push_str("<-"),
            '…' => out.push_str("..."),
            c => match ascii_char(c) {
                Some(a) => out.push(a),
                None => out.push(c),
            },
        }
    }
    out
}

/// True for what an ASCII console can show: ASCII and the Vietnamese letters (whose font is
/// the readiness check's other question).
pub fn console_safe(c: char) -> bool {
    c.is_ascii()
        || matches!(c, 'À'..='ỹ') && c.is_alphabetic()
        || matches!(c, '\u{300}'..='\u{323}')
}

/// Last pass over a frame in the ASCII set: symbols from widgets (gauges, borders) and from
/// lesson text become their ASCII stand-ins; anything else no console can draw becomes `?`.
pub fn ascii_buffer(buf: &mut Buffer, keep: &[Rect]) {
    let area = buf.area;
    for y in area.top()..area.bottom() {
        let mut blank_next = false;
        for x in area.left()..area.right() {
            if keep
                .iter()
                .any(|r| x >= r.x && x < r.right() && y >= r.y && y < r.bottom())
            {
                continue;
            }
            let cell = &mut buf[(x, y)];
            let sym = cell.symbol();
            if blank_next && sym.is_empty() {
                // The second half of a wide symbol that is now one cell.
                cell.set_char(' ');
                blank_next = false;
                continue;
            }
            blank_next = false;
            if sym.chars().all(console_safe) {
                continue;
            }
            blank_next = sym.width() > 1;
            let first = sym.chars().next().unwrap_or(' ');
            cell.set_char(ascii_char(first).unwrap_or('?'));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::cut;
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn a_text_that_fits_is_left_whole() {
        assert_eq!(cut("Tình huống", 10, "…"), "Tình huống");
    }

    #[test]
    fn a_long_text_is_cut_with_an_ellipsis_within_its_width() {
        let title = "Tình huống tổng hợp (phần 1): khi điện thoại báo lỗi";
        for w in [5, 12, 20, 39] {
            let c = cut(title, w, "…");
            assert!(c.width() <= w, "{c:?} wider than {w}");
            assert!(c.ends_with('…'), "{c:?}");
            assert!(title.starts_with(c.trim_end_matches('…')), "{c:?}");
        }
        assert_eq!(cut(title, 13, "..."), "Tình huống...");
    }

    #[test]
    fn tone_marks_stay_with_their_letter() {
        // Decomposed text (Unikey "tổ hợp", macOS): "Hoà" as H o a + combining grave.
        let nfd = "Hoa\u{300} bi\u{300}nh";
        let c = cut(nfd, 4, "…");
        assert_eq!(c, "Hoa\u{300}…");
        // A wide character is never halved.
        assert_eq!(cut("漢字漢字", 4, "…"), "漢…");
    }
}
