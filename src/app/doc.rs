//! Page Markdown → wrapped lines of role-tagged text. Pure, so the app knows how tall a page is
//! (for scrolling) and the UI only maps roles to colours.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use unicode_width::UnicodeWidthStr;

/// What a piece of text is; the theme gives each role its look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Body,
    Strong,
    Emph,
    Heading,
    /// A glossary term of this lesson.
    Term,
    /// "Ví dụ:" / "Lưu ý:" at the start of a callout.
    CalloutLabel,
    /// Text inside a callout.
    Callout,
    /// Verbatim text drawing (fenced code block).
    Code,
    /// List bullets and numbers, callout bars.
    Marker,
}

/// One piece of text with one role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub role: Role,
    pub text: String,
}

/// One screen line.
pub type Line = Vec<Span>;

#[derive(Debug, Default)]
struct Block {
    /// First-line prefix (bullet, number, callout bar) and the indent of following lines.
    prefix: Vec<Span>,
    indent: String,
    spans: Vec<Span>,
    code: bool,
    /// No blank line before it (list items after the first).
    tight: bool,
}

/// Renders `md` to lines at most `width` columns wide (code blocks excepted: they are drawn
/// verbatim and clipped). `terms` are highlighted wherever they occur, ignoring case.
pub fn render(md: &str, terms: &[String], width: usize) -> Vec<Line> {
    let width = width.max(10);
    let mut out = Vec::new();
    for (i, b) in blocks(md).into_iter().enumerate() {
        if i > 0 && !b.tight {
            out.push(Vec::new());
        }
        if b.code {
            for l in b.spans.iter().flat_map(|s| s.text.lines()) {
                out.push(vec![Span {
                    role: Role::Code,
                    text: format!("  {l}"),
                }]);
            }
            continue;
        }
        let spans: Vec<Span> = b.spans.iter().flat_map(|s| highlight(s, terms)).collect();
        wrap(&b, &spans, width, &mut out);
    }
    out
}

fn blocks(md: &str) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut cur: Option<Block> = None;
    let mut roles: Vec<Role> = Vec::new();
    let mut lists: Vec<Option<u64>> = Vec::new();
    let mut quote = 0usize;
    let mut item_pending: Option<Vec<Span>> = None;
    let mut items_in_list = 0usize;
    let base = |quote: usize| if quote > 0 { Role::Callout } else { Role::Body };
    let flush = |cur: &mut Option<Block>, out: &mut Vec<Block>| {
        if let Some(b) = cur.take()
            && (!b.spans.is_empty() || b.code)
        {
            out.push(b);
        }
    };
    for ev in Parser::new(md) {
        match ev {
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::CodeBlock(_)) => {
                flush(&mut cur, &mut out);
                let mut b = Block::default();
                if quote > 0 {
                    b.prefix.push(marker("▌ "));
                    b.indent = "▌ ".into();
                }
                if let Some(p) = item_pending.take() {
                    let w: usize = p.iter().map(|s| s.text.width()).sum();
                    b.indent = " ".repeat(w);
                    b.prefix = p;
                    b.tight = items_in_list > 1;
                }
                if matches!(ev, Event::Start(Tag::CodeBlock(_))) {
                    b.code = true;
                }
                if matches!(ev, Event::Start(Tag::Heading { .. })) {
                    roles.push(Role::Heading);
                }
                cur = Some(b);
            }
            Event::End(TagEnd::Heading(_)) => {
                roles.pop();
                flush(&mut cur, &mut out);
            }
            Event::End(TagEnd::Paragraph | TagEnd::CodeBlock) => flush(&mut cur, &mut out),
            Event::Start(Tag::BlockQuote(_)) => quote += 1,
            Event::End(TagEnd::BlockQuote(_)) => quote = quote.saturating_sub(1),
            Event::Start(Tag::List(start)) => {
                flush(&mut cur, &mut out);
                lists.push(start);
                items_in_list = 0;
            }
            Event::End(TagEnd::List(_)) => {
                flush(&mut cur, &mut out);
                lists.pop();
            }
            Event::Start(Tag::Item) => {
                flush(&mut cur, &mut out);
                items_in_list += 1;
                let depth = lists.len().saturating_sub(1);
                let pad = "  ".repeat(depth);
                let label = match lists.last_mut() {
                    Some(Some(n)) => {
                        let l = format!("{pad}{n}. ");
                        *n += 1;
                        l
                    }
                    _ => format!("{pad}• "),
                };
                let mut p = Vec::new();
                if quote > 0 {
                    p.push(marker("▌ "));
                }
                p.push(marker(&label));
                item_pending = Some(p);
            }
            Event::End(TagEnd::Item) => {
                // A tight list item's text comes without a paragraph.
                flush(&mut cur, &mut out);
                item_pending = None;
            }
            Event::Start(Tag::Strong) => roles.push(
                if quote > 0 && cur.as_ref().is_some_and(|b| b.spans.is_empty()) {
                    Role::CalloutLabel
                } else {
                    Role::Strong
                },
            ),
            Event::Start(Tag::Emphasis) => roles.push(Role::Emph),
            Event::End(TagEnd::Strong | TagEnd::Emphasis) => {
                roles.pop();
            }
            Event::Text(t) | Event::Code(t) => {
                if cur.is_none() {
                    // Text of a tight list item.
                    let mut b = Block::default();
                    if let Some(p) = item_pending.take() {
                        let w: usize = p.iter().map(|s| s.text.width()).sum();
                        b.indent = " ".repeat(w);
                        b.prefix = p;
                        b.tight = items_in_list > 1;
                    }
                    cur = Some(b);
                }
                if let Some(b) = cur.as_mut() {
                    let role = if b.code {
                        Role::Code
                    } else {
                        roles.last().copied().unwrap_or(base(quote))
                    };
                    b.spans.push(Span {
                        role,
                        text: t.to_string(),
                    });
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(b) = cur.as_mut() {
                    b.spans.push(Span {
                        role: base(quote),
                        text: " ".into(),
                    });
                }
            }
            _ => {}
        }
    }
    flush(&mut cur, &mut out);
    out
}

