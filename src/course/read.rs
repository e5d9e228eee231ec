//! One file's bytes → a YAML tree: size cap, encoding, control characters, syntax.
//!
//! After a syntax error the file is repaired and parsed again, so the problems in the rest of
//! the file are still found: when the mistake is one we know (see [`super::cause`], and `: ` or
//! a reserved first character in unquoted text) the fix we print is applied, so the lines it
//! broke cause no further messages; tabs in indentation become spaces; otherwise the offending
//! line is blanked. Repairs keep the file's line count, so every message keeps its line. A later
//! syntax error is reported only when it lies further down than the last blanked line: errors at
//! or above it are echoes of the repair, not news.

use std::borrow::Cow;

use super::cause::{self, Cause};
use super::decode::Ctx;
use super::yaml::{self, MAX_FILE_BYTES, Node, SyntaxKind};

/// How many repairs we try before giving up on a file.
const MAX_REPAIRS: usize = 50;
/// Bytes we are willing to re-parse while repairing one file, so a big broken file stays fast.
const REPAIR_BUDGET: usize = 8 * 1024 * 1024;

/// The result of reading one file.
pub struct Read {
    pub root: Option<Node>,
    /// The text that was parsed (after repairs), for pointing into lines.
    pub text: String,
    /// A syntax error was found (so "missing field" reports would be unreliable).
    pub broken: bool,
}

fn line_of(bytes: &[u8], offset: usize) -> usize {
    1 + bytes[..offset.min(bytes.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
}

/// Bytes → text, or a diagnostic. Accepts a UTF-8 BOM.
fn text<'b>(ctx: &mut Ctx, bytes: &'b [u8]) -> Option<&'b str> {
    if bytes.len() > MAX_FILE_BYTES {
        let args = vec![("limit_kb", (MAX_FILE_BYTES / 1024).to_string())];
        push(ctx, 1, 1, "E008", args);
        return None;
    }
    let utf16 = bytes.starts_with(&[0xFF, 0xFE])
        || bytes.starts_with(&[0xFE, 0xFF])
        || (bytes.len() >= 2 && bytes.iter().take(64).any(|b| *b == 0));
    if utf16 {
        push(ctx, 1, 1, "E002", vec![("offset", "0".into())]);
        return None;
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(t) => Some(t),
        Err(e) => {
            let offset = e.valid_up_to();
            let line = line_of(bytes, offset);
            push(ctx, line, 1, "E002", vec![("offset", offset.to_string())]);
            None
        }
    }
}

fn push(
    ctx: &mut Ctx,
    line: usize,
    col: usize,
    code: &'static str,
    args: Vec<(&'static str, String)>,
) {
    let d = super::diagnostic::Diagnostic::new(&ctx.file, line, col, code, args);
    ctx.diags.push(d);
}

/// Removes control characters (other than tab and line breaks) before parsing, warning once per
/// line: YAML itself would reject most of them with a confusing syntax error.
fn strip_controls<'t>(ctx: &mut Ctx, text: &'t str) -> Cow<'t, str> {
    let bad = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r');
    if !text.chars().any(bad) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if let Some(pos) = line.chars().position(bad) {
            push(ctx, i + 1, pos + 1, "W005", vec![]);
        }
        out.extend(line.chars().filter(|c| !bad(*c)));
    }
    Cow::Owned(out)
}

/// Replaces the tabs in the leading whitespace of every line by `width` spaces.
fn untab(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len());
    for l in text.split_inclusive('\n') {
        let body = l.trim_start_matches([' ', '\t']);
        let indent = &l[..l.len() - body.len()];
        out.push_str(&indent.replace('\t', &" ".repeat(width)));
        out.push_str(body);
    }
    out
}

