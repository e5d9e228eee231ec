//! End to end: the real binary in a pseudo-terminal at 80×24 with a temp data folder. We wait
//! for text on the emulated screen (vt100), never for a fixed time.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::time::Duration;

use crate::pty::{CTRL_C, ENTER, RIGHT, Session, TAB};

fn learner_file(data: &Path) -> serde_json::Value {
    let dir = data.join("learners");
    let file = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "json"))
        .unwrap();
    serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap()
}

/// Creates Hoa, reads the first lesson, answers question 1 wrong and question 2 right.
fn learn_a_bit(s: &mut Session) {
    s.wait_for("Người học mới");
    s.step(ENTER, "Họ và tên");
    s.send("Nguyễn Thị Hoa");
    s.step(TAB, "Năm sinh");
    s.send("1960");
    s.send(TAB);
    s.send("Thôn 2");
    s.step(ENTER, "Làm quen cách học");
    s.step(ENTER, "Trang 1/2");
    s.step(RIGHT, "Trang 2/2");
    s.step(RIGHT, "Câu 1/3");
    // Choices are shuffled per attempt: pick the wrong one by its text.
    s.send(&crate::common::listed_number(&s.text(), "Mũi tên trái"));
    s.step(ENTER, "Chưa đúng");
    s.step(ENTER, "Câu 2/3");
    s.send("2");
    s.step(ENTER, "Đúng rồi");
}

#[test]
fn learn_quit_and_resume_where_she_stopped() {
    let data = tempfile::tempdir().unwrap();
    let mut s = Session::start(data.path(), &[]);
    learn_a_bit(&mut s);
    s.send(CTRL_C);
    assert_eq!(s.wait_exit(), 0);
    let saved = learner_file(data.path());
    assert_eq!(saved["profile"]["name"], "Nguyễn Thị Hoa");
    let answers = &saved["courses"]["mau"]["lessons"]["mau-lam-quen"]["attempts"][0]["answers"];
    assert_eq!(answers["mau-q-mot"]["correct"], false);
    assert_eq!(answers["mau-q-dung-sai"]["correct"], true);

    // Next session: pick her by typing, then "Tiếp tục" lands on question 3.
    let mut s = Session::start(data.path(), &[]);
    s.wait_for("sinh 1960 · Thôn 2");
    s.send("hoa");
    s.step(ENTER, "Làm quen cách học");
    s.step("t", "Câu 3/3");
    s.send(CTRL_C);
    assert_eq!(s.wait_exit(), 0);
}

#[cfg(unix)]
#[test]
fn killed_mid_quiz_loses_nothing() {
    let data = tempfile::tempdir().unwrap();
    let mut s = Session::start(data.path(), &[]);
    learn_a_bit(&mut s);
    s.signal("KILL");
    s.wait_exit();
    // Self-study start: straight in by name, then on to question 3 with both answers kept.
    let mut s = Session::start(data.path(), &["--learner", "Nguyễn Thị Hoa"]);
    // The killed session's lock is stale: she is asked, kindly, whether to take over.
    s.wait_for("chưa đóng đúng cách");
    s.step(ENTER, "Tiếp tục");
    s.step("t", "Câu 3/3");
    s.send(CTRL_C);
    assert_eq!(s.wait_exit(), 0);
    let saved = learner_file(data.path());
    let answers = &saved["courses"]["mau"]["lessons"]["mau-lam-quen"]["attempts"][0]["answers"];
    assert_eq!(answers.as_object().unwrap().len(), 2);
}

