//! Mistakes a trainer's editor makes easy (Notepad, VS Code, text pasted from Word or Zalo),
//! recognised from the lines themselves, each with the rewritten line(s) that fix it:
//! a no-break space where YAML needs a space, a double quote inside a double-quoted text,
//! `*` or `•` used as a list bullet, and a bullet list written under a field without `|`.
//!
//! Each fix is the text the trainer is told to write, so it must itself be valid YAML: the
//! reader applies it and parses again, which also keeps one broken line from causing a trail
//! of other messages.

use super::plain;

/// A cause found: where it is, its code, and the lines that replace `span` lines from `line`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cause {
    pub code: &'static str,
    /// 1-based line and column of the mistake.
    pub line: usize,
    pub col: usize,
    /// How many lines, from `line`, the fix replaces.
    pub span: usize,
    pub fixed: Vec<String>,
    /// What the reader parses in place of the `span` lines when the fix has more lines than it
    /// replaces: as many lines, so every later message keeps the file's line numbers.
    pub repair: Option<Vec<String>>,
}

/// Spaces that look like a space but are text to YAML: no-break (Word, Zalo, web pages),
/// narrow no-break and figure spaces.
fn is_nbsp(c: char) -> bool {
    matches!(c, '\u{00A0}' | '\u{202F}' | '\u{2007}')
}

/// Characters an editor or a word processor puts where a list dash `- ` was meant.
const BULLETS: &[char] = &['*', '•', '·', '–', '—', '+'];

/// 1-based columns of no-break spaces where YAML needs an ordinary one: in the indentation,
/// after a list dash, and after a `key:`.
pub fn nbsp_spots(line: &str) -> Vec<usize> {
    let chars: Vec<char> = line.chars().collect();
    let ws = |c: char| c == ' ' || c == '\t' || is_nbsp(c);
    let mut spots = Vec::new();
    let mut i = 0;
    let skip = |i: &mut usize, spots: &mut Vec<usize>| {
        while *i < chars.len() && ws(chars[*i]) {
            if is_nbsp(chars[*i]) {
                spots.push(*i + 1);
            }
            *i += 1;
        }
    };
    loop {
        skip(&mut i, &mut spots);
        if chars.get(i) == Some(&'-') && chars.get(i + 1).is_some_and(|c| ws(*c)) {
            i += 1;
            continue;
        }
        break;
    }
    let start = i;
    while chars
        .get(i)
        .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
    {
        i += 1;
    }
    if i > start && chars.get(i) == Some(&':') {
        i += 1;
        skip(&mut i, &mut spots);
    }
    spots
}

/// The line with its misplaced no-break spaces (see [`nbsp_spots`]) made ordinary spaces.
pub fn nbsp_fixed(line: &str, spots: &[usize]) -> String {
    line.chars()
        .enumerate()
        .map(|(i, c)| if spots.contains(&(i + 1)) { ' ' } else { c })
        .collect()
}

/// Columns (0-based, in chars) of the double quotes of `value` that YAML would take as quotes.
fn quote_marks(value: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut escaped = false;
    for (i, c) in value.chars().enumerate() {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => out.push(i),
            _ => escaped = false,
        }
        if c != '\\' {
            escaped = false;
        }
    }
    out
}

/// `text: "Bác nói "xin chào" rồi"`: a double-quoted value that has double quotes inside, so
/// YAML ends it at the second one. The column of that quote, and the line with the value in
/// single quotes (which need no escaping of `"`).
pub fn inner_quote(line: &str) -> Option<(usize, String)> {
    let (col, value, _) = plain::value_of(line)?;
    let value = value.trim_end();
    if value.starts_with('\'') {
        return inner_single_quote(line, col, value);
    }
    let marks = quote_marks(value);
    let last = value.chars().count().checked_sub(1)?;
    if marks.len() < 3 || marks.first() != Some(&0) || marks.last() != Some(&last) {
        return None;
    }
    let inner: String = value.chars().skip(1).take(last - 1).collect();
    let head: String = line.chars().take(col - 1).collect();
    let fixed = format!("{head}'{}'", inner.replace('\'', "''"));
    Some((col + marks[1], fixed))
}

/// `text: 'Bác nói 'xin chào' rồi'`, the same in single quotes (where `''` is a quote): the
/// value is put in double quotes instead.
fn inner_single_quote(line: &str, col: usize, value: &str) -> Option<(usize, String)> {
    let chars: Vec<char> = value.chars().collect();
    let last = chars.len().checked_sub(1)?;
    if last < 2 || chars[last] != '\'' {
        return None;
    }
    // The first quote inside that is not doubled: where YAML ends the text.
    let mut i = 1;
    let mut lone = None;
    while i < last {
        if chars[i] == '\'' {
            if chars.get(i + 1) == Some(&'\'') && i + 1 < last {
                i += 2;
                continue;
            }
            lone = Some(i);
            break;
        }
        i += 1;
    }
    let at = lone?;
    let inner: String = chars[1..last].iter().collect();
    let head: String = line.chars().take(col - 1).collect();
    Some((col + at, format!("{head}{}", plain::quoted(&inner))))
}

