//! A look at the lesson from a review answer (B) is a side trip (issue 22, item 4): Q and → on
//! the last page say "Về câu hỏi" and go back to the question, and reading never moves
//! "Tiếp tục" or "★ nên học" back to a lesson the learner already left.
#![allow(clippy::unwrap_used)]

use crate::common::*;
use hocso::app::course_map::{recommended, resume};
use hocso::app::{Context, Screen};
use hocso::progress::model::Place;
use hocso::ui::keymap::Key;
use hocso::ui::lang::Lang;
use hocso::ui::theme::Theme;
use jiff::SignedDuration;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

fn screen(d: &Driver) -> String {
    let area = Rect::new(0, 0, 80, 24);
    let mut buf = Buffer::empty(area);
    hocso::ui::render(&d.app, Theme::new(d.app.theme, false), area, &mut buf);
    (0..24)
        .map(|y| (0..80).map(|x| buf[(x, y)].symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

fn footer(d: &Driver) -> String {
    let s = screen(d);
    let lines: Vec<&str> = s.lines().collect();
    lines[lines.len() - 2..].join("\n")
}

/// Hoa misses two questions of lesson 1, then moves on to lesson 2 and reads to its second page;
/// a day later two questions are due.
fn moved_on_with_review_due() -> Driver {
    let hoa = learner("hoa-1", "Nguyễn Thị Hoa", Some(1960), Some("Thôn 2"));
    let mut d = Driver::new(vec![summary(&hoa)], Lang::Vi);
    d.keys(&[Key::Down, Key::Enter]);
    d.open(hoa);
    d.keys(&[Key::Enter, Key::Right, Key::Right]);
    d.keys(&[Key::Char('2'), Key::Enter, Key::Enter]); // wrong
    d.keys(&[Key::Char('2'), Key::Enter, Key::Enter]); // right
    d.keys(&[Key::Char('3'), Key::Enter, Key::Enter]); // wrong
    assert!(matches!(d.app.screen, Screen::Summary(_)));
    d.key(Key::Enter);
    // Lesson 2, second page.
    d.keys(&[Key::Home, Key::Down, Key::Enter, Key::Right]);
    assert!(matches!(&d.app.screen, Screen::Reader(r) if r.lesson == "mau-tra-loi" && r.page == 1));
    d.key(Key::Char('q'));
    assert!(matches!(d.app.screen, Screen::Map(_)));
    d.now = d.now.checked_add(SignedDuration::from_hours(24)).unwrap();
    d.key(Key::Up);
    d
}

fn where_hoa_is(d: &Driver) -> (Option<(String, Place)>, Option<usize>) {
    (resume(&d.app), recommended(&d.app))
}

#[test]
fn review_then_b_then_q_goes_back_to_the_question_as_the_footer_says() {
    let mut d = moved_on_with_review_due();
    d.key(Key::Char('o'));
    d.keys(&[Key::Char('1'), Key::Enter]);
    assert_eq!(d.app.context(), Context::Feedback);
    let question = d.app.screen.clone();

    d.key(Key::Char('b'));
    assert!(
        matches!(&d.app.screen, Screen::Reader(r) if r.lesson == "mau-lam-quen" && r.page == 0)
    );
    let f = footer(&d);
    assert!(f.contains("Về câu hỏi"), "{f}");
    assert!(
        !f.contains("Về danh sách bài"),
        "Q is not labelled as going to the map:\n{f}"
    );
    d.key(Key::Char('q'));
    assert_eq!(
        d.app.screen, question,
        "Q went back to the answered question"
    );

    // → on the last page says where it goes too, and goes there.
    d.keys(&[Key::Char('b'), Key::Right]);
    let f = footer(&d);
    assert!(
        f.contains("→") && f.contains("Về câu hỏi") && !f.contains("Trang sau"),
        "{f}"
    );
    d.key(Key::Right);
    assert_eq!(d.app.screen, question);

    // The help screen says the same as the footer.
    d.key(Key::Char('b'));
    d.key(Key::Char('?'));
    let help = screen(&d);
    assert!(
        help.contains("Về câu hỏi") && !help.contains("Về danh sách bài"),
        "{help}"
    );
}

#[test]
fn reading_a_lesson_from_review_never_moves_continue_or_the_star_back() {
    let mut d = moved_on_with_review_due();
    let before = where_hoa_is(&d);
    assert_eq!(
        before,
        (
            Some(("mau-tra-loi".into(), Place::Page { page: 1 })),
            Some(1)
        ),
        "Hoa was on lesson 2"
    );
    let lesson1 = d.learner().courses["mau"].lessons["mau-lam-quen"].clone();

    // The review: B on each answer, reading every page of lesson 1, then back.
    d.key(Key::Char('o'));
    d.keys(&[
        Key::Char('1'),
        Key::Enter,
        Key::Char('b'),
        Key::Right,
        Key::Left,
        Key::Right,
    ]);
    assert!(
        matches!(&d.app.screen, Screen::Reader(r) if r.lesson == "mau-lam-quen" && r.page == 1)
    );
    d.keys(&[Key::Char('q'), Key::Enter]);
    d.keys(&[
        Key::Char('1'),
        Key::Enter,
        Key::Char('b'),
        Key::Right,
        Key::Right,
    ]);
    assert_eq!(d.app.context(), Context::Feedback);
    d.keys(&[Key::Enter, Key::Enter]);
    assert!(matches!(d.app.screen, Screen::Map(_)), "{:?}", d.app.screen);

    assert_eq!(where_hoa_is(&d), before, "Tiếp tục and ★ moved");
    let after = &d.learner().courses["mau"].lessons["mau-lam-quen"];
    assert_eq!((after.status, after.page), (lesson1.status, lesson1.page));
    // The map shows the star on lesson 2 and "Tiếp tục" names it.
    let map = screen(&d);
    let star = map.lines().find(|l| l.contains('★')).unwrap();
    assert!(star.contains("Các kiểu câu hỏi"), "{map}");
}
