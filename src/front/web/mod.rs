//! `hocso serve`: the classroom on learners' phones. One PC serves a page; every browser tab
//! that opens it with the class code gets its own learner program (this same executable in a
//! pseudo-terminal, on the shared data folder), drawn by xterm.js over a WebSocket.

pub mod bridge;
pub mod qr;
pub mod server;

use std::net::{IpAddr, Ipv4Addr, TcpListener, UdpSocket};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use rust_i18n::t;

use bridge::session::{Hub, Launch, Limits};
use server::Gate;

use crate::ui::lang::Lang;

/// How `hocso serve` was started.
#[derive(Debug, Clone)]
pub struct Options {
    pub data_dir: PathBuf,
    pub lessons: Option<PathBuf>,
    pub lang: Lang,
    pub port: u16,
    /// One address to listen on; none = every address of this PC.
    pub bind: Option<IpAddr>,
    pub max: usize,
    /// The class code; none = 6 random digits.
    pub code: Option<String>,
    /// Sessions with no key for this long end (saved).
    pub idle: Duration,
    /// `--tls CERT KEY`: PEM files of the certificate chain and its private key.
    pub tls: Option<(PathBuf, PathBuf)>,
}

/// Set for the class view `hocso serve` opens in the trainer's window: closing it ends that
/// program (back to the class code and addresses) instead of going on to the name list.
pub const CLASS_ONLY_ENV: &str = "HOCSO_CLASS_ONLY";

/// Sessions one address may open at once (a phone with two tabs, a PC with a few).
const PER_ADDRESS: usize = 4;

/// A page whose connection dropped (Wi-Fi, screen off) finds its session for this long.
const GRACE: Duration = Duration::from_secs(5 * 60);

/// A class code a person can read out: 4 to 6 digits.
pub fn valid_code(code: &str) -> bool {
    (4..=6).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_digit())
}

fn random_code() -> String {
    let mut b = [0u8; 4];
    let n = if getrandom::fill(&mut b).is_ok() {
        u32::from_le_bytes(b)
    } else {
        fastrand::u32(..)
    };
    format!("{:06}", n % 1_000_000)
}

/// The addresses phones in the room can use: the one this PC reaches the network through, and
/// the ones its name resolves to. No packet is sent (a UDP "connect" only picks a route).
fn room_addresses(bind: Option<IpAddr>) -> Vec<IpAddr> {
    if let Some(b) = bind.filter(|b| !b.is_unspecified()) {
        return vec![b];
    }
    let mut out: Vec<IpAddr> = Vec::new();
    if let Ok(s) = UdpSocket::bind((Ipv4Addr::UNSPECIFIED, 0))
        && s.connect((Ipv4Addr::new(192, 168, 255, 255), 9)).is_ok()
        && let Ok(a) = s.local_addr()
    {
        out.push(a.ip());
    }
    let host = gethostname::gethostname().to_string_lossy().into_owned();
    if let Ok(found) = std::net::ToSocketAddrs::to_socket_addrs(&(host.as_str(), 0)) {
        out.extend(found.map(|a| a.ip()).filter(IpAddr::is_ipv4));
    }
    out.retain(|a| !a.is_loopback() && !a.is_unspecified());
    out.dedup();
    let mut seen = Vec::new();
    out.retain(|a| {
        let new = !seen.contains(a);
        seen.push(*a);
        new
    });
    if out.is_empty() {
        out.push(IpAddr::V4(Ipv4Addr::LOCALHOST));
    }
    out
}