/// `* id: a` or `• Mở Zalo`: a list written with another bullet than `- `. The column of the
/// bullet and the line with a dash in its place.
pub fn other_bullet(line: &str) -> Option<(usize, String)> {
    let body = line.trim_start_matches(' ');
    let indent = line.len() - body.len();
    let mut chars = body.chars();
    let first = chars.next()?;
    let rest = chars.as_str();
    if !BULLETS.contains(&first) || !rest.starts_with([' ', '\u{00A0}']) {
        return None;
    }
    Some((
        indent + 1,
        format!("{}- {}", &line[..indent], rest.trim_start()),
    ))
}

/// Indentation (in spaces) of a line, and its text after it.
fn indent_of(line: &str) -> (usize, &str) {
    let body = line.trim_start_matches(' ');
    (line.len() - body.len(), body)
}

/// The line's text after a list bullet (`- `, `* `, `• `…), if it starts with one.
fn bullet_item(body: &str) -> Option<&str> {
    let mut chars = body.chars();
    let first = chars.next()?;
    let rest = chars.as_str();
    ((first == '-' || BULLETS.contains(&first)) && rest.starts_with(' ')).then(|| rest.trim_start())
}

/// `text: Các bước` followed by `- Mở Zalo` lines: a list under a field without `|`. YAML
/// either refuses it or folds it into one line ("Các bước - Mở Zalo - …"). `lines[k]` is the
/// field's line; returns how many lines the field and its list take, and the field rewritten
/// as a `|` block that keeps every line as written.
pub fn bullet_block(lines: &[&str], k: usize) -> Option<(usize, Vec<String>)> {
    let line = *lines.get(k)?;
    let (col, value, after_key) = plain::value_of(line)?;
    let value = value.trim_end();
    let first = value.chars().next()?;
    if !after_key
        || matches!(
            first,
            '"' | '\'' | '|' | '>' | '[' | '{' | '&' | '*' | '!' | '#'
        )
    {
        return None;
    }
    let head: String = line.chars().take(col - 1).collect();
    let head = head.trim_end();
    // Where the field's name starts: the list must sit at or right of it.
    let key_col = {
        let mut rest = head.trim_start_matches(' ');
        while let Some(r) = rest.strip_prefix('-') {
            rest = r.trim_start_matches(' ');
        }
        head.len() - rest.len()
    };
    let pad = " ".repeat(key_col + 2);
    let mut fixed = vec![format!("{head} |"), format!("{pad}{value}")];
    let mut bullets = 0;
    for l in &lines[k + 1..] {
        let (indent, body) = indent_of(l);
        if body.trim().is_empty() || indent < key_col {
            break;
        }
        match bullet_item(body) {
            // `- id: a` is YAML structure (a `choices:` line forgotten, say), not prose.
            Some(item) if plain::value_of(item).is_some_and(|(_, _, key)| key) => return None,
            Some(item) => {
                bullets += 1;
                fixed.push(format!("{pad}- {}", item.trim_end()));
            }
            None if indent > key_col => fixed.push(format!("{pad}  {}", body.trim_end())),
            None => break,
        }
    }
    (bullets > 0).then(|| (fixed.len() - 1, fixed))
}

/// The cause of a syntax error reported at 1-based `line`, when it is one of the mistakes
/// above (a no-break space is found before parsing, see [`nbsp_spots`]).
pub fn of_error(text: &str, line: usize) -> Option<Cause> {
    let lines: Vec<&str> = text.split('\n').collect();
    let at = line.checked_sub(1)?;
    // A list under a field: the error is on the field's line or one of the list's lines.
    for k in (at.saturating_sub(20)..=at.min(lines.len().saturating_sub(1))).rev() {
        if let Some((span, fixed)) = bullet_block(&lines, k)
            && k + span >= at
        {
            let (col, value, _) = plain::value_of(lines[k])?;
            // The field keeps its first line of text, in quotes; the list's lines are left out.
            let head: String = lines[k].chars().take(col - 1).collect();
            let mut repair = vec![format!("{head}{}", plain::quoted(value.trim_end()))];
            repair.resize(span, String::new());
            return Some(Cause {
                code: "E046",
                line: k + 1,
                col,
                span,
                fixed,
                repair: Some(repair),
            });
        }
    }
    let this = lines.get(at)?;
    let one = |code, (col, fixed): (usize, String)| Cause {
        code,
        line,
        col,
        span: 1,
        fixed: vec![fixed],
        repair: None,
    };
    if let Some(found) = other_bullet(this) {
        return Some(one("E045", found));
    }
    if let Some(found) = inner_quote(this) {
        return Some(one("E043", found));
    }
    if let Some(found) = missing_colon(this) {
        return Some(one("E001", found));
    }
    // `id lam-quen` reads as the start of a text, so YAML stops on the line after it: the line
    // above, when giving it its colon lets YAML read past the error.
    if let Some(above) = at.checked_sub(1)
        && let Some((col, fixed)) = lines.get(above).and_then(|l| missing_colon(l))
        && reads_past(&lines, above, &fixed, at)
    {
        return Some(Cause {
            code: "E001",
            line: above + 1,
            col,
            span: 1,
            fixed: vec![fixed],
            repair: None,
        });
    }
    reindent(&lines, at)
}

