//! Keys → actions, per screen context, as one table. The footer and the help overlay are
//! generated from this table, so what the screen says is what the keys do.

use crate::app::{Action, Context};

/// A key press, after the terminal layer has dropped release events and mapped Ctrl+H to
/// Backspace (Vietnamese input methods send it to rewrite a letter).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    Enter,
    Esc,
    Backspace,
    Tab,
    F1,
    /// F2: the trainer's class view (from the picker).
    F2,
    /// F3: raise a hand where letters are typed (H elsewhere).
    F3,
    /// F4: read aloud where letters are typed (N elsewhere).
    F4,
    /// Ctrl+C: never needed, always works.
    CtrlC,
    /// Ctrl+N: read aloud anywhere, typing or not (no answer contains it).
    CtrlN,
    Char(char),
}

/// What a binding does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Does {
    Act(Action),
    /// Digits 1–9 → `Pick(n)`.
    Digit,
    /// Printable characters → `Type(c)` (documentation only; text contexts do this by default).
    Typing,
}

/// One row of the keymap.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub contexts: &'static [Context],
    pub keys: &'static [Key],
    pub does: Does,
    /// i18n key of the key's name as shown ("←/→", "Enter", …).
    pub label: &'static str,
    /// i18n key of what it does.
    pub desc: &'static str,
    /// Shown in the footer (all bindings are shown in help).
    pub footer: bool,
}

use Context as C;
use Key as K;

const QUIZ_PICKS: &[Context] = &[C::QuizOne, C::QuizMany, C::QuizOrder, C::QuizMatch];
const QUIZ_ALL: &[Context] = &[
    C::QuizOne,
    C::QuizMany,
    C::QuizOrder,
    C::QuizMatch,
    C::QuizText,
];
/// Boxes and screens whose text may be taller than the window.
const SCROLLS: &[Context] = &[
    C::Help,
    C::Glossary,
    C::Summary,
    C::Results,
    C::Class,
    C::Milestone,
];
/// Learner screens where a hand can go up.
const LEARNER: &[Context] = &[
    C::Map,
    C::Reader,
    C::QuizOne,
    C::QuizMany,
    C::QuizOrder,
    C::QuizMatch,
    C::Feedback,
    C::Summary,
    C::Results,
];
/// Screens that can be read aloud (where nothing is typed; `QuizText` has its own row).
const ALOUD: &[Context] = &[
    C::Map,
    C::Results,
    C::Glossary,
    C::Reader,
    C::QuizOne,
    C::QuizMany,
    C::QuizOrder,
    C::QuizMatch,
    C::Feedback,
    C::Summary,
];
const NOT_TEXT: &[Context] = &[
    C::Class,
    C::Broken,
    C::Map,
    C::Reader,
    C::QuizOne,
    C::QuizMany,
    C::QuizOrder,
    C::QuizMatch,
    C::Feedback,
    C::Summary,
    C::Settings,
    C::Ready,
    C::Results,
];

const fn b(
    contexts: &'static [Context],
    keys: &'static [Key],
    does: Does,
    label: &'static str,
    desc: &'static str,
    footer: bool,
) -> Binding {
    Binding {
        contexts,
        keys,
        does,
        label,
        desc,
        footer,
    }
}

const fn act(a: Action) -> Does {
    Does::Act(a)
}

