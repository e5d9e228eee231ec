//! Plain words for results (issue 22, item 6): "Đúng 1/3 câu — cần 3 câu để đạt", "3 phút" not
//! "0 giờ 3 phút", a right choice not ticked shown as "○ … bác chưa chọn — ý này đúng" (not ✓),
//! the last page announcing the quiz, and a word when the Vietnamese keyboard seems off.
#![allow(clippy::unwrap_used)]

use crate::common::*;
use hocso::app::{Context, Screen};
use hocso::ui::keymap::Key;
use hocso::ui::lang::Lang;

fn hoa_in_lesson_1() -> Driver {
    let hoa = learner("hoa-1", "Nguyễn Thị Hoa", None, None);
    let mut d = Driver::new(vec![summary(&hoa)], Lang::Vi);
    d.keys(&[Key::Down, Key::Enter]);
    d.open(hoa);
    d.key(Key::Enter);
    d
}

#[test]
fn the_last_page_announces_the_quiz_and_its_pass_mark() {
    let mut d = hoa_in_lesson_1();
    let first = screen(&d, 80, 24);
    assert!(
        first.contains("Trang sau") && !first.contains("Làm bài"),
        "{first}"
    );
    d.key(Key::Right);
    let quiz = &d.app.course.lesson("mau-lam-quen").unwrap().quiz;
    let (_, n, need) = hocso::app::results::in_questions(quiz, 0, quiz.pass_mark).unwrap();
    let words = format!("Làm bài: {n} câu, cần đúng {need}");
    for w in [40, 80] {
        let last = screen(&d, w, 24);
        assert!(
            last.contains(&words) && !last.contains("Trang sau"),
            "{last}"
        );
    }
    d.key(Key::Right);
    assert_eq!(d.app.context(), Context::QuizOne, "→ did what it said");
}

#[test]
fn a_missed_right_choice_is_not_ticked_and_the_summary_counts_questions() {
    let mut d = hoa_in_lesson_1();
    d.keys(&[Key::Right, Key::Right]);
    d.keys(&[Key::Char('2'), Key::Enter, Key::Enter]); // wrong
    d.keys(&[Key::Char('2'), Key::Enter, Key::Enter]); // right
    d.keys(&[Key::Char('3'), Key::Enter]); // "many": one wrong choice only
    let fb = screen(&d, 80, 24);
    let row = |text: &str| fb.lines().find(|l| l.contains(text)).unwrap().to_string();
    let missed = row("Gọi video cho con cháu");
    assert!(missed.trim_start().starts_with('○'), "{fb}");
    assert!(
        missed.contains("bác chưa chọn — ý này đúng") && !missed.contains('✓'),
        "{fb}"
    );
    d.key(Key::Enter);
    assert!(matches!(d.app.screen, Screen::Summary(_)));
    let quiz = &d.app.course.lesson("mau-lam-quen").unwrap().quiz;
    let (_, _, need) = hocso::app::results::in_questions(quiz, 0, quiz.pass_mark).unwrap();
    let s = screen(&d, 80, 24);
    assert!(
        s.contains(&format!("Đúng 1/3 câu — cần {need} câu để đạt")),
        "{s}"
    );
    assert!(!s.contains("điểm trên 100"), "{s}");
    // Plain mode says the same.
    let plain = hocso::ui::plain::screen(&d.app).join("\n");
    assert!(plain.contains("Đúng 1/3 câu"), "{plain}");
}

#[test]
fn durations_are_said_as_people_say_them() {
    let d = hoa_in_lesson_1();
    let said = |m| hocso::ui::linear::time_spent(&d.app, m);
    assert_eq!(said(3), "Thời gian đã học: 3 phút");
    assert_eq!(said(60), "Thời gian đã học: 1 giờ");
    assert_eq!(said(65), "Thời gian đã học: 1 giờ 5 phút");
    let mut d = d;
    d.keys(&[Key::Right, Key::Char('q'), Key::Char('k')]);
    let results = screen(&d, 80, 24);
    assert!(
        results.contains("Thời gian đã học: 1 phút") && !results.contains("0 giờ"),
        "{results}"
    );
}

#[test]
fn telex_typed_with_the_keyboard_off_gets_a_word_about_the_keyboard() {
    for (typed, tip) in [("max OTP", true), ("ma9 OTP", false), ("abc", false)] {
        let hoa = learner("hoa-1", "Nguyễn Thị Hoa", None, None);
        let mut d = Driver::new(vec![summary(&hoa)], Lang::Vi);
        d.keys(&[Key::Down, Key::Enter]);
        d.open(hoa);
        // Lesson 2: its first question is typed.
        d.keys(&[Key::Down, Key::Enter, Key::Right, Key::Right]);
        assert_eq!(d.app.context(), Context::QuizText);
        d.chars(typed);
        d.key(Key::Enter);
        let Screen::Quiz(q) = &d.app.screen else {
            panic!()
        };
        assert!(
            !q.feedback.as_ref().unwrap().grade.correct,
            "graded as typed"
        );
        let fb = screen(&d, 80, 24);
        assert_eq!(
            fb.contains("bộ gõ tiếng Việt đang tắt"),
            tip,
            "{typed}:\n{fb}"
        );
        let plain = hocso::ui::plain::screen(&d.app).join("\n");
        assert_eq!(
            plain.contains("bộ gõ tiếng Việt đang tắt"),
            tip,
            "{typed}:\n{plain}"
        );
    }
}