/// The text with tab indentation replaced: by the tab width that makes the whole file parse, or
/// else (the file has other syntax errors too) by aligning each such line with the line above,
/// which is what a trainer who pressed Tab on one line usually meant.
fn untab_best(text: &str) -> String {
    for w in [2, 4, 8, 6, 3, 1, 5, 7] {
        let t = untab(text, w);
        if yaml::parse(&t).is_ok() {
            return t;
        }
    }
    let mut out = String::with_capacity(text.len());
    // Indentation of the previous line: of its dash (`- `) and of its content after dashes.
    let (mut prev_dash, mut prev_content) = (0usize, 0usize);
    for l in text.split_inclusive('\n') {
        let body = l.trim_start_matches([' ', '\t']);
        let ws = &l[..l.len() - body.len()];
        let tabs = ws.matches('\t').count();
        let spaces = ws.len() - tabs;
        let indent = match (tabs, body.starts_with("- ")) {
            (0, _) => spaces,
            (_, true) if prev_dash > spaces => prev_dash,
            (_, false) if prev_content > spaces => prev_content,
            _ => spaces + 2 * tabs,
        };
        out.extend(std::iter::repeat_n(' ', indent));
        out.push_str(body);
        if !body.trim().is_empty() {
            let mut rest = body;
            while let Some(r) = rest.strip_prefix("- ") {
                rest = r.trim_start_matches(' ');
            }
            prev_dash = indent;
            prev_content = indent + (body.len() - rest.len());
        }
    }
    out
}

/// The text with line `line` (1-based) emptied.
fn blank_line(text: &str, line: usize) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 != line {
            out.push_str(l);
        } else if l.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

/// Is line `i` (0-based) inside a block scalar (`|`, `>`)? Computed for every line at once.
fn block_lines(text: &str) -> Vec<bool> {
    let mut out = Vec::new();
    // Indentation of the line that opened the block scalar we are in, if any.
    let mut block: Option<usize> = None;
    for l in text.split('\n') {
        let body = l.trim_start_matches([' ', '\t']);
        let indent = l.len() - body.len();
        if body.trim().is_empty() {
            out.push(block.is_some());
            continue;
        }
        if block.is_some_and(|b| indent > b) {
            out.push(true);
            continue;
        }
        block = None;
        out.push(false);
        let head = body.split(" #").next().unwrap_or(body).trim_end();
        let header = head.trim_end_matches(|c: char| c.is_ascii_digit() || c == '-' || c == '+');
        if header.ends_with('|') || header.ends_with('>') {
            block = Some(indent);
        }
    }
    out
}

/// The first line up to `upto` with a quote or bracket opened and not closed, and its column:
/// the usual real cause of a syntax error reported further down.
fn unclosed_quote(text: &str, upto: usize) -> Option<(usize, usize)> {
    let blocks = block_lines(text);
    for (i, l) in text.split('\n').enumerate().take(upto) {
        if blocks.get(i).copied().unwrap_or(false) || l.trim_start().starts_with('#') {
            continue;
        }
        let (mut quotes, mut last_quote, mut prev) = (0, 0, ' ');
        let mut open: Vec<usize> = Vec::new();
        for (col, c) in l.chars().enumerate() {
            match c {
                '"' if prev != '\\' => {
                    quotes += 1;
                    last_quote = col + 1;
                }
                '#' if quotes % 2 == 0 && prev == ' ' => break,
                '[' | '{' if quotes % 2 == 0 => open.push(col + 1),
                ']' | '}' if quotes % 2 == 0 => {
                    open.pop();
                }
                _ => {}
            }
            prev = c;
        }
        if quotes % 2 == 1 {
            return Some((i + 1, last_quote));
        }
        if let Some(col) = open.first() {
            return Some((i + 1, *col));
        }
    }
    None
}

/// Lines indented with a tab, outside block scalars (`|`, `>`), whose content may hold tabs.
/// YAML forbids tab indentation, but the parser sometimes accepts it with another meaning than
/// the author saw, so we look for it before parsing.
fn tab_indented(text: &str) -> Vec<usize> {
    let blocks = block_lines(text);
    text.split('\n')
        .enumerate()
        .filter(|(i, l)| {
            let body = l.trim_start_matches([' ', '\t']);
            !blocks[*i] && !body.trim().is_empty() && l[..l.len() - body.len()].contains('\t')
        })
        .map(|(i, _)| i + 1)
        .collect()
}

