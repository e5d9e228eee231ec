//! The trainer's window of `hocso serve` (issue 26 item 2): the class code and address, then
//! Enter opens the class view in the same window (behind the trainer PIN); leaving it shows the
//! code and address again, and the server kept serving meanwhile.
#![allow(clippy::unwrap_used)]

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const PIN: &str = "135791";

fn wait(screen: &Arc<Mutex<vt100::Parser>>, raw: &Arc<Mutex<String>>, what: &str) -> String {
    let end = Instant::now() + Duration::from_secs(30);
    loop {
        let s = screen.lock().unwrap().screen().contents();
        if s.contains(what) {
            return s;
        }
        assert!(
            Instant::now() < end,
            "waited for {what:?}; screen:\n{s}\nall output:\n{}",
            raw.lock().unwrap()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn enter_opens_the_class_view_in_the_trainers_window_and_leaving_it_shows_the_code_again() {
    let data = tempfile::tempdir().unwrap();
    assert_cmd::Command::new(crate::common::hocso_bin())
        .arg("--data-dir")
        .arg(data.path())
        .args(["class", "pin", "set"])
        .write_stdin(format!("{PIN}\n{PIN}\n"))
        .assert()
        .success();
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 40,
            cols: 90,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(crate::common::hocso_bin());
    cmd.arg("--data-dir");
    cmd.arg(data.path());
    cmd.arg("--lessons");
    cmd.arg(crate::common::fixture_dir());
    cmd.args([
        "serve",
        "--bind",
        "127.0.0.1",
        "--port",
        "0",
        "--code",
        "4321",
    ]);
    cmd.env("TERM", "xterm-256color");
    cmd.env("HOCSO_SYMBOLS", "unicode");
    cmd.env_remove("HOCSO_LANG");
    let mut child = pty.slave.spawn_command(cmd).unwrap();
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().unwrap();
    let mut writer = pty.master.take_writer().unwrap();
    let screen = Arc::new(Mutex::new(vt100::Parser::new(
        40.try_into().unwrap(),
        90.try_into().unwrap(),
        0,
    )));
    let raw = Arc::new(Mutex::new(String::new()));
    let (s2, r2) = (Arc::clone(&screen), Arc::clone(&raw));
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            s2.lock().unwrap().process(&buf[..n]);
            r2.lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    });
    let first = wait(&screen, &raw, "Bấm Enter để xem lớp học");
    assert!(first.contains("Mã lớp: 4321"), "{first}");
    let url = first
        .lines()
        .find_map(|l| l.trim().strip_prefix("http://127.0.0.1:"))
        .unwrap_or_else(|| panic!("no address: {first}"))
        .to_string();
    let port: u16 = url.split('/').next().unwrap().parse().unwrap();
    writer.write_all(b"\r").unwrap();
    // The class view's first run on this PC may check the screen first: "Có, rõ hết".
    let s = wait_either(&screen, &raw, &["Kiểm tra màn hình", "Mã PIN giáo viên"]);
    if s.contains("Kiểm tra màn hình") {
        writer.write_all(b"1").unwrap();
        wait(&screen, &raw, "Mã PIN giáo viên");
    }
    writer.write_all(format!("{PIN}\r").as_bytes()).unwrap();
    let class = wait(&screen, &raw, "học viên");
    assert!(class.contains("Lớp học"), "{class}");
    // The server still answers while the class view is up.
    let mut tcp = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    tcp.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut page = String::new();
    tcp.read_to_string(&mut page).unwrap();
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    // Leaving the class view ends it: the code and the address are shown again.
    writer.write_all(b"\x1b").unwrap();
    let end = Instant::now() + Duration::from_secs(30);
    while raw.lock().unwrap().matches("Mã lớp: 4321").count() < 2 {
        assert!(Instant::now() < end, "{}", raw.lock().unwrap());
        std::thread::sleep(Duration::from_millis(50));
    }
    let again = wait(&screen, &raw, "Bấm Enter để xem lớp học");
    assert!(!again.contains("Chào bác"), "not the name list: {again}");
    child.kill().unwrap();
    child.wait().unwrap();
}

fn wait_either(
    screen: &Arc<Mutex<vt100::Parser>>,
    raw: &Arc<Mutex<String>>,
    any: &[&str],
) -> String {
    let end = Instant::now() + Duration::from_secs(30);
    loop {
        let s = screen.lock().unwrap().screen().contents();
        if any.iter().any(|w| s.contains(w)) {
            return s;
        }
        assert!(
            Instant::now() < end,
            "waited for {any:?}; screen:\n{s}\nall output:\n{}",
            raw.lock().unwrap()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}
