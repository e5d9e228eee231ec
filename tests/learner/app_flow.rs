//! State-machine tests: key sequences through the real keymap → app state and effects.
#![allow(clippy::unwrap_used)]

use crate::common::*;
use hocso::app::{Context, Effect, Event, Screen};
use hocso::progress::model::{LessonStatus, Place};
use hocso::quiz::Answer;
use hocso::ui::keymap::Key;
use hocso::ui::lang::Lang;

fn started() -> Driver {
    let hoa = learner("hoa-1", "Nguyễn Thị Hoa", Some(1960), Some("Thôn 2"));
    let mut d = Driver::new(vec![summary(&hoa)], Lang::Vi);
    // Row 0 is "Người học mới", row 1 is Hoa.
    d.key(Key::Down);
    let fx = d.key(Key::Enter);
    assert_eq!(
        fx,
        vec![Effect::Open {
            id: "hoa-1".into(),
            take_over: false
        }]
    );
    d.open(hoa);
    d
}

#[test]
fn whole_loop_pick_read_quiz_summary_retry() {
    let mut d = started();
    assert!(matches!(d.app.screen, Screen::Map(_)));
    // Open the first lesson, turn both pages: each turn saves.
    let fx = d.key(Key::Enter);
    assert_eq!(fx, vec![Effect::Save]);
    let Screen::Reader(r) = &d.app.screen else {
        panic!("reader")
    };
    assert_eq!((r.lesson.as_str(), r.page), ("mau-lam-quen", 0));
    assert_eq!(d.key(Key::Right), vec![Effect::Save]);
    assert_eq!(d.learner().courses["mau"].lessons["mau-lam-quen"].page, 1);
    d.key(Key::Left);
    d.key(Key::Right);
    // Past the last page: the quiz.
    d.key(Key::Right);
    assert_eq!(d.app.context(), Context::QuizOne);
    // Wrong: "Mũi tên trái", wherever the shuffle listed it.
    d.key(d.choice("trai"));
    assert_eq!(d.key(Key::Enter), vec![Effect::Save]);
    assert_eq!(d.app.context(), Context::Feedback);
    let Screen::Quiz(q) = &d.app.screen else {
        panic!()
    };
    assert!(!q.feedback.as_ref().unwrap().grade.correct);
    d.key(Key::Enter);
    // Right: true/false, the answer is "Sai" (2).
    d.key(Key::Char('2'));
    d.key(Key::Enter);
    let Screen::Quiz(q) = &d.app.screen else {
        panic!()
    };
    assert!(q.feedback.as_ref().unwrap().grade.correct);
    d.key(Key::Enter);
    // Many: the two right ones.
    assert_eq!(d.app.context(), Context::QuizMany);
    d.keys(&[d.choice("goi"), d.choice("chup"), Key::Enter, Key::Enter]);
    let Screen::Summary(s) = &d.app.screen else {
        panic!("summary, got {:?}", d.app.screen)
    };
    assert_eq!(s.score, 66);
    assert!(!s.passed);
    assert_eq!(s.missed, vec!["mau-q-mot".to_string()]);
    let lp = &d.learner().courses["mau"].lessons["mau-lam-quen"];
    assert_eq!(lp.best_score, Some(66));
    assert_eq!(lp.status, LessonStatus::InProgress);
    // Retry only the missed one, right this time.
    d.key(Key::Char('r'));
    let Screen::Quiz(q) = &d.app.screen else {
        panic!()
    };
    assert_eq!(q.question, "mau-q-mot");
    assert_eq!(q.position(&d.app), (1, 1));
    d.keys(&[d.choice("phai"), Key::Enter, Key::Enter]);
    let Screen::Summary(s) = &d.app.screen else {
        panic!()
    };
    assert_eq!((s.score, s.passed), (100, true));
    let lp = &d.learner().courses["mau"].lessons["mau-lam-quen"];
    assert_eq!(lp.status, LessonStatus::Done);
    assert!(lp.passed);
    assert_eq!(lp.attempts.len(), 2);
    assert!(lp.seconds > 0);
    // Back to the map, the next lesson is recommended.
    d.key(Key::Enter);
    let Screen::Map(m) = &d.app.screen else {
        panic!()
    };
    assert_eq!(m.selected, 1);
}

