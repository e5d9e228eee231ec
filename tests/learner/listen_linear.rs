//! The core's linear form (what plain mode prints and read-aloud speaks) of every screen kind,
//! on a small course with a drawn screen in a page and in a question: words, never marks.
#![allow(clippy::unwrap_used)]

use crate::common::*;
use hocso::app::{App, Event, Screen};
use hocso::course::load::load;
use hocso::course::source::from_dir;
use hocso::ui::keymap::Key;
use hocso::ui::lang::Lang;

fn course_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/listen-course")
}

/// A learner on the map of the listening course.
fn start(lang: Lang) -> Driver {
    let course = load(&from_dir(&course_dir()).unwrap()).course.unwrap();
    let mut d = Driver {
        app: App::new(course, vec![], lang, 7),
        now: t0(),
        effects: Vec::new(),
    };
    d.send(Event::Resize(80, 24));
    d.open(learner("hoa-1", "Nguyễn Thị Hoa", Some(1960), None));
    d
}

/// The screen on show in words, one line per item, as plain mode prints it.
fn said(d: &Driver) -> String {
    let items = hocso::app::linear::screen(&d.app);
    hocso::ui::linear::lines(&d.app, &items).join("\n")
}

/// From the map into the lesson's first question.
fn to_quiz(d: &mut Driver) {
    d.key(Key::Enter);
    assert!(
        matches!(d.app.screen, Screen::Reader(_)),
        "{:?}",
        d.app.screen
    );
    d.key(Key::Right);
    assert!(
        matches!(d.app.screen, Screen::Quiz(_)),
        "{:?}",
        d.app.screen
    );
}

#[test]
fn a_drawn_screen_in_a_question_is_said_by_its_description() {
    let mut d = start(Lang::Vi);
    to_quiz(&mut d);
    let text = said(&d);
    assert!(
        text.contains(
            "Màn hình mô phỏng: Màn hình chuyển tiền: người nhận VO VAN TUNG, số tiền 80.000 đ."
        ),
        "{text}"
    );
    assert!(!text.contains("+--") && !text.contains('|'), "{text}");
    assert!(text.contains("Chú Tám nên làm gì?"), "{text}");
}
