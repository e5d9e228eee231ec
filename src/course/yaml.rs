//! YAML text → a small tree of nodes that remember their line and column.
//!
//! Why not serde directly: `deny_unknown_fields` stops at the first problem and loses positions
//! for problems found later (a duplicate id, a missing glossary term). The tree lets the decoder
//! collect every problem with its exact place. Parsing uses serde-saphyr's event parser
//! (`granit_parser`) with tight budgets so no file can hang the validator or exhaust memory.

use std::collections::HashMap;

use serde_saphyr::granit_parser::{ErrorKind, Event, Options, Parser, ScalarStyle, ScanError};

/// Largest lesson-format file we read; real lessons are a few kilobytes.
pub const MAX_FILE_BYTES: usize = 1024 * 1024;
/// Deepest nesting accepted; the format itself needs about 6 levels.
pub const MAX_DEPTH: usize = 32;
/// Most nodes a file may expand to (counting every alias expansion), against "billion laughs".
pub const MAX_NODES: usize = 200_000;

/// One YAML node with its 1-based position.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub line: usize,
    pub col: usize,
    /// Where the node ends (line, 1-based column just after it).
    pub end: (usize, usize),
    /// A YAML anchor (`&name`) or tag (`!name`) was written before the value.
    pub decorated: bool,
    pub value: Value,
}

/// The shape of a node.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A scalar; `plain` is false when it was quoted or a block (`|`, `>`), so `"true"` stays text.
    Scalar {
        text: String,
        plain: bool,
    },
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// True for an empty plain scalar, `~` or `null`.
    pub fn is_null(&self) -> bool {
        matches!(&self.value, Value::Scalar { text, plain: true } if matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }

    /// The text of a scalar node.
    pub fn scalar(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }
}

/// Why a file could not be parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyntaxKind {
    /// Any other YAML syntax problem (often a missing `:` or wrong indentation).
    General,
    /// A tab used for indentation.
    Tab,
    /// A quote or bracket opened and never closed.
    Unclosed,
    /// Nesting deeper than [`MAX_DEPTH`], or more than [`MAX_NODES`] nodes.
    TooComplex,
    /// `*name` with no `&name` before it (often unquoted text starting with `*`).
    UnknownAlias,
}

/// A syntax problem at a 1-based position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyntaxError {
    pub line: usize,
    pub col: usize,
    pub kind: SyntaxKind,
}

/// A parsed file: its first document's root (None when the file has no content), and the
/// position of a second document if the file has one.
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    pub root: Option<Node>,
    pub extra_document: Option<(usize, usize)>,
}

enum Frame {
    Seq(Node, usize, Vec<Node>),
    Map(Node, usize, Vec<(Node, Node)>, Option<Node>),
}

fn options() -> Options {
    let mut o = Options::default();
    o.flow_nesting_limit = MAX_DEPTH;
    o.block_nesting_limit = MAX_DEPTH;
    o.set_emit_comments(false);
    o
}

fn size(n: &Node) -> usize {
    match &n.value {
        Value::Scalar { .. } => 1,
        Value::Seq(v) => 1 + v.iter().map(size).sum::<usize>(),
        Value::Map(v) => 1 + v.iter().map(|(k, v)| size(k) + size(v)).sum::<usize>(),
    }
}

fn scan_error(e: &ScanError) -> SyntaxError {
    let kind = match e.kind() {
        ErrorKind::TabNotAllowed
        | ErrorKind::TabInBlockIndentation
        | ErrorKind::TabInIndentation
        | ErrorKind::TabAtBlockScalarStart => SyntaxKind::Tab,
        ErrorKind::UnclosedQuotedScalar
        | ErrorKind::UnclosedFlowCollection { .. }
        | ErrorKind::UnexpectedEofFlowSequence
        | ErrorKind::UnexpectedEofFlowMapping
        | ErrorKind::UnexpectedEofImplicitFlowMapping => SyntaxKind::Unclosed,
        ErrorKind::RecursionLimitExceeded => SyntaxKind::TooComplex,
        _ => SyntaxKind::General,
    };
    let m = e.marker();
    SyntaxError {
        line: m.line().max(1),
        col: m.col() + 1,
        kind,
    }
}

