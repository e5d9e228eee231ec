//! The page in a real browser: headless Chromium through chromedriver (W3C WebDriver over plain
//! HTTP), at a phone's size (390×844, touch) and a PC's (1280×800). Join with the class code,
//! create a learner with a Vietnamese name typed into the page's text field, turn a page with
//! the on-screen → button, answer a question by tapping a choice. Screenshots go to
//! `target/serve-shots/`.
#![allow(clippy::unwrap_used)]

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::harness::{CODE, Server};

struct Driver {
    child: Child,
    base: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn which(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

fn call(method: &str, url: &str, body: Option<Value>) -> Value {
    let resp = match (method, body) {
        ("GET", _) => ureq::get(url).call(),
        ("DELETE", _) => ureq::delete(url).call(),
        (_, b) => ureq::post(url)
            .content_type("application/json")
            .send(b.unwrap_or(json!({})).to_string()),
    };
    let text = resp
        .unwrap_or_else(|e| panic!("{method} {url}: {e}"))
        .body_mut()
        .read_to_string()
        .unwrap();
    serde_json::from_str(&text).unwrap()
}

impl Driver {
    fn start() -> Driver {
        let exe = which("chromedriver").expect("chromedriver (Debian: chromium-driver) is needed");
        assert!(
            which("chromium").is_some(),
            "chromium (Debian: chromium) is needed"
        );
        let port = free_port();
        let child = Command::new(exe)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let base = format!("http://127.0.0.1:{port}");
        let end = Instant::now() + Duration::from_secs(20);
        while ureq::get(&format!("{base}/status")).call().is_err() {
            assert!(Instant::now() < end, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        Driver { child, base }
    }

    fn session(&self, phone: bool) -> Browser {
        let mut opts = json!({
            "binary": which("chromium").unwrap(),
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--window-size=1280,800", "--lang=vi"],
        });
        if phone {
            opts["mobileEmulation"] = json!({"deviceMetrics": {"width": 390, "height": 844, "pixelRatio": 2.0, "touch": true}});
        }
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome", "goog:chromeOptions": opts}}});
        let v = call("POST", &format!("{}/session", self.base), Some(caps));
        let id = v["value"]["sessionId"].as_str().unwrap().to_string();
        Browser {
            url: format!("{}/session/{id}", self.base),
        }
    }
}

struct Browser {
    url: String,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = ureq::delete(&self.url).call();
    }
}

impl Browser {
    fn go(&self, to: &str) {
        call(
            "POST",
            &format!("{}/url", self.url),
            Some(json!({"url": to})),
        );
    }

    fn js(&self, script: &str) -> Value {
        let v = call(
            "POST",
            &format!("{}/execute/sync", self.url),
            Some(json!({"script": script, "args": []})),
        );
        v["value"].clone()
    }

    fn element(&self, css: &str) -> String {
        let v = call(
            "POST",
            &format!("{}/element", self.url),
            Some(json!({"using": "css selector", "value": css})),
        );
        v["value"]
            .as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("no {css}: {v}"))
            .to_string()
    }

    fn click(&self, css: &str) {
        let e = self.element(css);
        call("POST", &format!("{}/element/{e}/click", self.url), None);
    }

    fn type_into(&self, css: &str, text: &str) {
        let e = self.element(css);
        call(
            "POST",
            &format!("{}/element/{e}/value", self.url),
            Some(json!({"text": text})),
        );
    }

    /// The terminal's text as drawn (xterm.js's DOM rows).
    fn screen(&self) -> String {
        self.js("var r=document.querySelector('.xterm-rows');return r?r.innerText:'';")
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    fn wait_for(&self, what: &str) {
        let end = Instant::now() + Duration::from_secs(20);
        loop {
            let s = self.screen();
            if s.contains(what) {
                return;
            }
            assert!(Instant::now() < end, "no {what:?} on the page:\n{s}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// A tap (touch) or a click (mouse) at the middle of the first terminal row showing `text`,
    /// on the text itself.
    fn tap_text(&self, text: &str, touch: bool) {
        let script = format!(
            "var rows=document.querySelectorAll('.xterm-rows > div');\
             for (var r of rows) {{ var i=r.innerText.indexOf({t}); if (i>=0) {{\
               var b=r.getBoundingClientRect(); var cw=b.width/r.innerText.length;\
               return [Math.round(b.left+cw*(i+2)), Math.round(b.top+b.height/2)]; }} }}\
             return null;",
            t = serde_json::to_string(text).unwrap()
        );
        let at = self.js(&script);
        let (x, y) = (at[0].as_i64().unwrap(), at[1].as_i64().unwrap());
        let kind = if touch { "touch" } else { "mouse" };
        let actions = json!({"actions": [{
        "type": "pointer", "id": "finger", "parameters": {"pointerType": kind},
        "actions": [
            {"type": "pointerMove", "duration": 0, "x": x, "y": y},
            {"type": "pointerDown", "button": 0},
            {"type": "pause", "duration": 60},
            {"type": "pointerUp", "button": 0}
        ]}]});
        call("POST", &format!("{}/actions", self.url), Some(actions));
    }

    fn shot(&self, name: &str) -> PathBuf {
        let v = call("GET", &format!("{}/screenshot", self.url), None);
        let png = base64_decode(v["value"].as_str().unwrap());
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/serve-shots");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).unwrap();
        path
    }
}

fn base64_decode(s: &str) -> Vec<u8> {
    let val = |c: u8| -> u32 {
        match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a') + 26,
            b'0'..=b'9' => u32::from(c - b'0') + 52,
            b'+' => 62,
            _ => 63,
        }
    };
    let bytes: Vec<u8> = s
        .bytes()
        .filter(|c| *c != b'=' && !c.is_ascii_whitespace())
        .collect();
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for chunk in bytes.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, c)| acc | (val(*c) << (18 - 6 * i)));
        let take = chunk.len() - 1;
        for i in 0..take {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    out
}

/// The whole walk: join, a learner named in Vietnamese, a page turned, a question answered.
fn walk(phone: bool, name: &str) {
    let srv = Server::start(&[], &[]);
    let driver = Driver::start();
    let b = driver.session(phone);
    let tag = if phone { "phone" } else { "pc" };
    if phone {
        // The room's plain http on a LAN address is no "secure context": no Wake Lock API
        // there (127.0.0.1 has it). Taken away before the page loads, as a phone would see it.
        call(
            "POST",
            &format!("{}/goog/cdp/execute", b.url),
            Some(json!({"cmd": "Page.addScriptToEvaluateOnNewDocument",
                "params": {"source": "delete Navigator.prototype.wakeLock;"}})),
        );
    }
    // Opened by hand (no code in the address): the page asks for it.
    b.go(&format!("http://127.0.0.1:{}/", srv.port));
    if !phone {
        // A PC's page of 1280×800: the window is that plus its frame.
        let frame = b.js(
            "return [window.outerWidth-window.innerWidth, window.outerHeight-window.innerHeight];",
        );
        let (fw, fh) = (frame[0].as_i64().unwrap(), frame[1].as_i64().unwrap());
        call(
            "POST",
            &format!("{}/window/rect", b.url),
            Some(json!({"width": 1280 + fw, "height": 800 + fh})),
        );
        // The new size reaches the page a moment later on a busy machine.
        let end = Instant::now() + Duration::from_secs(10);
        loop {
            let inner = b.js("return [window.innerWidth, window.innerHeight];");
            if inner == json!([1280, 800]) {
                break;
            }
            assert!(Instant::now() < end, "page size {inner}, not 1280×800");
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    b.type_into("#code", CODE);
    b.click("#join-go");
    b.wait_for("Người học mới");
    // The trainer's class view is not offered on a learner's page.
    assert!(!b.screen().contains("F2"), "{}", b.screen());
    let cols = b.js("return document.querySelector('.xterm-rows > div').innerText.length;");
    if phone {
        let c = cols.as_i64().unwrap();
        assert!(
            (40..=50).contains(&c),
            "a phone held upright gets about 40 columns: {c}"
        );
    }
    b.shot(&format!("{tag}-1-names"));
    b.click("button[data-key=enter]");
    b.wait_for("Họ và tên");
    b.type_into("#say", name);
    b.click("#say-go");
    b.wait_for("Làm quen cách học");
    b.click("button[data-key=enter]");
    b.wait_for("Trang 1/2");
    b.click("button[data-key=right]");
    b.wait_for("Trang 2/2");
    b.shot(&format!("{tag}-2-lesson"));
    // The screen is kept on: by the Wake Lock API on the PC, by a playing muted video where
    // the API is missing (the phone here).
    let awake = "var v=document.querySelector('video.awake');\
                 return [('wakeLock' in navigator), v ? !v.paused : null];";
    let end = Instant::now() + Duration::from_secs(10);
    loop {
        let a = b.js(awake);
        if phone && a == json!([false, true]) || !phone && a == json!([true, null]) {
            break;
        }
        assert!(Instant::now() < end, "screen kept on? {a}");
        std::thread::sleep(Duration::from_millis(100));
    }
    b.click("button[data-key=right]");
    b.wait_for("Câu 1/3");
    b.shot(&format!("{tag}-3-question"));
    b.tap_text("Mũi tên phải", phone);
    // The tap chose it; "Chọn ↵" sends the answer.
    b.click("button[data-key=enter]");
    let end = Instant::now() + Duration::from_secs(20);
    loop {
        let s = b.screen();
        if s.contains("Đúng rồi") || s.contains("Chưa đúng") {
            break;
        }
        assert!(Instant::now() < end, "no verdict:\n{s}");
        std::thread::sleep(Duration::from_millis(100));
    }
    b.shot(&format!("{tag}-4-answered"));
    let saved = std::fs::read_dir(srv.learners())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .unwrap();
    assert!(saved.contains(name), "{saved}");
    // Leaving the page (the tab closed) ends the session: saved, the learner free.
    b.go("about:blank");
    crate::harness::all_released(&srv.learners());
}

#[test]
fn on_a_phone_join_name_turn_a_page_and_answer_by_taps() {
    walk(true, "Nguyễn Thị Hoà");
}

#[test]
fn on_a_pc_join_name_turn_a_page_and_answer() {
    walk(false, "Lê Văn Đức");
}
