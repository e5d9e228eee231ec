//! One page's WebSocket, bridged to its learner session: JSON messages from the page become
//! keys and sizes for the program; the program's output reaches the page from the session's
//! own reader (see [`session::Session`]), written whole frames at a time to the same socket.
//!
//! Messages in (text frames, at most [`MAX_IN`] bytes): `{"t":"in","d":"…"}` typed keys or text,
//! `{"t":"resize","c":…,"r":…}`, `{"t":"ping"}`, `{"t":"bye"}` (the tab closes for good).
//! Out: binary frames of terminal bytes; text frames `{"t":"token","d":…}` (the session to come
//! back to), `{"t":"end"}`, `{"t":"full"}`, `{"t":"busy"}`, `{"t":"code"}` (wrong class code),
//! `{"t":"moved"}` (another tab took this session over).

pub mod session;
pub mod wire;

use std::io::{Read, Write};
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tungstenite::protocol::frame::CloseFrame;
use tungstenite::protocol::frame::coding::CloseCode;
use tungstenite::protocol::{Role, WebSocket, WebSocketConfig};
use tungstenite::{Error, Message};

use session::{Hub, Refusal, Sink, clamp, lock, write_frame};
use wire::Wire;

/// Largest message a page may send (a typed answer is a line; a paste is cut by the page).
pub const MAX_IN: usize = 4096;

/// A page that says nothing for this long (it pings every 20 s) has gone.
const SILENT: Duration = Duration::from_secs(60);

/// What the page asked for when it connected.
#[derive(Debug, Clone)]
pub struct Join {
    /// The session to come back to, if the page has one.
    pub token: Option<String>,
    pub cols: u16,
    pub rows: u16,
    /// The class code was right.
    pub code_ok: bool,
}

/// How long a read waits on a TLS connection before letting the writer in (TLS state cannot be
/// split into a reading and a writing handle: both take turns under the lock).
const TLS_TURN: Duration = Duration::from_millis(15);

/// The socket as tungstenite sees it: reads from our own handle (plain TCP) or in turns under
/// the lock (TLS); writes under the session's lock, so its pong and close frames never cut
/// into an output frame.
struct Duplex {
    read: Option<std::net::TcpStream>,
    write: Sink,
}

impl Read for Duplex {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match &mut self.read {
            Some(tcp) => tcp.read(buf),
            None => lock(&self.write).read(buf),
        }
    }
}

impl Write for Duplex {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        lock(&self.write).write_all(buf)?;
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        lock(&self.write).flush()
    }
}

fn config() -> WebSocketConfig {
    WebSocketConfig::default()
        .max_message_size(Some(MAX_IN))
        .max_frame_size(Some(MAX_IN))
}

fn say(sink: &Sink, what: &str) {
    let _ = write_frame(sink, format!(r#"{{"t":"{what}"}}"#).into_bytes(), false);
}

fn close(ws: &mut WebSocket<Duplex>, code: CloseCode, why: &'static str) {
    let _ = ws.close(Some(CloseFrame {
        code,
        reason: why.into(),
    }));
    let _ = ws.flush();
}

/// Runs one page's connection until it goes (the handshake is done).
pub fn run(hub: &Arc<Hub>, wire: Wire, addr: IpAddr, join: Join) {
    let tcp = wire.tcp();
    let _ = tcp.set_nodelay(true);
    let turn = if wire.is_tls() { TLS_TURN } else { SILENT };
    let _ = tcp.set_read_timeout(Some(turn));
    let _ = tcp.set_write_timeout(Some(Duration::from_secs(10)));
    let read = if wire.is_tls() {
        None
    } else {
        match tcp.try_clone() {
            Ok(r) => Some(r),
            Err(_) => return,
        }
    };
    let tls = wire.is_tls();
    let sink: Sink = Arc::new(Mutex::new(wire));
    let mut ws = WebSocket::from_raw_socket(
        Duplex {
            read,
            write: Arc::clone(&sink),
        },
        Role::Server,
        Some(config()),
    );
    if !join.code_ok {
        say(&sink, "code");
        return close(&mut ws, CloseCode::Policy, "code");
    }
    let found = join.token.as_deref().and_then(|t| hub.find(t));
    let session = match found {
        Some(s) => s,
        None => match hub.open(addr, join.cols, join.rows) {
            Ok(s) => s,
            Err(r) => {
                say(
                    &sink,
                    match r {
                        Refusal::Full => "full",
                        Refusal::TooManyHere => "busy",
                        Refusal::Failed => "failed",
                    },
                );
                return close(&mut ws, CloseCode::Again, "refused");
            }
        },
    };
    session.attach(Arc::clone(&sink), join.cols, join.rows);
    let mut bye = false;
    let mut heard = Instant::now();
    loop {
        let got = ws.read();
        if got.is_ok() {
            heard = Instant::now();
        }
        match got {
            Ok(Message::Text(t)) => match message(t.as_str()) {
                Some(In::Keys(d)) => session.input(d.as_bytes()),
                Some(In::Resize(c, r)) => session.resize(c, r),
                Some(In::Ping) => {}
                Some(In::Bye) => {
                    bye = true;
                    break;
                }
                None => crate::front::log(&hub.launch.data_dir, "serve: a malformed message"),
            },
            Ok(Message::Close(_)) => break,
            Ok(_) => {}
            Err(Error::Io(e))
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) && heard.elapsed() < SILENT =>
            {
                if tls {
                    // The output's turn at the connection.
                    std::thread::sleep(Duration::from_millis(1));
                }
            }
            Err(Error::Capacity(_)) => {
                crate::front::log(&hub.launch.data_dir, "serve: a message too large");
                close(&mut ws, CloseCode::Size, "too large");
                break;
            }
            Err(_) => break,
        }
    }
    if bye {
        hub.close(&session.token);
    } else {
        session.detach(&sink);
    }
    lock(&sink).shutdown();
}

/// One message from the page.
#[derive(Debug, PartialEq, Eq)]
pub enum In {
    Keys(String),
    Resize(u16, u16),
    Ping,
    Bye,
}

/// Reads one message; anything else is `None` (ignored, logged).
pub fn message(text: &str) -> Option<In> {
    let v: serde_json::Value = serde_json::from_str(text).ok()?;
    match v.get("t")?.as_str()? {
        "in" => Some(In::Keys(v.get("d")?.as_str()?.to_string())),
        "resize" => {
            let (c, r) = clamp(v.get("c")?.as_u64()?, v.get("r")?.as_u64()?);
            Some(In::Resize(c, r))
        }
        "ping" => Some(In::Ping),
        "bye" => Some(In::Bye),
        _ => None,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_read_and_sizes_clamped() {
        assert_eq!(message(r#"{"t":"in","d":"a"}"#), Some(In::Keys("a".into())));
        assert_eq!(
            message(r#"{"t":"resize","c":99999,"r":1}"#),
            Some(In::Resize(1000, 12))
        );
        assert_eq!(
            message(r#"{"t":"resize","c":10,"r":9999}"#),
            Some(In::Resize(40, 500))
        );
        assert_eq!(message(r#"{"t":"bye"}"#), Some(In::Bye));
        for bad in [
            "",
            "nope",
            "{}",
            r#"{"t":"in"}"#,
            r#"{"t":"in","d":5}"#,
            r#"{"t":"rm"}"#,
        ] {
            assert_eq!(message(bad), None, "{bad}");
        }
    }
}
