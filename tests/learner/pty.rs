//! The real binary in a pseudo-terminal, for the end-to-end tests of this binary (`e2e_pty`,
//! `e2e_reach`, `harden_pty`): the sample course, a temp data folder, everything the program
//! writes kept raw and, for a window of a sane size, drawn on an emulated screen (vt100). Tests
//! wait for text, never for a fixed time, and every wait has a deadline.
#![allow(clippy::unwrap_used)]

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

pub const ENTER: &str = "\r";
pub const TAB: &str = "\t";
pub const RIGHT: &str = "\x1b[C";
pub const CTRL_C: &str = "\x03";
/// This PC's screen check done: Unicode symbols (the check has its own tests in e2e_reach).
pub const UNICODE: (&str, &str) = ("HOCSO_SYMBOLS", "unicode");
pub const SIZE: (u16, u16) = (80, 24);

const DEADLINE: Duration = Duration::from_secs(15);

pub struct Session {
    /// The screen as the program drew it; none for a window too big to emulate.
    live: Option<Arc<Mutex<vt100::Parser>>>,
    /// Everything the program wrote, raw.
    raw: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
    size: (u16, u16),
}

impl Session {
    /// `hocso ARGS` at 80×24, with this PC's screen check done.
    pub fn start(data: &Path, args: &[&str]) -> Session {
        Session::with(data, args, &[UNICODE], SIZE)
    }

    /// `hocso ARGS` in a window of `size` (columns, rows) with `env` on top of a clean
    /// environment (no HOCSO_LANG, HOCSO_SYMBOLS or HOCSO_TTS unless given).
    pub fn with(data: &Path, args: &[&str], env: &[(&str, &str)], size: (u16, u16)) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: size.1,
                cols: size.0,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(crate::common::hocso_bin());
        // The sample course, so the tests do not depend on the built-in course's content.
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sample-course");
        cmd.arg("--lessons");
        cmd.arg(fixture);
        cmd.args(args);
        cmd.env("HOCSO_DATA_DIR", data);
        cmd.env("TERM", "xterm-256color");
        for k in ["HOCSO_LANG", "HOCSO_SYMBOLS", "HOCSO_TTS"] {
            cmd.env_remove(k);
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pty.slave.spawn_command(cmd).unwrap();
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().unwrap();
        let writer = pty.master.take_writer().unwrap();
        // A 65535×65535 window is a test of its own: only its raw output is kept.
        let live = (size.0 <= 1000 && size.1 <= 1000).then(|| {
            Arc::new(Mutex::new(vt100::Parser::new(
                size.1.try_into().unwrap(),
                size.0.try_into().unwrap(),
                0,
            )))
        });
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (feed, keep) = (live.clone(), Arc::clone(&raw));
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                if let Some(screen) = &feed {
                    screen.lock().unwrap().process(&buf[..n]);
                }
                keep.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Session {
            live,
            raw,
            writer,
            child,
            _master: pty.master,
            size,
        }
    }

    /// What the screen shows now.
    pub fn text(&self) -> String {
        let live = self
            .live
            .as_ref()
            .expect("a window small enough to emulate");
        live.lock().unwrap().screen().contents()
    }

    /// Everything the program wrote, as text.
    pub fn output(&self) -> String {
        String::from_utf8_lossy(&self.raw.lock().unwrap()).into_owned()
    }

    /// The terminal's state after everything written so far (alternate screen, cursor).
    pub fn screen(&self) -> vt100::Parser {
        let mut p = vt100::Parser::new(
            self.size.1.try_into().unwrap(),
            self.size.0.try_into().unwrap(),
            0,
        );
        p.process(&self.raw.lock().unwrap());
        p
    }

    pub fn wait_until(&self, what: &str, ok: impl Fn(&Session) -> bool) {
        let deadline = Instant::now() + DEADLINE;
        while Instant::now() < deadline {
            if ok(self) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let screen = if self.live.is_some() {
            self.text()
        } else {
            String::new()
        };
        let out = self.output();
        let tail: String = {
            let n = out.chars().count();
            out.chars().skip(n.saturating_sub(1500)).collect()
        };
        panic!("timed out waiting for {what:?}; screen:\n{screen}\noutput tail:\n{tail}");
    }

    /// Waits until the screen shows `what`.
    pub fn wait_for(&self, what: &str) {
        self.wait_until(what, |s| s.text().contains(what));
    }

    /// Waits until the program has written `what` (for a window too big to emulate).
    pub fn wait_raw(&self, what: &str) {
        self.wait_until(what, |s| s.output().contains(what));
    }

    /// Plain mode: waits for `what` in the output after byte `from`.
    pub fn wait_output(&self, from: usize, what: &str) {
        self.wait_until(what, |s| {
            let raw = s.raw.lock().unwrap();
            String::from_utf8_lossy(&raw[from.min(raw.len())..]).contains(what)
        });
    }

    /// Everything the program wrote, raw.
    pub fn bytes(&self) -> Vec<u8> {
        self.raw.lock().unwrap().clone()
    }

    /// How many bytes the program has written.
    pub fn len(&self) -> usize {
        self.raw.lock().unwrap().len()
    }

    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Sends keys, then waits for the screen to show `what`.
    pub fn step(&mut self, keys: &str, what: &str) {
        self.send(keys);
        self.wait_for(what);
    }

    /// Plain mode: types a line, then waits for `what`.
    pub fn line(&mut self, line: &str, what: &str) {
        let from = self.len();
        self.send(&format!("{line}\r"));
        self.wait_output(from, what);
    }

    /// Where `text` is on screen, lowest row first (0-based column, row).
    pub fn find(&self, text: &str) -> (u16, u16) {
        let live = self
            .live
            .as_ref()
            .expect("a window small enough to emulate");
        let parser = live.lock().unwrap();
        let screen = parser.screen();
        for row in (0..self.size.1).rev() {
            let line = screen.contents_between(row, 0, row, self.size.0);
            if let Some(i) = line.find(text) {
                return (line[..i].chars().count() as u16, row);
            }
        }
        panic!("{text:?} not on screen:\n{}", screen.contents());
    }

    /// A left click on `text`, as an xterm sends it (SGR, 1-based cells: press, release).
    pub fn click(&mut self, text: &str) {
        let (x, y) = self.find(text);
        let (x, y) = (x + 1, y + 1);
        self.send(&format!("\x1b[<0;{x};{y}M\x1b[<0;{x};{y}m"));
    }

    /// Sends the signal `name` (TERM, INT, …) to the program.
    #[cfg(unix)]
    pub fn signal(&self, name: &str) {
        let pid = self.child.process_id().unwrap();
        let ok = std::process::Command::new("kill")
            .args(["-s", name, &pid.to_string()])
            .status()
            .unwrap();
        assert!(ok.success());
    }

    /// The program has not ended.
    pub fn running(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    /// Waits for the program to end; its exit code.
    pub fn wait_exit(&mut self) -> u32 {
        let deadline = Instant::now() + DEADLINE;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                // Let the reader thread take the last bytes.
                std::thread::sleep(Duration::from_millis(100));
                return status.exit_code();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        panic!("hocso did not exit; output:\n{}", self.output());
    }

    /// Peak memory of the running program, in KiB (Linux).
    pub fn peak_kib(&self) -> Option<u64> {
        let pid = self.child.process_id()?;
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        line.split_whitespace().nth(1)?.parse().ok()
    }
}
