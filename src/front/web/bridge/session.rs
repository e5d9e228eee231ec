//! One learner session per browser tab: a child `hocso` in a pseudo-terminal, its screen kept
//! here (vt100) so a page that reconnects gets the whole screen at once, and the socket it is
//! drawn to now. The hub holds the sessions and their limits.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use tungstenite::protocol::frame::Frame;
use tungstenite::protocol::frame::coding::{Data, OpCode};

/// The program's own limits (40×12 is the smallest layout; 1000×500 the largest it accepts).
pub const MIN_COLS: u16 = 40;
pub const MIN_ROWS: u16 = 12;
pub const MAX_COLS: u16 = 1000;
pub const MAX_ROWS: u16 = 500;

/// "Where is the cursor?" (DSR 6), which the program asks when the window changes size.
const CURSOR_QUERY: &[u8] = b"\x1b[6n";

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// Locks a mutex even if a thread panicked while holding it: the data here (a screen, a socket)
/// stays usable, and one broken session must not take the server down.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// How the learner program is started: always this executable, fixed arguments.
#[derive(Debug, Clone)]
pub struct Launch {
    pub exe: PathBuf,
    pub data_dir: PathBuf,
    pub lessons: Option<PathBuf>,
    pub lang: String,
}

/// How many sessions, and for how long.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Sessions in all.
    pub max: usize,
    /// Sessions opened from one address (a phone, or a PC with a few tabs).
    pub per_addr: usize,
    /// No key for this long ends the session (saved).
    pub idle: Duration,
    /// A dropped connection keeps its session this long for the page to come back.
    pub grace: Duration,
}

/// Where a session's output goes: the socket of the page showing it now. Frames are written
/// whole under this lock, so the bridge's own replies (pong, close) never interleave with them.
pub type Sink = Arc<Mutex<super::wire::Wire>>;

/// Writes one complete binary frame (server frames are not masked).
pub fn write_frame(sink: &Sink, data: Vec<u8>, binary: bool) -> std::io::Result<()> {
    let op = OpCode::Data(if binary { Data::Binary } else { Data::Text });
    let mut buf = Vec::with_capacity(data.len() + 10);
    Frame::message(data, op, true)
        .format(&mut buf)
        .map_err(std::io::Error::other)?;
    let mut s = lock(sink);
    s.write_all(&buf)?;
    s.flush()
}

struct Screen {
    parser: vt100::Parser,
    sink: Option<Sink>,
    /// When the last page went away (None while one is attached).
    detached: Option<Instant>,
}

/// One learner program and its screen.
pub struct Session {
    pub token: String,
    pub addr: IpAddr,
    screen: Mutex<Screen>,
    writer: Mutex<Option<Box<dyn Write + Send>>>,
    master: Mutex<Option<Box<dyn MasterPty + Send>>>,
    child: Mutex<Box<dyn Child + Send + Sync>>,
    last_key: Mutex<Instant>,
    /// The program ended (its output closed).
    exited: AtomicBool,
}

fn size(cols: u16, rows: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

/// A resize from the page, held to what the program handles.
pub fn clamp(cols: u64, rows: u64) -> (u16, u16) {
    let c = cols.clamp(u64::from(MIN_COLS), u64::from(MAX_COLS));
    let r = rows.clamp(u64::from(MIN_ROWS), u64::from(MAX_ROWS));
    (
        u16::try_from(c).unwrap_or(MAX_COLS),
        u16::try_from(r).unwrap_or(MAX_ROWS),
    )
}

fn nonzero(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).unwrap_or(std::num::NonZeroU16::MIN)
}

