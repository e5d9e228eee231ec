//! The app's construction and the small questions every part asks it (the screen's lesson,
//! "now", random ids). The state itself is `App` in the parent module.

use jiff::Timestamp;

use super::{
    App, LearnerSummary, MIN_SIZE, Picker, ReadyAnswer, Screen, Scroll, SymbolSet, picker,
};
use crate::course::model::Course;
use crate::progress::model::Theme;
use crate::ui::lang::Lang;

impl App {
    /// A new app on the learner picker. `seed` feeds attempt ids and shuffles (tests fix it).
    pub fn new(course: Course, learners: Vec<LearnerSummary>, lang: Lang, seed: u64) -> App {
        let mut app = App {
            course,
            lang,
            theme: Theme::Default,
            learners: Vec::new(),
            learner: None,
            screen: Screen::Picker(Picker::default()),
            overlay: None,
            size: (80, 24),
            quitting: false,
            start_lang: lang,
            problems: 0,
            preview: None,
            symbols: SymbolSet::Unicode,
            mouse: true,
            checked: ReadyAnswer::default(),
            hand: false,
            hands: Vec::new(),
            tz: jiff::tz::TimeZone::UTC,
            review: None,
            back_to: None,
            classroom: false,
            remote: false,
            class_only: false,
            home: false,
            scroll: Scroll {
                top: 0,
                max: usize::MAX,
            },
            rng: fastrand::Rng::with_seed(seed),
            last_at: None,
            time_carry_ms: 0,
        };
        picker::set_learners(&mut app, learners);
        app
    }

    /// True when the terminal is below [`MIN_SIZE`].
    pub fn too_small(&self) -> bool {
        self.size.0 < MIN_SIZE.0 || self.size.1 < MIN_SIZE.1
    }

    /// The open learner's progress key.
    pub fn course_id(&self) -> &str {
        &self.course.id
    }

    pub(crate) fn random_id(&mut self) -> String {
        (0..8)
            .map(|_| {
                let n = self.rng.u8(0..36);
                char::from_digit(u32::from(n), 36).unwrap_or('0')
            })
            .collect()
    }

    pub(crate) fn rng(&mut self) -> &mut fastrand::Rng {
        &mut self.rng
    }

    /// The time of the latest message (the app's only idea of "now").
    pub fn now(&self) -> Option<Timestamp> {
        self.last_at
    }

    /// Lesson id of the lesson on screen, if any.
    pub fn current_lesson(&self) -> Option<&str> {
        match &self.screen {
            Screen::Reader(r) => Some(&r.lesson),
            Screen::Quiz(q) => Some(&q.lesson),
            Screen::Summary(s) => Some(&s.lesson),
            _ => None,
        }
    }
}
