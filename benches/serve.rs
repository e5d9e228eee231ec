//! `hocso serve` with a room of learners: N WebSocket sessions (60 by default) on loopback, each
//! creating a learner, opening the first lesson and turning its pages (a key every 0.5–1 s) for
//! a while, then answering a question. Reports key → first frame latency over the WebSocket
//! (median, p95, max), memory of the server and of the learner programs (VmRSS now and VmHWM,
//! summed, from /proc) and CPU time (server + programs) over the run. Linux only.
//!
//! Run: `HOCSO_BIN=target/release/hocso cargo bench --profile dev --bench serve`
//! (`HOCSO_BENCH_SESSIONS`, `HOCSO_BENCH_SECS` to change 60 sessions × 60 s).

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

const CODE: &str = "135790";

type Ws = WebSocket<MaybeTlsStream<TcpStream>>;

struct Page {
    ws: Ws,
    screen: vt100::Parser,
}

impl Page {
    fn read_once(&mut self) -> Result<bool, String> {
        match self.ws.read() {
            Ok(Message::Binary(b)) => {
                self.screen.process(&b);
                Ok(true)
            }
            Ok(Message::Close(_)) => Err("closed".into()),
            Ok(_) => Ok(false),
            Err(tungstenite::Error::Io(e))
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                Ok(false)
            }
            Err(e) => Err(e.to_string()),
        }
    }

    fn wait_for(&mut self, what: &str) -> Result<(), String> {
        let end = Instant::now() + Duration::from_secs(30);
        while !self.screen.screen().contents().contains(what) {
            if Instant::now() > end {
                return Err(format!("no {what:?}"));
            }
            self.read_once()?;
        }
        Ok(())
    }

    /// Sends keys; the time until the first frame comes back.
    fn key(&mut self, d: &str) -> Result<Duration, String> {
        let msg = serde_json::json!({"t": "in", "d": d}).to_string();
        let t0 = Instant::now();
        self.ws
            .send(Message::text(msg))
            .map_err(|e| e.to_string())?;
        loop {
            if self.read_once()? {
                return Ok(t0.elapsed());
            }
            if t0.elapsed() > Duration::from_secs(30) {
                return Err("no frame".into());
            }
        }
    }

    /// Sends a key and waits for `what`, returning the first frame's latency.
    fn step(&mut self, d: &str, what: &str) -> Result<Duration, String> {
        let l = self.key(d)?;
        self.wait_for(what)?;
        Ok(l)
    }
}

