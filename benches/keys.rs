//! Key → next frame, on the real binary in a pseudo-terminal at 80×24 with the built-in course,
//! for a new learner and for one who has done the whole course three times over:
//! - page turn: → or ← in the reader until the page number on screen changes;
//! - answer: Enter on a chosen answer until its ✓/✗ feedback is on screen.
//!
//! With `HOCSO_STRACE=1` the binary runs under `strace -f -ttt -y -e trace=write,pwrite64,fsync,fdatasync`
//! instead (keys spaced by 0.7 s so the grouped page-turn flush lands in its own window), and the
//! bench prints the bytes written and fsync calls in the data folder per page turn and per answer.
//! With `HOCSO_GTYPIST=1`, GNU Typist's page turn (a key on a tutorial screen) and peak memory are
//! measured in the same way, for comparison.
//!
//! Run: `cargo bench --bench keys` (or `HOCSO_BIN=target/release/hocso cargo bench --profile dev
//! --bench keys` on a busy machine). Figures go in the README.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use hocso::course::load::load;
use hocso::course::source::builtin;
use hocso::store::learners::Store;
use portable_pty::{CommandBuilder, PtySize, native_pty_system};

#[path = "common/history.rs"]
mod history;

const TURNS: usize = 40;
const ANSWERS: usize = 30;

struct Run {
    screen: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Run {
    fn start(program: &Path, args: &[String], data: &Path) -> Run {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("pty");
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.env("HOCSO_DATA_DIR", data);
        cmd.env("TERM", "xterm-256color");
        cmd.env("HOCSO_SYMBOLS", "unicode");
        cmd.env_remove("HOCSO_LESSONS");
        cmd.env_remove("HOCSO_LANG");
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
        Run {
            screen,
            writer,
            child,
            _master: pty.master,
        }
    }

    fn text(&self) -> String {
        self.screen.lock().expect("lock").screen().contents()
    }

    /// Waits (spinning, so the measurement is not the sleep) until `done` holds for the screen.
    fn until(&self, what: &str, done: impl Fn(&str) -> bool) -> String {
        let secs = std::env::var("HOCSO_BENCH_TIMEOUT")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(20);
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            let t = self.text();
            if done(&t) {
                return t;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}:\n{t}"
            );
            std::thread::sleep(Duration::from_micros(50));
        }
    }

    fn send(&mut self, s: &str) {
        self.writer.write_all(s.as_bytes()).expect("write");
        self.writer.flush().expect("flush");
    }

    /// Sends a key and returns how long until `done` holds.
    fn timed(&mut self, key: &str, what: &str, done: impl Fn(&str) -> bool) -> Duration {
        let t0 = Instant::now();
        self.send(key);
        self.until(what, done);
        t0.elapsed()
    }

    fn peak_kib(&self) -> Option<u64> {
        let pid = self.child.process_id()?;
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        line.split_whitespace().nth(1)?.parse().ok()
    }

    fn quit(mut self) {
        self.send("\x03");
        let _ = self.child.wait();
    }
}

fn page_of(screen: &str) -> Option<(usize, usize)> {
    let first = screen.lines().next()?;
    let (_, rest) = first.split_once("Trang ")?;
    let (a, b) = rest.trim().split_once('/')?;
    Some((a.parse().ok()?, b.trim().parse().ok()?))
}

fn has_feedback(s: &str) -> bool {
    s.contains('✓') || s.contains('✗')
}

/// Keys that make the question on screen ready to answer with Enter.
fn prepare(run: &mut Run, screen: &str) {
    if screen.contains("Câu trả lời của bác") {
        run.send("abc");
        run.until("typed", |s| s.contains("abc"));
    } else if screen.contains("→ ?") || screen.contains("Bấm số") {
        // Match or order: place every item (1, 2, 3 …), one per key.
        let n = screen.lines().filter(|l| l.contains("→ ?")).count().max(
            screen
                .lines()
                .filter(|l| {
                    l.trim_start_matches([' ', '›'])
                        .starts_with(|c: char| c.is_ascii_digit())
                })
                .count(),
        );
        for i in 1..=n.min(9) {
            run.send(&i.to_string());
            std::thread::sleep(Duration::from_millis(5));
        }
        std::thread::sleep(Duration::from_millis(60));
    } else {
        run.send("1");
        run.until("chosen", |s| s.contains("(•)") || s.contains("[x]"));
    }
}

struct Session {
    turns: Vec<Duration>,
    answers: Vec<Duration>,
    /// (time the key was sent, "page" / "answer") when traced.
    marks: Vec<(f64, &'static str)>,
    peak_kib: Option<u64>,
}

fn unix_now() -> f64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}

