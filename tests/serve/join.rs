//! Joining: the page and its files, the class code, the origin check, nothing else served.
#![allow(clippy::unwrap_used)]

use std::io::{Read, Write};
use std::net::TcpStream;

use crate::harness::{CODE, Page, Server};

fn get(port: u16, path: &str) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n").unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).unwrap();
    String::from_utf8_lossy(&out).into_owned()
}

#[test]
fn the_page_and_its_files_are_served_and_nothing_else() {
    let srv = Server::start(&[], &[]);
    let page = get(srv.port, &format!("/?code={CODE}"));
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(page.contains("text/html") && page.contains("/xterm.js"));
    assert!(page.contains("Content-Security-Policy"));
    for f in [
        "/xterm.js",
        "/xterm.css",
        "/addon-fit.js",
        "/page.js",
        "/page.css",
    ] {
        let r = get(srv.port, f);
        assert!(r.starts_with("HTTP/1.1 200"), "{f}: {}", &r[..40]);
    }
    for f in [
        "/../Cargo.toml",
        "/learners",
        "/class",
        "/pin",
        "/index.htm",
    ] {
        assert!(get(srv.port, f).starts_with("HTTP/1.1 404"), "{f}");
    }
    // Only GET.
    let mut s = TcpStream::connect(("127.0.0.1", srv.port)).unwrap();
    write!(s, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n").unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    assert!(out.starts_with("HTTP/1.1 405"), "{out}");
}

#[test]
fn a_wrong_or_missing_class_code_opens_nothing() {
    let srv = Server::start(&[], &[]);
    for q in ["code=000000&c=80&r=24", "c=80&r=24", "code=24681&c=80&r=24"] {
        let mut p = Page::connect(&srv.url(q));
        p.wait_said("code");
        p.wait_gone();
        assert!(p.said.iter().all(|m| m["t"] != "token"), "{q}");
    }
    // No learner program ran: it would have made the learners folder's first file by now.
    let mut p = srv.page();
    p.wait_for("Người học mới");
}

#[test]
fn an_address_that_guesses_codes_must_wait() {
    let srv = Server::start(&[], &[]);
    for guess in 0..10 {
        let mut p = Page::connect(&srv.url(&format!("code={guess:06}&c=80&r=24")));
        p.wait_said("code");
    }
    // Even the right code now waits a minute.
    let mut p = srv.page();
    p.wait_said("code");
    assert!(p.said.iter().all(|m| m["t"] != "token"));
}

#[test]
fn a_socket_from_another_site_is_refused() {
    let srv = Server::start(&[], &[]);
    let mut req = tungstenite::client::IntoClientRequest::into_client_request(
        srv.url(&format!("code={CODE}")),
    )
    .unwrap();
    req.headers_mut()
        .insert("Origin", "http://evil.example".parse().unwrap());
    match tungstenite::connect(req) {
        Err(tungstenite::Error::Http(r)) => assert_eq!(r.status(), 403),
        other => panic!("expected 403, got {:?}", other.map(|_| ())),
    }
    // The page's own origin is fine.
    let mut req = tungstenite::client::IntoClientRequest::into_client_request(
        srv.url(&format!("code={CODE}")),
    )
    .unwrap();
    let origin = format!("http://127.0.0.1:{}", srv.port);
    req.headers_mut().insert("Origin", origin.parse().unwrap());
    let (mut ws, _) = tungstenite::connect(req).unwrap();
    let first = ws.read().unwrap();
    assert!(first.to_text().unwrap().contains("token"), "{first:?}");
}