/// Runs the server until the process is stopped (Ctrl+C: the learner programs get their
/// terminal closed, save and exit).
pub fn serve(o: Options) -> Result<(), String> {
    let l = o.lang.code();
    let code = o.code.clone().unwrap_or_else(random_code);
    if !valid_code(&code) {
        return Err(t!("serve.bad_code", locale = l).into_owned());
    }
    let exe = std::env::current_exe().map_err(|e| {
        crate::front::log(&o.data_dir, &format!("serve: current_exe: {e}"));
        t!("serve.no_exe", locale = l).into_owned()
    })?;
    let bind = o.bind.unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    let listener = TcpListener::bind((bind, o.port)).map_err(|e| {
        crate::front::log(&o.data_dir, &format!("serve: bind {bind}:{}: {e}", o.port));
        t!("serve.port_busy", locale = l, port = o.port).into_owned()
    })?;
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(o.port);
    let hub = Hub::new(
        Launch {
            exe,
            data_dir: o.data_dir.clone(),
            lessons: o.lessons.clone(),
            lang: l.to_string(),
        },
        Limits {
            max: o.max,
            // The bench opens every session from 127.0.0.1 (`HOCSO_SERVE_PER_ADDRESS`).
            per_addr: std::env::var("HOCSO_SERVE_PER_ADDRESS")
                .ok()
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(PER_ADDRESS),
            idle: o.idle,
            grace: GRACE,
        },
    );
    let tls = match &o.tls {
        Some((cert, key)) => Some(bridge::wire::config(cert, key).map_err(|e| {
            crate::front::log(&o.data_dir, &format!("serve: tls: {e}"));
            t!("serve.bad_tls", locale = l, error = e).into_owned()
        })?),
        None => None,
    };
    let scheme = if tls.is_some() { "https" } else { "http" };
    let gate = Arc::new(Gate::new(code.clone(), o.max * 3 + 16, tls));
    let addrs = room_addresses(o.bind);
    trainer_screen(&addrs, scheme, port, &code, o.max, o.lang);
    let (hub2, gate2) = (Arc::clone(&hub), Arc::clone(&gate));
    let server = std::thread::Builder::new()
        .name("serve".into())
        .spawn(move || server::run(&listener, &hub2, &gate2))
        .map_err(|e| {
            crate::front::log(&o.data_dir, &format!("serve: thread: {e}"));
            t!("serve.no_exe", locale = l).into_owned()
        })?;
    class_view_on_enter(&o, &addrs, scheme, port, &code);
    // No terminal to read from (started by a script or a service): serve until stopped.
    let _ = server.join();
    hub.close_all();
    Ok(())
}

/// The trainer's window: Enter opens the class view (who is connected, where each learner
/// is, raised hands; the same `hocso class`, with its PIN) in this window; closing it shows
/// the code and addresses again. Returns when there is nothing to read (no terminal).
fn class_view_on_enter(o: &Options, addrs: &[IpAddr], scheme: &str, port: u16, code: &str) {
    let l = o.lang.code();
    let Ok(exe) = std::env::current_exe() else {
        return;
    };
    let stdin = std::io::stdin();
    if !std::io::IsTerminal::is_terminal(&stdin) {
        return;
    }
    loop {
        crate::outln!("{}", t!("serve.class_enter", locale = l));
        let mut line = String::new();
        match stdin.read_line(&mut line) {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let mut cmd = std::process::Command::new(&exe);
        cmd.arg("--data-dir").arg(&o.data_dir);
        if let Some(lessons) = &o.lessons {
            cmd.arg("--lessons").arg(lessons);
        }
        cmd.args(["--lang", l, "class"]).env(CLASS_ONLY_ENV, "1");
        if let Err(e) = cmd.status() {
            crate::front::log(&o.data_dir, &format!("serve: class view: {e}"));
        }
        trainer_screen(addrs, scheme, port, code, o.max, o.lang);
    }
}

/// What the trainer shows the room: the address(es), a QR code of the first, the class code.
fn trainer_screen(addrs: &[IpAddr], scheme: &str, port: u16, code: &str, max: usize, lang: Lang) {
    let l = lang.code();
    let urls: Vec<String> = addrs
        .iter()
        .map(|a| format!("{scheme}://{a}:{port}/?code={code}"))
        .collect();
    crate::outln!("{}", t!("serve.title", locale = l));
    if let Some(lines) = urls.first().and_then(|u| qr::lines(u)) {
        for line in lines {
            crate::outln!("  {line}");
        }
    }
    crate::outln!("{}", t!("serve.open", locale = l));
    for u in &urls {
        crate::outln!("    {u}");
    }
    crate::outln!("{}", t!("serve.code", locale = l, code = code));
    crate::outln!("{}", t!("serve.limits", locale = l, max = max));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_4_to_6_digits() {
        assert!(valid_code("1234") && valid_code("123456"));
        assert!(!valid_code("123") && !valid_code("1234567") && !valid_code("12a4"));
        for _ in 0..20 {
            assert!(valid_code(&random_code()));
        }
    }
}
