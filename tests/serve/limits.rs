//! Limits on a shared network: sessions in all and per address, and bounded messages.
#![allow(clippy::unwrap_used)]

use std::time::Duration;

use tungstenite::protocol::frame::coding::CloseCode;

use crate::harness::{CODE, ENTER, Page, Server};

#[test]
fn no_more_sessions_than_max() {
    let srv = Server::start(&["--max", "2"], &[]);
    let mut a = srv.page();
    let mut b = srv.page();
    a.token();
    b.token();
    let mut c = srv.page();
    c.wait_said("full");
    c.wait_gone();
    // One leaves: there is room again.
    a.send_json(serde_json::json!({"t": "bye"}));
    a.wait_gone();
    let mut d = srv.page();
    d.token();
    d.wait_for("Người học mới");
}

#[test]
fn one_address_opens_a_few_sessions_only() {
    let srv = Server::start(&[], &[]);
    let mut pages: Vec<Page> = (0..4).map(|_| srv.page()).collect();
    for p in &mut pages {
        p.token();
    }
    let mut fifth = srv.page();
    fifth.wait_said("busy");
    fifth.wait_gone();
}

#[test]
fn oversized_messages_close_the_socket_and_malformed_ones_are_ignored() {
    let srv = Server::start(&[], &[]);
    let mut p = srv.page();
    let token = p.token();
    p.wait_for("Người học mới");
    for bad in [
        "not json",
        "{}",
        r#"{"t":"in","d":5}"#,
        r#"{"t":"rm -rf"}"#,
        "[1,2]",
    ] {
        p.ws.send(tungstenite::Message::text(bad)).unwrap();
    }
    p.ws.send(tungstenite::Message::binary(vec![0u8; 100]))
        .unwrap();
    // Still the same session, still answering keys.
    p.step(ENTER, "Họ và tên");
    let big = "x".repeat(5000);
    p.keys(&big);
    p.wait_gone();
    assert_eq!(p.closed.as_ref().map(|c| c.code), Some(CloseCode::Size));
    // The session itself is kept for the page to come back, and did not get the text.
    let mut back = Page::connect(&srv.url(&format!("code={CODE}&c=80&r=24&s={token}")));
    assert_eq!(back.token(), token);
    back.pump(Duration::from_millis(300));
    back.wait_for("Họ và tên");
    assert!(!back.text().contains("xxxx"), "{}", back.text());
}
