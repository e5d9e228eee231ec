//! Issue 11, tried as a trainer would: the mistakes YAML hides are flagged by `hocso validate` at
//! the right line and column with the line rewritten; causes come before (and instead of) their
//! consequences; `hocso new lesson` gives a folder its module.yaml; the preview stays on the
//! question being edited after a save.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use crate::common::*;
use assert_cmd::Command;
use hocso::app::{Action, App, Event, Msg, Screen, update};
use hocso::ui::lang::Lang;

fn hocso() -> Command {
    let mut c = Command::cargo_bin("hocso").unwrap();
    c.env_remove("HOCSO_LANG").env_remove("HOCSO_LESSONS");
    c
}

fn validate(path: &Path) -> (i32, String) {
    let out = hocso().arg("validate").arg(path).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// A lesson with the four mistakes of the acceptance, one per question.
const TRAINER_LESSON: &str = "\
id: bai-thu
title: \"Bài thử\"
as_of: \"2026-11\"
sources: [\"Nguồn\"]
pages:
  - title: \"Trang\"
    body: \"Nội dung.\"
quiz:
  questions:
    - id: q-sap-xep
      kind: order
      prompt: Sắp xếp các bước #giao hàng
      items:
        - {id: a, text: \"Đặt\"}
        - {id: b, text: \"Nhận\"}
      explanation: \"Đặt trước.\"
    - id: q-hai-cham
      kind: true_false
      prompt: \"Mang gì?\"
      answer: true
      feedback: Lưu ý: mang theo CCCD
      explanation: \"Vì thế.\"
    - id: q-yes
      kind: one
      prompt: \"Đồng ý là?\"
      choices:
        - {id: a, text: yes, correct: true}
        - {id: b, text: \"Không\", feedback: \"Sai.\"}
      explanation: \"Vì thế.\"
    - id: q-khong-dung
      kind: one
      prompt: \"Chọn một?\"
      choices:
        - {id: a, text: \"A\", feedback: \"Sai.\"}
        - {id: b, text: \"B\", feedback: \"Sai.\"}
      explanation: \"Vì thế.\"
";

#[test]
fn each_hidden_mistake_is_flagged_at_its_place_with_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("01-bai-thu.yaml");
    std::fs::write(&file, TRAINER_LESSON).unwrap();
    let (code, out) = validate(&file);
    assert_eq!(code, 1, "{out}");
    let lines: Vec<&str> = out.lines().collect();
    let find = |place: &str, code: &str| {
        lines
            .iter()
            .find(|l| l.contains(place) && l.ends_with(&format!("[{code}]")))
            .unwrap_or_else(|| panic!("no {code} at {place}:\n{out}"))
            .to_string()
    };
    // `#` in unquoted text: the column of the `#`, what learners would see, the quoted line.
    let e042 = find("01-bai-thu.yaml:12:32:", "E042");
    assert!(e042.contains("\"Sắp xếp các bước\""), "{e042}");
    assert!(
        e042.contains("prompt: \"Sắp xếp các bước #giao hàng\""),
        "{e042}"
    );
    // Unquoted `: ` inside text: the inner colon, the advice, the line rewritten.
    let e041 = find("01-bai-thu.yaml:21:22:", "E041");
    assert!(e041.contains("ngoặc kép"), "{e041}");
    assert!(
        e041.contains("feedback: \"Lưu ý: mang theo CCCD\""),
        "{e041}"
    );
    // `yes` as a choice.
    let w012 = find("01-bai-thu.yaml:27:25:", "W012");
    assert!(
        w012.contains("{id: a, text: \"yes\", correct: true}"),
        "{w012}"
    );
    // A `one` question without a correct choice.
    find("01-bai-thu.yaml:33:7:", "E026");
    // Nothing else: the broken line hides no field of the true_false question.
    assert_eq!(lines.len(), 5, "{out}");
}

#[test]
fn the_cause_comes_once_and_its_consequences_are_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("01-bai.yaml");
    let text = TRAINER_LESSON
        .replace(
            "      prompt: Sắp xếp các bước #giao hàng",
            "      prompt: \"Sắp xếp\"",
        )
        .replace(
            "      feedback: Lưu ý: mang theo CCCD",
            "      feedback: \"Mang CCCD\"",
        )
        .replace("text: yes,", "text: \"Có\",")
        .replace(
            "        - {id: a, text: \"A\", feedback: \"Sai.\"}",
            "        - {id: a, text: \"A\", correct: true}",
        )
        .replace(
            "      items:\n        - {id: a, text: \"Đặt\"}\n        - {id: b, text: \"Nhận\"}",
            "      items: \"Đặt, Nhận\"",
        );
    std::fs::write(&file, &text).unwrap();
    let (_, out) = validate(&file);
    let problems: Vec<&str> = out.lines().filter(|l| l.contains("01-bai.yaml:")).collect();
    // `items` is not a list: that alone, not also "fewer than 2 items" before it.
    assert_eq!(problems.len(), 1, "{out}");
    assert!(problems[0].ends_with("[E016]"), "{out}");
}

#[test]
fn new_lesson_in_a_folder_without_module_yaml_creates_a_commented_one() {
    let dir = tempfile::tempdir().unwrap();
    let module = dir.path().join("03-an-toan");
    hocso()
        .args(["new", "lesson"])
        .arg(&module)
        .arg("Mật khẩu mạnh")
        .assert()
        .success()
        .stdout(predicates::str::contains("module.yaml"));
    let text = std::fs::read_to_string(module.join("module.yaml")).unwrap();
    assert!(
        text.starts_with("# yaml-language-server: $schema="),
        "{text}"
    );
    assert!(text.contains("\nid: an-toan\n"), "{text}");
    assert!(
        text.contains("course.yaml"),
        "the comment says what else to do: {text}"
    );
    // The folder now checks as a module with its lesson (warning only for the empty sources).
    let (code, out) = validate(&module);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("1 bài"), "{out}");
    // A second lesson keeps the module file as the trainer edited it.
    std::fs::write(
        module.join("module.yaml"),
        text.replace("an toan", "An toàn"),
    )
    .unwrap();
    hocso()
        .args(["new", "lesson"])
        .arg(&module)
        .arg("Mã OTP")
        .assert()
        .success()
        .stdout(predicates::str::contains("module.yaml").not());
    let again = std::fs::read_to_string(module.join("module.yaml")).unwrap();
    assert!(again.contains("An toàn"));
}

use predicates::prelude::PredicateBooleanExt;

fn send(app: &mut App, ev: Event) {
    update(app, Msg::new(ev, t0()));
}

fn on_question(app: &App) -> Option<String> {
    match &app.screen {
        Screen::Quiz(q) => Some(q.question.clone()),
        _ => None,
    }
}

#[test]
fn preview_stays_on_the_question_being_edited() {
    let mut one = course();
    one.modules.truncate(1);
    one.modules[0].lessons.truncate(1);
    let questions: Vec<String> = one.modules[0].lessons[0]
        .quiz
        .questions
        .iter()
        .map(|q| q.id.clone())
        .collect();
    assert!(
        questions.len() >= 3,
        "the sample lesson has several questions"
    );
    let mut app = App::preview("mau/01-lam-quen.yaml".into(), Lang::Vi, 1);
    send(&mut app, Event::Resize(80, 24));
    send(&mut app, Event::LessonReloaded(Ok(Box::new(one.clone()))));
    // Through the pages into the quiz, then on to the second question.
    for _ in 0..20 {
        if on_question(&app).is_some() {
            break;
        }
        send(&mut app, Event::Act(Action::Right));
    }
    assert_eq!(on_question(&app).as_deref(), Some(questions[0].as_str()));
    for _ in 0..20 {
        if on_question(&app).as_deref() == Some(questions[1].as_str()) {
            break;
        }
        send(&mut app, Event::Act(Action::Pick(1)));
        send(&mut app, Event::Act(Action::Confirm));
    }
    assert_eq!(on_question(&app).as_deref(), Some(questions[1].as_str()));
    // Saved: the same question again, not page 1.
    send(&mut app, Event::LessonReloaded(Ok(Box::new(one.clone()))));
    assert_eq!(on_question(&app).as_deref(), Some(questions[1].as_str()));
    // The question was deleted: back to the pages.
    let mut fewer = one.clone();
    fewer.modules[0].lessons[0]
        .quiz
        .questions
        .retain(|q| q.id != questions[1]);
    send(&mut app, Event::LessonReloaded(Ok(Box::new(fewer))));
    assert!(matches!(app.screen, Screen::Reader(_)), "{:?}", app.screen);
}

/// The screen drawn at `w`×`h`, as text.
fn drawn(app: &App, w: u16, h: u16) -> String {
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    let area = Rect::new(0, 0, w, h);
    let mut buf = Buffer::empty(area);
    hocso::ui::render(
        app,
        hocso::ui::theme::Theme::new(app.theme, false),
        area,
        &mut buf,
    );
    (0..h)
        .map(|y| (0..w).map(|x| buf[(x, y)].symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Issue 24: a lesson that works but has warnings (a wrong choice without feedback) shows them
/// in the preview: a notice with each warning when they are new, and a count in the header.
#[test]
fn preview_shows_the_warnings_of_a_lesson_that_works() {
    use hocso::app::Overlay;
    use hocso::front::preview::load_lesson_warned;
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons/lam-quen");
    let lesson = std::fs::read_to_string(root.join("02-vao-mang.yaml")).unwrap();
    let feedback = "          feedback: \"Chế độ máy bay làm ngược lại: nó tắt mọi kết nối.\"\n";
    assert!(lesson.contains(feedback));
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(root.join("glossary.yaml"), dir.path().join("glossary.yaml")).unwrap();
    let file = dir.path().join("02-vao-mang.yaml");
    let text = lesson.replacen(feedback, "", 1);
    std::fs::write(&file, &text).unwrap();
    // W003 is on the choice's `- id: c` line, just above its text: the text's 0-based index.
    let choice = text
        .lines()
        .position(|l| l.contains("text: \"Bật chế độ máy bay\""))
        .unwrap();
    let (course, warnings) = load_lesson_warned(&file, Lang::Vi);
    let course = course.expect("a warning does not stop the lesson");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains(&format!("02-vao-mang.yaml:{choice}:"))
            && warnings[0].ends_with("[W003]"),
        "{warnings:?}"
    );
    let mut app = App::preview("02-vao-mang.yaml".into(), Lang::Vi, 1);
    send(&mut app, Event::Resize(100, 30));
    send(
        &mut app,
        Event::LessonReloaded(Ok(Box::new(course.clone()))),
    );
    let shown = |heading: &str, lines: &[String]| Event::LessonWarnings {
        heading: heading.into(),
        lines: lines.to_vec(),
    };
    send(&mut app, shown("Có 1 cảnh báo", &warnings));
    match &app.overlay {
        Some(Overlay::Notice { message, .. }) => {
            assert!(message.starts_with("Có 1 cảnh báo"), "{message}");
            assert!(message.contains(&warnings[0]), "{message}");
        }
        other => panic!("no notice: {other:?}"),
    }
    let screen = drawn(&app, 100, 30);
    assert!(screen.contains("⚠ 1 cảnh báo"), "{screen}");
    assert!(screen.contains("Lựa chọn sai \"c\""), "{screen}");
    // Closed, then the same warnings after another save: the lesson, the count stays.
    send(&mut app, Event::Act(Action::Back));
    assert!(app.overlay.is_none());
    send(
        &mut app,
        Event::LessonReloaded(Ok(Box::new(course.clone()))),
    );
    send(&mut app, shown("Có 1 cảnh báo", &warnings));
    assert!(app.overlay.is_none(), "{:?}", app.overlay);
    assert!(drawn(&app, 100, 30).contains("⚠ 1 cảnh báo"));
    // Fixed: no count.
    send(&mut app, Event::LessonReloaded(Ok(Box::new(course))));
    send(&mut app, shown("", &[]));
    assert!(!drawn(&app, 100, 30).contains("cảnh báo"));
    // Broken with a fix of several lines: shown line by line under its message, indented.
    let error =
        "02-vao-mang.yaml:94:17: lỗi: Danh sách. [E046]\n          text: |\n            Các bước";
    send(&mut app, Event::LessonReloaded(Err(vec![error.into()])));
    let screen = drawn(&app, 100, 30);
    assert!(
        screen.contains("\n             text: |") && screen.contains("\n               Các bước"),
        "{screen}"
    );
}