fn marker(s: &str) -> Span {
    Span {
        role: Role::Marker,
        text: s.to_string(),
    }
}

/// Splits a span where glossary terms occur (case-insensitive, except acronyms).
fn highlight(s: &Span, terms: &[String]) -> Vec<Span> {
    if terms.is_empty() || matches!(s.role, Role::Code | Role::Marker | Role::CalloutLabel) {
        return vec![s.clone()];
    }
    let chars: Vec<char> = s.text.chars().collect();
    let lower: Vec<char> = chars
        .iter()
        .map(|c| c.to_lowercase().next().unwrap_or(*c))
        .collect();
    // Acronyms ("AI", "OTP", "QR") match only in capitals: lower-case "ai" is the Vietnamese
    // word "who", not artificial intelligence. Other terms match in any case.
    let needles: Vec<(Vec<char>, bool)> = terms
        .iter()
        .filter(|t| !t.is_empty())
        .map(|t| {
            let acronym = !t.chars().any(char::is_lowercase);
            let chars = if acronym {
                t.chars().collect()
            } else {
                t.chars()
                    .map(|c| c.to_lowercase().next().unwrap_or(c))
                    .collect()
            };
            (chars, acronym)
        })
        .collect();
    let mut out = Vec::new();
    let mut plain = String::new();
    let mut i = 0;
    while i < chars.len() {
        let at_word_start = i == 0 || !chars[i - 1].is_alphanumeric();
        let hit = needles
            .iter()
            .filter(|(n, exact)| {
                let hay = if *exact { &chars } else { &lower };
                at_word_start
                    && hay[i..].starts_with(n)
                    && hay.get(i + n.len()).is_none_or(|c| !c.is_alphanumeric())
            })
            .map(|(n, _)| n.len())
            .max();
        match hit {
            Some(len) => {
                if !plain.is_empty() {
                    out.push(Span {
                        role: s.role,
                        text: std::mem::take(&mut plain),
                    });
                }
                out.push(Span {
                    role: Role::Term,
                    text: chars[i..i + len].iter().collect(),
                });
                i += len;
            }
            None => {
                plain.push(chars[i]);
                i += 1;
            }
        }
    }
    if !plain.is_empty() {
        out.push(Span {
            role: s.role,
            text: plain,
        });
    }
    out
}

