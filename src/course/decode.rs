//! Reading fields out of a YAML [`Node`] tree while collecting every problem with its position.
//!
//! The per-file decoders (`decode_files`, `question`) build the raw structs of [`super::raw`] with
//! these helpers; a missing or wrong field becomes a diagnostic and a placeholder value, so one
//! bad field never hides the problems after it.

use super::diagnostic::Diagnostic;
use super::plain;
use super::text::clean;
use super::yaml::{Node, Value};

/// What an id or a reference names; used for course-wide duplicate and reference checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    Module,
    Lesson,
    Question,
    Term,
    /// A glossary term named in a lesson's `terms`.
    TermRef,
}

/// Where an id was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    pub scope: Scope,
    pub id: String,
    pub file: String,
    pub line: usize,
    pub col: usize,
}

/// Decoding state shared by every file of one run.
#[derive(Debug, Default)]
pub struct Ctx {
    /// The file being decoded (as shown in diagnostics).
    pub file: String,
    pub diags: Vec<Diagnostic>,
    pub sites: Vec<Site>,
    /// When set, lessons checked too long ago are reported (`hocso validate --stale N`).
    pub stale: Option<super::month::Stale>,
    /// The current file's lines (as parsed), for pointing at text YAML changed.
    pub lines: Vec<String>,
}

/// The entries of a mapping node, keys as text.
pub struct Fields<'n> {
    pub node: &'n Node,
    pub entries: Vec<(&'n str, &'n Node, &'n Node)>,
    /// Field names suggested for misspelled keys: that field is not also reported missing.
    pub suggested: Vec<&'static str>,
}

impl<'n> Fields<'n> {
    /// The value of `key` (the first one if written twice).
    pub fn get(&self, key: &str) -> Option<&'n Node> {
        self.entries
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, _, v)| *v)
    }

    /// The key node of `key`, for pointing at a field name.
    pub fn key_node(&self, key: &str) -> Option<&'n Node> {
        self.entries
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, k, _)| *k)
    }

    /// `get`, but a `null` value counts as absent.
    pub fn present(&self, key: &str) -> Option<&'n Node> {
        self.get(key).filter(|n| !n.is_null())
    }
}

/// A list item that YAML read as `key: value` because of an unquoted `: ` in a text: the column
/// of that colon and the line rewritten in quotes.
fn colon_in_item(item: &Node, lines: &[String]) -> Option<(usize, String)> {
    let Value::Map(entries) = &item.value else {
        return None;
    };
    let [(k, v)] = entries.as_slice() else {
        return None;
    };
    let plain_key = matches!(&k.value, Value::Scalar { plain: true, .. });
    if !plain_key || k.line != v.line {
        return None;
    }
    let line = lines.get(k.line.checked_sub(1)?)?;
    let col = k.col + k.scalar()?.chars().count();
    Some((col, plain::requote(line, k.col)))
}

/// True for ids in the documented form: lowercase ASCII letters, digits and `-`.
pub fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The closest of `candidates` to `word`, when close enough to be a likely typo.
pub fn suggest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let lower = word.to_lowercase();
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(&lower, c), *c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

