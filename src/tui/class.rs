//! The shell's part of the class view: the trainer PIN check and reading the class from the
//! data folder (on opening and every few seconds while it is on screen).

use super::{Shell, log};
use crate::app::{Effect, Event};

impl Shell {
    /// `OpenClass` and `CheckPin`: ask for the PIN when one is set, else show the class.
    /// A PIN file that cannot be used keeps the class view locked, with a message saying how to
    /// reset it; wrong tries make the next one wait (counted in the data folder).
    pub(super) fn class_effect(&mut self, fx: Effect) {
        use crate::pin::{Check, check, status};
        let lang = self.lang();
        let answer = match &fx {
            Effect::OpenClass => match status(&self.data_dir, lang) {
                Check::Right => return self.send(Event::PinNeeded),
                other => other,
            },
            Effect::CheckPin(p) => check(&self.data_dir, p, jiff::Timestamp::now(), lang),
            _ => return,
        };
        match answer {
            Check::NotSet | Check::Right => self.send_class(true),
            Check::Broken { .. } => {
                if let Some(msg) = answer.message(lang) {
                    log(&self.data_dir, &msg);
                    self.send(Event::Failed(msg));
                }
            }
            Check::Wrong { .. } | Check::Wait { .. } => {
                self.send(Event::PinWrong);
                if let Some(msg) = answer.message(lang) {
                    self.send(Event::Failed(msg));
                }
            }
        }
    }

    /// Reads the class from the data folder and sends it to the class view.
    pub(super) fn send_class(&mut self, open: bool) {
        self.class_at = std::time::Instant::now();
        if !self.ensure_course() {
            return;
        }
        let inputs = crate::cli::trainer::read_class(&self.store);
        // The picker behind the class view learns of learners added meanwhile, for free.
        let learners = inputs
            .iter()
            .filter_map(|i| match i {
                crate::report::LearnerInput::Ok(f) => Some(crate::progress::merge::summary(f)),
                crate::report::LearnerInput::Damaged { .. } => None,
            })
            .collect();
        self.send(Event::Learners(learners));
        self.send(Event::Hands(crate::classroom::hands(&self.data_dir)));
        let report = crate::report::build(&self.app.course, &inputs);
        self.send(Event::ClassRefreshed {
            report: Box::new(report),
            open,
        });
    }
}
