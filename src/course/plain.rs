//! Unquoted text that YAML reads differently from what the trainer wrote, found with the fix.
//!
//! hocso keeps every scalar's text as written, but YAML itself cuts a ` #…` tail off as a
//! comment, swallows a leading `&name` or `!name`, and other tools (VS Code, converters) read
//! `yes`, `off`, `1.10` or `0123` as true/false or numbers. Each case gets a warning at its place
//! with the line rewritten in quotes. Syntax errors caused by unquoted text (a `: ` inside it, a
//! leading `@`, `` ` ``, `%` or `*`) are recognised here too, so the message names the real fix.

use super::yaml::{Node, Value};

/// Fields whose value is prose a learner or trainer reads (not an id, a kind or a number).
pub const PROSE: &[&str] = &[
    "title",
    "body",
    "alt",
    "prompt",
    "explanation",
    "feedback",
    "text",
    "left",
    "right",
    "hints",
    "accept",
    "objectives",
    "summary",
    "description",
    "term",
    "definition",
    "english",
    "aliases",
    "sources",
    "say",
    "say_english",
];

/// `s` in double quotes, as YAML reads it back unchanged.
pub fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The line with its value, from character column `col` (1-based) to the end, put in quotes.
pub fn requote(line: &str, col: usize) -> String {
    let head: String = line.chars().take(col.saturating_sub(1)).collect();
    let value: String = line.chars().skip(col.saturating_sub(1)).collect();
    format!("{head}{}", quoted(value.trim_end()))
}

/// The line with the characters from column `from` up to (not including) column `to` put in
/// quotes: one value rewritten, whatever surrounds it (`{id: a, text: yes}`).
pub fn requote_span(line: &str, from: usize, to: usize) -> String {
    let chars: Vec<char> = line.chars().collect();
    let (from, to) = (
        from.saturating_sub(1).min(chars.len()),
        to.saturating_sub(1).min(chars.len()),
    );
    let head: String = chars[..from].iter().collect();
    let value: String = chars[from..to.max(from)].iter().collect();
    let tail: String = chars[to.max(from)..].iter().collect();
    format!("{head}{}{tail}", quoted(&value))
}

/// Words YAML 1.1 (and many tools) read as true/false or "nothing".
const WORDS: &[&str] = &[
    "yes", "no", "on", "off", "y", "n", "true", "false", "null", "~",
];

/// How another tool would read this unquoted text, when that differs from the text.
pub enum Reading {
    /// As true/false (or null).
    Word,
    /// As a number that prints differently (`1.10` → `1.1`, `0123` → `123`).
    Number(String),
}

/// Is `text` a YAML 1.2 number, and how would it print?
fn as_number(text: &str) -> Option<String> {
    let t = text.trim();
    let body = t.strip_prefix(['+', '-']).unwrap_or(t);
    if body.is_empty() {
        return None;
    }
    let is_int = body.bytes().all(|b| b.is_ascii_digit());
    if is_int {
        let n: u128 = body.parse().ok()?;
        let sign = if t.starts_with('-') && n != 0 {
            "-"
        } else {
            ""
        };
        return Some(format!("{sign}{n}"));
    }
    let hex = body
        .strip_prefix("0x")
        .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
    let oct = body
        .strip_prefix("0o")
        .filter(|o| o.bytes().all(|b| (b'0'..=b'7').contains(&b)));
    if let Some(h) = hex.filter(|h| !h.is_empty()) {
        return u128::from_str_radix(h, 16).ok().map(|n| n.to_string());
    }
    if let Some(o) = oct.filter(|o| !o.is_empty()) {
        return u128::from_str_radix(o, 8).ok().map(|n| n.to_string());
    }
    let float_chars = body
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'));
    let has_digit = body.bytes().any(|b| b.is_ascii_digit());
    if float_chars && has_digit && !body.starts_with(['e', 'E']) {
        let v: f64 = t.parse().ok()?;
        return Some(format!("{v}"));
    }
    None
}

/// How other tools read this unquoted prose, if not as the same text.
pub fn reading(text: &str) -> Option<Reading> {
    let t = text.trim();
    if WORDS.iter().any(|w| t.eq_ignore_ascii_case(w)) {
        return Some(Reading::Word);
    }
    match as_number(t) {
        Some(printed) if printed != t => Some(Reading::Number(printed)),
        _ => None,
    }
}

