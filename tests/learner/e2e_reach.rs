//! End to end, accessibility: the real binary in a pseudo-terminal (80×24). The readiness check
//! on a PC's first start ("No" → ASCII from then on), a question answered with real SGR mouse
//! escape sequences, a whole lesson in the plain line mode (no escape sequences; the same
//! progress as the full screen), a raised hand seen by another process's class view, and a
//! page read aloud by espeak-ng into a WAV file.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::time::{Duration, Instant};

use crate::common::listed_number;
use crate::pty::{CTRL_C, ENTER, RIGHT, SIZE, Session, TAB};

/// `hocso ARGS` at 80×24 with `env` only (no HOCSO_SYMBOLS: the readiness check shows).
fn start(data: &Path, args: &[&str], env: &[(&str, &str)]) -> Session {
    Session::with(data, args, env, SIZE)
}

fn new_learner(s: &mut Session) {
    s.wait_for("Người học mới");
    s.step(ENTER, "Họ và tên");
    s.send("Nguyễn Thị Hoa");
    s.step(TAB, "Năm sinh");
    s.send("1960");
    s.send(TAB);
    s.step(ENTER, "Làm quen cách học");
}

fn learner_file(data: &Path) -> serde_json::Value {
    let file = std::fs::read_dir(data.join("learners"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "json"))
        .unwrap();
    serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap()
}

fn ascii_only(s: &Session) {
    let text = s.text();
    assert!(
        text.chars().all(hocso::ui::symbols::console_safe),
        "a symbol the console cannot draw:\n{text}"
    );
}