impl Session {
    fn start(
        launch: &Launch,
        token: String,
        addr: IpAddr,
        cols: u16,
        rows: u16,
    ) -> anyhow::Result<Arc<Session>> {
        let pty = native_pty_system().openpty(size(cols, rows))?;
        let mut cmd = CommandBuilder::new(&launch.exe);
        cmd.arg("--data-dir");
        cmd.arg(&launch.data_dir);
        if let Some(l) = &launch.lessons {
            cmd.arg("--lessons");
            cmd.arg(l);
        }
        cmd.arg("--lang");
        cmd.arg(&launch.lang);
        cmd.cwd(&launch.data_dir);
        cmd.env("TERM", "xterm-256color");
        // Tells the program it is drawn in a browser: the class view shows the learner as on a
        // phone, and the trainer's class view and PIN are not offered there.
        cmd.env(crate::front::WEB_ENV, "1");
        // xterm.js draws every symbol: no first-start screen check for each tab.
        cmd.env("HOCSO_SYMBOLS", "unicode");
        cmd.env_remove("HOCSO_TTS");
        let child = pty.slave.spawn_command(cmd)?;
        drop(pty.slave);
        let reader = pty.master.try_clone_reader()?;
        let writer = pty.master.take_writer()?;
        let s = Arc::new(Session {
            token,
            addr,
            screen: Mutex::new(Screen {
                parser: vt100::Parser::new(nonzero(rows), nonzero(cols), 0),
                sink: None,
                detached: Some(Instant::now()),
            }),
            writer: Mutex::new(Some(writer)),
            master: Mutex::new(Some(pty.master)),
            child: Mutex::new(child),
            last_key: Mutex::new(Instant::now()),
            exited: AtomicBool::new(false),
        });
        let me = Arc::clone(&s);
        std::thread::Builder::new()
            .name("pty-out".into())
            .spawn(move || me.pump(reader))?;
        Ok(s)
    }