/// A comment cutting an unquoted text short: the 1-based column of its `#` on line `end.0`.
pub fn cut_by_comment(node: &Node, lines: &[String]) -> Option<usize> {
    let Value::Scalar { plain: true, .. } = &node.value else {
        return None;
    };
    let (line, col) = node.end;
    let rest: Vec<char> = lines
        .get(line.checked_sub(1)?)?
        .chars()
        .skip(col - 1)
        .collect();
    let spaces = rest.iter().take_while(|c| c.is_whitespace()).count();
    (rest.get(spaces) == Some(&'#')).then_some(col + spaces)
}

/// The column where a leading `&name` or `!name` starts before an unquoted value at `col`.
pub fn decoration_start(line: &str, col: usize) -> Option<usize> {
    let chars: Vec<char> = line.chars().take(col.saturating_sub(1)).collect();
    let mut start = None;
    for (i, c) in chars.iter().enumerate() {
        let at_token = i == 0 || chars[i - 1] == ' ';
        if at_token && matches!(c, '&' | '!') && start.is_none() {
            start = Some(i + 1);
        }
        if at_token && !matches!(c, '&' | '!' | ' ') {
            start = None;
        }
    }
    start
}

/// Where an unquoted value starts on a `key: value` or `- value` line (1-based column), the
/// value's text, and whether it came after a `key: `.
pub fn value_of(line: &str) -> Option<(usize, String, bool)> {
    let body = line.trim_start();
    let mut col = line.chars().count() - body.chars().count() + 1;
    let mut rest = body;
    while let Some(r) = rest.strip_prefix("- ") {
        let r2 = r.trim_start();
        col += rest.chars().count() - r2.chars().count();
        rest = r2;
    }
    if let Some(pos) = rest.find(": ") {
        let key = &rest[..pos];
        let simple = !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if simple {
            let after = &rest[pos + 2..];
            let value = after.trim_start();
            col +=
                rest[..pos + 2].chars().count() + (after.chars().count() - value.chars().count());
            return Some((col, value.to_string(), true));
        }
    }
    Some((col, rest.to_string(), false))
}

/// A syntax error on `line` that unquoted text explains: (code, column, rewritten line).
/// `E041`: a `: ` inside the text; `E040`: the text starts with a character YAML reserves.
pub fn syntax_cause(line: &str) -> Option<(&'static str, usize, String)> {
    let (col, value, after_key) = value_of(line)?;
    let first = value.chars().next()?;
    if matches!(first, '"' | '\'' | '|' | '>' | '[' | '{' | '#') {
        return None;
    }
    if matches!(first, '@' | '`' | '%' | '*' | '&' | '!') {
        return Some(("E040", col, requote(line, col)));
    }
    if !after_key {
        return None;
    }
    let inner = value
        .find(": ")
        .or_else(|| value.ends_with(':').then(|| value.len() - 1))?;
    let at = col + value[..inner].chars().count();
    Some(("E041", at, requote(line, col)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_that_print_differently() {
        for (text, printed) in [
            ("1.10", "1.1"),
            ("0123", "123"),
            ("1e3", "1000"),
            ("+5", "5"),
        ] {
            assert!(
                matches!(reading(text), Some(Reading::Number(p)) if p == printed),
                "{text}"
            );
        }
        for same in ["2", "1.5", "10/10", "1.2.3", "-3", "Bước 1", "e5"] {
            assert!(reading(same).is_none(), "{same}");
        }
        for word in ["yes", "No", "ON", "off", "true", "False"] {
            assert!(matches!(reading(word), Some(Reading::Word)), "{word}");
        }
    }

    #[test]
    fn lines_are_rewritten_in_quotes() {
        assert_eq!(
            requote("      text: Lưu ý: mang theo \"CCCD\"", 13),
            "      text: \"Lưu ý: mang theo \\\"CCCD\\\"\""
        );
        assert_eq!(
            syntax_cause("      text: Lưu ý: mang theo CCCD"),
            Some(("E041", 18, "      text: \"Lưu ý: mang theo CCCD\"".into()))
        );
        assert_eq!(
            syntax_cause("  - @admin gửi tin"),
            Some(("E040", 5, "  - \"@admin gửi tin\"".into()))
        );
        assert_eq!(syntax_cause("title: \"Đã đúng\""), None);
        assert_eq!(syntax_cause("minutes 5"), None);
        assert_eq!(syntax_cause("objectives:"), None);
        assert_eq!(syntax_cause("  - id: a"), None);
    }

    #[test]
    fn decorations_before_a_value() {
        assert_eq!(decoration_start("  text: &mot Một", 14), Some(9));
        assert_eq!(decoration_start("  text: !chu-y Hai", 16), Some(9));
        assert_eq!(decoration_start("  text: Ba", 9), None);
    }
}