/// Whether `lines` with line `k` (0-based) replaced by `fixed` parses past line `at` (0-based),
/// the line of the error being explained.
fn reads_past(lines: &[&str], k: usize, fixed: &str, at: usize) -> bool {
    let text = apply(&lines.join("\n"), k + 1, 1, &[fixed.to_string()]);
    match super::yaml::parse(&text) {
        Ok(_) => true,
        Err(e) => e.line > at + 2,
    }
}

/// `kind one`: a field name and its value without the colon between them. The column after the
/// name and the line with `: ` there. Only lowercase ASCII names, as every field of the format
/// is, so a line of prose is never taken for one.
pub fn missing_colon(line: &str) -> Option<(usize, String)> {
    let (indent, body) = indent_of(line);
    let (dash, body) = match body.strip_prefix("- ") {
        Some(rest) => ("- ", rest.trim_start_matches(' ')),
        None => ("", body),
    };
    let (name, value) = body.split_once(' ')?;
    let value = value.trim();
    let is_name = !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
    if !is_name || value.is_empty() || body.contains(':') {
        return None;
    }
    let col = line.chars().count() - body.chars().count() + name.chars().count() + 1;
    Some((col, format!("{}{dash}{name}: {value}", &line[..indent])))
}

/// How many lines above and below a misaligned line lend it their indentation.
const NEIGHBOURS: usize = 8;

/// Indentations of the lines near `at`, nearest first: each line's own, and where its content
/// starts after list dashes (`- id: a` lends 8 and 10).
fn nearby_indents(lines: &[&str], at: usize) -> Vec<usize> {
    let mut out = Vec::new();
    for d in 1..=NEIGHBOURS {
        for k in [at.checked_sub(d), Some(at + d)].into_iter().flatten() {
            let Some(l) = lines.get(k) else { continue };
            let (i, b) = indent_of(l);
            if b.trim().is_empty() || b.starts_with('#') {
                continue;
            }
            let mut content = i;
            let mut rest = b;
            while let Some(r) = rest.strip_prefix("- ") {
                content += 2 + (r.len() - r.trim_start_matches(' ').len());
                rest = r.trim_start_matches(' ');
            }
            for c in [i, content] {
                if !out.contains(&c) {
                    out.push(c);
                }
            }
        }
    }
    out
}

/// A line indented unlike the lines of its level: the error's line (or the one above it, when
/// a list's first item set the wrong level) re-indented like a nearby line, when that lets YAML
/// read past it. The fix is checked by parsing, never guessed.
fn reindent(lines: &[&str], at: usize) -> Option<Cause> {
    for target in [Some(at), at.checked_sub(1)].into_iter().flatten() {
        let (indent, body) = indent_of(lines.get(target)?);
        if body.trim().is_empty() || body.starts_with('#') {
            continue;
        }
        for c in nearby_indents(lines, target) {
            if c == indent {
                continue;
            }
            let fixed = format!("{}{body}", " ".repeat(c));
            // Read past the error's line: this line was the trouble. (Another problem further
            // down is for the next round.)
            if reads_past(lines, target, &fixed, at) {
                return Some(Cause {
                    code: "E047",
                    line: target + 1,
                    col: 1,
                    span: 1,
                    fixed: vec![fixed],
                    repair: None,
                });
            }
        }
    }
    None
}

/// `text` with `span` lines from 1-based `line` replaced by `fixed`.
pub fn apply(text: &str, line: usize, span: usize, fixed: &[String]) -> String {
    let mut lines: Vec<&str> = text.split('\n').collect();
    let from = line.saturating_sub(1).min(lines.len());
    let to = (from + span).min(lines.len());
    lines.splice(from..to, fixed.iter().map(String::as_str));
    lines.join("\n")
}

#[cfg(test)]
mod tests;