/// Parses `text` into a [`Doc`], or says where the first syntax problem is.
pub fn parse(text: &str) -> Result<Doc, SyntaxError> {
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: HashMap<usize, (Node, usize)> = HashMap::new();
    let mut nodes = 0usize;
    let mut root: Option<Node> = None;
    let mut documents = 0usize;
    let mut doc_done = false;
    let too_complex = |line, col| SyntaxError {
        line,
        col,
        kind: SyntaxKind::TooComplex,
    };
    for ev in Parser::new_from_str_with_options(text, options()) {
        let (event, span) = ev.map_err(|e| scan_error(&e))?;
        let (line, col) = (span.start.line().max(1), span.start.col() + 1);
        let end = (span.end.line().max(1), span.end.col() + 1);
        let blank = |value| Node {
            line,
            col,
            end,
            decorated: false,
            value,
        };
        let done: Option<(Node, usize)> = match event {
            Event::DocumentStart(..) => {
                documents += 1;
                if documents > 1 {
                    return Ok(Doc {
                        root,
                        extra_document: Some((line, col)),
                    });
                }
                None
            }
            Event::DocumentEnd => {
                doc_done = true;
                None
            }
            Event::Scalar(text, style, anchor, tag) => {
                let plain = style == ScalarStyle::Plain;
                let text = text.into_owned();
                let mut node = blank(Value::Scalar { text, plain });
                node.decorated = anchor != 0 || tag.is_some();
                Some((node, anchor))
            }
            Event::SequenceStart(_, anchor, _) => {
                stack.push(Frame::Seq(
                    blank(Value::Seq(Vec::new())),
                    anchor,
                    Vec::new(),
                ));
                None
            }
            Event::MappingStart(_, anchor, _) => {
                let frame = Frame::Map(blank(Value::Map(Vec::new())), anchor, Vec::new(), None);
                stack.push(frame);
                None
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop() {
                Some(Frame::Seq(mut n, anchor, items)) => {
                    n.value = Value::Seq(items);
                    Some((n, anchor))
                }
                Some(Frame::Map(mut n, anchor, entries, _)) => {
                    n.value = Value::Map(entries);
                    Some((n, anchor))
                }
                None => None,
            },
            Event::Alias(id) => {
                let unknown = SyntaxError {
                    line,
                    col,
                    kind: SyntaxKind::UnknownAlias,
                };
                let (target, n) = anchors.get(&id).ok_or(unknown)?;
                nodes += n;
                if nodes > MAX_NODES {
                    return Err(too_complex(line, col));
                }
                let mut copy = target.clone();
                copy.line = line;
                copy.col = col;
                copy.end = (line, col);
                Some((copy, 0))
            }
            _ => None,
        };
        let Some((node, anchor)) = done else {
            continue;
        };
        nodes += 1;
        if nodes > MAX_NODES {
            return Err(too_complex(line, col));
        }
        if anchor != 0 {
            anchors.insert(anchor, (node.clone(), size(&node)));
        }
        match stack.last_mut() {
            Some(Frame::Seq(_, _, items)) => items.push(node),
            Some(Frame::Map(_, _, entries, key)) => match key.take() {
                Some(k) => entries.push((k, node)),
                None => *key = Some(node),
            },
            None if !doc_done => root = Some(node),
            None => {}
        }
    }
    Ok(Doc {
        root,
        extra_document: None,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based() {
        let doc = parse("a: 1\nb:\n  - x\n").unwrap();
        let Some(Node {
            value: Value::Map(m),
            ..
        }) = doc.root
        else {
            panic!("not a map")
        };
        assert_eq!((m[1].0.line, m[1].0.col), (2, 1));
        let Value::Seq(items) = &m[1].1.value else {
            panic!("not a seq")
        };
        assert_eq!((items[0].line, items[0].col), (3, 5));
    }

    #[test]
    fn tab_indentation_is_named() {
        let e = parse("a:\n\t- x\n").unwrap_err();
        assert_eq!(e.kind, SyntaxKind::Tab);
        assert_eq!(e.line, 2);
    }

    #[test]
    fn billion_laughs_is_refused() {
        let mut s = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            s.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        assert_eq!(parse(&s).unwrap_err().kind, SyntaxKind::TooComplex);
    }

    #[test]
    fn deep_nesting_is_refused() {
        let s = "[".repeat(10_000);
        assert_eq!(parse(&s).unwrap_err().kind, SyntaxKind::TooComplex);
    }

    #[test]
    fn second_document_is_reported() {
        let doc = parse("a: 1\n---\nb: 2\n").unwrap();
        assert_eq!(doc.extra_document, Some((2, 1)));
    }
}
