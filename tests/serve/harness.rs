//! A `hocso serve` process on a free loopback port and a WebSocket page that keeps the screen it
//! is sent (vt100), waiting for text on it, never for a fixed time.
#![allow(dead_code, clippy::unwrap_used)]

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

pub const CODE: &str = "246810";
pub const RIGHT: &str = "\x1b[C";
pub const ENTER: &str = "\r";
pub const TAB: &str = "\t";

/// A running server; killed (and so its learner programs' terminals closed) when dropped.
pub struct Server {
    pub child: Child,
    pub port: u16,
    pub data: tempfile::TempDir,
}

impl Server {
    pub fn start(args: &[&str], envs: &[(&str, &str)]) -> Server {
        let data = tempfile::tempdir().unwrap();
        let fixture = crate::common::fixture_dir();
        let mut cmd = Command::new(crate::common::hocso_bin());
        cmd.arg("--data-dir")
            .arg(data.path())
            .arg("--lessons")
            .arg(fixture)
            .args([
                "serve",
                "--bind",
                "127.0.0.1",
                "--port",
                "0",
                "--code",
                CODE,
            ])
            .args(args)
            .env_remove("HOCSO_LANG")
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        for (k, v) in envs {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().unwrap();
        let out = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines() {
                let Ok(line) = line else { break };
                if let Some(at) = line.find("://127.0.0.1:") {
                    let rest = &line[at + "://127.0.0.1:".len()..];
                    let port: String = rest.chars().take_while(char::is_ascii_digit).collect();
                    let _ = tx.send(port.parse::<u16>().unwrap());
                }
            }
        });
        let port = rx
            .recv_timeout(Duration::from_secs(15))
            .expect("the server printed its address");
        Server { child, port, data }
    }

    pub fn url(&self, query: &str) -> String {
        format!("ws://127.0.0.1:{}/ws?{query}", self.port)
    }

    pub fn page(&self) -> Page {
        Page::connect(&self.url(&format!("code={CODE}&c=80&r=24")))
    }

    pub fn learners(&self) -> PathBuf {
        self.data.path().join("learners")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A page's socket and the screen drawn from it.
pub struct Page {
    pub ws: WebSocket<MaybeTlsStream<TcpStream>>,
    pub screen: vt100::Parser,
    /// Text messages received (`{"t":…}`), in order.
    pub said: Vec<serde_json::Value>,
    pub closed: Option<tungstenite::protocol::CloseFrame>,
    pub gone: bool,
    /// Every byte of terminal output, as sent.
    pub raw: Vec<u8>,
}

impl Page {
    pub fn connect(url: &str) -> Page {
        let (ws, _) = tungstenite::connect(url).unwrap();
        if let MaybeTlsStream::Plain(s) = ws.get_ref() {
            s.set_read_timeout(Some(Duration::from_millis(50))).unwrap();
        }
        Page {
            ws,
            screen: vt100::Parser::new(24.try_into().unwrap(), 80.try_into().unwrap(), 0),
            said: Vec::new(),
            closed: None,
            gone: false,
            raw: Vec::new(),
        }
    }

    pub fn text(&self) -> String {
        self.screen.screen().contents()
    }

    /// Reads what has arrived (for at most `wait`).
    pub fn pump(&mut self, wait: Duration) {
        let end = Instant::now() + wait;
        while !self.gone && Instant::now() < end {
            match self.ws.read() {
                Ok(Message::Binary(b)) => {
                    self.screen.process(&b);
                    self.raw.extend_from_slice(&b);
                }
                Ok(Message::Text(t)) => self.said.push(serde_json::from_str(t.as_str()).unwrap()),
                Ok(Message::Close(c)) => {
                    self.closed = c;
                    self.gone = true;
                }
                Ok(_) => {}
                Err(tungstenite::Error::Io(e))
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) => {}
                Err(_) => self.gone = true,
            }
        }
    }

    /// Waits until the screen shows `what` (15 s at most: 60 programs may share two cores).
    pub fn wait_for(&mut self, what: &str) {
        let end = Instant::now() + Duration::from_secs(15);
        while Instant::now() < end {
            if self.text().contains(what) {
                return;
            }
            assert!(
                !self.gone,
                "page closed waiting for {what:?}; screen:\n{}",
                self.text()
            );
            self.pump(Duration::from_millis(50));
        }
        panic!("timed out waiting for {what:?}; screen:\n{}", self.text());
    }

    /// Waits for a text message `{"t": kind}`.
    pub fn wait_said(&mut self, kind: &str) -> serde_json::Value {
        let end = Instant::now() + Duration::from_secs(15);
        loop {
            if let Some(m) = self.said.iter().find(|m| m["t"] == kind) {
                return m.clone();
            }
            assert!(Instant::now() < end, "no {kind:?}; got {:?}", self.said);
            if self.gone {
                panic!("closed without {kind:?}; got {:?}", self.said);
            }
            self.pump(Duration::from_millis(50));
        }
    }

    /// Waits until the server closes the socket.
    pub fn wait_gone(&mut self) {
        let end = Instant::now() + Duration::from_secs(15);
        while !self.gone {
            assert!(Instant::now() < end, "still open; said {:?}", self.said);
            self.pump(Duration::from_millis(50));
        }
    }

    pub fn send_json(&mut self, v: serde_json::Value) {
        self.ws.send(Message::text(v.to_string())).unwrap();
    }

    pub fn keys(&mut self, d: &str) {
        self.send_json(serde_json::json!({"t": "in", "d": d}));
    }

    pub fn step(&mut self, d: &str, what: &str) {
        self.keys(d);
        self.wait_for(what);
    }

    pub fn token(&mut self) -> String {
        self.wait_said("token")["d"].as_str().unwrap().to_string()
    }
}

/// Creates Hoa and takes her to the second page of the first lesson.
pub fn new_learner_to_page_two(p: &mut Page) {
    p.wait_for("Người học mới");
    p.step(ENTER, "Họ và tên");
    p.keys("Nguyễn Thị Hoa");
    p.step(TAB, "Năm sinh");
    p.keys("1960");
    p.step(ENTER, "Làm quen cách học");
    p.step(ENTER, "Trang 1/2");
    p.step(RIGHT, "Trang 2/2");
}

/// The one learner file in `dir`, read.
pub fn learner_file(dir: &Path) -> serde_json::Value {
    let file = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "json"))
        .expect("a learner file");
    serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap()
}

/// No learner's session is open: no session note left, and every lock can be taken.
pub fn all_released(dir: &Path) {
    let end = Instant::now() + Duration::from_secs(10);
    loop {
        let notes: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "session"))
            .collect();
        if notes.is_empty() {
            break;
        }
        assert!(Instant::now() < end, "session notes left: {notes:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
    let store = hocso::store::learners::Store::open(dir.parent().unwrap()).unwrap();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "json") {
            let id = p.file_stem().unwrap().to_string_lossy().into_owned();
            store
                .lock(&id, jiff::Timestamp::now())
                .unwrap_or_else(|e| panic!("{id} still locked: {e}"));
        }
    }
}
