//! Issue 28 item 4 on the real binary: read-aloud never blocks. The voice is a slow engine (a
//! script that never reads its text, starts a child and waits), the text far longer than a
//! pipe holds (a long `phat-am.yaml` entry). The key after a read-aloud acts at once, Ctrl+C
//! ends the full screen, and the engine and its child are gone when the program ends — by the
//! key, by Ctrl+C, by end of input or by SIGTERM. Unix only (process ids, signals).
#![cfg(unix)]
#![allow(clippy::unwrap_used)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const DEADLINE: Duration = Duration::from_secs(15);
/// What "at once" means here: far below the 25 s the issue measured, well above a busy CI.
const AT_ONCE: Duration = Duration::from_secs(3);

/// A copy of the sample course whose `phat-am.yaml` reads "Chương" and "bác" as 200 KB of text
/// each, and the slow engine script. Returns (course folder, script).
fn setup(dir: &Path) -> (PathBuf, PathBuf) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sample-course");
    let course = dir.join("course");
    copy_dir(&from, &course);
    let long = "một chương rất dài ".repeat(10_000);
    let yaml = format!("Chương: \"{long}\"\nbác: \"{long}\"\n");
    std::fs::write(course.join("phat-am.yaml"), &yaml).unwrap();
    // The text the voice is given is far more than a pipe holds (64 KiB on Linux).
    let mut table = hocso::speech::Table::built_in();
    table.extend(hocso::speech::parse_table(&yaml).unwrap());
    for on_screen in [
        "Chương 1: Làm quen",
        "Muốn sang trang sau, bác bấm phím nào?",
    ] {
        assert!(hocso::speech::prepare(on_screen, &table).len() > 150_000);
    }
    let script = dir.join("slow-tts.sh");
    let d = dir.display();
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\necho $$ >> '{d}/engine.pids'\nsleep 300 &\necho $! >> '{d}/child.pids'\nwait\n"
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    (course, script)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// Process ids the script wrote to `dir/<name>`, waiting for at least `n`.
fn pids(dir: &Path, name: &str, n: usize) -> Vec<u32> {
    let end = Instant::now() + DEADLINE;
    loop {
        let found: Vec<u32> = std::fs::read_to_string(dir.join(name))
            .unwrap_or_default()
            .lines()
            .filter_map(|l| l.trim().parse().ok())
            .collect();
        if found.len() >= n {
            return found;
        }
        assert!(Instant::now() < end, "the voice did not start ({name})");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Running: present and not a zombie (a killed grandchild may wait for its reaper).
fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| s.rsplit_once(") ").map(|(_, r)| !r.starts_with('Z')))
        .unwrap_or(false)
}

