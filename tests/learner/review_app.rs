//! Spaced review in the app: a quiz with two mistakes, a day later "Ôn câu cũ hôm nay: 2 câu",
//! the review itself (with a look at the lesson in between), its summary, and "Kết quả của tôi".
#![allow(clippy::unwrap_used)]

use crate::common::*;
use hocso::app::review::{REVIEW_ATTEMPT, due_count};
use hocso::app::{Context, Effect, Screen};
use hocso::progress::review::cards;
use hocso::ui::keymap::Key;
use hocso::ui::lang::Lang;
use hocso::ui::theme::Theme;
use jiff::SignedDuration;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn screen_text(d: &Driver, w: u16, h: u16) -> String {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    let theme = Theme::new(d.app.theme, false);
    term.draw(|f| hocso::ui::render(&d.app, theme, f.area(), f.buffer_mut()))
        .unwrap();
    let buf = term.backend().buffer();
    (0..h)
        .map(|y| {
            (0..w)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Hoa does lesson 1's quiz: the first and the third question wrong.
fn quiz_with_two_mistakes() -> Driver {
    let hoa = learner("hoa-1", "Nguyễn Thị Hoa", Some(1960), Some("Thôn 2"));
    let mut d = Driver::new(vec![summary(&hoa)], Lang::Vi);
    d.keys(&[Key::Down, Key::Enter]);
    d.open(hoa);
    d.keys(&[Key::Enter, Key::Right, Key::Right]);
    assert_eq!(d.app.context(), Context::QuizOne);
    d.keys(&[Key::Char('2'), Key::Enter, Key::Enter]); // wrong
    d.keys(&[Key::Char('2'), Key::Enter, Key::Enter]); // right ("Sai")
    d.keys(&[Key::Char('3'), Key::Enter, Key::Enter]); // wrong
    assert!(matches!(d.app.screen, Screen::Summary(_)));
    d.key(Key::Enter);
    d
}

fn days_later(d: &mut Driver, days: i64) {
    d.now = d
        .now
        .checked_add(SignedDuration::from_hours(24 * days))
        .unwrap();
    // Any message tells the app the time.
    d.key(Key::Up);
}

#[test]
fn two_mistakes_come_back_the_next_day_and_the_review_works() {
    let mut d = quiz_with_two_mistakes();
    assert_eq!(
        due_count(&d.app),
        0,
        "nothing to review on the day of the quiz"
    );
    assert!(!screen_text(&d, 80, 24).contains("Ôn câu cũ hôm nay"));
    days_later(&mut d, 1);
    assert_eq!(due_count(&d.app), 2);
    let map = screen_text(&d, 80, 24);
    assert!(map.contains("Ôn câu cũ hôm nay: 2 câu"), "{map}");

    // O starts the review: the first missed question, 1 of 2, marked as review.
    assert_eq!(d.key(Key::Char('o')), vec![]);
    let Screen::Quiz(q) = &d.app.screen else {
        panic!("{:?}", d.app.screen)
    };
    assert_eq!(
        (q.question.as_str(), q.attempt.as_str()),
        ("mau-q-mot", REVIEW_ATTEMPT)
    );
    assert_eq!(q.position(&d.app), (1, 2));
    assert!(screen_text(&d, 80, 24).contains("Ôn câu cũ"));
    d.key(Key::Char('1'));
    assert_eq!(d.key(Key::Enter), vec![Effect::Save]);
    assert_eq!(d.app.context(), Context::Feedback);

    // B opens the lesson the question came from; Q comes back to the same answer.
    d.key(Key::Char('b'));
    assert!(matches!(&d.app.screen, Screen::Reader(r) if r.lesson == "mau-lam-quen"));
    d.key(Key::Char('q'));
    assert_eq!(d.app.context(), Context::Feedback);

    d.key(Key::Enter);
    let Screen::Quiz(q) = &d.app.screen else {
        panic!()
    };
    assert_eq!(
        (q.question.as_str(), q.position(&d.app)),
        ("mau-q-nhieu", (2, 2))
    );
    d.keys(&[Key::Char('3'), Key::Enter]); // wrong again
    d.key(Key::Enter);
    let Screen::Summary(s) = &d.app.screen else {
        panic!("{:?}", d.app.screen)
    };
    assert_eq!(s.attempt, REVIEW_ATTEMPT);
    assert_eq!(s.score, 50);
    assert_eq!(s.missed, ["mau-lam-quen/mau-q-nhieu"]);
    let summary = screen_text(&d, 80, 24);
    // In questions, not a percentage (that is for the trainer's report).
    assert!(summary.contains("đúng 1/2 câu"), "{summary}");
    assert!(!summary.contains('%'), "{summary}");
    assert!(summary.contains("Những việc nào"), "{summary}");
    d.key(Key::Enter);
    assert!(matches!(d.app.screen, Screen::Map(_)));

    // What was stored, and what comes next.
    let progress = &d.learner().courses["mau"];
    assert_eq!(progress.review.len(), 2);
    assert!(
        progress.lessons["mau-lam-quen"].attempts.len() == 1,
        "review makes no attempt"
    );
    let cs = cards(&d.app.course, progress, &d.app.tz);
    let level = |q: &str| cs.iter().find(|c| c.question == q).unwrap().level;
    assert_eq!((level("mau-q-mot"), level("mau-q-nhieu")), (2, 1));
    assert_eq!(due_count(&d.app), 0, "both were seen today");
    days_later(&mut d, 1);
    assert_eq!(
        due_count(&d.app),
        1,
        "the one missed again is back the next day"
    );
    days_later(&mut d, 2);
    assert_eq!(due_count(&d.app), 2);
}

#[test]
fn leaving_a_review_and_pressing_o_again_continues_it() {
    let mut d = quiz_with_two_mistakes();
    days_later(&mut d, 1);
    d.key(Key::Char('o'));
    d.keys(&[Key::Char('1'), Key::Enter, Key::Enter]);
    d.key(Key::Char('q'));
    assert!(matches!(d.app.screen, Screen::Map(_)));
    d.key(Key::Char('o'));
    let Screen::Quiz(q) = &d.app.screen else {
        panic!()
    };
    assert_eq!(q.question, "mau-q-nhieu");
}

#[test]
fn o_with_nothing_due_stays_on_the_map() {
    let mut d = quiz_with_two_mistakes();
    d.key(Key::Char('o'));
    assert!(matches!(d.app.screen, Screen::Map(_)));
}

#[test]
fn my_results_show_modules_scores_time_and_review_boxes() {
    let mut d = quiz_with_two_mistakes();
    d.key(Key::Char('k'));
    assert_eq!(d.app.context(), Context::Results);
    let text = screen_text(&d, 80, 24);
    assert!(text.contains("Kết quả của tôi"), "{text}");
    assert!(
        text.contains("xong 0/2 bài") || text.contains("xong 1/2 bài"),
        "{text}"
    );
    assert!(text.contains("đúng 1/3 câu"), "{text}");
    assert!(!text.contains('%') && !text.contains("/100"), "{text}");
    assert!(text.contains("Thời gian đã học"), "{text}");
    assert!(text.contains("2 câu cần ôn sớm"), "{text}");
    assert!(text.contains("1 câu đang nhớ dần"), "{text}");
    // The same at 40×12 and in English, without panicking or losing the title.
    let small = screen_text(&d, 40, 12);
    assert!(small.contains("Kết quả"), "{small}");
    d.app.lang = Lang::En;
    assert!(screen_text(&d, 80, 24).contains("My results"));
    d.key(Key::Char('q'));
    assert!(matches!(d.app.screen, Screen::Map(_)));
}
