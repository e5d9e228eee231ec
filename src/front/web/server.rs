//! The HTTP side of `hocso serve` on one `TcpListener`: the page and its files (embedded in the
//! binary), and WebSocket upgrades on `/ws` handed to the bridge. We read the request head
//! ourselves (httparse) rather than use an HTTP server crate: the bridge needs the plain
//! `TcpStream` (a second handle for output, timeouts), and there are six fixed GET routes.
//! With `--tls` the same runs over rustls.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{IpAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::bridge::session::{Hub, clamp};
use super::bridge::wire::Wire;
use super::bridge::{self, Join};

/// The largest request head we read (a browser's is well under 2 KiB).
const MAX_HEAD: usize = 8 * 1024;

/// The files of the page. The xterm.js files are the npm package's, unchanged (assets/web/vendor).
const ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "/",
        "text/html; charset=utf-8",
        include_bytes!("../../../assets/web/index.html"),
    ),
    (
        "/page.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../../assets/web/page.js"),
    ),
    (
        "/page.css",
        "text/css; charset=utf-8",
        include_bytes!("../../../assets/web/page.css"),
    ),
    (
        "/xterm.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../../assets/web/vendor/xterm.js"),
    ),
    (
        "/xterm.css",
        "text/css; charset=utf-8",
        include_bytes!("../../../assets/web/vendor/xterm.css"),
    ),
    (
        "/addon-fit.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../../assets/web/vendor/addon-fit.js"),
    ),
];

/// What the server checks on every page.
pub struct Gate {
    /// The class code (digits).
    pub code: String,
    /// Connections being handled at once (pages, files, sockets), at most.
    pub max_conns: usize,
    /// Wrong class codes per address: how many, and when the last one came.
    pub wrong: Mutex<HashMap<IpAddr, (u32, Instant)>>,
    /// `--tls CERT KEY`: every connection is HTTPS/WSS.
    pub tls: Option<Arc<rustls::ServerConfig>>,
}

/// Wrong codes an address may try before it must wait [`WRONG_WAIT`] (a 6-digit code cannot
/// be guessed by trying them all).
const WRONG_TRIES: u32 = 10;
const WRONG_WAIT: Duration = Duration::from_secs(60);

impl Gate {
    pub fn new(code: String, max_conns: usize, tls: Option<Arc<rustls::ServerConfig>>) -> Gate {
        Gate {
            code,
            max_conns,
            wrong: Mutex::new(HashMap::new()),
            tls,
        }
    }

    /// The code is right, and this address is not waiting after too many wrong ones.
    fn admit(&self, ip: IpAddr, given: Option<&str>) -> bool {
        let mut wrong = super::bridge::session::lock(&self.wrong);
        let now = Instant::now();
        wrong.retain(|_, (_, at)| now.duration_since(*at) < WRONG_WAIT);
        if wrong.get(&ip).is_some_and(|(n, _)| *n >= WRONG_TRIES) {
            return false;
        }
        if same_code(given, &self.code) {
            return true;
        }
        let e = wrong.entry(ip).or_insert((0, now));
        *e = (e.0 + 1, now);
        false
    }
}

/// Accepts connections until the listener fails; one thread per connection.
pub fn run(listener: &TcpListener, hub: &Arc<Hub>, gate: &Arc<Gate>) {
    let open = Arc::new(AtomicUsize::new(0));
    for conn in listener.incoming() {
        let Ok(stream) = conn else { continue };
        if open.load(Ordering::SeqCst) >= gate.max_conns {
            drop(stream);
            continue;
        }
        open.fetch_add(1, Ordering::SeqCst);
        let (hub, gate, open2) = (Arc::clone(hub), Arc::clone(gate), Arc::clone(&open));
        let spawned = std::thread::Builder::new()
            .name("conn".into())
            .spawn(move || {
                handle(stream, &hub, &gate);
                open2.fetch_sub(1, Ordering::SeqCst);
            });
        if spawned.is_err() {
            open.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

/// The request head: everything up to the blank line (nothing of a body is read).
fn read_head(stream: &mut Wire) -> Option<Vec<u8>> {
    let mut head = Vec::with_capacity(1024);
    let mut byte = [0u8; 1];
    // Byte by byte: we must not read past the head into a WebSocket frame.
    while head.len() < MAX_HEAD {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return None,
        }
        if head.ends_with(b"\r\n\r\n") {
            return Some(head);
        }
    }
    None
}

fn respond(stream: &mut Wire, status: &str, kind: &str, body: &[u8]) {
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n\
         X-Frame-Options: DENY\r\nReferrer-Policy: no-referrer\r\n\
         Content-Security-Policy: default-src 'self'; style-src 'self' 'unsafe-inline'; \
         connect-src 'self'; frame-ancestors 'none'\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream
        .write_all(head.as_bytes())
        .and_then(|()| stream.write_all(body))
        .and_then(|()| stream.flush());
}

/// `name=value` pairs of a query string (only digits, hex and numbers are ever used: no
/// percent-decoding needed).
fn query<'a>(target: &'a str, name: &str) -> Option<&'a str> {
    let q = target.split_once('?')?.1;
    q.split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn header<'a>(req: &'a httparse::Request<'_, '_>, name: &str) -> Option<&'a str> {
    req.headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case(name))
        .and_then(|h| std::str::from_utf8(h.value).ok())
}

