//! Lesson metadata (issue 12): `as_of` and `sources` are read, checked (form, presence, age with
//! `--stale N`), shown to the author in `hocso preview` and never on a learner's screen.
#![allow(clippy::unwrap_used)]

use crate::common::*;
use assert_cmd::Command;
use hocso::app::{App, Event, Msg, Screen, update};
use hocso::course::load::{Options, load_parts, load_parts_with};
use hocso::course::meta::{Month, Stale};
use hocso::course::source::SourceFile;
use hocso::ui::keymap::Key;
use hocso::ui::lang::Lang;
use hocso::ui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn lesson(meta: &str) -> Vec<SourceFile> {
    let text = format!(
        "id: bai-meta\ntitle: \"Bài\"\n{meta}pages:\n  - title: \"Trang\"\n    body: \"Nội dung.\"\n\
         quiz:\n  questions:\n    - id: q-meta\n      kind: true_false\n      prompt: \"Đúng?\"\n\
         \x20     answer: true\n      explanation: \"Vì thế.\"\n"
    );
    vec![SourceFile {
        path: "bai.yaml".into(),
        bytes: text.into_bytes().into(),
    }]
}

fn codes(l: &hocso::course::load::Loaded) -> Vec<(usize, &'static str)> {
    l.diagnostics.iter().map(|d| (d.line, d.code)).collect()
}

const META: &str = "as_of: \"2025-06\"\nsources:\n  - \"Nghị định 13/2023/NĐ-CP\"\n";

#[test]
fn metadata_is_read_into_the_model() {
    let files = lesson(META);
    let l = load_parts(&files);
    assert_eq!(codes(&l), []);
    // A course is needed for the model: reuse the sample course's loader path.
    let c = course();
    let first = c.lessons().next().unwrap().1;
    assert_eq!(first.as_of.as_deref(), Some("2026-11"));
    assert_eq!(first.sources, ["Tài liệu mẫu cho kiểm thử"]);
}

#[test]
fn missing_metadata_is_a_warning_not_an_error() {
    let l = load_parts(&lesson(""));
    assert_eq!(codes(&l), [(1, "W009"), (1, "W009")]);
    let fields: Vec<&str> = l
        .diagnostics
        .iter()
        .filter_map(|d| d.arg("field"))
        .collect();
    assert_eq!(fields, ["as_of", "sources"]);
    let l = load_parts(&lesson("as_of: \"2026-11\"\n"));
    assert_eq!(codes(&l), [(1, "W009")]);
}

#[test]
fn as_of_must_be_year_dash_month() {
    for bad in [
        "\"2026-13\"",
        "\"11/2026\"",
        "\"2026-11-30\"",
        "\"\"",
        "2026",
    ] {
        let l = load_parts(&lesson(&format!("as_of: {bad}\nsources: [\"x\"]\n")));
        assert_eq!(codes(&l), [(3, "E039")], "{bad}");
    }
    // Unquoted is fine too: YAML reads 2026-11 as text.
    let l = load_parts(&lesson("as_of: 2026-11\nsources: [\"x\"]\n"));
    assert_eq!(codes(&l), []);
}

#[test]
fn stale_lessons_are_reported_against_the_month_passed_in() {
    let stale = |year, month, months| Options {
        stale: Some(Stale {
            today: Month { year, month },
            months,
        }),
    };
    // 2025-06 → 2026-06 is 12 months: not older than 12.
    let l = load_parts_with(&lesson(META), stale(2026, 6, 12));
    assert_eq!(codes(&l), []);
    let l = load_parts_with(&lesson(META), stale(2026, 7, 12));
    assert_eq!(codes(&l), [(3, "W010")]);
    assert_eq!(l.diagnostics[0].arg("as_of"), Some("2025-06"));
    // Without --stale nothing is said about age.
    assert_eq!(codes(&load_parts(&lesson(META))), []);
}

#[test]
fn validate_stale_uses_todays_month() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("01-cu.yaml");
    let text = String::from_utf8(
        lesson("as_of: \"2000-01\"\nsources: [\"x\"]\n")[0]
            .bytes
            .to_vec(),
    );
    std::fs::write(&old, text.unwrap()).unwrap();
    let run = |args: &[&str]| {
        Command::cargo_bin("hocso")
            .unwrap()
            .env_remove("HOCSO_LANG")
            .env_remove("HOCSO_LESSONS")
            .arg("validate")
            .args(args)
            .arg(&old)
            .output()
            .unwrap()
    };
    let out = run(&["--stale", "12"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "a warning, not an error");
    assert!(stdout.contains("01-cu.yaml:3:8: cảnh báo:"), "{stdout}");
    assert!(
        stdout.contains("2000-01") && stdout.contains("[W010]"),
        "{stdout}"
    );
    let out = run(&[]);
    assert!(!String::from_utf8_lossy(&out.stdout).contains("W010"));
    // This month is never stale.
    let now = jiff::Timestamp::now().to_zoned_datetime(jiff::tz::TimeZone::system());
    let fresh = format!(
        "as_of: \"{:04}-{:02}\"\nsources: [\"x\"]\n",
        now.year(),
        now.month()
    );
    std::fs::write(&old, &lesson(&fresh)[0].bytes).unwrap();
    let out = run(&["--stale", "0"]);
    assert!(!String::from_utf8_lossy(&out.stdout).contains("W010"));
}

fn header(app: &App) -> String {
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    term.draw(|f| hocso::ui::render(app, Theme::new(app.theme, false), f.area(), f.buffer_mut()))
        .unwrap();
    let buf = term.backend().buffer();
    (0..80).map(|x| buf[(x, 0)].symbol()).collect()
}

#[test]
fn preview_shows_the_metadata_and_learners_never_see_it() {
    let mut one = course();
    one.modules.truncate(1);
    one.modules[0].lessons.truncate(1);
    let mut app = App::preview("mau/01-lam-quen.yaml".into(), Lang::Vi, 1);
    update(&mut app, Msg::new(Event::Resize(80, 24), t0()));
    update(
        &mut app,
        Msg::new(Event::LessonReloaded(Ok(Box::new(one.clone()))), t0()),
    );
    assert!(matches!(app.screen, Screen::Reader(_)));
    let h = header(&app);
    assert!(h.contains("dữ kiện 2026-11 · 1 nguồn"), "{h}");

    // Without metadata the author is told so.
    let mut bare = one.clone();
    bare.modules[0].lessons[0].as_of = None;
    bare.modules[0].lessons[0].sources.clear();
    update(
        &mut app,
        Msg::new(Event::LessonReloaded(Ok(Box::new(bare))), t0()),
    );
    let h = header(&app);
    assert!(h.contains("chưa có as_of · chưa có nguồn"), "{h}");

    // A learner reading the same lesson sees neither.
    let mut d = Driver::new(vec![], Lang::Vi);
    d.send(Event::Resize(80, 24));
    d.open(learner("l1", "Bà Tư", None, None));
    d.key(Key::Enter);
    assert!(
        matches!(d.app.screen, Screen::Reader(_)),
        "{:?}",
        d.app.screen
    );
    let h = header(&d.app);
    assert!(!h.contains("2026-11") && !h.contains("nguồn"), "{h}");
}
