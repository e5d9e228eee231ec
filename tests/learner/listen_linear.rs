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
        text.contains("Mô phỏng: Màn hình chuyển tiền: người nhận VO VAN TUNG, số tiền 80.000 đ."),
        "{text}"
    );
    assert!(!text.contains("+--") && !text.contains('|'), "{text}");
    assert!(text.contains("Chú Tám nên làm gì?"), "{text}");
}

#[test]
fn glossary_pronunciations_are_used_and_other_glosses_skipped() {
    use hocso::course::model::Term;
    use hocso::speech::{Table, prepare};
    let term = |term: &str, english: &str, say: Option<&str>, say_english: Option<&str>| Term {
        id: term.to_lowercase().replace(' ', "-"),
        term: term.into(),
        definition: "…".into(),
        english: Some(english.into()),
        aliases: vec![],
        say: say.map(str::to_string),
        say_english: say_english.map(str::to_string),
    };
    let mut t = Table::built_in();
    t.glossary(&[
        term("dữ liệu lớn", "big data", None, Some("bích đa ta")),
        term(
            "VssID",
            "social insurance app",
            Some("vê ét ét ai đi"),
            None,
        ),
        term("số IMEI", "IMEI number", Some("số i mây"), None),
        term("mã QR", "QR code", None, None),
    ]);
    // A gloss with a pronunciation is said from it, never spelled.
    assert_eq!(
        prepare("Dữ liệu lớn (big data) là gì?", &t),
        "Dữ liệu lớn (bích đa ta) là gì?"
    );
    assert_eq!(
        prepare("dữ liệu lớn (Big data)", &t),
        "dữ liệu lớn (bích đa ta)."
    );
    // Without one, the gloss is skipped, even when it looks Vietnamese ("QR code").
    assert_eq!(
        prepare("Quét mã QR (QR code) nhé", &t),
        "Quét mã kiu a nhé."
    );
    // The term itself, alone or inside a sentence.
    assert_eq!(prepare("Mở VssID.", &t), "Mở vê ét ét ai đi.");
    assert_eq!(
        prepare("Ứng dụng VssID của", &t),
        "Ứng dụng vê ét ét ai đi của."
    );
    assert_eq!(
        prepare("Lật VssID2 ra", &t),
        "Lật VssID2 ra.",
        "only the whole word"
    );
    // A term of several words, said whole.
    assert_eq!(
        prepare("Xem số IMEI trên hộp", &t),
        "Xem số i mây trên hộp."
    );
}

/// The bottom rows of the full screen at 80×24, where the footer is.
fn footer(d: &Driver) -> String {
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    let mut buf = Buffer::empty(Rect::new(0, 0, 80, 24));
    let theme = hocso::ui::theme::Theme::new(d.app.theme, false);
    hocso::ui::draw(&d.app, theme, buf.area, &mut buf);
    let rows = (21..24).map(|y| (0..80).map(|x| buf[(x, y)].symbol()).collect::<String>());
    rows.collect::<Vec<_>>().join("\n")
}

/// Sends a plain-mode line (how a match answer is typed: "1a 2b").
fn plain(d: &mut Driver, line: &str) {
    use hocso::front::plain::{Command, command};
    match command(&d.app, line) {
        Command::Send(evs) => evs.into_iter().for_each(|e| {
            d.send(e);
        }),
        other => panic!("{line:?}: {other:?}"),
    }
}