#[test]
fn readiness_no_makes_every_later_screen_ascii() {
    let data = tempfile::tempdir().unwrap();
    let mut s = start(data.path(), &[], &[]);
    s.wait_for("Kiểm tra màn hình");
    s.wait_for("✓ ✗ ›");
    s.step("2", "Nếu chữ tiếng Việt cũng bị lỗi");
    s.step(ENTER, "Người học mới");
    ascii_only(&s);
    new_learner(&mut s);
    ascii_only(&s);
    s.step(ENTER, "Trang 1/2");
    ascii_only(&s);
    s.step(RIGHT, "Trang 2/2");
    s.step(RIGHT, "Câu 1/3");
    let wrong = listed_number(&s.text(), "Mũi tên trái");
    s.send(&wrong);
    s.step(ENTER, "Chưa đúng");
    ascii_only(&s);
    assert!(
        s.text().contains(&format!("x (*) {wrong}.")),
        "{}",
        s.text()
    );
    s.send(CTRL_C);
    assert_eq!(s.wait_exit(), 0);
    let pc = std::fs::read_dir(data.path().join("pc"))
        .unwrap()
        .next()
        .unwrap();
    let stored = std::fs::read_to_string(pc.unwrap().path()).unwrap();
    assert!(stored.contains("\"ascii\""), "{stored}");
    // Next start on this PC: no check, still ASCII.
    let mut s = start(data.path(), &[], &[]);
    s.wait_for("Nguyễn Thị Hoa");
    assert!(!s.text().contains("Kiểm tra màn hình"));
    assert!(s.text().contains("> Nguyễn Thị Hoa"), "{}", s.text());
    ascii_only(&s);
    s.send(CTRL_C);
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn a_lesson_with_real_mouse_clicks() {
    let data = tempfile::tempdir().unwrap();
    let mut s = start(data.path(), &[], &[("HOCSO_SYMBOLS", "unicode")]);
    new_learner(&mut s);
    // A click selects the lesson row, a second click opens it.
    s.click("Các kiểu câu hỏi");
    s.wait_until("second lesson selected", |s| {
        s.text().contains("› ○ Các kiểu")
    });
    s.click("Làm quen cách học");
    s.click("Làm quen cách học");
    s.wait_for("Trang 1/2");
    s.click("Trang sau");
    s.wait_for("Trang 2/2");
    s.click("Làm bài");
    s.wait_for("Câu 1/3");
    let n = listed_number(&s.text(), "Mũi tên phải");
    s.click("Mũi tên phải");
    s.wait_for(&format!("(•) {n}."));
    s.click("Trả lời");
    s.wait_for("Đúng rồi");
    s.click("Tiếp");
    s.wait_for("Câu 2/3");
    s.click("Sai");
    s.wait_for("(•) 2.");
    s.click("Trả lời");
    s.wait_for("Đúng rồi");
    s.click("Tiếp");
    s.wait_for("Câu 3/3");
    let n = listed_number(&s.text(), "Gọi video");
    s.click("Gọi video");
    s.wait_for(&format!("[x] {n}."));
    let n = listed_number(&s.text(), "Chụp ảnh");
    s.click("Chụp ảnh");
    s.wait_for(&format!("[x] {n}."));
    s.click("Trả lời");
    s.wait_for("Đúng rồi");
    s.click("Tiếp");
    s.wait_for("Đúng 3/3 câu");
    // The wheel moves through the map's list.
    s.step(ENTER, "Làm quen cách học");
    s.send("\x1b[<65;10;5M");
    s.wait_until("wheel moved the selection", |s| {
        s.text().contains("› ○ Các kiểu")
    });
    s.send(CTRL_C);
    assert_eq!(s.wait_exit(), 0);
    let saved = learner_file(data.path());
    assert_eq!(
        saved["courses"]["mau"]["lessons"]["mau-lam-quen"]["status"],
        "done"
    );
}

/// The first lesson in plain mode; returns the learner file.
fn plain_lesson(data: &Path) -> serde_json::Value {
    let mut s = start(data, &["--plain"], &[]);
    s.wait_output(0, "Người học mới");
    s.line("0", "Họ và tên");
    s.line("Nguyễn Thị Hoa", "Năm sinh");
    s.line("1960", "Thôn / lớp");
    s.line("", "Làm quen cách học");
    s.line("?", "Các lệnh");
    s.line("1", "Trang 1 trên 2");
    s.line("", "Trang 2 trên 2");
    s.line("", "Câu 1 trên 3");
    s.wait_output(0, "Mũi tên phải");
    s.line(&listed_number(&s.output(), "Mũi tên phải"), "Đúng rồi");
    s.line("", "Câu 2 trên 3");
    s.line("2", "Đúng rồi");
    s.line("", "Câu 3 trên 3");
    s.wait_output(0, "Chụp ảnh");
    let out = s.output();
    let (a, b) = (
        listed_number(&out, "Gọi video"),
        listed_number(&out, "Chụp ảnh"),
    );
    s.line(&format!("{a} {b}"), "Đúng rồi");
    s.line("", "Đúng 3/3 câu");
    s.line("", "d: nghe lại danh sách bài");
    s.send("\x04");
    assert_eq!(s.wait_exit(), 0);
    let out = s.bytes();
    let bad: Vec<u8> = out
        .iter()
        .copied()
        .filter(|b| *b < 0x20 && !matches!(b, b'\n' | b'\r'))
        .collect();
    assert!(
        bad.is_empty(),
        "control bytes {bad:?} in plain output:\n{}",
        String::from_utf8_lossy(&out)
    );
    learner_file(data)
}

/// The same lesson on the full screen.
fn full_screen_lesson(data: &Path) -> serde_json::Value {
    let mut s = start(data, &[], &[("HOCSO_SYMBOLS", "unicode")]);
    new_learner(&mut s);
    s.step(ENTER, "Trang 1/2");
    s.step(RIGHT, "Trang 2/2");
    s.step(RIGHT, "Câu 1/3");
    s.send(&listed_number(&s.text(), "Mũi tên phải"));
    s.step(ENTER, "Đúng rồi");
    s.step(ENTER, "Câu 2/3");
    s.send("2");
    s.step(ENTER, "Đúng rồi");
    s.step(ENTER, "Câu 3/3");
    s.wait_for("Chụp ảnh");
    let text = s.text();
    s.send(&listed_number(&text, "Gọi video"));
    s.send(&listed_number(&text, "Chụp ảnh"));
    s.step(ENTER, "Đúng rồi");
    s.step(ENTER, "Đúng 3/3 câu");
    s.step(ENTER, "Các kiểu câu hỏi");
    s.send(CTRL_C);
    assert_eq!(s.wait_exit(), 0);
    learner_file(data)
}

/// What a lesson record says, without times and random ids.
fn essentials(lf: &serde_json::Value) -> serde_json::Value {
    let l = &lf["courses"]["mau"]["lessons"]["mau-lam-quen"];
    let attempt = &l["attempts"][0];
    let answers: serde_json::Map<String, serde_json::Value> = attempt["answers"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                serde_json::json!([v["answer"], v["correct"], v["hints"]]),
            )
        })
        .collect();
    serde_json::json!({
        "status": l["status"], "best": l["best_score"], "page": l["page"],
        "order": attempt["order"], "score": attempt["score"], "answers": answers,
        "resume": [lf["courses"]["mau"]["resume"]["lesson"], lf["courses"]["mau"]["resume"]["place"]["at"]],
    })
}

