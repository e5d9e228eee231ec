//! A page's Markdown as blocks to be said or read by a screen reader, not drawn: one paragraph
//! is one block (no wrapping: the screen reader or the voice does that), emphasis marks vanish,
//! a callout keeps its "Lưu ý"/"Ví dụ" label once, and a drawn screen (fenced block) becomes its
//! description from the page's `alt`. Pure; the full-screen renderer is `app::doc`.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// One block of a page, in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Heading(String),
    Para(String),
    /// A list item; `Some(n)` in a numbered list.
    Item(Option<u64>, String),
    /// A `> **Lưu ý:** …` box: its label without the colon, when it has one, and its text.
    Callout(Option<String>, String),
    /// A drawn screen: its description; without one, its words with the frame taken off
    /// (`None` when nothing is left).
    Screen(Option<String>),
}

/// How many drawn screens (fenced or indented code blocks) `md` has.
pub fn drawn_screens(md: &str) -> usize {
    Parser::new(md)
        .filter(|e| matches!(e, Event::Start(Tag::CodeBlock(_))))
        .count()
}

/// Collapses runs of white space to one space.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The words of a drawing: box edges and rules (`+--+`, `|`, `----`) are not words.
fn unframe(drawing: &str) -> String {
    let words = drawing.split_whitespace().filter(|w| {
        !w.chars().all(|c| "+-=|_.*".contains(c)) || w.chars().all(|c| c == '.') && w.len() < 3
    });
    let text: Vec<String> = words
        .map(|w| w.trim_matches('|').to_string())
        .filter(|w| !w.is_empty())
        .collect();
    text.join(" ")
}

/// Splits a leading bold "Lưu ý:" off a callout's text.
fn callout(text: &str, label: Option<String>) -> Block {
    match label {
        Some(l) if l.ends_with(':') => Block::Callout(
            Some(l.trim_end_matches(':').trim().to_string()),
            squash(text),
        ),
        Some(l) => Block::Callout(None, squash(&format!("{l}{text}"))),
        None => Block::Callout(None, squash(text)),
    }
}

/// The page `md` as blocks; `alt` describes its drawn screens in order.
pub fn blocks(md: &str, alt: &[String]) -> Vec<Block> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut screens = alt.iter();
    let mut lists: Vec<Option<u64>> = Vec::new();
    let mut item: Option<Option<u64>> = None;
    let mut quote = 0usize;
    // Inside a callout: its bold label (while it is being read) and whether one may still come.
    let mut label: Option<String> = None;
    let mut in_strong = false;
    let mut code = false;
    let mut drawing = String::new();
    let push = |out: &mut Vec<Block>, b: Block| {
        let empty = match &b {
            Block::Heading(t) | Block::Para(t) | Block::Item(_, t) => t.is_empty(),
            Block::Callout(l, t) => l.is_none() && t.is_empty(),
            Block::Screen(_) => false,
        };
        if !empty {
            out.push(b);
        }
    };
    for ev in Parser::new(md) {
        match ev {
            Event::Start(Tag::CodeBlock(_)) => {
                code = true;
                drawing.clear();
            }
            Event::End(TagEnd::CodeBlock) => {
                code = false;
                let said = match screens.next() {
                    Some(a) => squash(a),
                    None => unframe(&drawing),
                };
                push(
                    &mut out,
                    Block::Screen(Some(said).filter(|s| !s.is_empty())),
                );
            }
            Event::Text(t) if code => drawing.push_str(&t),
            _ if code => {}
            Event::Start(Tag::List(start)) => lists.push(start),
            Event::End(TagEnd::List(_)) => {
                lists.pop();
            }
            Event::Start(Tag::Item) => {
                let n = lists.last_mut().and_then(|s| {
                    let n = *s;
                    *s = s.map(|v| v + 1);
                    n
                });
                item = Some(n);
            }
            Event::End(TagEnd::Item) => {
                let t = squash(&std::mem::take(&mut text));
                if let Some(n) = item.take() {
                    push(&mut out, Block::Item(n, t));
                }
            }
            Event::Start(Tag::BlockQuote(_)) => {
                quote += 1;
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                quote = quote.saturating_sub(1);
                if quote == 0 {
                    let t = std::mem::take(&mut text);
                    push(&mut out, callout(&t, label.take()));
                }
            }
            Event::Start(Tag::Strong) if quote > 0 && label.is_none() && text.trim().is_empty() => {
                in_strong = true;
                label = Some(String::new());
            }
            Event::End(TagEnd::Strong) if in_strong => in_strong = false,
            Event::End(TagEnd::Paragraph) if quote > 0 || item.is_some() => text.push(' '),
            Event::End(TagEnd::Paragraph) => {
                let t = squash(&std::mem::take(&mut text));
                push(&mut out, Block::Para(t));
            }
            Event::End(TagEnd::Heading(_)) => {
                let t = squash(&std::mem::take(&mut text));
                push(&mut out, Block::Heading(t));
            }
            Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) | Event::Html(t) => {
                match (&mut label, in_strong) {
                    (Some(l), true) => l.push_str(&t),
                    _ => text.push_str(&t),
                }
            }
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    let rest = squash(&text);
    push(&mut out, Block::Para(rest));
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_page_becomes_blocks_without_marks() {
        let md = "## Đầu đề\n\nMột câu **đậm** và\nmột dòng nữa.\n\n- ý một\n- ý *hai*\n\n\
                  1. bước\n2. bước hai\n\n> **Lưu ý:** gọi\n> lại cho chắc.\n\n```text\n+--+\n| x |\n```\n";
        let alt = vec!["Màn hình tin nhắn.".to_string()];
        assert_eq!(
            blocks(md, &alt),
            vec![
                Block::Heading("Đầu đề".into()),
                Block::Para("Một câu đậm và một dòng nữa.".into()),
                Block::Item(None, "ý một".into()),
                Block::Item(None, "ý hai".into()),
                Block::Item(Some(1), "bước".into()),
                Block::Item(Some(2), "bước hai".into()),
                Block::Callout(Some("Lưu ý".into()), "gọi lại cho chắc.".into()),
                Block::Screen(Some("Màn hình tin nhắn.".into())),
            ]
        );
        assert_eq!(drawn_screens(md), 1);
        assert_eq!(
            blocks("```\n+--+\n| Số tiền: 35.000 đ |\n+--+\n```", &[]),
            vec![Block::Screen(Some("Số tiền: 35.000 đ".into()))]
        );
        assert_eq!(blocks("```\n+--+\n```", &[]), vec![Block::Screen(None)]);
    }

    #[test]
    fn a_callout_without_a_label_is_its_text() {
        assert_eq!(
            blocks("> **Đậm** giữa câu", &[]),
            vec![Block::Callout(None, "Đậm giữa câu".into())]
        );
    }
}