fn session(port: u16, n: usize, until: Instant) -> Result<(Vec<Duration>, bool), String> {
    let url = format!("ws://127.0.0.1:{port}/ws?code={CODE}&c=80&r=24");
    let (ws, _) = tungstenite::connect(url).map_err(|e| e.to_string())?;
    if let MaybeTlsStream::Plain(s) = ws.get_ref() {
        let _ = s.set_read_timeout(Some(Duration::from_millis(20)));
        let _ = s.set_nodelay(true);
    }
    let mut p = Page {
        ws,
        screen: vt100::Parser::new(24.try_into().unwrap(), 80.try_into().unwrap(), 0),
    };
    let mut lat = Vec::new();
    p.wait_for("Người học mới")?;
    // Others are on the list by now: Home goes up to "Người học mới".
    lat.push(p.key("\x1b[H")?);
    lat.push(p.step("\r", "Họ và tên")?);
    for c in format!("Học viên số {n}").chars() {
        lat.push(p.key(&c.to_string())?);
    }
    lat.push(p.step("\r", "Làm quen cách học")?);
    lat.push(p.step("\r", "Trang 1/2")?);
    let mut rng = fastrand::Rng::with_seed(n as u64);
    let mut on_two = false;
    while Instant::now() < until {
        std::thread::sleep(Duration::from_millis(500 + rng.u64(..500)));
        let (key, want) = if on_two {
            ("\x1b[D", "Trang 1/2")
        } else {
            ("\x1b[C", "Trang 2/2")
        };
        lat.push(p.step(key, want)?);
        on_two = !on_two;
    }
    // To the quiz and one answer.
    if !on_two {
        lat.push(p.step("\x1b[C", "Trang 2/2")?);
    }
    lat.push(p.step("\x1b[C", "Câu 1/3")?);
    lat.push(p.key("1")?);
    lat.push(p.key("\r")?);
    let end = Instant::now() + Duration::from_secs(30);
    let mut answered = false;
    while !answered && Instant::now() < end {
        let s = p.screen.screen().contents();
        answered = s.contains("Đúng rồi") || s.contains("Chưa đúng");
        p.read_once()?;
    }
    let _ = p.ws.send(Message::text(r#"{"t":"bye"}"#));
    Ok((lat, answered))
}

fn status_kb(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

/// Proportional set size: shared pages (the program's code, mapped by every session) counted
/// once across processes rather than once in each.
fn pss_kb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Pss:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

/// CPU time in clock ticks (utime + stime, plus cutime + cstime: the reaped learner programs'
/// for the server), and the parent pid.
fn stat(pid: u32) -> Option<(u64, u32)> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let rest = &s[s.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ppid = f.get(1)?.parse().ok()?;
    let ticks = (11..=14)
        .filter_map(|i| f.get(i)?.parse::<u64>().ok())
        .sum();
    Some((ticks, ppid))
}

/// The server's own CPU ticks (utime + stime).
fn own_ticks(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| {
            let rest = s[s.rfind(')')? + 2..].to_string();
            let f: Vec<&str> = rest.split_whitespace().collect();
            Some(f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?)
        })
        .unwrap_or(0)
}

fn children(of: u32) -> Vec<u32> {
    std::fs::read_dir("/proc")
        .map(|d| {
            d.filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
                .filter(|p| stat(*p).is_some_and(|(_, pp)| pp == of))
                .collect()
        })
        .unwrap_or_default()
}

fn pct(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

fn main() {
    let n: usize = std::env::var("HOCSO_BENCH_SESSIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(60);
    let secs: u64 = std::env::var("HOCSO_BENCH_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(60);
    let bin = std::env::var_os("HOCSO_BIN").unwrap_or_else(|| env!("CARGO_BIN_EXE_hocso").into());
    let data = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sample-course");
    let mut server = Command::new(&bin)
        .arg("--data-dir")
        .arg(data.path())
        .arg("--lessons")
        .arg(&fixture)
        .args([
            "serve",
            "--bind",
            "127.0.0.1",
            "--port",
            "0",
            "--code",
            CODE,
        ])
        .args(["--max", &n.to_string()])
        .env("HOCSO_SERVE_PER_ADDRESS", n.to_string())
        .env_remove("HOCSO_LANG")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let pid = server.id();
    let out = server.stdout.take().unwrap();
    let mut port = 0u16;
    for line in BufReader::new(out).lines().map_while(Result::ok) {
        if let Some(at) = line.find("http://127.0.0.1:") {
            let rest = &line[at + 17..];
            port = rest
                .chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
                .parse()
                .unwrap();
            break;
        }
    }
    let idle_rss = status_kb(pid, "VmRSS:");
    let cpu0 = stat(pid).map_or(0, |s| s.0);
    let t0 = Instant::now();
    let until = t0 + Duration::from_secs(secs);
    let handles: Vec<_> = (0..n)
        .map(|i| {
            std::thread::sleep(Duration::from_millis(30));
            std::thread::spawn(move || session(port, i, until))
        })
        .collect();
    // Memory while everyone is in a lesson (sampled in the middle of the run).
    std::thread::sleep(Duration::from_secs(secs / 2 + 3));
    let kids = children(pid);
    let kid_rss: u64 = kids.iter().map(|k| status_kb(*k, "VmRSS:")).sum();
    let kid_hwm: u64 = kids.iter().map(|k| status_kb(*k, "VmHWM:")).sum();
    let kid_pss: u64 = kids.iter().map(|k| pss_kb(*k)).sum();
    let srv_pss = pss_kb(pid);
    let kid_cpu_mid: u64 = kids.iter().filter_map(|k| stat(*k)).map(|s| s.0).sum();
    let srv_rss = status_kb(pid, "VmRSS:");
    let mut all = Vec::new();
    let (mut ok, mut answered, mut failed) = (0, 0, Vec::new());
    for h in handles {
        match h.join().unwrap() {
            Ok((lat, a)) => {
                ok += 1;
                answered += usize::from(a);
                all.extend(lat);
            }
            Err(e) => failed.push(e),
        }
    }
    let wall = t0.elapsed().as_secs_f64();
    // Every page said goodbye: wait for the server to end and reap the programs, whose CPU time
    // then counts in its cutime/cstime.
    let end = Instant::now() + Duration::from_secs(30);
    while !children(pid).is_empty() && Instant::now() < end {
        std::thread::sleep(Duration::from_millis(100));
    }
    let total = stat(pid).map_or(0, |s| s.0) - cpu0;
    let srv_cpu = own_ticks(pid);
    let kid_cpu = total.saturating_sub(srv_cpu).max(kid_cpu_mid);
    let srv_hwm = status_kb(pid, "VmHWM:");
    let _ = server.kill();
    let _ = server.wait();
    all.sort();
    let tick = 100.0; // USER_HZ on Linux
    println!("hocso serve: {n} sessions, {secs} s of page turns, loopback");
    println!(
        "sessions completed {ok}/{n}, answered {answered}; failed: {:?}",
        failed
    );
    if !all.is_empty() {
        println!(
            "key → first frame over WebSocket: median {:.1} ms, p95 {:.1} ms, max {:.1} ms ({} keys)",
            pct(&all, 0.5),
            pct(&all, 0.95),
            pct(&all, 1.0),
            all.len()
        );
    }
    println!(
        "server: VmRSS {:.1} MB idle, {:.1} MB with {} sessions, VmHWM {:.1} MB",
        idle_rss as f64 / 1024.0,
        srv_rss as f64 / 1024.0,
        kids.len(),
        srv_hwm as f64 / 1024.0
    );
    if !kids.is_empty() {
        println!(
            "learner programs: VmRSS {:.1} MB in all, {:.1} MB each; VmHWM {:.1} MB each",
            kid_rss as f64 / 1024.0,
            kid_rss as f64 / 1024.0 / kids.len() as f64,
            kid_hwm as f64 / 1024.0 / kids.len() as f64
        );
        println!(
            "per session (program + server share): {:.1} MB by VmRSS; {:.1} MB by PSS (shared code counted once: programs {:.1} MB + server {:.1} MB in all)",
            (kid_rss + srv_rss.saturating_sub(idle_rss)) as f64 / 1024.0 / kids.len() as f64,
            (kid_pss + srv_pss) as f64 / 1024.0 / kids.len() as f64,
            kid_pss as f64 / 1024.0,
            srv_pss as f64 / 1024.0
        );
    }
    println!(
        "CPU over {wall:.0} s: server {:.1} s, programs {:.1} s — {:.0}% of one core on average",
        srv_cpu as f64 / tick,
        kid_cpu as f64 / tick,
        (srv_cpu + kid_cpu) as f64 / tick / wall * 100.0
    );
}
