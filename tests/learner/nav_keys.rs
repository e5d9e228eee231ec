//! The footer and the help list only keys that act now; a key that does nothing gets a word.
#![allow(clippy::unwrap_used)]

use crate::common::*;
use hocso::app::{Action, Event, Overlay, Screen, SummaryState, live};
use hocso::ui::keymap::Key;
use hocso::ui::lang::Lang;
use hocso::ui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

fn screen(d: &Driver) -> String {
    let area = Rect::new(0, 0, 80, 24);
    let mut buf = Buffer::empty(area);
    hocso::ui::render(&d.app, Theme::new(d.app.theme, false), area, &mut buf);
    (0..24)
        .map(|y| (0..80).map(|x| buf[(x, y)].symbol()).collect::<String>() + "\n")
        .collect()
}

fn footer(d: &Driver) -> String {
    screen(d).lines().skip(22).collect::<Vec<_>>().join("\n")
}

fn at_question_one() -> Driver {
    let hoa = learner("hoa-1", "Nguyễn Thị Hoa", None, None);
    let mut d = Driver::new(vec![summary(&hoa)], Lang::Vi);
    d.open(hoa);
    d.keys(&[Key::Enter, Key::Right, Key::Right]);
    assert!(matches!(d.app.screen, Screen::Quiz(_)));
    d
}

#[test]
fn g_is_shown_only_on_a_question_with_a_hint_and_otherwise_says_so() {
    let mut d = at_question_one();
    // Question 1 has a hint.
    assert!(footer(&d).contains("Gợi ý"), "{}", footer(&d));
    d.keys(&[Key::Char('2'), Key::Enter, Key::Enter]);
    // Question 2 (đúng/sai) has none: no G in the footer, nor in the help.
    assert!(!live::acts(&d.app, Action::Hint));
    assert!(!footer(&d).contains("Gợi ý"), "{}", footer(&d));
    d.key(Key::Char('?'));
    assert_eq!(d.app.overlay, Some(Overlay::Help));
    assert!(!screen(&d).contains("Gợi ý"), "{}", screen(&d));
    d.key(Key::Esc);
    // Pressed anyway: a short word, not silence.
    d.key(Key::Char('g'));
    assert!(
        screen(&d).contains("Câu này không có gợi ý"),
        "{}",
        screen(&d)
    );
    // 7 when there are 2 choices.
    d.key(Key::Char('7'));
    assert!(screen(&d).contains("Không có ý số này"), "{}", screen(&d));
}

#[test]
fn o_is_shown_only_when_a_review_is_due() {
    let hoa = learner("hoa-1", "Nguyễn Thị Hoa", None, None);
    let mut d = Driver::new(vec![summary(&hoa)], Lang::Vi);
    d.open(hoa);
    d.send(Event::Resize(80, 24));
    assert!(!live::acts(&d.app, Action::Review));
    assert!(!footer(&d).contains("Ôn"), "{}", footer(&d));
}

#[test]
fn the_review_summary_offers_no_retry() {
    let hoa = learner("hoa-1", "Nguyễn Thị Hoa", None, None);
    let mut d = Driver::new(vec![summary(&hoa)], Lang::Vi);
    d.open(hoa);
    let summary = |attempt: &str| {
        Screen::Summary(SummaryState {
            lesson: "mau-lam-quen".into(),
            attempt: attempt.into(),
            score: 50,
            pass_mark: 60,
            passed: false,
            missed: vec!["mau-q-mot".into()],
        })
    };
    d.app.screen = summary("a1");
    assert!(footer(&d).contains("Làm lại câu sai"), "{}", footer(&d));
    d.app.screen = summary(hocso::app::review::REVIEW_ATTEMPT);
    let f = footer(&d);
    assert!(!f.contains("Làm lại"), "{f}");
    assert!(!live::acts(&d.app, Action::RetryMissed));
    assert!(!live::acts(&d.app, Action::RetryAll));
}