#[test]
fn every_learner_screen_shows_the_read_aloud_key_and_the_help_names_n_too() {
    let mut d = start(Lang::Vi);
    let mut seen = Vec::new();
    let mut check = |d: &Driver| {
        let ctx = d.app.context();
        let f = footer(d);
        assert!(f.contains("F4  Nghe"), "{ctx:?} footer:\n{f}");
        seen.push(ctx);
    };
    check(&d);
    d.key(Key::Enter);
    check(&d);
    d.key(Key::Char('?'));
    let help = format!("{:?}", {
        let mut buf = ratatui::buffer::Buffer::empty(ratatui::layout::Rect::new(0, 0, 80, 24));
        let theme = hocso::ui::theme::Theme::new(d.app.theme, false);
        hocso::ui::draw(&d.app, theme, buf.area, &mut buf);
        buf
    });
    assert!(help.contains("F4 / N") && help.contains("Nghe"), "{help}");
    d.key(Key::Esc);
    d.key(Key::Char('g'));
    check(&d);
    // The glossary is read where it stands, and stays open.
    assert_eq!(d.key(Key::F4), vec![hocso::app::Effect::Speak]);
    assert_eq!(d.key(Key::Char('n')), vec![hocso::app::Effect::Speak]);
    assert!(d.app.overlay.is_some());
    d.key(Key::Esc);
    d.key(Key::Right);
    // one
    check(&d);
    d.key(d.choice("hoi"));
    d.key(Key::Enter);
    check(&d);
    d.key(Key::Enter);
    // many
    check(&d);
    d.keys(&[d.choice("ten"), d.choice("voi"), Key::Enter]);
    d.key(Key::Enter);
    // true/false
    check(&d);
    d.keys(&[Key::Char('1'), Key::Enter, Key::Enter]);
    // text: F4 reads, N types
    check(&d);
    assert_eq!(d.key(Key::F4), vec![hocso::app::Effect::Speak]);
    d.chars("113");
    d.keys(&[Key::Enter, Key::Enter]);
    // order
    check(&d);
    d.keys(&[
        d.choice("quet"),
        d.choice("doc"),
        d.choice("xac-nhan"),
        Key::Enter,
    ]);
    d.key(Key::Enter);
    // match
    check(&d);
    plain(&mut d, "1a 2b");
    d.key(Key::Enter);
    assert!(
        matches!(d.app.screen, Screen::Summary(_)),
        "{:?}",
        d.app.screen
    );
    check(&d);
    d.key(Key::Enter);
    d.key(Key::Char('k'));
    assert!(
        matches!(d.app.screen, Screen::Results(_)),
        "{:?}",
        d.app.screen
    );
    check(&d);
    use hocso::app::Context as C;
    for ctx in [
        C::Map,
        C::Reader,
        C::Glossary,
        C::QuizOne,
        C::QuizMany,
        C::QuizText,
        C::QuizOrder,
        C::QuizMatch,
        C::Feedback,
        C::Summary,
        C::Results,
    ] {
        assert!(seen.contains(&ctx), "{ctx:?} not visited: {seen:?}");
    }
}

/// Marks a screen reader would say as symbols: none may reach the linear form.
fn assert_words_only(name: &str, text: &str) {
    for bad in ["(*)", "+--", "<-", "✓", "✗"] {
        assert!(!text.contains(bad), "{name}: {bad:?} in\n{text}");
    }
    for line in text.lines() {
        assert!(
            !line.starts_with('|'),
            "{name}: a line starts with |:\n{text}"
        );
    }
}

/// The linear form of each screen kind of a whole lesson, as golden files (plain mode prints
/// these lines; read-aloud speaks them), plus what the voice gets for one question and its
/// feedback.
#[test]
fn golden_linear_forms_of_every_screen_kind() {
    let mut d = start(Lang::Vi);
    let snap = |name: &str, d: &Driver| {
        let text = said(d);
        assert_words_only(name, &text);
        insta::assert_snapshot!(format!("linear_{name}"), text);
    };
    d.key(Key::Enter);
    snap("page_callout_and_drawn_screen", &d);
    d.key(Key::Char('g'));
    snap("glossary", &d);
    d.key(Key::Esc);
    d.key(Key::Right);
    snap("one", &d);
    let mut table = hocso::speech::Table::built_in();
    table.glossary(&d.app.course.glossary);
    insta::assert_snapshot!("speech_one", hocso::speech::prepare(&said(&d), &table));
    d.keys(&[d.choice("bam"), Key::Enter]);
    snap("one_wrong", &d);
    insta::assert_snapshot!(
        "speech_one_wrong",
        hocso::speech::prepare(&said(&d), &table)
    );
    d.key(Key::Enter);
    snap("many", &d);
    d.keys(&[d.choice("ten"), d.choice("voi"), Key::Enter]);
    snap("many_wrong", &d);
    d.key(Key::Enter);
    snap("true_false", &d);
    d.keys(&[Key::Char('1'), Key::Enter]);
    snap("true_false_right", &d);
    d.key(Key::Enter);
    snap("text", &d);
    d.chars("114");
    d.key(Key::Enter);
    snap("text_wrong", &d);
    d.key(Key::Enter);
    snap("order", &d);
    d.keys(&[
        d.choice("doc"),
        d.choice("quet"),
        d.choice("xac-nhan"),
        Key::Enter,
    ]);
    snap("order_wrong", &d);
    d.key(Key::Enter);
    snap("match", &d);
    // Pairs by the letters as listed: first left side with the right side "Công an".
    let Screen::Quiz(q) = &d.app.screen else {
        panic!("{:?}", d.app.screen)
    };
    let at = |id: &str| q.input.shown.iter().position(|s| s == id).unwrap();
    let (a, b) = (at("cong-an"), at("cuu-hoa"));
    let line = format!(
        "1{} 2{}",
        hocso::ui::plain::letter(a),
        hocso::ui::plain::letter(b)
    );
    plain(&mut d, &line);
    snap("match_right", &d);
    d.key(Key::Enter);
    snap("summary", &d);
    d.key(Key::Enter);
    snap("map", &d);
    d.key(Key::Char('k'));
    snap("results", &d);
}