/// Word-wraps one block with its prefix and hanging indent.
fn wrap(b: &Block, spans: &[Span], width: usize, out: &mut Vec<Line>) {
    let indent_w = b.indent.width();
    let avail = width.saturating_sub(indent_w).max(4);
    let mut line: Line = b.prefix.clone();
    let mut col = 0usize;
    let mut pending_space: Option<Role> = None;
    let indent_span = || Span {
        role: if b.indent.starts_with('▌') {
            Role::Marker
        } else {
            Role::Body
        },
        text: b.indent.clone(),
    };
    for s in spans {
        for (wi, word) in s.text.split(' ').enumerate() {
            if wi > 0 {
                pending_space = Some(s.role);
            }
            if word.is_empty() {
                continue;
            }
            let ww = word.width();
            let space = usize::from(pending_space.is_some() && col > 0);
            if col > 0 && col + space + ww > avail {
                out.push(std::mem::replace(&mut line, vec![indent_span()]));
                col = 0;
                pending_space = None;
            }
            let space = usize::from(pending_space.is_some() && col > 0);
            if col + space + ww <= avail {
                if space == 1 {
                    push(&mut line, pending_space.unwrap_or(s.role), " ");
                    col += 1;
                }
                push(&mut line, s.role, word);
                col += ww;
                pending_space = None;
                continue;
            }
            // A word longer than the line (here at the start of a line): cut into line-long
            // pieces in one pass, so the time is linear in the word's length.
            let (mut start, mut used) = (0, 0);
            for (i, c) in word.char_indices() {
                let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                if used > 0 && used + cw > avail {
                    push(&mut line, s.role, &word[start..i]);
                    out.push(std::mem::replace(&mut line, vec![indent_span()]));
                    (start, used) = (i, 0);
                }
                used += cw;
            }
            push(&mut line, s.role, &word[start..]);
            col = used;
            pending_space = None;
        }
    }
    if col > 0 || line.len() > b.prefix.len().max(1) {
        out.push(line);
    }
}

fn push(line: &mut Line, role: Role, text: &str) {
    if let Some(last) = line.last_mut()
        && last.role == role
        && role != Role::Marker
    {
        last.text.push_str(text);
        return;
    }
    line.push(Span {
        role,
        text: text.to_string(),
    });
}

/// Renders lesson Markdown (feedback, "Vì sao", hints, glossary definitions, a missed question)
/// after `prefix` on the first line, its width as hanging indent: the same renderer as pages,
/// so no text from a lesson ever shows its `**` or fences.
pub fn render_prefixed(prefix: &str, md: &str, width: usize) -> Vec<Line> {
    let pw = prefix.width();
    let indent = " ".repeat(pw);
    let mut out = render(md, &[], width.saturating_sub(pw).max(4));
    // Blank lines between paragraphs keep their indent only when something follows on them.
    for (i, l) in out.iter_mut().enumerate() {
        let lead = if i == 0 { prefix } else { indent.as_str() };
        if !lead.is_empty() && (i == 0 || !l.is_empty()) {
            l.insert(0, marker(lead));
        }
    }
    if out.is_empty() && !prefix.is_empty() {
        out.push(vec![marker(prefix)]);
    }
    out
}

/// Wraps plain (non-Markdown) text: `prefix` on the first line, its width as hanging indent.
pub fn wrap_text(prefix: &str, role: Role, text: &str, width: usize) -> Vec<Line> {
    let b = Block {
        prefix: if prefix.is_empty() {
            Vec::new()
        } else {
            vec![marker(prefix)]
        },
        indent: " ".repeat(prefix.width()),
        spans: Vec::new(),
        code: false,
        tight: false,
    };
    let mut out = Vec::new();
    let spans = [Span {
        role,
        text: text.replace('\n', " "),
    }];
    wrap(&b, &spans, width.max(4), &mut out);
    if out.is_empty() {
        out.push(b.prefix.clone());
    }
    out
}

/// The plain text of a line (for tests and measuring).
pub fn plain(line: &Line) -> String {
    line.iter().map(|s| s.text.as_str()).collect()
}