#[test]
fn broken_lessons_folder_gives_a_plain_message() {
    let data = tempfile::tempdir().unwrap();
    let lessons = tempfile::tempdir().unwrap();
    std::fs::write(lessons.path().join("course.yaml"), "format: [").unwrap();
    let out = std::process::Command::new(crate::common::hocso_bin())
        .env("HOCSO_DATA_DIR", data.path())
        .arg("--lessons")
        .arg(lessons.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("Không mở được bài học"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn a_damaged_learner_file_is_set_aside_and_the_picker_says_so() {
    let data = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(data.path().join("learners")).unwrap();
    std::fs::write(
        data.path().join("learners/nguyen-van-an-abc123.json"),
        "{ half a file",
    )
    .unwrap();
    let mut s = Session::start(data.path(), &[]);
    s.wait_for("không đọc được");
    s.wait_for("Người học mới");
    s.send(CTRL_C);
    assert_eq!(s.wait_exit(), 0);
    let log = std::fs::read_to_string(data.path().join("hocso.log")).unwrap();
    assert!(!log.is_empty());
}

/// Author flow: `hocso new lesson` → `hocso preview --watch` → break the file (the validator's
/// message appears in place) → fix it with a new title (the lesson comes back, no restart).
/// Nothing is written to the data folder.
#[test]
fn preview_watch_shows_diagnostics_then_the_fixed_lesson() {
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let file = hocso::cli::scaffold::new_lesson(&work.path().join("mau"), "Bài xem trước").unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    let mut s = Session::start(data.path(), &["preview", file.to_str().unwrap(), "--watch"]);
    s.wait_for("Bài xem trước");
    s.wait_for("Trang đầu tiên");

    std::fs::write(&file, text.replace("kind: one\n", "kind: onee\n")).unwrap();
    s.wait_for("E018");
    assert!(s.text().contains("onee"), "{}", s.text());

    let fixed = text.replace("title: \"Bài xem trước\"", "title: \"Tiêu đề đã sửa\"");
    assert_ne!(fixed, text);
    std::fs::write(&file, fixed).unwrap();
    s.wait_for("Tiêu đề đã sửa");
    assert!(!s.text().contains("E018"));

    s.step("q", "Tiếp tục");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
    let left: Vec<_> = std::fs::read_dir(data.path()).unwrap().collect();
    assert!(
        left.is_empty(),
        "preview wrote to the data folder: {left:?}"
    );
}

/// Trainer flow: a PIN is set; F2 on the picker asks for it, a wrong PIN is refused, the right
/// one shows the class, and a learner added meanwhile appears without any key press.
#[test]
fn class_view_behind_a_pin_refreshes_by_itself() {
    let data = tempfile::tempdir().unwrap();
    let store = hocso::store::learners::Store::open(data.path()).unwrap();
    let new = |name: &str| hocso::store::learners::NewLearner {
        name: name.into(),
        birth_year: None,
        group: None,
    };
    store
        .create(new("Nguyễn Văn An"), jiff::Timestamp::now())
        .unwrap();
    hocso::trainer::pin::set(data.path(), "246802").unwrap();
    let mut s = Session::start(data.path(), &[]);
    s.wait_for("Nguyễn Văn An");
    s.step("\x1bOQ", "Mã PIN");
    s.step("1111\r", "Còn 2 lần thử");
    s.step("246802\r", "Bài xong");
    s.wait_for("1 học viên");
    store
        .create(new("Phạm Thị Dung"), jiff::Timestamp::now())
        .unwrap();
    s.wait_for("Phạm Thị Dung");
    s.step("q", "Chào bác");
    // The picker behind it has the new learner too.
    s.wait_for("Phạm Thị Dung");
    s.send(CTRL_C);
    assert_eq!(s.wait_exit(), 0);
}

/// A farmer pressing Esc again and again from a page never lands at the command prompt: the
/// picker asks, Esc there means "stay". Ctrl+C leaves, and the normal screen says the work is
/// saved, with her name.
#[test]
fn esc_never_leaves_and_ctrl_c_says_goodbye() {
    let data = tempfile::tempdir().unwrap();
    let mut s = Session::start(data.path(), &[]);
    s.wait_for("Người học mới");
    s.step(ENTER, "Họ và tên");
    s.send("Nguyễn Thị Hoa");
    s.step(ENTER, "Làm quen cách học");
    s.step(ENTER, "Trang 1/2");
    for _ in 0..5 {
        s.send("\x1b");
        // Give each Esc its own frame, so they are not read as one escape sequence.
        std::thread::sleep(Duration::from_millis(150));
    }
    s.wait_for("Thoát chương trình?");
    assert!(s.running(), "hocso exited on Esc");
    s.send("\x1b");
    std::thread::sleep(Duration::from_millis(150));
    s.step("hoa", "Nguyễn Thị Hoa");
    s.step(ENTER, "Làm quen cách học");
    s.send(CTRL_C);
    assert_eq!(s.wait_exit(), 0);
    s.wait_for("Đã lưu bài của bác Nguyễn Thị Hoa. Hẹn gặp lại!");
}

/// `hocso classroom on|off` (issue 22, item 1): the trainer's setting is kept in the data
/// folder and every learner session on it honours it, with no `--classroom` on the shortcut.
/// Switching needs the trainer PIN; a wrong one changes nothing.
#[test]
fn classroom_mode_stored_for_the_folder_is_honoured_by_every_session() {
    let data = tempfile::tempdir().unwrap();
    let hocso = |args: &[&str]| {
        let out = std::process::Command::new(crate::common::hocso_bin())
            .arg("--data-dir")
            .arg(data.path())
            .args(args)
            .env_remove("HOCSO_LANG")
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.code(), text)
    };
    // No PIN yet: it cannot be switched on (it could keep nobody in).
    let (code, text) = hocso(&["classroom", "on", "--pin", "246802"]);
    assert_eq!(code, Some(2), "{text}");
    assert!(text.contains("hocso class pin set"), "{text}");
    hocso::trainer::pin::set(data.path(), "246802").unwrap();
    let (code, text) = hocso(&["classroom", "on", "--pin", "111111"]);
    assert_eq!(code, Some(1), "{text}");
    assert!(hocso(&["classroom", "status"]).1.contains("đang tắt"));
    let (code, text) = hocso(&["classroom", "on", "--pin", "246802"]);
    assert_eq!(code, Some(0), "{text}");
    assert!(hocso(&["classroom", "status"]).1.contains("đang bật"));
    // A session started plainly: Esc on the picker asks for the PIN, not "thoát?".
    let mut s = Session::start(data.path(), &[]);
    s.wait_for("Người học mới");
    s.step("\x1b", "cần mã PIN của giáo viên để thoát");
    s.send("246802\r");
    assert_eq!(s.wait_exit(), 0);
    s.wait_for("Hẹn gặp lại!");
    // Switched off: the next session asks the learner, as at home.
    let (code, text) = hocso(&["classroom", "off", "--pin", "246802"]);
    assert_eq!(code, Some(0), "{text}");
    let mut s = Session::start(data.path(), &[]);
    s.wait_for("Người học mới");
    s.step("\x1b", "Thoát chương trình?");
    s.send(ENTER);
    assert_eq!(s.wait_exit(), 0);
}

/// At home (a folder no class view was opened on, no trainer PIN), H offers what helps at
/// home and still leaves the call for a trainer to see.
#[test]
fn h_at_home_names_family_and_the_commune_team() {
    let data = tempfile::tempdir().unwrap();
    let mut s = Session::start(data.path(), &[]);
    s.wait_for("Người học mới");
    s.step(ENTER, "Họ và tên");
    s.send("Nguyễn Thị Hoa");
    s.step(ENTER, "Làm quen cách học");
    s.step(ENTER, "Trang 1/2");
    s.step("h", "Nhờ con cháu");
    assert!(!s.text().contains("giáo viên sẽ đến"), "{}", s.text());
    s.wait_for("Tổ công nghệ số cộng đồng");
    assert_eq!(hocso::store::classroom::hands(data.path()).len(), 1);
    s.send(CTRL_C);
    assert_eq!(s.wait_exit(), 0);
}