#[test]
fn resume_lands_on_the_question_after_the_last_answered() {
    let mut d = started();
    d.keys(&[Key::Enter, Key::Right, Key::Right]);
    d.keys(&[d.choice("phai"), Key::Enter]);
    // Killed here (feedback on screen): the file as last saved is all that survives.
    let saved = d.learner().clone();
    let r = saved.courses["mau"].resume.clone().unwrap();
    assert!(matches!(&r.place, Place::Question { question, .. } if question == "mau-q-dung-sai"));
    let mut d2 = Driver::new(vec![summary(&saved)], Lang::Vi);
    d2.open(saved);
    d2.key(Key::Char('t'));
    let Screen::Quiz(q) = &d2.app.screen else {
        panic!("quiz, got {:?}", d2.app.screen)
    };
    assert_eq!(q.question, "mau-q-dung-sai");
    assert_eq!(q.position(&d2.app), (2, 3));
    let a = &d2.learner().courses["mau"].lessons["mau-lam-quen"].attempts[0];
    assert_eq!(a.answers["mau-q-mot"].answer, Answer::One("phai".into()));
}

#[test]
fn resume_into_a_page() {
    let mut d = started();
    d.keys(&[Key::Enter, Key::Right, Key::Char('q')]);
    assert!(matches!(d.app.screen, Screen::Map(_)));
    d.key(Key::Char('t'));
    let Screen::Reader(r) = &d.app.screen else {
        panic!()
    };
    assert_eq!(r.page, 1);
}

fn to_second_lesson_quiz(d: &mut Driver) {
    d.keys(&[Key::Down, Key::Enter, Key::Right, Key::Right]);
    assert_eq!(d.app.context(), Context::QuizText);
}

#[test]
fn q_typed_into_a_text_answer_is_text_and_accents_are_noticed() {
    let mut d = started();
    to_second_lesson_quiz(&mut d);
    d.chars("qq");
    d.key(Key::Backspace);
    d.key(Key::Backspace);
    let Screen::Quiz(q) = &d.app.screen else {
        panic!()
    };
    assert_eq!(q.input.text, "");
    d.chars("mã otp?");
    let Screen::Quiz(q) = &d.app.screen else {
        panic!()
    };
    assert_eq!(q.input.text, "mã otp?");
    assert_eq!(d.app.context(), Context::QuizText);
    for _ in 0..7 {
        d.key(Key::Backspace);
    }
    d.chars("ma otp");
    d.key(Key::Enter);
    let Screen::Quiz(q) = &d.app.screen else {
        panic!()
    };
    // ignore_diacritics: right.
    assert!(q.feedback.as_ref().unwrap().grade.correct);
}

