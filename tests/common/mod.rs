//! Helpers shared by the app and UI tests: the built-in course, a learner, keys with a clock.
#![allow(dead_code, clippy::unwrap_used)]

use hocso::app::{App, Effect, Event, LearnerSummary, Msg, update};
use hocso::course::Course;
use hocso::course::load::load;
use hocso::course::source::from_dir;
use hocso::progress::model::{LearnerFile, PROGRESS_FORMAT, Profile};
use hocso::ui::keymap::{Key, resolve};
use hocso::ui::lang::Lang;
use jiff::Timestamp;

/// The sample course (two lessons using all six question kinds), stable whatever the built-in
/// course's content becomes.
pub fn fixture_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sample-course")
}

pub fn course() -> Course {
    load(&from_dir(&fixture_dir()).unwrap())
        .course
        .expect("sample course loads")
}

pub fn t0() -> Timestamp {
    "2026-11-26T12:00:00Z".parse().unwrap()
}

pub fn learner(id: &str, name: &str, year: Option<u16>, group: Option<&str>) -> LearnerFile {
    LearnerFile {
        format: PROGRESS_FORMAT,
        profile: Profile {
            id: id.into(),
            name: name.into(),
            birth_year: year,
            group: group.map(str::to_string),
            created: t0(),
        },
        settings: Default::default(),
        courses: Default::default(),
    }
}

pub fn summary(lf: &LearnerFile) -> LearnerSummary {
    hocso::progress::merge::summary(lf)
}

/// An app driven by keys, with a clock that advances 5 s per key.
pub struct Driver {
    pub app: App,
    pub now: Timestamp,
    pub effects: Vec<Effect>,
}

impl Driver {
    pub fn new(learners: Vec<LearnerSummary>, lang: Lang) -> Driver {
        Driver {
            app: App::new(course(), learners, lang, 7),
            now: t0(),
            effects: Vec::new(),
        }
    }

    pub fn send(&mut self, ev: Event) -> Vec<Effect> {
        self.now = self
            .now
            .checked_add(jiff::SignedDuration::from_secs(5))
            .unwrap();
        let fx = update(&mut self.app, Msg::new(ev, self.now));
        self.effects.extend(fx.clone());
        if fx.contains(&Effect::Save) {
            // As a store whose writes all succeed: the save is on disk, feedback may show.
            update(&mut self.app, Msg::new(Event::Saved, self.now));
        }
        fx
    }

    /// Presses a key through the real keymap; panics if the key does nothing here.
    pub fn key(&mut self, k: Key) -> Vec<Effect> {
        let ctx = self.app.context();
        let a = resolve(ctx, k).unwrap_or_else(|| panic!("{k:?} does nothing in {ctx:?}"));
        self.send(Event::Act(a))
    }

    pub fn keys(&mut self, ks: &[Key]) {
        for k in ks {
            self.key(*k);
        }
    }

    pub fn chars(&mut self, s: &str) {
        for c in s.chars() {
            self.key(Key::Char(c));
        }
    }

    /// The number key of choice `id` on the question on screen: choices are listed in the order
    /// drawn for the attempt, so a test names the choice it means, never a position.
    pub fn choice(&self, id: &str) -> Key {
        let hocso::app::Screen::Quiz(q) = &self.app.screen else {
            panic!("not on a question: {:?}", self.app.screen)
        };
        let row = q.input.shown.iter().position(|c| c == id);
        let row = row.unwrap_or_else(|| panic!("{id} not among {:?}", q.input.shown));
        Key::Char(char::from(b'1' + row as u8))
    }

    pub fn open(&mut self, lf: LearnerFile) {
        self.send(Event::Opened(Box::new(lf)));
    }

    pub fn learner(&self) -> &LearnerFile {
        self.app.learner.as_ref().expect("a learner is open")
    }
}

/// The number a choice is listed under on a screen or in plain-mode output (`  2. Mũi tên
/// phải`, `› (•) 3. Mũi tên phải`), from its last listing: choices are shuffled per attempt.
pub fn listed_number(screen: &str, text: &str) -> String {
    // "3. text" on the full screen, "Ý 3: text" in plain mode.
    for line in screen.lines().rev() {
        if let Some(i) = line
            .find(&format!(". {text}"))
            .or_else(|| line.find(&format!(": {text}")))
        {
            let before: String = line[..i]
                .chars()
                .rev()
                .take_while(char::is_ascii_digit)
                .collect();
            if !before.is_empty() {
                return before.chars().rev().collect();
            }
        }
    }
    panic!("{text:?} not listed with a number in:\n{screen}");
}

/// The program the end-to-end tests drive: the test build's own, or the one named by `HOCSO_BIN`
/// (`.ci/run` runs them again on the release binary: `HOCSO_BIN=target/release/hocso`).
pub fn hocso_bin() -> std::ffi::OsString {
    std::env::var_os("HOCSO_BIN").unwrap_or_else(|| env!("CARGO_BIN_EXE_hocso").into())
}

/// The driver's screen drawn at `w`×`h`, as text (one line per row).
pub fn screen(d: &Driver, w: u16, h: u16) -> String {
    use hocso::ui::theme::Theme;
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    let area = Rect::new(0, 0, w, h);
    let mut buf = Buffer::empty(area);
    hocso::ui::render(&d.app, Theme::new(d.app.theme, false), area, &mut buf);
    (0..h)
        .map(|y| (0..w).map(|x| buf[(x, y)].symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}