fn session(program: &Path, args: &[String], data: &Path, spaced: bool) -> Session {
    let mut run = Run::start(program, args, data);
    let mut out = Session {
        turns: Vec::new(),
        answers: Vec::new(),
        marks: Vec::new(),
        peak_kib: None,
    };
    let pause = || {
        if spaced {
            std::thread::sleep(Duration::from_millis(700));
        }
    };
    let s = run.until("the lesson list", |s| {
        s.contains("Mở bài") || s.contains("Kiểm tra màn hình")
    });
    if s.contains("Kiểm tra màn hình") {
        // The screen check shown once per computer: "Có, rõ hết".
        run.send("\r");
        run.until("the lesson list", |s| s.contains("Mở bài"));
    }
    run.send("\r");
    run.until("a page", |s| page_of(s).is_some());
    std::thread::sleep(Duration::from_millis(200));
    for _ in 0..TURNS {
        let s = run.text();
        let (page, _) = page_of(&s).expect("page");
        let (key, want) = if page == 1 {
            ("\x1b[C", 2)
        } else {
            ("\x1b[D", page - 1)
        };
        out.marks.push((unix_now(), "page"));
        out.turns.push(run.timed(key, "page turn", |s| {
            page_of(s).is_some_and(|(p, _)| p == want)
        }));
        pause();
    }
    // To the quiz.
    out.marks.push((unix_now(), "nav"));
    while page_of(&run.text()).is_some() {
        let before = run.text();
        run.send("\x1b[C");
        run.until("next page or quiz", |s| s != before);
    }
    pause();
    while out.answers.len() < ANSWERS {
        let s = run.until("a question or the summary", |s| {
            s.contains("Câu ") || s.contains("Kết quả")
        });
        if s.contains("Kết quả") && !s.contains("Câu ") {
            out.marks.push((unix_now(), "nav"));
            run.send("a");
            run.until("the quiz again", |s| s.contains("Câu 1/"));
            pause();
            continue;
        }
        // Let the frame finish (a half-drawn question would be answered wrongly), then answer.
        std::thread::sleep(Duration::from_millis(60));
        let s = run.text();
        prepare(&mut run, &s);
        out.marks.push((unix_now(), "answer"));
        out.answers.push(run.timed("\r", "feedback", has_feedback));
        pause();
        let before = run.text();
        out.marks.push((unix_now(), "nav"));
        run.send("\r");
        run.until("the next question", |s| {
            s != before && (!has_feedback(s) || s.contains("Kết quả"))
        });
    }
    out.peak_kib = run.peak_kib();
    run.quit();
    out
}

fn median(v: &mut [Duration]) -> f64 {
    v.sort();
    v[v.len() / 2].as_secs_f64() * 1000.0
}

fn report(name: &str, s: &mut Session) {
    let (t, a) = (median(&mut s.turns), median(&mut s.answers));
    println!(
        "{name}: page turn median {t:.2} ms (min {:.2}, max {:.2}); answer median {a:.2} ms (min {:.2}, max {:.2}); peak memory {:.1} MiB",
        s.turns[0].as_secs_f64() * 1000.0,
        s.turns[s.turns.len() - 1].as_secs_f64() * 1000.0,
        s.answers[0].as_secs_f64() * 1000.0,
        s.answers[s.answers.len() - 1].as_secs_f64() * 1000.0,
        s.peak_kib.unwrap_or(0) as f64 / 1024.0
    );
}

