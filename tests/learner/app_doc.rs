//! Page Markdown → wrapped, role-tagged lines.
#![allow(clippy::unwrap_used)]

use hocso::app::doc::{Role, plain, render};

fn text(md: &str, width: usize) -> Vec<String> {
    render(md, &[], width).iter().map(plain).collect()
}

/// The highlighted glossary words of one line.
fn term_texts(line: &[hocso::app::doc::Span]) -> Vec<String> {
    line.iter()
        .filter(|s| s.role == Role::Term)
        .map(|s| s.text.clone())
        .collect()
}

#[test]
fn wraps_paragraphs_with_blank_line_between() {
    let t = text("một hai ba bốn năm sáu\n\nbảy", 10);
    assert_eq!(t, vec!["một hai ba", "bốn năm", "sáu", "", "bảy"]);
}

#[test]
fn lists_hang_their_indent() {
    let t = text("- một hai ba bốn\n- năm\n\n1. sáu\n2. bảy", 12);
    assert_eq!(
        t,
        vec!["• một hai ba", "  bốn", "• năm", "", "1. sáu", "2. bảy"]
    );
}

#[test]
fn callout_has_label_and_bar() {
    let lines = render("> **Lưu ý:** Không đọc mã cho ai.", &[], 20);
    assert_eq!(plain(&lines[0]), "▌ Lưu ý: Không đọc");
    assert_eq!(lines[0][1].role, Role::CalloutLabel);
    assert_eq!(plain(&lines[1]), "▌ mã cho ai.");
    assert!(lines[1].iter().any(|s| s.role == Role::Callout));
}

#[test]
fn code_blocks_are_verbatim() {
    let t = text("```\n┌──────┐\n│ **MÔ PHỎNG**   │\n```", 5);
    assert_eq!(t, vec!["  ┌──────┐", "  │ **MÔ PHỎNG**   │"]);
}

#[test]
fn terms_are_highlighted_ignoring_case() {
    let lines = render(
        "Mã OTP là **mã otp** nhé, không phải mãotp",
        &["mã OTP".into()],
        80,
    );
    let terms = term_texts(&lines[0]);
    assert_eq!(terms, vec!["Mã OTP", "mã otp"]);
}

#[test]
fn acronyms_match_only_in_capitals() {
    // "ai" is the Vietnamese word "who"; only "AI" is artificial intelligence.
    let lines = render(
        "Ai cũng dùng AI được, hỏi ai cũng biết.",
        &["AI".into()],
        80,
    );
    let terms = term_texts(&lines[0]);
    assert_eq!(terms, vec!["AI"]);
}

#[test]
fn headings_and_emphasis_keep_roles() {
    let lines = render("## Tiêu đề\n\nchữ *nghiêng*", &[], 40);
    assert_eq!(lines[0][0].role, Role::Heading);
    assert!(lines[2].iter().any(|s| s.role == Role::Emph));
}
