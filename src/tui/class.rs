//! The shell's part of the class view: the trainer PIN check and reading the class from the
//! data folder (on opening and every few seconds while it is on screen).

use super::Shell;
use crate::app::{Effect, Event};

impl Shell {
    /// `OpenClass` and `CheckPin`: ask for the PIN when one is set, else show the class.
    pub(super) fn class_effect(&mut self, fx: Effect) {
        match fx {
            Effect::OpenClass if crate::pin::is_set(&self.data_dir) => self.send(Event::PinNeeded),
            Effect::CheckPin(p) if !crate::pin::check(&self.data_dir, &p) => {
                self.send(Event::PinWrong)
            }
            _ => self.send_class(true),
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
