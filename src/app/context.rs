//! Where keys go: the keymap has one set of bindings per [`Context`], and the app says which
//! context is current (an overlay first, then a broken preview, then the screen).

use super::{App, Overlay, Preview, Screen, quiz};

/// Where keys go: the keymap has one set of bindings per context.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    Picker,
    NewLearner,
    Map,
    Reader,
    /// `one` and `true_false`.
    QuizOne,
    QuizMany,
    QuizText,
    QuizOrder,
    QuizMatch,
    /// After an answer: feedback shown.
    Feedback,
    Summary,
    Settings,
    Help,
    Glossary,
    Notice,
    Class,
    Pin,
    /// Preview of a lesson file that does not validate.
    Broken,
    /// The readiness check (letters, symbols, window size).
    Ready,
    /// "Kết quả của tôi".
    Results,
    /// "Leave the program?" (Esc on the picker).
    ConfirmQuit,
    /// A module finished, or the certificate earned.
    Milestone,
}

impl Context {
    /// Contexts where printable keys are typed into a field rather than being commands.
    pub fn takes_text(self) -> bool {
        matches!(
            self,
            Context::Picker | Context::NewLearner | Context::QuizText | Context::Pin
        )
    }
}

impl App {
    /// Where keys go now.
    pub fn context(&self) -> Context {
        match &self.overlay {
            Some(Overlay::Help) => return Context::Help,
            Some(Overlay::Glossary) => return Context::Glossary,
            // At home the call for help says what helps there: a longer box that may scroll.
            Some(Overlay::HandSent) if self.home => return Context::Milestone,
            Some(Overlay::Notice { .. } | Overlay::HandSent) => return Context::Notice,
            Some(Overlay::ConfirmQuit) => return Context::ConfirmQuit,
            Some(Overlay::ModuleDone { .. } | Overlay::Certified) => return Context::Milestone,
            None => {}
        }
        if self.preview.as_ref().is_some_and(Preview::broken) {
            return Context::Broken;
        }
        match &self.screen {
            Screen::Picker(_) => Context::Picker,
            Screen::NewLearner(_) => Context::NewLearner,
            Screen::Map(_) => Context::Map,
            Screen::Reader(_) => Context::Reader,
            Screen::Quiz(q) => quiz::context(self, q),
            Screen::Summary(_) => Context::Summary,
            Screen::Settings(_) => Context::Settings,
            Screen::Class(_) => Context::Class,
            Screen::Pin(_) => Context::Pin,
            Screen::Ready(_) => Context::Ready,
            Screen::Results(_) => Context::Results,
        }
    }

    /// The context under any overlay (what the help overlay describes).
    pub fn screen_context(&self) -> Context {
        let mut probe = self.clone();
        probe.overlay = None;
        probe.context()
    }
}
