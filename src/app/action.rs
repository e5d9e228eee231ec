//! What a key (or a click on a key button) means on the current screen.

/// What a key means on the current screen (the keymap turns keys into these).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Up,
    Down,
    /// Previous page / previous field.
    Left,
    /// Next page.
    Right,
    PageUp,
    PageDown,
    /// Home / End: the top or the end of a scrolled box or list.
    Home,
    End,
    /// Enter: choose, submit, go on.
    Confirm,
    /// Esc / q: go back one screen (quit from the first screen).
    Back,
    /// Ctrl+C: save and quit from anywhere.
    Quit,
    Help,
    /// Space: toggle a choice.
    Toggle,
    /// A number key: pick item n (1-based).
    Pick(u8),
    /// A printable character for a text field.
    Type(char),
    /// Backspace / Ctrl+H: delete one character, or undo the last pick.
    Erase,
    Hint,
    Glossary,
    /// "Tiếp tục": back to where the learner stopped.
    Continue,
    Settings,
    RetryMissed,
    RetryAll,
    /// Tab: next form field.
    NextField,
    /// Picker: open the trainer's class view.
    ClassView,
    /// H: raise (or lower) a hand for the trainer's help.
    RaiseHand,
    /// N: read the page or the question aloud.
    ReadAloud,
    /// O: today's spaced review ("Ôn câu cũ"; "Ôn tập" is the name of the last module).
    Review,
    /// K: "Kết quả của tôi", the learner's own results.
    Results,
    /// B: after an answer, open the lesson the question came from (Q comes back).
    SeePage,
}
