//! The keymap: keys → actions per context; release events ignored; Ctrl+H deletes like
//! Backspace (Vietnamese input methods); q and digits are text inside a text field.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers};
use hocso::app::{Action, Context};
use hocso::front::key_of;
use hocso::ui::keymap::{Key, resolve};

fn ev(code: KeyCode, mods: KeyModifiers, kind: KeyEventKind) -> KeyEvent {
    KeyEvent {
        code,
        modifiers: mods,
        kind,
        state: KeyEventState::NONE,
    }
}

#[test]
fn release_events_are_ignored_press_and_repeat_are_not() {
    let none = KeyModifiers::NONE;
    assert_eq!(
        key_of(ev(KeyCode::Enter, none, KeyEventKind::Release)),
        None
    );
    assert_eq!(
        key_of(ev(KeyCode::Enter, none, KeyEventKind::Press)),
        Some(Key::Enter)
    );
    assert_eq!(
        key_of(ev(KeyCode::Right, none, KeyEventKind::Repeat)),
        Some(Key::Right)
    );
}

#[test]
fn ctrl_h_is_backspace_and_ctrl_c_quits() {
    let ctrl = KeyModifiers::CONTROL;
    assert_eq!(
        key_of(ev(KeyCode::Char('h'), ctrl, KeyEventKind::Press)),
        Some(Key::Backspace)
    );
    assert_eq!(
        key_of(ev(KeyCode::Char('c'), ctrl, KeyEventKind::Press)),
        Some(Key::CtrlC)
    );
    assert_eq!(
        key_of(ev(KeyCode::Char('x'), ctrl, KeyEventKind::Press)),
        None
    );
    for ctx in hocso::ui::keymap::all_contexts() {
        assert_eq!(resolve(*ctx, Key::CtrlC), Some(Action::Quit), "{ctx:?}");
    }
}

#[test]
fn letters_are_text_in_text_fields_and_commands_elsewhere() {
    assert_eq!(
        resolve(Context::QuizText, Key::Char('q')),
        Some(Action::Type('q'))
    );
    assert_eq!(
        resolve(Context::QuizText, Key::Char('1')),
        Some(Action::Type('1'))
    );
    assert_eq!(
        resolve(Context::QuizText, Key::Char('?')),
        Some(Action::Type('?'))
    );
    assert_eq!(
        resolve(Context::QuizText, Key::Char('ơ')),
        Some(Action::Type('ơ'))
    );
    assert_eq!(
        resolve(Context::Picker, Key::Char('q')),
        Some(Action::Type('q'))
    );
    assert_eq!(
        resolve(Context::QuizOne, Key::Char('q')),
        Some(Action::Back)
    );
    assert_eq!(
        resolve(Context::QuizOne, Key::Char('3')),
        Some(Action::Pick(3))
    );
    assert_eq!(
        resolve(Context::Map, Key::Char('t')),
        Some(Action::Continue)
    );
    assert_eq!(resolve(Context::Reader, Key::Char('?')), Some(Action::Help));
    assert_eq!(resolve(Context::QuizText, Key::F1), Some(Action::Help));
    assert_eq!(resolve(Context::Reader, Key::Char('x')), None);
}

#[test]
fn every_context_shows_keys_in_its_footer() {
    for ctx in hocso::ui::keymap::all_contexts() {
        assert!(
            !hocso::ui::keymap::bindings(*ctx, true).is_empty(),
            "{ctx:?}"
        );
    }
}

#[test]
fn the_read_aloud_key_never_types_and_works_everywhere() {
    use hocso::app::{Action, Context};
    use hocso::ui::keymap::{Key, resolve};
    // In a typed answer N is a letter; F4 and Ctrl+N read aloud and never reach the answer.
    assert_eq!(
        resolve(Context::QuizText, Key::Char('n')),
        Some(Action::Type('n'))
    );
    for k in [Key::F4, Key::CtrlN] {
        assert_eq!(resolve(Context::QuizText, k), Some(Action::ReadAloud));
    }
    for ctx in [
        Context::Map,
        Context::Reader,
        Context::QuizOne,
        Context::Feedback,
        Context::Summary,
        Context::Results,
    ] {
        for k in [Key::Char('n'), Key::F4, Key::CtrlN] {
            assert_eq!(resolve(ctx, k), Some(Action::ReadAloud), "{ctx:?} {k:?}");
        }
    }
}
