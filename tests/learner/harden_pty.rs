//! Issue 14 end to end, in a pseudo-terminal (Unix only: signals and FIFOs): SIGTERM, SIGINT,
//! SIGHUP and SIGQUIT give the terminal back and remove the session note; a 65535×65535 window
//! allocates nothing huge and still quits on Ctrl+C; a FIFO among the learner files hangs
//! nothing; problems are logged in the data folder's `hocso.log`. Every wait has a deadline.
#![cfg(unix)]
#![allow(clippy::unwrap_used)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

const DEADLINE: Duration = Duration::from_secs(15);

struct Session {
    /// Everything the program wrote, raw.
    raw: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
    size: (u16, u16),
}

impl Session {
    fn start(data: &Path, args: &[&str], size: (u16, u16)) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: size.1,
                cols: size.0,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_hocso"));
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sample-course");
        cmd.arg("--lessons");
        cmd.arg(fixture);
        cmd.args(args);
        cmd.env("HOCSO_DATA_DIR", data);
        cmd.env("TERM", "xterm-256color");
        // This PC's screen check is done (its own test is in e2e_reach.rs).
        cmd.env("HOCSO_SYMBOLS", "unicode");
        cmd.env_remove("HOCSO_LANG");
        let child = pty.slave.spawn_command(cmd).unwrap();
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().unwrap();
        let writer = pty.master.take_writer().unwrap();
        let raw = Arc::new(Mutex::new(Vec::new()));
        let feed = Arc::clone(&raw);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                feed.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Session {
            raw,
            writer,
            child,
            _master: pty.master,
            size,
        }
    }

    /// The screen as a terminal of this size shows it (only for small sizes).
    fn screen(&self) -> vt100::Parser {
        let mut p = vt100::Parser::new(
            self.size.1.try_into().unwrap(),
            self.size.0.try_into().unwrap(),
            0,
        );
        p.process(&self.raw.lock().unwrap());
        p
    }

    fn raw_text(&self) -> String {
        String::from_utf8_lossy(&self.raw.lock().unwrap()).into_owned()
    }

    fn wait_raw(&self, what: &str) {
        let end = Instant::now() + DEADLINE;
        while Instant::now() < end {
            if self.raw_text().contains(what) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("timed out waiting for {what:?}");
    }

    fn wait_screen(&self, what: &str) {
        let end = Instant::now() + DEADLINE;
        while Instant::now() < end {
            if self.screen().screen().contents().contains(what) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "timed out waiting for {what:?}; screen:\n{}",
            self.screen().screen().contents()
        );
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    fn signal(&self, name: &str) {
        let pid = self.child.process_id().unwrap();
        let ok = std::process::Command::new("kill")
            .args(["-s", name, &pid.to_string()])
            .status()
            .unwrap();
        assert!(ok.success());
    }

    fn wait_exit(&mut self) -> u32 {
        let end = Instant::now() + DEADLINE;
        while Instant::now() < end {
            if let Some(status) = self.child.try_wait().unwrap() {
                // Let the reader thread take the last bytes.
                std::thread::sleep(Duration::from_millis(100));
                return status.exit_code();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        panic!("hocso did not exit");
    }

    /// Peak memory of the running process, in KiB (Linux).
    fn peak_kib(&self) -> Option<u64> {
        let pid = self.child.process_id()?;
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        line.split_whitespace().nth(1)?.parse().ok()
    }
}

/// A data folder with one learner, Hoa, created through the CLI.
fn data_with_hoa(dir: &Path) -> PathBuf {
    let data = dir.join("data");
    let list = dir.join("lop.csv");
    std::fs::write(&list, "Họ tên\nNguyễn Thị Hoa\n").unwrap();
    let ok = std::process::Command::new(env!("CARGO_BIN_EXE_hocso"))
        .arg("--data-dir")
        .arg(&data)
        .args(["roster", "import"])
        .arg(&list)
        .output()
        .unwrap();
    assert!(ok.status.success());
    data
}

fn session_notes(data: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(data.join("learners"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "session"))
        .collect()
}

#[test]
fn signals_give_the_terminal_back_and_remove_the_session_note() {
    for sig in ["TERM", "INT", "HUP", "QUIT"] {
        let dir = tempfile::tempdir().unwrap();
        let data = data_with_hoa(dir.path());
        let mut s = Session::start(&data, &["--learner", "Nguyễn Thị Hoa"], (80, 24));
        s.wait_screen("Nguyễn Thị Hoa");
        assert_eq!(session_notes(&data).len(), 1, "the session is open");
        {
            let p = s.screen();
            assert!(p.screen().alternate_screen() && p.screen().hide_cursor());
        }
        s.signal(sig);
        s.wait_exit();
        let p = s.screen();
        assert!(
            !p.screen().alternate_screen(),
            "SIG{sig}: still on the alternate screen"
        );
        assert!(!p.screen().hide_cursor(), "SIG{sig}: cursor still hidden");
        assert!(
            session_notes(&data).is_empty(),
            "SIG{sig}: session note left behind"
        );
    }
}

#[test]
fn a_huge_window_allocates_nothing_huge_and_ctrl_c_still_quits() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut s = Session::start(&data, &[], (65535, 65535));
    s.wait_raw("Cửa sổ quá lớn");
    let peak = s.peak_kib().unwrap_or(0);
    assert!(peak < 200 * 1024, "peak memory {peak} KiB");
    let start = Instant::now();
    s.send("\x03");
    assert_eq!(s.wait_exit(), 0);
    assert!(start.elapsed() < Duration::from_secs(5));
    // Left the alternate screen and showed the cursor again.
    let raw = s.raw_text();
    assert!(raw.contains("\x1b[?1049l") && raw.contains("\x1b[?25h"));
}

#[test]
fn a_fifo_among_learner_files_hangs_neither_picker_nor_learner_nor_class_view() {
    let dir = tempfile::tempdir().unwrap();
    let data = data_with_hoa(dir.path());
    let fifo = data.join("learners/an-fifo23.json");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    std::os::unix::fs::symlink("/dev/zero", data.join("learners/binh-zero23.json")).unwrap();
    // --learner for another learner opens at once.
    let mut s = Session::start(&data, &["--learner", "Nguyễn Thị Hoa"], (80, 24));
    s.wait_screen("Nguyễn Thị Hoa");
    s.send("\x03");
    s.wait_exit();
    // The class view (no PIN set) lists Hoa and the refused files.
    let mut s = Session::start(&data, &["class"], (80, 24));
    s.wait_screen("Nguyễn Thị Hoa");
    s.send("\x03");
    s.wait_exit();
    // Problems were logged in the data folder, where the README says, not in learners/.
    let log = std::fs::read_to_string(data.join("hocso.log")).unwrap();
    assert!(log.contains("an-fifo23.json"), "{log}");
    assert!(!data.join("learners/hocso.log").exists());
}