#[test]
fn order_by_numbers_with_undo_and_match_by_numbers() {
    let mut d = started();
    to_second_lesson_quiz(&mut d);
    d.chars("OTP");
    d.keys(&[Key::Enter, Key::Enter]);
    assert_eq!(d.app.context(), Context::QuizOrder);
    let Screen::Quiz(q) = &d.app.screen else {
        panic!()
    };
    let shown = q.input.shown.clone();
    let pos = |id: &str| char::from(b'1' + shown.iter().position(|s| s == id).unwrap() as u8);
    d.key(Key::Char(pos("tat-may")));
    d.key(Key::Backspace);
    d.keys(&[
        Key::Char(pos("khong-doc")),
        Key::Char(pos("tat-may")),
        Key::Char(pos("goi-lai")),
        Key::Enter,
    ]);
    let Screen::Quiz(q) = &d.app.screen else {
        panic!()
    };
    assert!(q.feedback.as_ref().unwrap().grade.correct);
    d.key(Key::Enter);
    assert_eq!(d.app.context(), Context::QuizMatch);
    let Screen::Quiz(q) = &d.app.screen else {
        panic!()
    };
    let shown = q.input.shown.clone();
    let pos = |id: &str| char::from(b'1' + shown.iter().position(|s| s == id).unwrap() as u8);
    d.keys(&[
        Key::Char(pos("goi-video")),
        Key::Char(pos("chuyen-tien")),
        Key::Char(pos("xem-ban-do")),
        Key::Enter,
    ]);
    let Screen::Quiz(q) = &d.app.screen else {
        panic!()
    };
    assert!(q.feedback.as_ref().unwrap().grade.correct);
    let rec = &d.learner().courses["mau"].lessons["mau-tra-loi"].attempts[0].answers["mau-q-noi"];
    assert_eq!(rec.shown, shown);
}

#[test]
fn resize_clamps_scroll() {
    let mut d = started();
    d.send(Event::Resize(40, 12));
    d.key(Key::Enter);
    for _ in 0..30 {
        d.key(Key::Down);
    }
    let Screen::Reader(r) = &d.app.screen else {
        panic!()
    };
    assert!(r.scroll > 0, "the first page scrolls at 40×12");
    d.send(Event::Resize(120, 40));
    let Screen::Reader(r) = &d.app.screen else {
        panic!()
    };
    assert_eq!(r.scroll, 0);
}

#[test]
fn new_learner_needs_a_name_and_two_an_coexist() {
    let a1 = learner("an-1", "Nguyễn Văn An", Some(1958), Some("Thôn 1"));
    let a2 = learner("an-2", "Nguyễn Văn An", Some(1971), Some("Thôn 3"));
    let mut d = Driver::new(vec![summary(&a1), summary(&a2)], Lang::Vi);
    d.chars("an");
    let Screen::Picker(p) = &d.app.screen else {
        panic!()
    };
    assert_eq!(p.selected, 1);
    d.key(Key::Down);
    assert_eq!(
        d.key(Key::Enter),
        vec![Effect::Open {
            id: "an-2".into(),
            take_over: false
        }]
    );
    // New learner: empty name refused, then created.
    let mut d = Driver::new(vec![], Lang::Vi);
    d.key(Key::Enter);
    assert_eq!(d.app.context(), Context::NewLearner);
    assert!(d.key(Key::Enter).is_empty());
    d.chars("Nguyễn Thị Hoa");
    d.key(Key::Tab);
    d.chars("19x60");
    d.key(Key::Tab);
    d.chars("Thôn 2");
    let fx = d.key(Key::Enter);
    assert!(
        matches!(&fx[..], [Effect::Create(n)] if n.name == "Nguyễn Thị Hoa" && n.birth_year == Some(1960) && n.group.as_deref() == Some("Thôn 2"))
    );
}

#[test]
fn ctrl_c_saves_and_quits_anywhere() {
    let mut d = started();
    d.keys(&[Key::Enter, Key::Right, Key::Right]);
    assert_eq!(d.key(Key::CtrlC), vec![Effect::Save, Effect::Quit]);
    let mut d = Driver::new(vec![], Lang::Vi);
    assert_eq!(d.key(Key::CtrlC), vec![Effect::Quit]);
}

#[test]
fn settings_switch_language_live_and_save() {
    let mut d = started();
    d.key(Key::Char('s'));
    assert_eq!(d.key(Key::Enter), vec![Effect::Save]);
    assert_eq!(d.app.lang, Lang::En);
    assert_eq!(d.learner().settings.language, Some(Lang::En));
    d.keys(&[Key::Down, Key::Enter, Key::Esc]);
    assert_eq!(
        d.learner().settings.theme,
        hocso::progress::model::Theme::HighContrast
    );
    assert!(matches!(d.app.screen, Screen::Map(_)));
}