fn all_gone(dir: &Path) -> Result<(), String> {
    let end = Instant::now() + Duration::from_secs(5);
    loop {
        let running: Vec<u32> = ["engine.pids", "child.pids"]
            .iter()
            .flat_map(|n| pids(dir, n, 0))
            .filter(|&p| alive(p))
            .collect();
        if running.is_empty() {
            return Ok(());
        }
        if Instant::now() > end {
            // Leave nothing behind even when failing.
            for p in &running {
                let _ = Command::new("kill").args(["-9", &p.to_string()]).status();
            }
            return Err(format!("still running: {running:?}"));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

struct Plain {
    child: Child,
    stdin: Option<ChildStdin>,
    out: Arc<Mutex<String>>,
}

impl Plain {
    fn start(dir: &Path) -> Plain {
        let (course, script) = setup(dir);
        let mut child = Command::new(env!("CARGO_BIN_EXE_hocso"))
            .arg("--plain")
            .arg("--lessons")
            .arg(&course)
            .env("HOCSO_DATA_DIR", dir.join("data"))
            .env("HOCSO_TTS", &script)
            .env_remove("HOCSO_LANG")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take();
        let mut stdout = child.stdout.take().unwrap();
        let out = Arc::new(Mutex::new(String::new()));
        let o = out.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = stdout.read(&mut buf) {
                if n == 0 {
                    break;
                }
                o.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        Plain { child, stdin, out }
    }

    /// Types a line and returns how long until `what` was printed after it.
    fn line(&mut self, line: &str, what: &str) -> Duration {
        let from = self.out.lock().unwrap().len();
        let started = Instant::now();
        writeln!(self.stdin.as_ref().unwrap(), "{line}").unwrap();
        loop {
            if self.out.lock().unwrap()[from..].contains(what) {
                return started.elapsed();
            }
            if started.elapsed() > DEADLINE {
                let _ = self.child.kill();
                panic!("waiting for {what:?} after {line:?}");
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    fn open_course_map(&mut self) {
        let end = Instant::now() + DEADLINE;
        while !self.out.lock().unwrap().contains("Người học mới") {
            assert!(Instant::now() < end, "no picker");
            std::thread::sleep(Duration::from_millis(20));
        }
        self.line("0", "Họ và tên");
        self.line("Tư Nghe", "Năm sinh");
        self.line("1960", "Thôn / lớp");
        self.line("", "Chương 1: ");
    }
}

#[test]
fn plain_mode_the_line_after_a_long_read_aloud_acts_at_once_and_the_voice_ends_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Plain::start(dir.path());
    s.open_course_map();
    writeln!(s.stdin.as_ref().unwrap(), "n").unwrap();
    let first = pids(dir.path(), "engine.pids", 1);
    // The engine has started its own child too (both pids written) before the next line.
    pids(dir.path(), "child.pids", 1);
    let took = s.line("?", "o: ôn tập; k: kết quả");
    assert!(took < AT_ONCE, "help took {took:?} after the read-aloud");
    // That line stopped the voice, and what the engine started with it.
    all_gone(dir.path()).unwrap();
    assert!(!alive(first[0]));
    // A second read-aloud, then the input ends: the program ends and the voice with it.
    writeln!(s.stdin.as_ref().unwrap(), "n").unwrap();
    pids(dir.path(), "child.pids", 2);
    drop(s.stdin.take());
    let end = Instant::now() + DEADLINE;
    while s.child.try_wait().unwrap().is_none() {
        assert!(Instant::now() < end, "hocso did not end");
        std::thread::sleep(Duration::from_millis(20));
    }
    all_gone(dir.path()).unwrap();
}

#[test]
fn sigterm_during_a_read_aloud_ends_the_engine_and_its_child() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Plain::start(dir.path());
    s.open_course_map();
    writeln!(s.stdin.as_ref().unwrap(), "n").unwrap();
    pids(dir.path(), "child.pids", 1);
    let ok = Command::new("kill")
        .args(["-s", "TERM", &s.child.id().to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
    let end = Instant::now() + DEADLINE;
    while s.child.try_wait().unwrap().is_none() {
        assert!(Instant::now() < end, "hocso did not end");
        std::thread::sleep(Duration::from_millis(20));
    }
    all_gone(dir.path()).unwrap();
}

#[test]
fn full_screen_ctrl_c_during_a_long_read_aloud_ends_the_program_and_the_voice() {
    let dir = tempfile::tempdir().unwrap();
    let (course, script) = setup(dir.path());
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_hocso"));
    cmd.arg("--lessons");
    cmd.arg(&course);
    cmd.env("HOCSO_DATA_DIR", dir.path().join("data"));
    cmd.env("HOCSO_TTS", &script);
    cmd.env("TERM", "xterm-256color");
    cmd.env("HOCSO_SYMBOLS", "unicode");
    cmd.env_remove("HOCSO_LANG");
    let mut child = pty.slave.spawn_command(cmd).unwrap();
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().unwrap();
    let mut writer = pty.master.take_writer().unwrap();
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
    let screen = || {
        let mut p = vt100::Parser::new(24.try_into().unwrap(), 80.try_into().unwrap(), 0);
        p.process(&raw.lock().unwrap());
        p.screen().contents()
    };
    let wait = |what: &str| {
        let end = Instant::now() + DEADLINE;
        while !screen().contains(what) {
            assert!(Instant::now() < end, "waiting for {what:?}:\n{}", screen());
            std::thread::sleep(Duration::from_millis(20));
        }
    };
    let mut send = |keys: &str| {
        writer.write_all(keys.as_bytes()).unwrap();
        writer.flush().unwrap();
    };
    // A new learner, through the first lesson's pages to its first question.
    wait("Người học mới");
    send("\r");
    wait("Họ và tên");
    send("Tư Nghe\r");
    let end = Instant::now() + DEADLINE;
    while !screen().contains("Câu 1/3") {
        assert!(Instant::now() < end, "no question:\n{}", screen());
        send("\r");
        std::thread::sleep(Duration::from_millis(300));
    }
    send("n");
    pids(dir.path(), "child.pids", 1);
    let started = Instant::now();
    send("\x03");
    let end = Instant::now() + DEADLINE;
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > end {
            let _ = child.kill();
            panic!("Ctrl+C did not end hocso:\n{}", screen());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(started.elapsed() < AT_ONCE, "{:?}", started.elapsed());
    all_gone(dir.path()).unwrap();
}
