//! The shell's part of the class view: the trainer PIN check and reading the class from the
//! data folder (on opening and every few seconds while it is on screen).

use super::{Shell, log};
use crate::app::{Effect, Event};

impl Shell {
    /// `OpenClass` and `CheckPin`: ask for the PIN when one is set, else show the class.
    /// A PIN file that cannot be used keeps the class view locked, with a message saying how to
    /// reset it; wrong tries make the next one wait (counted in the data folder).
    pub(super) fn class_effect(&mut self, fx: Effect) {
        use crate::trainer::pin::{Check, check, status};
        let lang = self.lang();
        // A learner's phone never opens the trainer's class view (nor its PIN prompt).
        if matches!(fx, Effect::OpenClass) && super::for_browser() {
            let msg = rust_i18n::t!("serve.no_class", locale = lang);
            return self.send(Event::Failed(msg.into_owned()));
        }
        // Classroom mode: the PIN typed to leave the program.
        if let (Effect::CheckPin(p), crate::app::Screen::Pin(entry)) = (&fx, &self.app.screen)
            && entry.quit
        {
            return match check(&self.data_dir, p, jiff::Timestamp::now(), lang) {
                Check::Right => self.send(Event::QuitAllowed),
                answer => {
                    self.send(Event::PinWrong);
                    if let Some(msg) = answer.message(lang) {
                        log(&self.data_dir, &msg);
                        self.send(Event::Failed(msg));
                    }
                }
            };
        }
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
                crate::trainer::report::LearnerInput::Ok(f) => {
                    Some(crate::progress::merge::summary(f))
                }
                crate::trainer::report::LearnerInput::Damaged { .. } => None,
            })
            .collect();
        self.send(Event::Learners(learners));
        self.send(Event::Hands(crate::store::classroom::hands(&self.data_dir)));
        if open
            && let Err(e) =
                crate::store::classroom::mark_class_seen(&self.data_dir, jiff::Timestamp::now())
        {
            log(&self.data_dir, &format!("class-seen note: {e}"));
        }
        let mut report = crate::trainer::report::build(&self.app.course, &inputs);
        mark_active(&self.store, &mut report);
        self.send(Event::ClassRefreshed {
            report: Box::new(report),
            open,
        });
    }
}

/// How recently a learner's file must have changed for the class view to say "đang học".
pub const ACTIVE_WITHIN: std::time::Duration = std::time::Duration::from_secs(120);

/// Marks learners whose file or journal changed in the last [`ACTIVE_WITHIN`].
fn mark_active(
    store: &crate::store::learners::Store,
    report: &mut crate::trainer::report::ClassReport,
) {
    let now = std::time::SystemTime::now();
    for r in &mut report.learners {
        if r.id.is_empty() {
            continue;
        }
        let changed = [
            store.path_of(&r.id),
            crate::store::journal::path_of(store.dir(), &r.id),
        ]
        .iter()
        .filter_map(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok())
        .max();
        r.active = changed
            .and_then(|t| now.duration_since(t).ok())
            .is_some_and(|age| age <= ACTIVE_WITHIN);
        let (_, note) = crate::store::lock::lock_paths(store.dir(), &r.id);
        r.phone = crate::store::lock::read_note(&note).is_some_and(|n| n.phone);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::store::learners::{NewLearner, Store};

    #[test]
    fn a_file_changed_in_the_last_two_minutes_is_active() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let new = |name: &str| NewLearner {
            name: name.into(),
            ..NewLearner::default()
        };
        let now = store.create(new("An"), jiff::Timestamp::now()).unwrap();
        let old = store.create(new("Bình"), jiff::Timestamp::now()).unwrap();
        let ten_minutes_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(600);
        for path in [
            store.path_of(&old.profile.id),
            crate::store::journal::path_of(store.dir(), &old.profile.id),
        ] {
            if let Ok(f) = std::fs::File::options().append(true).open(&path) {
                f.set_modified(ten_minutes_ago).unwrap();
            }
        }
        let course = crate::course::load::load(&crate::course::source::builtin())
            .course
            .unwrap();
        let inputs = vec![
            crate::trainer::report::LearnerInput::Ok(now.clone()),
            crate::trainer::report::LearnerInput::Ok(old.clone()),
        ];
        let mut report = crate::trainer::report::build(&course, &inputs);
        mark_active(&store, &mut report);
        let active: Vec<(&str, bool)> = report
            .learners
            .iter()
            .map(|r| (r.name.as_str(), r.active))
            .collect();
        assert_eq!(active, vec![("An", true), ("Bình", false)]);
    }

    #[test]
    fn a_session_opened_from_a_browser_shows_as_on_a_phone() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let t = jiff::Timestamp::now();
        let mut ids = Vec::new();
        for (name, phone) in [("An", true), ("Bình", false)] {
            let lf = store
                .create(
                    NewLearner {
                        name: name.into(),
                        ..NewLearner::default()
                    },
                    t,
                )
                .unwrap();
            let (_, note) = crate::store::lock::lock_paths(store.dir(), &lf.profile.id);
            let info = crate::store::lock::LockInfo {
                host: "pc".into(),
                pid: 1,
                since: t,
                seen: t,
                phone,
            };
            std::fs::write(note, serde_json::to_vec(&info).unwrap()).unwrap();
            ids.push(lf);
        }
        let course = crate::course::load::load(&crate::course::source::builtin())
            .course
            .unwrap();
        let inputs: Vec<_> = ids
            .into_iter()
            .map(crate::trainer::report::LearnerInput::Ok)
            .collect();
        let mut report = crate::trainer::report::build(&course, &inputs);
        mark_active(&store, &mut report);
        let phones: Vec<(&str, bool)> = report
            .learners
            .iter()
            .map(|r| (r.name.as_str(), r.phone))
            .collect();
        assert_eq!(phones, vec![("An", true), ("Bình", false)]);
    }
}