#[test]
fn stale_lock_offers_take_over_live_lock_does_not() {
    let mut d = Driver::new(vec![], Lang::Vi);
    d.send(Event::LockHeld {
        id: "x".into(),
        message: "busy".into(),
        stale: false,
    });
    assert_eq!(d.app.context(), Context::Notice);
    assert!(d.key(Key::Enter).is_empty());
    d.send(Event::LockHeld {
        id: "x".into(),
        message: "old".into(),
        stale: true,
    });
    assert_eq!(
        d.key(Key::Enter),
        vec![Effect::Open {
            id: "x".into(),
            take_over: true
        }]
    );
}

#[test]
fn a_double_pressed_enter_does_not_answer_the_next_question() {
    let mut d = started();
    d.keys(&[Key::Enter, Key::Right, Key::Right]);
    d.keys(&[Key::Char('1'), Key::Enter]);
    // Enter on the feedback goes on; a second, accidental Enter must not answer question 2.
    d.key(Key::Enter);
    assert!(d.key(Key::Enter).is_empty());
    let Screen::Quiz(q) = &d.app.screen else {
        panic!()
    };
    assert!(q.feedback.is_none());
    assert_eq!(q.notice, Some("quiz.choose_first"));
    // Arrows choose too.
    d.keys(&[Key::Down, Key::Enter]);
    let Screen::Quiz(q) = &d.app.screen else {
        panic!()
    };
    assert_eq!(
        q.feedback.as_ref().unwrap().answer,
        Answer::TrueFalse(false)
    );
}

#[test]
fn match_enter_walks_through_free_partners() {
    let mut d = started();
    d.keys(&[Key::Down, Key::Enter, Key::Right, Key::Right]);
    d.chars("OTP");
    d.keys(&[Key::Enter, Key::Enter]);
    d.keys(&[
        Key::Char('1'),
        Key::Char('2'),
        Key::Char('3'),
        Key::Enter,
        Key::Enter,
    ]);
    assert_eq!(d.app.context(), Context::QuizMatch);
    // Enter alone: each left gets the first free partner, then Enter answers.
    d.keys(&[Key::Enter, Key::Enter, Key::Enter]);
    let Screen::Quiz(q) = &d.app.screen else {
        panic!()
    };
    assert_eq!(q.input.placed.len(), 3);
    assert_eq!(q.notice, None);
    d.key(Key::Enter);
    let Screen::Quiz(q) = &d.app.screen else {
        panic!()
    };
    assert!(q.feedback.is_some());
}

#[test]
fn shuffled_quiz_order_is_stored_and_resumed() {
    let hoa = learner("hoa-1", "Nguyễn Thị Hoa", None, None);
    let mut d = Driver::new(vec![summary(&hoa)], Lang::Vi);
    for m in &mut d.app.course.modules {
        for l in &mut m.lessons {
            l.quiz.order = hocso::course::model::QuizOrder::Shuffled;
        }
    }
    d.open(hoa);
    d.keys(&[Key::Enter, Key::Right, Key::Right]);
    let order = d.learner().courses["mau"].lessons["mau-lam-quen"].attempts[0]
        .order
        .clone();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(sorted, vec!["mau-q-dung-sai", "mau-q-mot", "mau-q-nhieu"]);
    let Screen::Quiz(q) = &d.app.screen else {
        panic!()
    };
    assert_eq!(q.question, order[0]);
    // Answer the first shown question, leave, come back: the second shown question is next.
    d.keys(&[Key::Char('1'), Key::Enter, Key::Char('q'), Key::Char('t')]);
    let Screen::Quiz(q) = &d.app.screen else {
        panic!()
    };
    assert_eq!(q.question, order[1]);
    assert_eq!(q.position(&d.app), (2, 3));
}