/// A page's origin is this server as the page reached it: `http(s)://` + its Host header.
pub fn origin_ok(origin: Option<&str>, host: Option<&str>) -> bool {
    match (origin, host) {
        // Browsers always send Origin on a WebSocket; other programs could fake it anyway.
        (None, _) => true,
        (Some(o), Some(h)) => {
            let o = o.trim_end_matches('/');
            o == format!("http://{h}") || o == format!("https://{h}")
        }
        (Some(_), None) => false,
    }
}

/// Compares the class code without stopping at the first wrong digit.
fn same_code(given: Option<&str>, code: &str) -> bool {
    let Some(g) = given else { return false };
    g.len() == code.len()
        && g.bytes()
            .zip(code.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

fn handle(tcp: TcpStream, hub: &Arc<Hub>, gate: &Gate) {
    let _ = tcp.set_read_timeout(Some(Duration::from_secs(10)));
    let _ = tcp.set_write_timeout(Some(Duration::from_secs(10)));
    let Ok(peer) = tcp.peer_addr() else { return };
    let Ok(mut stream) = Wire::new(tcp, gate.tls.as_ref()) else {
        return;
    };
    let Some(head) = read_head(&mut stream) else {
        return;
    };
    let mut headers = [httparse::EMPTY_HEADER; 32];
    let mut req = httparse::Request::new(&mut headers);
    if !matches!(req.parse(&head), Ok(httparse::Status::Complete(_))) {
        return respond(&mut stream, "400 Bad Request", "text/plain", b"");
    }
    if req.method != Some("GET") {
        return respond(&mut stream, "405 Method Not Allowed", "text/plain", b"");
    }
    let target = req.path.unwrap_or("/");
    let path = target.split('?').next().unwrap_or("/");
    let path = if path == "/index.html" { "/" } else { path };
    if path == "/ws" {
        return upgrade(stream, &req, hub, gate, peer.ip());
    }
    match ASSETS.iter().find(|(p, _, _)| *p == path) {
        Some((_, kind, body)) => respond(&mut stream, "200 OK", kind, body),
        None => respond(&mut stream, "404 Not Found", "text/plain", b""),
    }
}

fn upgrade(
    mut stream: Wire,
    req: &httparse::Request<'_, '_>,
    hub: &Arc<Hub>,
    gate: &Gate,
    ip: IpAddr,
) {
    let key = header(req, "Sec-WebSocket-Key");
    let is_ws = header(req, "Upgrade").is_some_and(|u| u.eq_ignore_ascii_case("websocket"));
    let (Some(key), true) = (key, is_ws) else {
        return respond(&mut stream, "400 Bad Request", "text/plain", b"");
    };
    if !origin_ok(header(req, "Origin"), header(req, "Host")) {
        crate::front::log(&hub.launch.data_dir, "serve: a page from another origin");
        return respond(&mut stream, "403 Forbidden", "text/plain", b"");
    }
    let target = req.path.unwrap_or("/");
    let num = |n: &str, d: u64| query(target, n).and_then(|v| v.parse().ok()).unwrap_or(d);
    let (cols, rows) = clamp(num("c", 80), num("r", 24));
    let join = Join {
        token: query(target, "s")
            .filter(|t| t.len() == 32 && t.bytes().all(|b| b.is_ascii_hexdigit()))
            .map(str::to_string),
        cols,
        rows,
        code_ok: gate.admit(ip, query(target, "code")),
    };
    let accept = tungstenite::handshake::derive_accept_key(key.as_bytes());
    let reply = format!(
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Accept: {accept}\r\n\r\n"
    );
    if stream
        .write_all(reply.as_bytes())
        .and_then(|()| stream.flush())
        .is_err()
    {
        return;
    }
    bridge::run(hub, stream, ip, join);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origin_must_be_this_server() {
        assert!(origin_ok(
            Some("http://10.0.0.2:8080"),
            Some("10.0.0.2:8080")
        ));
        assert!(origin_ok(None, Some("10.0.0.2:8080")));
        assert!(!origin_ok(
            Some("http://evil.example"),
            Some("10.0.0.2:8080")
        ));
        assert!(!origin_ok(Some("http://10.0.0.2:8080"), None));
    }

    #[test]
    fn code_and_query() {
        assert!(same_code(Some("1234"), "1234"));
        assert!(!same_code(Some("1235"), "1234"));
        assert!(!same_code(Some("12345"), "1234"));
        assert!(!same_code(None, "1234"));
        assert_eq!(query("/ws?code=12&c=40", "c"), Some("40"));
        assert_eq!(query("/ws", "c"), None);
    }
}