/// Per action: bytes written to and fsync/fdatasync calls on files in the data folder.
fn strace_report(name: &str, log: &Path, marks: &[(f64, &'static str)], data: &Path) {
    let text = std::fs::read_to_string(log).expect("strace log");
    let dir = data.to_string_lossy().into_owned();
    let mut per: Vec<(u64, u64)> = vec![(0, 0); marks.len()];
    for line in text.lines() {
        // "PID  TIME call(...)": strace -f pads the pid with spaces.
        let Some((_pid, rest)) = line.split_once(' ') else {
            continue;
        };
        let Some((time, call)) = rest.trim_start().split_once(' ') else {
            continue;
        };
        let Ok(time) = time.parse::<f64>() else {
            continue;
        };
        if !call.contains(dir.as_str()) {
            continue;
        }
        let Some(i) = marks.iter().rposition(|(t, _)| *t <= time) else {
            continue;
        };
        if call.starts_with("write(") || call.starts_with("pwrite64(") {
            let n = call
                .rsplit_once("= ")
                .and_then(|(_, n)| n.trim().parse::<u64>().ok())
                .unwrap_or(0);
            per[i].0 += n;
        } else if call.starts_with("fsync(") || call.starts_with("fdatasync(") {
            per[i].1 += 1;
        }
    }
    // The last window runs into quitting (the snapshot rewrite on close): leave it out.
    for kind in ["page", "answer"] {
        let rows: Vec<(u64, u64)> = marks[..marks.len() - 1]
            .iter()
            .zip(&per)
            .filter(|((_, k), _)| *k == kind)
            .map(|(_, p)| *p)
            .collect();
        let max_b = rows.iter().map(|r| r.0).max().unwrap_or(0);
        let max_s = rows.iter().map(|r| r.1).max().unwrap_or(0);
        let mut b: Vec<u64> = rows.iter().map(|r| r.0).collect();
        b.sort();
        let med = b.get(b.len() / 2).copied().unwrap_or(0);
        let syncs: u64 = rows.iter().map(|r| r.1).sum();
        println!(
            "{name}: per {kind}: bytes written median {med} B, max {max_b} B; fsync+fdatasync max {max_s}, {:.2} on average ({} actions)",
            syncs as f64 / rows.len().max(1) as f64,
            rows.len()
        );
    }
}

fn gtypist(dir: &Path) {
    let Ok(path) = which("gtypist") else {
        println!("gtypist: not installed (apt-get install gtypist)");
        return;
    };
    // A tutorial of many screens: each key turns to the next one, like a page in hocso.
    let mut script = String::new();
    for i in 1..=(TURNS + 5) {
        script.push_str(&format!("*:P{i}\nT:Trang {i}/{}\n", TURNS + 5));
        for l in 0..12 {
            script.push_str(&format!(" :Dong {l} cua trang {i}: mot dong chu de doc.\n"));
        }
    }
    script.push_str("X:\n");
    let file = dir.join("pages.typ");
    std::fs::write(&file, script).expect("script");
    let args = vec!["--silent".to_string(), file.to_string_lossy().into_owned()];
    let mut run = Run::start(&path, &args, dir);
    run.until("the first page", |s| s.contains("Trang 1/"));
    std::thread::sleep(Duration::from_millis(200));
    let mut turns = Vec::new();
    for i in 2..=TURNS {
        let want = format!("Trang {i}/");
        turns.push(run.timed(" ", "gtypist page", |s| s.contains(&want)));
    }
    let peak = run.peak_kib();
    let _ = run.child.kill();
    let _ = run.child.wait();
    let t = median(&mut turns);
    println!(
        "gtypist: page turn median {t:.2} ms (min {:.2}, max {:.2}); peak memory {:.1} MiB",
        turns[0].as_secs_f64() * 1000.0,
        turns[turns.len() - 1].as_secs_f64() * 1000.0,
        peak.unwrap_or(0) as f64 / 1024.0
    );
}

fn which(name: &str) -> Result<PathBuf, ()> {
    let path = std::env::var_os("PATH").ok_or(())?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
        .ok_or(())
}

fn main() {
    let course = load(&builtin()).course.expect("built-in course");
    let data = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("tempdir");
    let store = Store::open(data.path()).expect("store");
    let new = history::new_learner(&store, "Nguyễn Thị Hoa");
    let old = history::course_thrice(&store, &course, "Trần Văn Bốn");
    let size = std::fs::metadata(store.path_of(&old.profile.id)).map_or(0, |m| m.len());
    println!(
        "learner with the course done 3x: {} KB learner file",
        size / 1024
    );
    let bin: PathBuf = std::env::var_os("HOCSO_BIN")
        .unwrap_or_else(|| env!("CARGO_BIN_EXE_hocso").into())
        .into();
    let traced = std::env::var_os("HOCSO_STRACE").is_some();
    for (name, lf) in [("new learner", &new), ("course done 3x", &old)] {
        let learner = vec!["--learner".to_string(), lf.profile.id.clone()];
        if traced {
            let log = data.path().join(format!("strace-{}.log", lf.profile.id));
            let mut args = [
                "-f",
                "-ttt",
                "-y",
                "-e",
                "trace=write,pwrite64,fsync,fdatasync",
                "-o",
            ]
            .map(String::from)
            .to_vec();
            args.push(log.to_string_lossy().into_owned());
            args.push(bin.to_string_lossy().into_owned());
            args.extend(learner);
            let strace = which("strace").expect("strace (apt-get install strace)");
            let s = session(&strace, &args, data.path(), true);
            strace_report(name, &log, &s.marks, data.path());
        } else {
            let mut s = session(&bin, &learner, data.path(), false);
            report(name, &mut s);
        }
    }
    if std::env::var_os("HOCSO_GTYPIST").is_some() {
        gtypist(data.path());
    }
}
