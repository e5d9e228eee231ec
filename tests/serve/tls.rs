//! `hocso serve --tls CERT KEY`: the page and the WebSocket over HTTPS/WSS (a certificate made
//! for the test with openssl).
#![allow(clippy::unwrap_used)]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use rustls::{ClientConfig, ClientConnection, RootCertStore, StreamOwned};
use tungstenite::Message;

use crate::harness::{CODE, Server};

fn certificate(dir: &Path) -> (String, String) {
    let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    let made = std::process::Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
        ])
        .args(["-nodes", "-days", "1", "-subj", "/CN=hocso"])
        .args(["-addext", "subjectAltName=IP:127.0.0.1"])
        // A server certificate, not a CA (rustls refuses a CA as the end entity).
        .args(["-addext", "basicConstraints=critical,CA:FALSE"])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .stderr(std::process::Stdio::null())
        .status()
        .expect("openssl (Debian: openssl) makes the test certificate");
    assert!(made.success());
    (
        cert.to_string_lossy().into_owned(),
        key.to_string_lossy().into_owned(),
    )
}

fn tls_to(port: u16, cert: &str) -> StreamOwned<ClientConnection, TcpStream> {
    let mut roots = RootCertStore::empty();
    roots
        .add(CertificateDer::from_pem_file(cert).unwrap())
        .unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let cfg = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let conn = ClientConnection::new(
        Arc::new(cfg),
        ServerName::try_from("127.0.0.1").unwrap().to_owned(),
    )
    .unwrap();
    let tcp = TcpStream::connect(("127.0.0.1", port)).unwrap();
    StreamOwned::new(conn, tcp)
}

#[test]
fn the_page_and_a_session_over_https_and_wss() {
    let certs = tempfile::tempdir().unwrap();
    let (cert, key) = certificate(certs.path());
    let srv = Server::start(&["--tls", &cert, &key], &[]);

    let mut s = tls_to(srv.port, &cert);
    write!(s, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let mut page = Vec::new();
    let _ = s.read_to_end(&mut page);
    let page = String::from_utf8_lossy(&page);
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(page.contains("/xterm.js"));

    let s = tls_to(srv.port, &cert);
    let url = format!("wss://127.0.0.1:{}/ws?code={CODE}&c=80&r=24", srv.port);
    let (mut ws, _) = tungstenite::client(url, s).unwrap();
    ws.get_ref()
        .get_ref()
        .set_read_timeout(Some(Duration::from_millis(50)))
        .unwrap();
    let mut screen = vt100::Parser::new(24.try_into().unwrap(), 80.try_into().unwrap(), 0);
    let mut token = false;
    let end = Instant::now() + Duration::from_secs(15);
    let mut sent = false;
    while !screen.screen().contents().contains("Họ và tên") {
        assert!(
            Instant::now() < end,
            "screen:\n{}",
            screen.screen().contents()
        );
        match ws.read() {
            Ok(Message::Binary(b)) => screen.process(&b),
            Ok(Message::Text(t)) => token |= t.as_str().contains("token"),
            Ok(_) => {}
            Err(tungstenite::Error::Io(e))
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(e) => panic!("{e}"),
        }
        if !sent && screen.screen().contents().contains("Người học mới") {
            ws.send(Message::text(r#"{"t":"in","d":"\r"}"#)).unwrap();
            sent = true;
        }
    }
    assert!(token);
}

#[test]
fn a_certificate_that_cannot_be_read_is_said_plainly() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("none.pem");
    let out = std::process::Command::new(crate::common::hocso_bin())
        .arg("--data-dir")
        .arg(dir.path())
        .args(["serve", "--port", "0", "--tls"])
        .arg(&missing)
        .arg(&missing)
        .env_remove("HOCSO_LANG")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Không dùng được chứng chỉ HTTPS"), "{err}");
}
