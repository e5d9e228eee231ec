//! Startup and memory of the learner program, measured on the real binary in a pseudo-terminal
//! at 80×24 with the whole built-in course:
//! - first frame: time from spawning `hocso` to the picker being on screen (20 runs);
//! - peak memory: VmHWM (Linux) of a program that has drawn the picker and waited a second, and
//!   of one after a session that creates a learner, reads every page of the first five lessons
//!   and answers a quiz question.
//!
//! `HOCSO_BENCH_TIMEOUT` (seconds, default 20) waits longer for each screen, for runs under
//! valgrind or on a loaded machine.
//! Run: `cargo bench --bench startup` (release profile), or on a busy machine
//! `cargo build --release && HOCSO_BIN=target/release/hocso cargo bench --profile dev --bench startup`.
//! Figures go in the README.

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

struct Run {
    screen: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

fn start(data: &std::path::Path) -> (Run, Instant) {
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("pty");
    // HOCSO_BIN measures an already-built binary (e.g. `target/release/hocso`) so the harness
    // itself can be built in the dev profile on a busy machine.
    let bin = std::env::var_os("HOCSO_BIN").unwrap_or_else(|| env!("CARGO_BIN_EXE_hocso").into());
    let mut cmd = CommandBuilder::new(bin);
    cmd.env("HOCSO_DATA_DIR", data);
    cmd.env("TERM", "xterm-256color");
    cmd.env("HOCSO_SYMBOLS", "unicode");
    cmd.env_remove("HOCSO_LESSONS");
    let t0 = Instant::now();
    let child = pty.slave.spawn_command(cmd).expect("spawn");
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().expect("reader");
    let writer = pty.master.take_writer().expect("writer");
    let screen = Arc::new(Mutex::new(vt100::Parser::new(
        24.try_into().expect("24"),
        80.try_into().expect("80"),
        0,
    )));
    let feed = Arc::clone(&screen);
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            feed.lock().expect("lock").process(&buf[..n]);
        }
    });
    (
        Run {
            screen,
            writer,
            child,
            _master: pty.master,
        },
        t0,
    )
}

impl Run {
    fn wait_for(&self, what: &str) {
        let deadline = Instant::now() + timeout();
        while Instant::now() < deadline {
            if self
                .screen
                .lock()
                .expect("lock")
                .screen()
                .contents()
                .contains(what)
            {
                return;
            }
            std::thread::sleep(Duration::from_micros(200));
        }
        panic!("timed out waiting for {what:?}");
    }

    fn send(&mut self, s: &str) {
        self.writer.write_all(s.as_bytes()).expect("write");
        self.writer.flush().expect("flush");
    }

    fn quit(mut self) {
        self.send("\x03");
        let _ = self.child.wait();
    }
}

fn timeout() -> Duration {
    let secs = std::env::var("HOCSO_BENCH_TIMEOUT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    Duration::from_secs(secs)
}

fn print_peak(run: &Run, when: &str) {
    match run.child.process_id().and_then(peak_kib) {
        Some(kib) => println!("peak memory (VmHWM) {when}: {:.1} MiB", kib as f64 / 1024.0),
        None => println!("peak memory: /proc not available on this system"),
    }
}

fn peak_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    let data = tempfile::tempdir().expect("tempdir");
    let mut times = Vec::new();
    for _ in 0..20 {
        let (run, t0) = start(data.path());
        run.wait_for("Người học mới");
        times.push(t0.elapsed());
        run.quit();
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "first frame (built-in course, 80x24, 20 runs): min {:.1} ms, median {:.1} ms, max {:.1} ms",
        ms(times[0]),
        ms(times[times.len() / 2]),
        ms(times[times.len() - 1])
    );

    // The picker alone: drawn, and a second later (the course has loaded in the background).
    let (run, _) = start(data.path());
    run.wait_for("Người học mới");
    std::thread::sleep(Duration::from_secs(1));
    print_peak(&run, "at the picker");
    run.quit();

    // A session: create a learner, read every page of five lessons, answer one question.
    let (mut run, _) = start(data.path());
    run.wait_for("Người học mới");
    run.send("\r");
    run.wait_for("Họ và tên");
    run.send("Nguyễn Thị Hoa\r");
    run.wait_for("Tiếp tục");
    for lesson in 0..5 {
        run.send("\r");
        run.wait_for("Trang 1/");
        for _ in 0..12 {
            run.send("\x1b[C");
        }
        run.wait_for("Câu 1/");
        if lesson == 0 {
            run.send("1\r");
            run.wait_for("Vì sao");
        }
        run.send("q");
        run.wait_for("Tiếp tục");
        run.send("\x1b[B");
    }
    print_peak(&run, "after the session");
    run.quit();
}
