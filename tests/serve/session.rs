//! A learner's session over the WebSocket: learn, lose the connection and come back to the same
//! screen, say goodbye and find the work saved and the learner free; idle sessions end.
#![allow(clippy::unwrap_used)]

use std::time::Duration;

use crate::harness::{
    CODE, ENTER, Page, RIGHT, Server, all_released, learner_file, new_learner_to_page_two,
};

fn answer_two(p: &mut Page) {
    p.step(RIGHT, "Câu 1/3");
    let wrong = crate::common::listed_number(&p.text(), "Mũi tên trái");
    p.keys(&wrong);
    p.step(ENTER, "Chưa đúng");
    p.step(ENTER, "Câu 2/3");
    p.keys("2");
    p.step(ENTER, "Đúng rồi");
}

#[test]
fn learn_drop_resume_the_same_session_then_bye_saves_and_frees() {
    let srv = Server::start(&[], &[]);
    let mut p = srv.page();
    let token = p.token();
    assert_eq!(token.len(), 32);
    new_learner_to_page_two(&mut p);
    // The session note says the learner is on a phone (the class view shows "điện thoại").
    let note = std::fs::read_dir(srv.learners())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "session"))
        .unwrap();
    let note: serde_json::Value = serde_json::from_slice(&std::fs::read(note).unwrap()).unwrap();
    assert_eq!(note["phone"], true, "{note}");
    answer_two(&mut p);

    // The Wi-Fi drops: the socket goes without a word.
    drop(p);
    let mut back = Page::connect(&srv.url(&format!("code={CODE}&c=80&r=24&s={token}")));
    assert_eq!(back.token(), token, "the same session");
    // The whole screen at once, not a blank terminal.
    back.pump(Duration::from_millis(300));
    assert!(back.text().contains("Đúng rồi"), "{}", back.text());
    back.step(ENTER, "Câu 3/3");

    // The tab is closed for good.
    back.send_json(serde_json::json!({"t": "bye"}));
    back.wait_gone();
    all_released(&srv.learners());
    assert_eq!(
        learner_file(&srv.learners())["profile"]["name"],
        "Nguyễn Thị Hoa"
    );

    // A new page: she is on the list, opens without "open elsewhere", and continues at
    // question 3 (both answers were saved).
    let mut again = srv.page();
    assert_ne!(again.token(), token);
    again.wait_for("sinh 1960");
    again.keys("hoa");
    again.step(ENTER, "Làm quen cách học");
    again.step("t", "Câu 3/3");
}

#[test]
fn a_session_without_keys_ends_saved_after_the_idle_time() {
    let srv = Server::start(&[], &[("HOCSO_SERVE_IDLE", "3")]);
    let mut p = srv.page();
    p.wait_for("Người học mới");
    p.step(ENTER, "Họ và tên");
    p.keys("Trần Văn Nam");
    p.step(ENTER, "Làm quen cách học");
    // No key for 3 s: the program is closed (saved), the page told.
    p.wait_said("end");
    p.wait_gone();
    all_released(&srv.learners());
    assert_eq!(
        learner_file(&srv.learners())["profile"]["name"],
        "Trần Văn Nam"
    );
}

#[test]
fn a_page_can_resize_its_terminal_within_limits() {
    let srv = Server::start(&[], &[]);
    let mut p = srv.page();
    p.wait_for("Người học mới");
    // A phone held upright: 40 columns; and absurd sizes are held to the program's limits.
    p.send_json(serde_json::json!({"t": "resize", "c": 40, "r": 30}));
    p.screen
        .set_size(30.try_into().unwrap(), 40.try_into().unwrap());
    p.pump(Duration::from_millis(500));
    p.send_json(serde_json::json!({"t": "resize", "c": 100000, "r": -3}));
    p.send_json(serde_json::json!({"t": "resize", "c": 1, "r": 1}));
    p.screen
        .set_size(12.try_into().unwrap(), 40.try_into().unwrap());
    p.step(ENTER, "Họ và tên");
}

#[cfg(unix)]
#[test]
fn stopping_the_server_closes_every_program_saved_and_free() {
    let mut srv = Server::start(&[], &[]);
    let mut p = srv.page();
    new_learner_to_page_two(&mut p);
    // The trainer presses Ctrl+C in the server's window.
    let pid = srv.child.id().to_string();
    let sent = std::process::Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .unwrap();
    assert!(sent.success());
    let end = std::time::Instant::now() + Duration::from_secs(10);
    while srv.child.try_wait().unwrap().is_none() {
        assert!(std::time::Instant::now() < end, "the server did not stop");
        std::thread::sleep(Duration::from_millis(50));
    }
    // Its learner program got its terminal closed: it saved, removed its note and ended.
    p.wait_gone();
    all_released(&srv.learners());
    assert_eq!(
        learner_file(&srv.learners())["profile"]["name"],
        "Nguyễn Thị Hoa"
    );
}

#[test]
fn a_second_tab_with_the_same_token_takes_over_and_the_first_is_told() {
    let srv = Server::start(&[], &[]);
    let mut first = srv.page();
    let token = first.token();
    first.wait_for("Người học mới");
    let mut second = Page::connect(&srv.url(&format!("code={CODE}&c=80&r=24&s={token}")));
    assert_eq!(second.token(), token);
    first.wait_said("moved");
    first.wait_gone();
    second.step(ENTER, "Họ và tên");
}

#[test]
fn read_aloud_is_handed_to_the_page_not_spoken_on_the_server() {
    let srv = Server::start(&[], &[("HOCSO_TTS", "false")]);
    let mut p = srv.page();
    new_learner_to_page_two(&mut p);
    p.raw.clear();
    // F4, as the page's "Nghe" button sends it.
    p.keys("\x1bOS");
    let end = std::time::Instant::now() + Duration::from_secs(10);
    let said = loop {
        let raw = String::from_utf8_lossy(&p.raw).into_owned();
        if let Some(at) = raw.find("\x1b]7770;") {
            let rest = &raw[at + 7..];
            if let Some(bel) = rest.find('\x07') {
                break rest[..bel].to_string();
            }
        }
        assert!(std::time::Instant::now() < end, "no OSC 7770: {raw:?}");
        p.pump(Duration::from_millis(50));
    };
    assert!(said.to_lowercase().contains("ứng dụng"), "{said}");
    assert!(!said.chars().any(char::is_control), "{said:?}");
}
