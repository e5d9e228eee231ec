//! Leaving is deliberate: Esc never quits on its own, the picker asks, classroom mode needs
//! the trainer PIN (state → keys → state).
#![allow(clippy::unwrap_used)]

use crate::common::*;
use hocso::app::{Context, Effect, Event, Overlay, Screen};
use hocso::ui::keymap::Key;
use hocso::ui::lang::Lang;

fn on_a_page() -> Driver {
    let hoa = learner("hoa-1", "Nguyễn Thị Hoa", Some(1960), Some("Thôn 2"));
    let mut d = Driver::new(vec![summary(&hoa)], Lang::Vi);
    d.open(hoa);
    d.key(Key::Enter);
    assert!(matches!(d.app.screen, Screen::Reader(_)));
    d
}

#[test]
fn esc_five_times_from_a_page_stops_at_the_question() {
    let mut d = on_a_page();
    for _ in 0..5 {
        if d.app.context() == Context::ConfirmQuit {
            // Esc on the question means "stay".
            d.key(Key::Esc);
            assert_eq!(d.app.overlay, None);
        }
        d.key(Key::Esc);
    }
    assert!(!d.app.quitting);
    assert!(!d.effects.contains(&Effect::Quit), "{:?}", d.effects);
    // Reader → map → picker → "thoát?" → ở lại → "thoát?"
    assert!(matches!(d.app.screen, Screen::Picker(_)));
    assert_eq!(d.app.overlay, Some(Overlay::ConfirmQuit));
    // Enter on the question leaves.
    assert_eq!(d.key(Key::Enter), vec![Effect::Quit]);
    assert!(d.app.quitting);
}

#[test]
fn ctrl_c_at_home_saves_and_leaves() {
    let mut d = on_a_page();
    assert_eq!(d.key(Key::CtrlC), vec![Effect::Save, Effect::Quit]);
}

#[test]
fn classroom_esc_and_ctrl_c_only_go_back_to_the_picker_and_leaving_needs_the_pin() {
    let mut d = on_a_page();
    d.app.classroom = true;
    let fx = d.key(Key::CtrlC);
    assert!(matches!(fx.as_slice(), [Effect::Close(_)]), "{fx:?}");
    assert!(matches!(d.app.screen, Screen::Picker(_)));
    assert!(d.app.learner.is_none());
    // On the picker, Esc and Ctrl+C both ask for the trainer PIN.
    d.key(Key::Esc);
    let Screen::Pin(p) = &d.app.screen else {
        panic!("{:?}", d.app.screen)
    };
    assert!(p.quit);
    // A learner can only go back.
    d.key(Key::Esc);
    assert!(matches!(d.app.screen, Screen::Picker(_)));
    d.key(Key::CtrlC);
    assert!(matches!(d.app.screen, Screen::Pin(_)));
    d.chars("1234");
    assert_eq!(d.key(Key::Enter), vec![Effect::CheckPin("1234".into())]);
    // Wrong PIN: still here; right PIN (the shell checked it): leave.
    d.send(Event::PinWrong);
    assert!(!d.app.quitting);
    assert_eq!(d.send(Event::QuitAllowed), vec![Effect::Quit]);
    assert!(d.app.quitting);
}

#[test]
fn quit_allowed_does_nothing_unless_the_quit_pin_is_on_screen() {
    let mut d = on_a_page();
    d.app.classroom = true;
    assert_eq!(d.send(Event::QuitAllowed), vec![]);
    assert!(!d.app.quitting);
    // The class view's PIN prompt is not a way out either.
    d.key(Key::CtrlC);
    d.key(Key::F2);
    d.send(Event::PinNeeded);
    assert_eq!(d.send(Event::QuitAllowed), vec![]);
    assert!(!d.app.quitting);
}

#[test]
fn the_goodbye_line_names_the_open_learner() {
    let mut d = on_a_page();
    assert_eq!(
        hocso::front::goodbye(&d.app),
        "Đã lưu bài của bác Nguyễn Thị Hoa. Hẹn gặp lại!"
    );
    d.keys(&[Key::Esc, Key::Esc]);
    assert_eq!(hocso::front::goodbye(&d.app), "Hẹn gặp lại!");
}

#[test]
fn strings_from_two_locale_files_share_one_namespace() {
    for key in [
        "tui.do.first_last",
        "tui.do.move",
        "tui.quiz.no_hint",
        "tui.quiz.choose_first",
    ] {
        let text = hocso::ui::translate(key, "vi");
        assert_ne!(text, key, "{key} was not compiled in");
    }
}

#[test]
fn in_a_browser_the_picker_neither_offers_nor_opens_the_class_view() {
    use hocso::app::{Action, Screen};
    let mut d = crate::common::Driver::new(Vec::new(), hocso::ui::lang::Lang::Vi);
    assert!(hocso::app::live::acts(&d.app, Action::ClassView));
    assert!(crate::common::screen(&d, 80, 24).contains("F2"));
    d.app.remote = true;
    assert!(!hocso::app::live::acts(&d.app, Action::ClassView));
    assert!(!crate::common::screen(&d, 80, 24).contains("F2"));
    assert_eq!(d.key(Key::F2), vec![]);
    assert!(matches!(d.app.screen, Screen::Picker(_)));
}