impl Ctx {
    /// Reports `code` at `node`.
    pub fn at(&mut self, node: &Node, code: &'static str, args: Vec<(&'static str, String)>) {
        self.diags
            .push(Diagnostic::new(&self.file, node.line, node.col, code, args));
    }

    /// Reports `code` at a line and column with a rewritten line as the fix.
    fn fix_at(
        &mut self,
        line: usize,
        col: usize,
        code: &'static str,
        mut args: Vec<(&'static str, String)>,
        fixed: Option<String>,
    ) {
        if let Some(f) = fixed {
            args.push(("fixed", f));
        }
        self.diags
            .push(Diagnostic::new(&self.file, line, col, code, args));
    }

    /// Warns when unquoted prose is not what the trainer wrote (see [`plain`]).
    pub fn prose(&mut self, node: &Node, key: &str) {
        if !plain::PROSE.contains(&key) {
            return;
        }
        let Value::Scalar { text, plain: true } = &node.value else {
            return;
        };
        let line = self
            .lines
            .get(node.line.saturating_sub(1))
            .cloned()
            .unwrap_or_default();
        let one_line = node.end.0 == node.line;
        if node.decorated
            && let Some(start) = plain::decoration_start(&line, node.col)
        {
            let fixed = one_line.then(|| plain::requote_span(&line, start, node.end.1));
            self.fix_at(
                node.line,
                start,
                "W014",
                vec![("text", text.clone())],
                fixed,
            );
        }
        if let Some(col) = plain::cut_by_comment(node, &self.lines) {
            // An error, not a warning: the trainer meant the whole text, learners would not
            // see the rest.
            let fixed = one_line.then(|| plain::requote(&line, node.col));
            self.fix_at(node.end.0, col, "E042", vec![("text", text.clone())], fixed);
            return;
        }
        if !one_line && self.folded_list(node) {
            return;
        }
        let fixed = one_line.then(|| plain::requote_span(&line, node.col, node.end.1));
        match plain::reading(text) {
            Some(plain::Reading::Word) => {
                self.fix_at(
                    node.line,
                    node.col,
                    "W012",
                    vec![("text", text.clone())],
                    fixed,
                );
            }
            Some(plain::Reading::Number(n)) => {
                let args = vec![("text", text.clone()), ("number", n)];
                self.fix_at(node.line, node.col, "W013", args, fixed);
            }
            None => {}
        }
    }

    /// `text: Các bước` over more-indented `- Mở Zalo` lines: YAML folds the list into one
    /// line. Reported (E046) with the field rewritten as a `|` block.
    fn folded_list(&mut self, node: &Node) -> bool {
        let lines: Vec<&str> = self.lines.iter().map(String::as_str).collect();
        let k = node.line.saturating_sub(1);
        let Some((span, fixed)) = super::cause::bullet_block(&lines, k) else {
            return false;
        };
        if k + span < node.end.0 {
            return false;
        }
        let args = vec![
            ("first", node.line.to_string()),
            ("last", (k + span).to_string()),
        ];
        self.fix_at(node.line, node.col, "E046", args, Some(fixed.join("\n")));
        true
    }

    /// A plain text whose lines start with `•`, `*` or `–` where a list was expected: reported
    /// (E045) with every such bullet made a `- `.
    fn bulleted_text(&mut self, node: &Node) -> bool {
        if !matches!(node.value, Value::Scalar { plain: true, .. }) {
            return false;
        }
        let (first, last) = (node.line, node.end.0.max(node.line));
        let Some(lines) = self.lines.get(first.saturating_sub(1)..last) else {
            return false;
        };
        let Some((col, _)) = lines.first().and_then(|l| super::cause::other_bullet(l)) else {
            return false;
        };
        let fixed: Vec<String> = lines
            .iter()
            .map(|l| super::cause::other_bullet(l).map_or_else(|| l.clone(), |(_, f)| f))
            .collect();
        let mut args = Vec::new();
        if fixed.len() > 1 {
            args = vec![("first", first.to_string()), ("last", last.to_string())];
        }
        self.fix_at(first, col, "E045", args, Some(fixed.join("\n")));
        true
    }

    /// Cleans a scalar's text (NFC, tabs, control characters), warning when characters went.
    pub fn clean(&mut self, node: &Node, text: &str) -> String {
        let (s, info) = clean(text);
        if info.removed_control {
            self.at(node, "W005", vec![]);
        }
        if let Some(w) = super::text::longest_word(&s).filter(|w| *w > super::text::LINE_COLUMNS) {
            let args = vec![
                ("length", w.to_string()),
                ("line", super::text::LINE_COLUMNS.to_string()),
            ];
            self.at(node, "W008", args);
        }
        s
    }

    /// The node as a mapping with only `keys` allowed; reports unknown and repeated keys.
    pub fn fields<'n>(&mut self, node: &'n Node, keys: &[&'static str]) -> Option<Fields<'n>> {
        let Value::Map(entries) = &node.value else {
            self.at(node, "E017", vec![]);
            return None;
        };
        let mut out: Vec<(&'n str, &'n Node, &'n Node)> = Vec::new();
        let mut suggested = Vec::new();
        for (k, v) in entries {
            let Some(name) = k.scalar() else {
                self.at(k, "E013", vec![("field", String::new())]);
                continue;
            };
            if let Some((_, first, _)) = out.iter().find(|(n, _, _)| *n == name) {
                let first = first.line.to_string();
                self.at(
                    k,
                    "E020",
                    vec![("field", name.to_string()), ("first", first)],
                );
                continue;
            }
            if !keys.contains(&name) {
                let mut args = vec![("field", name.to_string())];
                if let Some(s) = suggest(name, keys) {
                    args.push(("suggestion", s.to_string()));
                    suggested.push(s);
                }
                self.at(k, "E010", args);
                continue;
            }
            out.push((name, k, v));
        }
        Some(Fields {
            node,
            entries: out,
            suggested,
        })
    }

    /// A text field. `required`: missing or empty is an error.
    pub fn text(&mut self, f: &Fields, key: &'static str, required: bool) -> Option<String> {
        let Some(n) = f.present(key) else {
            if required {
                self.missing(f, key);
            }
            return None;
        };
        let Some(raw) = n.scalar() else {
            self.at(n, "E013", vec![("field", key.to_string())]);
            return None;
        };
        self.prose(n, key);
        let s = self.clean(n, raw);
        if required && s.trim().is_empty() {
            self.at(n, "E012", vec![("field", key.to_string())]);
            return None;
        }
        Some(s)
    }

    /// Reports a missing required field: E011, or E012 when it is there but empty.
    pub fn missing(&mut self, f: &Fields, key: &'static str) {
        if f.suggested.contains(&key) {
            return; // already reported as a misspelling of this field
        }
        match f.get(key) {
            Some(n) => self.at(n, "E012", vec![("field", key.to_string())]),
            None => self.at(f.node, "E011", vec![("field", key.to_string())]),
        }
    }

    /// An id field: required text, warned about when not in the documented form, and recorded.
    pub fn id(&mut self, f: &Fields, scope: Option<Scope>) -> String {
        let Some(id) = self.text(f, "id", true) else {
            return String::new();
        };
        let id = id.trim().to_string();
        if let Some(n) = f.get("id") {
            if !is_slug(&id) {
                self.at(n, "W006", vec![("id", id.clone())]);
            }
            if let Some(scope) = scope {
                self.site(n, scope, &id);
            }
        }
        id
    }

    /// Records where an id or reference was written.
    pub fn site(&mut self, n: &Node, scope: Scope, id: &str) {
        self.sites.push(Site {
            scope,
            id: id.to_string(),
            file: self.file.clone(),
            line: n.line,
            col: n.col,
        });
    }

    /// A whole number field within `min..=max`.
    pub fn number(&mut self, f: &Fields, key: &'static str, min: u32, max: u32) -> Option<u32> {
        let n = f.present(key)?;
        let value = n.scalar().and_then(|s| s.trim().parse::<u32>().ok());
        let Some(v) = value else {
            self.at(n, "E014", vec![("field", key.to_string())]);
            return None;
        };
        if v < min || v > max {
            let args = vec![
                ("field", key.to_string()),
                ("min", min.to_string()),
                ("max", max.to_string()),
            ];
            self.at(n, "E019", args);
            return None;
        }
        Some(v)
    }

    /// A `true`/`false` field.
    pub fn boolean(&mut self, f: &Fields, key: &'static str) -> Option<bool> {
        let n = f.present(key)?;
        match n.scalar().map(|s| s.trim().to_ascii_lowercase()).as_deref() {
            Some("true") => Some(true),
            Some("false") => Some(false),
            _ => {
                self.at(n, "E015", vec![("field", key.to_string())]);
                None
            }
        }
    }

    /// One of `allowed` (as its index).
    pub fn choice(&mut self, f: &Fields, key: &'static str, allowed: &[&str]) -> Option<usize> {
        let n = f.present(key)?;
        let text = n.scalar().map(str::trim).unwrap_or_default();
        if let Some(i) = allowed.iter().position(|a| *a == text) {
            return Some(i);
        }
        let mut args = vec![
            ("field", key.to_string()),
            ("value", text.to_string()),
            ("allowed", allowed.join(", ")),
        ];
        if let Some(s) = suggest(text, allowed) {
            args.push(("suggestion", s.to_string()));
        }
        self.at(n, "E018", args);
        None
    }

    /// A list field's items (empty when absent).
    pub fn list<'n>(&mut self, f: &Fields<'n>, key: &'static str) -> &'n [Node] {
        let Some(n) = f.present(key) else {
            return &[];
        };
        match &n.value {
            Value::Seq(items) => items,
            _ => {
                // `• Mục một` lines pasted from Word read as one text, not a list.
                if !self.bulleted_text(n) {
                    self.at(n, "E016", vec![("field", key.to_string())]);
                }
                &[]
            }
        }
    }

    /// A list of texts; each item is returned with its node.
    pub fn texts<'n>(&mut self, f: &Fields<'n>, key: &'static str) -> Vec<(String, &'n Node)> {
        let mut out = Vec::new();
        for item in self.list(f, key) {
            match item.scalar() {
                Some(s) if !item.is_null() => {
                    self.prose(item, key);
                    let s = self.clean(item, s);
                    if s.trim().is_empty() {
                        self.at(item, "E012", vec![("field", key.to_string())]);
                    } else {
                        out.push((s, item));
                    }
                }
                Some(_) => self.at(item, "E012", vec![("field", key.to_string())]),
                None => match colon_in_item(item, &self.lines) {
                    // `- Lưu ý: mang theo CCCD` is a one-field mapping to YAML.
                    Some((col, fixed)) => {
                        self.fix_at(item.line, col, "E041", vec![], Some(fixed));
                    }
                    None => self.at(item, "E013", vec![("field", key.to_string())]),
                },
            }
        }
        out
    }
}

#[cfg(test)]
mod tests;