/// Reports `c` with its fix and returns the text with the fix applied.
fn fix_and_say(
    ctx: &mut Ctx,
    text: &str,
    c: Cause,
    rewritten: &mut Vec<std::ops::Range<usize>>,
) -> String {
    let mut args = vec![("fixed", c.fixed.join("\n"))];
    if c.code == "E047" {
        let spaces = |l: &str| l.len() - l.trim_start_matches(' ').len();
        let was = text.split('\n').nth(c.line - 1).map_or(0, spaces);
        args.push(("found", was.to_string()));
        args.push((
            "spaces",
            c.fixed.first().map_or(0, |l| spaces(l)).to_string(),
        ));
    }
    if c.span > 1 || c.fixed.len() > 1 {
        args.push(("first", c.line.to_string()));
        args.push(("last", (c.line + c.span - 1).to_string()));
    }
    push(ctx, c.line, c.col, c.code, args);
    let lines = c.repair.as_ref().unwrap_or(&c.fixed);
    rewritten.push(c.line..c.line + lines.len());
    cause::apply(text, c.line, c.span, lines)
}

/// A double-quoted text with a quote inside, on the line whose quotes do not pair up before
/// the error at `line` (an odd number of quotes makes YAML read on past the line's end).
fn inner_quote_above(text: &str, line: usize) -> Option<Cause> {
    let (at, _) = unclosed_quote(text, line)?;
    let (col, fixed) = cause::inner_quote(text.split('\n').nth(at - 1)?)?;
    Some(Cause {
        code: "E043",
        line: at,
        col,
        span: 1,
        fixed: vec![fixed],
        repair: None,
    })
}

/// E006's arguments: the line as rewritten with spaces, and how many spaces lead it.
fn tab_fix(text: &str, line: usize) -> Vec<(&'static str, String)> {
    let fixed = text.split('\n').nth(line - 1).unwrap_or_default();
    let spaces = fixed.len() - fixed.trim_start_matches(' ').len();
    vec![("fixed", fixed.to_string()), ("spaces", spaces.to_string())]
}

/// No-break spaces where YAML needs a space (pasted from Word or Zalo, invisible in an editor)
/// are reported with the line fixed, and replaced before parsing.
fn no_break_spaces(ctx: &mut Ctx, text: &str) -> String {
    let blocks = block_lines(text);
    let mut out: Vec<String> = Vec::new();
    for (i, l) in text.split('\n').enumerate() {
        let spots = cause::nbsp_spots(l);
        if blocks.get(i).copied().unwrap_or(false) || spots.is_empty() {
            out.push(l.to_string());
            continue;
        }
        let fixed = cause::nbsp_fixed(l, &spots);
        push(ctx, i + 1, spots[0], "E044", vec![("fixed", fixed.clone())]);
        out.push(fixed);
    }
    out.join("\n")
}