#[test]
fn plain_mode_lesson_has_no_escapes_and_saves_like_the_full_screen() {
    let plain = tempfile::tempdir().unwrap();
    let full = tempfile::tempdir().unwrap();
    let a = essentials(&plain_lesson(plain.path()));
    let b = essentials(&full_screen_lesson(full.path()));
    assert_eq!(a["status"], "done", "{a}");
    assert_eq!(a, b);
    // Resumable in the other front: the full screen shows the lesson done.
    let mut s = start(
        plain.path(),
        &["--learner", "Nguyễn Thị Hoa"],
        &[("HOCSO_SYMBOLS", "unicode")],
    );
    s.wait_for("✓ Làm quen cách học");
    s.send(CTRL_C);
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn a_raised_hand_shows_in_another_process_class_view() {
    let data = tempfile::tempdir().unwrap();
    let uni = [("HOCSO_SYMBOLS", "unicode")];
    // The trainer opens the class view first: this folder is a class's, so H promises the
    // teacher (a folder no class view was opened on is a learner's at home).
    let mut class = start(data.path(), &["class"], &uni);
    class.wait_for("Lớp học");
    let mut learner = start(data.path(), &[], &uni);
    new_learner(&mut learner);
    learner.step(ENTER, "Trang 1/2");
    learner.step("h", "Đã báo giáo viên");
    learner.step(ENTER, "Đã gọi giáo viên");
    class.wait_for("cần giúp: Nguyễn Thị Hoa");
    class.wait_for("Làm quen cách học");
    class.wait_for("chờ 0 phút");
    // The trainer clears it: the learner's screen follows within a few seconds.
    class.send("1");
    class.wait_until("call cleared", |s| !s.text().contains("cần giúp: Nguyễn"));
    learner.wait_until("learner told", |s| !s.text().contains("Đã gọi giáo viên"));
    // Raised again and lowered by the learner: gone from the class view at its next refresh.
    learner.step("h", "Đã báo giáo viên");
    learner.send(ENTER);
    class.wait_for("cần giúp: Nguyễn Thị Hoa");
    learner.send("h");
    learner.wait_until("lowered", |s| !s.text().contains("Đã gọi giáo viên"));
    class.wait_until("class follows", |s| !s.text().contains("cần giúp: Nguyễn"));
    for s in [&mut learner, &mut class] {
        s.send(CTRL_C);
        assert_eq!(s.wait_exit(), 0);
    }
}

/// Duration in seconds of a PCM WAV file, from its header.
fn wav_seconds(bytes: &[u8]) -> f64 {
    assert_eq!(&bytes[0..4], b"RIFF");
    assert_eq!(&bytes[8..12], b"WAVE");
    let u32_at = |i: usize| u32::from_le_bytes(bytes[i..i + 4].try_into().unwrap());
    let rate = u32_at(24);
    let block = u16::from_le_bytes(bytes[32..34].try_into().unwrap());
    let data = (bytes.len() - 44) as f64;
    data / f64::from(rate) / f64::from(block)
}

#[test]
fn a_page_read_aloud_by_espeak_ng() {
    let data = tempfile::tempdir().unwrap();
    let wav = data.path().join("trang.wav");
    let tts = format!("espeak-ng -v vi -w {} --stdin", wav.display());
    let mut s = start(
        data.path(),
        &[],
        &[("HOCSO_SYMBOLS", "unicode"), ("HOCSO_TTS", &tts)],
    );
    new_learner(&mut s);
    s.step(ENTER, "Trang 1/2");
    s.send("n");
    // Keys are not blocked while it speaks: the screen still answers.
    s.step("?", "Các phím dùng ở đây");
    // The voice was stopped by that key; read again and leave it alone until it is done.
    s.send("\x1b");
    s.wait_until("help closed", |s| !s.text().contains("Các phím dùng ở đây"));
    std::fs::remove_file(&wav).ok();
    s.send("n");
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut last = 0;
    loop {
        std::thread::sleep(Duration::from_millis(500));
        let len = std::fs::metadata(&wav).map(|m| m.len()).unwrap_or(0);
        if len > 44 && len == last {
            break;
        }
        last = len;
        assert!(Instant::now() < deadline, "no WAV written");
    }
    let secs = wav_seconds(&std::fs::read(&wav).unwrap());
    // Page 1 is about forty words: a few seconds of speech, not a blip and not minutes.
    assert!((4.0..90.0).contains(&secs), "{secs} s");
    s.send(CTRL_C);
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn no_speech_engine_gives_one_clear_line() {
    let data = tempfile::tempdir().unwrap();
    let env = [
        ("HOCSO_SYMBOLS", "unicode"),
        ("HOCSO_TTS", "khong-co-chuong-trinh-nay"),
    ];
    let mut s = start(data.path(), &[], &env);
    new_learner(&mut s);
    s.step(ENTER, "Trang 1/2");
    s.step("n", "chưa có giọng đọc");
    s.step(ENTER, "Trang 1/2");
    s.send(CTRL_C);
    assert_eq!(s.wait_exit(), 0);
}