/// The keymap. Earlier rows win.
#[rustfmt::skip]
pub const BINDINGS: &[Binding] = &[
    // Picker
    b(&[C::Picker], &[], Does::Typing, "key.letters", "do.search", true),
    b(&[C::Picker, C::Map, C::Settings], &[K::Up], act(Action::Up), "key.up_down", "do.move", true),
    b(&[C::Picker, C::Map, C::Settings], &[K::Down], act(Action::Down), "key.up_down", "do.move", false),
    b(&[C::Picker, C::Map, C::Settings], &[K::PageUp], act(Action::PageUp), "key.pgup", "do.move_page", false),
    b(&[C::Picker, C::Map, C::Settings], &[K::PageDown], act(Action::PageDown), "key.pgdn", "do.move_page", false),
    b(&[C::Picker], &[K::Enter], act(Action::Confirm), "key.enter", "do.choose", true),
    b(&[C::Picker], &[K::Backspace], act(Action::Erase), "key.backspace", "do.erase", false),
    b(&[C::Picker], &[K::Esc], act(Action::Back), "key.esc", "do.quit", true),
    b(&[C::Picker, C::Map, C::Settings], &[K::Home], act(Action::Home), "key.home_end", "do.first_last", false),
    b(&[C::Picker, C::Map, C::Settings], &[K::End], act(Action::End), "key.home_end", "do.first_last", false),
    // "Leave the program?"
    b(&[C::ConfirmQuit], &[K::Enter], act(Action::Confirm), "key.enter", "do.leave_program", true),
    b(&[C::ConfirmQuit], &[K::Esc, K::Char('q'), K::Char('Q')], act(Action::Back), "key.esc", "do.stay", true),
    // Boxes taller than the window: glossary, help, summary, results, class view
    b(SCROLLS, &[K::Up], act(Action::Up), "key.up_down", "do.scroll", true),
    b(SCROLLS, &[K::Down], act(Action::Down), "key.up_down", "do.scroll", false),
    b(SCROLLS, &[K::PageUp], act(Action::PageUp), "key.pgup", "do.page_up", false),
    b(SCROLLS, &[K::PageDown], act(Action::PageDown), "key.pgdn", "do.page_down", false),
    b(SCROLLS, &[K::Home], act(Action::Home), "key.home_end", "do.first_last", false),
    b(SCROLLS, &[K::End], act(Action::End), "key.home_end", "do.first_last", false),
    b(&[C::Picker], &[K::F2], act(Action::ClassView), "key.f2", "do.class_view", true),
    // Class view and its PIN prompt (trainer)
    b(&[C::Class], &[K::Esc, K::Char('q'), K::Char('Q')], act(Action::Back), "key.q", "do.back", true),
    b(&[C::Pin], &[], Does::Typing, "key.letters", "do.type_pin", true),
    b(&[C::Pin], &[K::Enter], act(Action::Confirm), "key.enter", "do.ok", true),
    b(&[C::Pin], &[K::Backspace], act(Action::Erase), "key.backspace", "do.erase", false),
    b(&[C::Pin], &[K::Esc], act(Action::Back), "key.esc", "do.back", true),
    // Preview of a broken lesson file
    b(&[C::Broken], &[K::Esc, K::Char('q'), K::Char('Q')], act(Action::Back), "key.q", "do.quit", true),
    // New learner form
    b(&[C::NewLearner], &[], Does::Typing, "key.letters", "do.type", false),
    b(&[C::NewLearner], &[K::Tab, K::Down], act(Action::NextField), "key.tab", "do.next_field", true),
    b(&[C::NewLearner], &[K::Up], act(Action::Up), "key.up", "do.prev_field", false),
    b(&[C::NewLearner], &[K::Enter], act(Action::Confirm), "key.enter", "do.save", true),
    b(&[C::NewLearner], &[K::Backspace], act(Action::Erase), "key.backspace", "do.erase", false),
    b(&[C::NewLearner], &[K::Esc], act(Action::Back), "key.esc", "do.back", true),
    // Course map
    b(&[C::Map], &[K::Enter, K::Right], act(Action::Confirm), "key.enter", "do.open_lesson", true),
    b(&[C::Map], &[K::Char('t'), K::Char('T')], act(Action::Continue), "key.t", "do.continue", true),
    b(&[C::Map], &[K::Char('s'), K::Char('S')], act(Action::Settings), "key.s", "do.settings", true),
    b(&[C::Map], &[K::Char('o'), K::Char('O')], act(Action::Review), "key.o", "do.review", true),
    b(&[C::Map], &[K::Char('k'), K::Char('K')], act(Action::Results), "key.k", "do.results", true),
    b(&[C::Map], &[K::Esc, K::Char('q'), K::Char('Q')], act(Action::Back), "key.q", "do.switch_learner", true),
    // Kết quả của tôi
    b(&[C::Results], &[K::Enter, K::Esc, K::Char('q'), K::Char('Q')], act(Action::Back), "key.q", "do.to_map", true),
    // Reader
    b(&[C::Reader], &[K::Left], act(Action::Left), "key.left", "do.prev_page", true),
    b(&[C::Reader], &[K::Right, K::Enter], act(Action::Right), "key.right", "do.next_page", true),
    b(&[C::Reader], &[K::Up], act(Action::Up), "key.up_down", "do.scroll", false),
    b(&[C::Reader], &[K::Down], act(Action::Down), "key.up_down", "do.scroll", false),
    b(&[C::Reader], &[K::PageUp], act(Action::PageUp), "key.pgup", "do.page_up", false),
    b(&[C::Reader], &[K::PageDown], act(Action::PageDown), "key.pgdn", "do.page_down", false),
    b(&[C::Reader], &[K::Char('g'), K::Char('G')], act(Action::Glossary), "key.g", "do.glossary", true),
    b(&[C::Reader], &[K::Esc, K::Char('q'), K::Char('Q')], act(Action::Back), "key.q", "do.to_map", true),
    // Quiz: choosing
    b(QUIZ_PICKS, &[K::Up], act(Action::Up), "key.up_down", "do.move", true),
    b(QUIZ_PICKS, &[K::Down], act(Action::Down), "key.up_down", "do.move", false),
    b(&[C::QuizOne], &[], Does::Digit, "key.digits", "do.pick", true),
    b(&[C::QuizMany], &[], Does::Digit, "key.digits", "do.toggle", true),
    b(&[C::QuizOrder], &[], Does::Digit, "key.digits", "do.pick_next", true),
    b(&[C::QuizMatch], &[], Does::Digit, "key.digits", "do.pick_partner", true),
    b(&[C::QuizOne, C::QuizMany, C::Settings], &[K::Char(' ')], act(Action::Toggle), "key.space", "do.toggle", false),
    b(&[C::QuizOrder, C::QuizMatch], &[K::Backspace, K::Char('u'), K::Char('U')], act(Action::Erase), "key.backspace", "do.undo", true),
    b(&[C::QuizText], &[], Does::Typing, "key.letters", "do.type_answer", true),
    b(&[C::QuizText], &[K::Backspace], act(Action::Erase), "key.backspace", "do.erase", true),
    b(QUIZ_ALL, &[K::Enter], act(Action::Confirm), "key.enter", "do.submit", true),
    b(QUIZ_PICKS, &[K::Char('g'), K::Char('G'), K::Tab], act(Action::Hint), "key.g", "do.hint", true),
    b(&[C::QuizText], &[K::Tab], act(Action::Hint), "key.tab", "do.hint", true),
    b(&[C::Feedback], &[K::Enter, K::Right], act(Action::Confirm), "key.enter", "do.next_question", true),
    b(&[C::Feedback], &[K::Char('b'), K::Char('B')], act(Action::SeePage), "key.b", "do.see_page", true),
    b(&[C::QuizOne, C::QuizMany, C::QuizOrder, C::QuizMatch, C::Feedback], &[K::Esc, K::Char('q'), K::Char('Q')], act(Action::Back), "key.q", "do.to_map", true),
    b(&[C::QuizText], &[K::Esc], act(Action::Back), "key.esc", "do.to_map", true),
    // Summary
    b(&[C::Summary], &[K::Char('r'), K::Char('R')], act(Action::RetryMissed), "key.r", "do.retry_missed", true),
    b(&[C::Summary], &[K::Char('a'), K::Char('A')], act(Action::RetryAll), "key.a", "do.retry_all", true),
    b(&[C::Summary], &[K::Enter, K::Esc, K::Char('q'), K::Char('Q')], act(Action::Confirm), "key.enter", "do.to_map", true),
    // Settings
    b(&[C::Settings], &[], Does::Digit, "key.digits", "do.pick", false),
    b(&[C::Settings], &[K::Enter, K::Left, K::Right], act(Action::Confirm), "key.enter", "do.change", true),
    b(&[C::Settings], &[K::Esc, K::Char('q'), K::Char('Q')], act(Action::Back), "key.esc", "do.back", true),
    // Readiness check
    b(&[C::Ready], &[K::Up, K::Left], act(Action::Up), "key.up_down", "do.move", false),
    b(&[C::Ready], &[K::Down, K::Right], act(Action::Down), "key.up_down", "do.move", false),
    b(&[C::Ready], &[], Does::Digit, "key.digits", "do.pick", false),
    b(&[C::Ready], &[K::Enter], act(Action::Confirm), "key.enter", "do.choose", true),
    b(&[C::Ready], &[K::Esc], act(Action::Back), "key.esc", "do.back", true),
    // Read aloud and raise a hand
    // F4 is the read-aloud key every footer shows (one key everywhere, and no answer types it);
    // N, which learners learned first, still works wherever nothing is typed (the help says so).
    b(ALOUD, &[K::F4, K::CtrlN], act(Action::ReadAloud), "key.f4", "do.read_aloud", true),
    b(ALOUD, &[K::Char('n'), K::Char('N')], act(Action::ReadAloud), "key.n", "do.read_aloud", false),
    b(LEARNER, &[K::Char('h'), K::Char('H'), K::F3], act(Action::RaiseHand), "key.h", "do.raise_hand", true),
    b(&[C::QuizText], &[K::F4, K::CtrlN], act(Action::ReadAloud), "key.f4", "do.read_aloud", true),
    b(&[C::QuizText], &[K::F3], act(Action::RaiseHand), "key.f3", "do.raise_hand", true),
    // Class view: a number clears that learner's call for help
    b(&[C::Class], &[], Does::Digit, "key.digits", "do.clear_hand", false),
    // Overlays
    b(&[C::Notice], &[K::Enter], act(Action::Confirm), "key.enter", "do.ok", true),
    b(&[C::Milestone], &[K::Enter, K::Esc, K::Right, K::Char('q'), K::Char('Q')], act(Action::Confirm), "key.enter", "do.continue", true),
    b(&[C::Help, C::Glossary, C::Notice], &[K::Esc, K::Enter, K::Char('q'), K::Char('?'), K::F1, K::Char('g')], act(Action::Back), "key.esc", "do.close", true),
    // Everywhere
    b(NOT_TEXT, &[K::Char('?')], act(Action::Help), "key.help", "do.help", true),
    b(&[C::Picker, C::NewLearner, C::QuizText, C::Pin], &[K::F1], act(Action::Help), "key.f1", "do.help", true),
    b(NOT_TEXT, &[K::F1], act(Action::Help), "key.f1", "do.help", false),
    b(ALL, &[K::CtrlC], act(Action::Quit), "key.ctrl_c", "do.save_quit", false),
];