    /// Program output → the screen here and the page, until the program ends.
    fn pump(&self, mut reader: Box<dyn Read + Send>) {
        let mut buf = vec![0u8; 16 * 1024];
        loop {
            let n = match reader.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            let mut sc = lock(&self.screen);
            sc.parser.process(&buf[..n]);
            if contains(&buf[..n], CURSOR_QUERY) {
                // Answered here from the screen kept here, not by the page: a page that is
                // away (or slow) must not leave the program waiting and failing (it asks on
                // every resize). The page drops its own xterm.js answers.
                let (row, col) = sc.parser.screen().cursor_position();
                let answer = format!("\x1b[{};{}R", row + 1, col + 1);
                if let Some(w) = lock(&self.writer).as_mut() {
                    let _ = w.write_all(answer.as_bytes()).and_then(|()| w.flush());
                }
            }
            if let Some(sink) = sc.sink.clone()
                && write_frame(&sink, buf[..n].to_vec(), true).is_err()
            {
                lock(&sink).shutdown();
                sc.sink = None;
                sc.detached = Some(Instant::now());
            }
        }
        self.exited.store(true, Ordering::SeqCst);
        let sc = lock(&self.screen);
        if let Some(sink) = &sc.sink {
            // The page shows "the lesson ended" and offers to start again.
            let _ = write_frame(sink, br#"{"t":"end"}"#.to_vec(), false);
            lock(sink).shutdown();
        }
    }

    /// A page shows this session from now on: it gets the whole screen at its size.
    pub fn attach(&self, sink: Sink, cols: u16, rows: u16) {
        self.resize(cols, rows);
        let mut sc = lock(&self.screen);
        if let Some(old) = sc.sink.take() {
            // Another tab with the same token (a duplicated tab copies it): the old page is
            // told, so it offers a new session instead of taking this one back.
            let _ = write_frame(&old, br#"{"t":"moved"}"#.to_vec(), false);
            lock(&old).shutdown();
        }
        let hello = format!(r#"{{"t":"token","d":"{}"}}"#, self.token);
        let mut whole = b"\x1b[!p\x1b[H\x1b[2J".to_vec();
        whole.extend_from_slice(sc.parser.screen().state_formatted().as_bytes());
        if write_frame(&sink, hello.into_bytes(), false).is_ok()
            && write_frame(&sink, whole, true).is_ok()
        {
            sc.sink = Some(sink);
            sc.detached = None;
        }
    }

    /// The page with this socket went away (its session stays for the grace time).
    pub fn detach(&self, sink: &Sink) {
        let mut sc = lock(&self.screen);
        if sc.sink.as_ref().is_some_and(|s| Arc::ptr_eq(s, sink)) {
            sc.sink = None;
            sc.detached = Some(Instant::now());
        }
    }

    /// Keys or text typed on the page.
    pub fn input(&self, bytes: &[u8]) {
        *lock(&self.last_key) = Instant::now();
        if let Some(w) = lock(&self.writer).as_mut() {
            let _ = w.write_all(bytes).and_then(|()| w.flush());
        }
    }

    pub fn resize(&self, cols: u16, rows: u16) {
        if let Some(m) = lock(&self.master).as_ref() {
            let _ = m.resize(size(cols, rows));
        }
        lock(&self.screen)
            .parser
            .set_size(nonzero(rows), nonzero(cols));
    }

    pub fn exited(&self) -> bool {
        self.exited.load(Ordering::SeqCst)
    }

    /// Why this session should end now, if it should.
    fn expired(&self, limits: &Limits, now: Instant) -> bool {
        if self.exited() {
            return true;
        }
        let idle = now.duration_since(*lock(&self.last_key)) >= limits.idle;
        let gone = lock(&self.screen)
            .detached
            .is_some_and(|t| now.duration_since(t) >= limits.grace);
        idle || gone
    }

    /// Ends the program the way a closed terminal does: the pseudo-terminal closes, the program
    /// gets SIGHUP (Windows: the console closes), saves, removes its session note and exits.
    /// Waits for it (5 s), then kills it; always reaps it.
    pub fn end(&self) {
        drop(lock(&self.writer).take());
        drop(lock(&self.master).take());
        let mut child = lock(&self.child);
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if !matches!(child.try_wait(), Ok(None)) {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        if matches!(child.try_wait(), Ok(None)) {
            let _ = child.kill();
            let _ = child.wait();
        }
        let sc = lock(&self.screen);
        if let Some(sink) = &sc.sink {
            let _ = write_frame(sink, br#"{"t":"end"}"#.to_vec(), false);
            lock(sink).shutdown();
        }
    }
}

/// Why a page could not get a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// `--max` sessions are open.
    Full,
    /// This address has its few sessions already.
    TooManyHere,
    /// The program could not be started.
    Failed,
}

/// All sessions of this server.
pub struct Hub {
    pub launch: Launch,
    pub limits: Limits,
    sessions: Mutex<HashMap<String, Arc<Session>>>,
}

fn new_token() -> String {
    let mut b = [0u8; 16];
    if getrandom::fill(&mut b).is_err() {
        b.iter_mut().for_each(|x| *x = fastrand::u8(..));
    }
    b.iter().map(|x| format!("{x:02x}")).collect()
}

impl Hub {
    pub fn new(launch: Launch, limits: Limits) -> Arc<Hub> {
        let hub = Arc::new(Hub {
            launch,
            limits,
            sessions: Mutex::new(HashMap::new()),
        });
        let weak = Arc::downgrade(&hub);
        let _ = std::thread::Builder::new()
            .name("reaper".into())
            .spawn(move || {
                while let Some(hub) = weak.upgrade() {
                    hub.reap();
                    drop(hub);
                    std::thread::sleep(Duration::from_millis(250));
                }
            });
        hub
    }

    /// The session a reconnecting page names, if it is still there.
    pub fn find(&self, token: &str) -> Option<Arc<Session>> {
        lock(&self.sessions)
            .get(token)
            .filter(|s| !s.exited())
            .cloned()
    }

    /// A new session for a page at `addr`.
    pub fn open(&self, addr: IpAddr, cols: u16, rows: u16) -> Result<Arc<Session>, Refusal> {
        let mut all = lock(&self.sessions);
        if all.len() >= self.limits.max {
            return Err(Refusal::Full);
        }
        if all.values().filter(|s| s.addr == addr).count() >= self.limits.per_addr {
            return Err(Refusal::TooManyHere);
        }
        let token = new_token();
        let s = Session::start(&self.launch, token.clone(), addr, cols, rows).map_err(|e| {
            crate::front::log(&self.launch.data_dir, &format!("serve: start: {e}"));
            Refusal::Failed
        })?;
        all.insert(token, Arc::clone(&s));
        Ok(s)
    }

    /// Ends one session now (the page said goodbye).
    pub fn close(&self, token: &str) {
        let s = lock(&self.sessions).remove(token);
        if let Some(s) = s {
            s.end();
        }
    }

    pub fn count(&self) -> usize {
        lock(&self.sessions).len()
    }

    /// Ends sessions whose program exited, whose page is gone past the grace time, or idle.
    fn reap(&self) {
        let now = Instant::now();
        let done: Vec<Arc<Session>> = {
            let mut all = lock(&self.sessions);
            let tokens: Vec<String> = all
                .iter()
                .filter(|(_, s)| s.expired(&self.limits, now))
                .map(|(t, _)| t.clone())
                .collect();
            tokens.iter().filter_map(|t| all.remove(t)).collect()
        };
        for s in done {
            s.end();
        }
    }

    /// Ends every session (the server stops).
    pub fn close_all(&self) {
        let all: Vec<Arc<Session>> = lock(&self.sessions).drain().map(|(_, s)| s).collect();
        let handles: Vec<_> = all
            .into_iter()
            .map(|s| std::thread::spawn(move || s.end()))
            .collect();
        for h in handles {
            let _ = h.join();
        }
    }
}