/// Reads one file into a tree, reporting encoding and syntax problems.
pub fn read(ctx: &mut Ctx, bytes: &[u8]) -> Read {
    let mut broken = false;
    let Some(text) = text(ctx, bytes) else {
        return Read {
            root: None,
            text: String::new(),
            broken: true,
        };
    };
    // Windows line ends (Notepad) read the same as `\n`; without the `\r` every line a fix
    // rewrites stays clean to print and to paste.
    let text = text.replace("\r\n", "\n");
    let mut text = strip_controls(ctx, &text).into_owned();
    text = no_break_spaces(ctx, &text);
    let tabs = tab_indented(&text);
    let mut untabbed = !tabs.is_empty();
    if untabbed {
        text = untab_best(&text);
        for l in tabs {
            push(ctx, l, 1, "E006", tab_fix(&text, l));
        }
    }
    // Lines rewritten with a fix we printed: an error there means the fix did not hold.
    let mut rewritten: Vec<std::ops::Range<usize>> = Vec::new();
    // Lines blanked so far; an error right after one is an echo of it, not news.
    let mut blanked: Vec<usize> = Vec::new();
    let attempts = (REPAIR_BUDGET / text.len().max(1)).clamp(1, MAX_REPAIRS);
    for _ in 0..attempts {
        match yaml::parse(&text) {
            Ok(doc) => {
                if let Some((line, col)) = doc.extra_document {
                    push(ctx, line, col, "E036", vec![]);
                }
                if doc.root.as_ref().is_none_or(Node::is_null) && !broken {
                    push(ctx, 1, 1, "E037", vec![]);
                }
                return Read {
                    root: doc.root,
                    text,
                    broken,
                };
            }
            Err(e) if e.kind == SyntaxKind::Tab && !untabbed => {
                untabbed = true;
                text = untab_best(&text);
                push(ctx, e.line, 1, "E006", tab_fix(&text, e.line));
            }
            Err(e) => {
                // Repairs only move forward: an error at or just after a blanked line, or
                // above one, is an echo of an error already reported.
                let echo = blanked.iter().max().is_some_and(|l| e.line <= l + 1);
                let fresh = !rewritten.iter().any(|r| r.contains(&e.line));
                // A mistake we know with its fix: say it, then read the file as if fixed, so
                // the lines it broke cause no further messages.
                let known = match e.kind {
                    SyntaxKind::General | SyntaxKind::UnknownAlias => {
                        cause::of_error(&text, e.line).or_else(|| inner_quote_above(&text, e.line))
                    }
                    _ => None,
                };
                if let (false, true, Some(c)) = (echo, fresh, known) {
                    broken = true;
                    text = fix_and_say(ctx, &text, c, &mut rewritten);
                    continue;
                }
                // The line to blank: where the cause is when we found it above the error.
                let mut target = e.line;
                // Unquoted text is the usual cause: a `: ` inside it, or a reserved first
                // character (`@`, `` ` ``, `%`, `*`…). Name that, with the line rewritten.
                let cause = match e.kind {
                    SyntaxKind::General | SyntaxKind::UnknownAlias
                        if unclosed_quote(&text, e.line).is_none() =>
                    {
                        text.split('\n')
                            .nth(e.line - 1)
                            .and_then(super::plain::syntax_cause)
                    }
                    _ => None,
                };
                if let (false, true, Some((code, col, fixed))) = (echo, fresh, cause) {
                    broken = true;
                    let c = Cause {
                        code,
                        line: e.line,
                        col,
                        span: 1,
                        fixed: vec![fixed],
                        repair: None,
                    };
                    text = fix_and_say(ctx, &text, c, &mut rewritten);
                    continue;
                }
                if !echo {
                    let quote = match e.kind {
                        SyntaxKind::General => unclosed_quote(&text, e.line),
                        _ => None,
                    };
                    let (line, col, code) = match (quote, e.kind) {
                        (Some((l, c)), _) => (l, c, "E007"),
                        (
                            None,
                            SyntaxKind::General | SyntaxKind::Tab | SyntaxKind::UnknownAlias,
                        ) => (e.line, e.col, "E001"),
                        (None, SyntaxKind::Unclosed) => (e.line, e.col, "E007"),
                        (None, SyntaxKind::TooComplex) => (e.line, e.col, "E009"),
                    };
                    push(ctx, line, col, code, vec![]);
                    target = line;
                }
                broken = true;
                if e.kind == SyntaxKind::TooComplex {
                    break;
                }
                let repaired = blank_line(&text, target);
                if repaired == text {
                    break;
                }
                blanked.push(target.max(e.line));
                text = repaired;
            }
        }
    }
    Read {
        root: None,
        text,
        broken,
    }
}