const ALL: &[Context] = &[
    C::Picker,
    C::NewLearner,
    C::Map,
    C::Reader,
    C::QuizOne,
    C::QuizMany,
    C::QuizText,
    C::QuizOrder,
    C::QuizMatch,
    C::Feedback,
    C::Summary,
    C::Settings,
    C::Help,
    C::Glossary,
    C::Notice,
    C::Class,
    C::Pin,
    C::Broken,
    C::Ready,
    C::Results,
    C::ConfirmQuit,
    C::Milestone,
];

/// Every context (for tests and documentation).
pub fn all_contexts() -> &'static [Context] {
    ALL
}

/// The action a key has in a context, if any.
pub fn resolve(ctx: Context, key: Key) -> Option<Action> {
    for bind in BINDINGS.iter().filter(|b| b.contexts.contains(&ctx)) {
        match bind.does {
            Does::Act(a) if bind.keys.contains(&key) => return Some(a),
            Does::Digit => {
                if let Key::Char(c @ '1'..='9') = key {
                    return Some(Action::Pick(c as u8 - b'0'));
                }
            }
            _ => {}
        }
    }
    match key {
        Key::Char(c) if ctx.takes_text() && !c.is_control() => Some(Action::Type(c)),
        _ => None,
    }
}

/// Bindings of a context, for the footer (`footer_only`) or the help overlay. Rows that share a
/// label and description (↑ and ↓) are listed once.
pub fn bindings(ctx: Context, footer_only: bool) -> Vec<&'static Binding> {
    let mut out: Vec<&Binding> = Vec::new();
    for bind in BINDINGS.iter().filter(|b| b.contexts.contains(&ctx)) {
        if footer_only && !bind.footer {
            continue;
        }
        if out
            .iter()
            .any(|o| o.desc == bind.desc && o.label == bind.label)
        {
            continue;
        }
        out.push(bind);
    }
    out
}
