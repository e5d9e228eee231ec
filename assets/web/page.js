// The page of `hocso serve`: draws the learner program with xterm.js and carries keys, typed
// text and sizes to it over a WebSocket. The program decides everything; this only draws.
"use strict";
(function () {
  var KEYS = {
    left: "\x1b[D", right: "\x1b[C", up: "\x1b[A", down: "\x1b[B", enter: "\r", tab: "\t",
    esc: "\x1b", back: "\x7f", listen: "\x1bOS", hand: "\x1bOR",
    "1": "1", "2": "2", "3": "3", "4": "4"
  };
  var MIN_COLS = 40, MIN_ROWS = 12, CHUNK = 500;
  var $ = function (id) { return document.getElementById(id); };
  var params = new URLSearchParams(location.search);
  var code = params.get("code") || sessionStorage.getItem("hocso-code") || "";
  var store = { get: function (k) { try { return localStorage.getItem(k); } catch (e) { return null; } },
    set: function (k, v) { try { localStorage.setItem(k, v); } catch (e) {} } };
  var touch = matchMedia("(pointer: coarse)").matches;
  var term = null, fit = null, ws = null, ended = false, retryAt = 0, firstDrop = 0, lock = null;
  var timer = 0;
  var GRACE_MS = 4.5 * 60 * 1000;

  function send(obj) {
    if (ws && ws.readyState === 1) ws.send(JSON.stringify(obj));
  }
  function sendKeys(d) {
    for (var i = 0; i < d.length; i += CHUNK) send({ t: "in", d: d.slice(i, i + CHUNK) });
  }
  function status(text) {
    $("status").textContent = text || "";
    $("status").hidden = !text;
  }
  function showEnd(text) {
    ended = true;
    $("ended-msg").textContent = text;
    $("ended").hidden = false;
    releaseWake();
  }

  // The screen stays on while a lesson is open: the Wake Lock API where the browser offers it
  // (HTTPS, or this PC itself); on the room's plain http it does not, and a muted, looping,
  // 2-second black video (16x16 px, 0.5 KB WebM / 1.5 KB MP4, made with ffmpeg for this page)
  // keeps the phone's screen on instead, as a playing video does. Browsers start it from a tap.
  var video = null;
  function keepAwake() {
    if (!("wakeLock" in navigator)) { keepAwakeByVideo(); return; }
    if (lock || document.visibilityState !== "visible") return;
    navigator.wakeLock.request("screen").then(function (l) {
      lock = l; l.addEventListener("release", function () { lock = null; });
    }).catch(function () {});
  }
  function keepAwakeByVideo() {
    if (ended || document.visibilityState !== "visible") return;
    if (!video) {
      video = document.createElement("video");
      video.className = "awake";
      video.muted = true; video.loop = true;
      video.setAttribute("muted", ""); video.setAttribute("playsinline", "");
      video.setAttribute("aria-hidden", "true");
      [["video/webm", "GkXfo59ChoEBQveBAULygQRC84EIQoKEd2VibUKHgQJChYECGFOAZwEAAAAAAAH+EU2bdLpNu4tTq4QVSalmU6yBoU27i1OrhBZUrmtTrIHYTbuMU6uEElTDZ1OsggEeTbuMU6uEHFO7a1OsggHo7AEAAAAAAABZAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAVSalmsirXsYMPQkBNgI1MYXZmNTkuMjcuMTAwV0GNTGF2ZjU5LjI3LjEwMESJiECfQAAAAAAAFlSua8GuAQAAAAAAADjXgQFzxYj8BzLutVgCWpyBACK1nIN1bmSIgQCGhVZfVlA4g4EBI+ODhDuaygDgibCBELqBEJqBAhJUw2f9c3OgY8CAZ8iaRaOHRU5DT0RFUkSHjUxhdmY1OS4yNy4xMDBzc9djwItjxYj8BzLutVgCWmfIoUWjh0VOQ09ERVJEh5RMYXZjNTkuMzcuMTAwIGxpYnZweGfIokWjiERVUkFUSU9ORIeUMDA6MDA6MDIuMDAwMDAwMDAwAAAfQ7Z1w+eBAKOjgQAAgBACAJ0BKhAAEAAARwiFhYiZhIgCAgAMDWAA/v+rUICjmYED6ACxAQABEBAAGAAwP/QMAAAA/v+rUIAcU7trkbuPs4EAt4r3gQHxggGg8IED"], ["video/mp4", "AAAAIGZ0eXBpc29tAAACAGlzb21pc28yYXZjMW1wNDEAAAMrbW9vdgAAAGxtdmhkAAAAAAAAAAAAAAAAAAAD6AAAB9AAAQAAAQAAAAAAAAAAAAAAAAEAAAAAAAAAAAAAAAAAAAABAAAAAAAAAAAAAAAAAABAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAgAAAlV0cmFrAAAAXHRraGQAAAADAAAAAAAAAAAAAAABAAAAAAAAB9AAAAAAAAAAAAAAAAAAAAAAAAEAAAAAAAAAAAAAAAAAAAABAAAAAAAAAAAAAAAAAABAAAAAABAAAAAQAAAAAAAkZWR0cwAAABxlbHN0AAAAAAAAAAEAAAfQAAAAAAABAAAAAAHNbWRpYQAAACBtZGhkAAAAAAAAAAAAAAAAAABAAAAAgABVxAAAAAAALWhkbHIAAAAAAAAAAHZpZGUAAAAAAAAAAAAAAABWaWRlb0hhbmRsZXIAAAABeG1pbmYAAAAUdm1oZAAAAAEAAAAAAAAAAAAAACRkaW5mAAAAHGRyZWYAAAAAAAAAAQAAAAx1cmwgAAAAAQAAAThzdGJsAAAAuHN0c2QAAAAAAAAAAQAAAKhhdmMxAAAAAAAAAAEAAAAAAAAAAAAAAAAAAAAAABAAEABIAAAASAAAAAAAAAABFUxhdmM1OS4zNy4xMDAgbGlieDI2NAAAAAAAAAAAAAAAGP//AAAALmF2Y0MBQsAK/+EAFmdCwArZHsBEAAADAAQAAAMACDxImSABAAVoy4PLIAAAABBwYXNwAAAAAQAAAAEAAAAUYnRydAAAAAAAAApAAAAKQAAAABhzdHRzAAAAAAAAAAEAAAACAABAAAAAABRzdHNzAAAAAAAAAAEAAAABAAAAHHN0c2MAAAAAAAAAAQAAAAEAAAACAAAAAQAAABxzdHN6AAAAAAAAAAAAAAACAAAChgAAAAoAAAAUc3RjbwAAAAAAAAABAAADWwAAAGJ1ZHRhAAAAWm1ldGEAAAAAAAAAIWhkbHIAAAAAAAAAAG1kaXJhcHBsAAAAAAAAAAAAAAAALWlsc3QAAAAlqXRvbwAAAB1kYXRhAAAAAQAAAABMYXZmNTkuMjcuMTAwAAAACGZyZWUAAAKYbWRhdAAAAnAGBf//bNxF6b3m2Ui3lizYINkj7u94MjY0IC0gY29yZSAxNjQgcjMwOTUgYmFlZTQwMCAtIEguMjY0L01QRUctNCBBVkMgY29kZWMgLSBDb3B5bGVmdCAyMDAzLTIwMjIgLSBodHRwOi8vd3d3LnZpZGVvbGFuLm9yZy94MjY0Lmh0bWwgLSBvcHRpb25zOiBjYWJhYz0wIHJlZj0zIGRlYmxvY2s9MTowOjAgYW5hbHlzZT0weDE6MHgxMTEgbWU9aGV4IHN1Ym1lPTcgcHN5PTEgcHN5X3JkPTEuMDA6MC4wMCBtaXhlZF9yZWY9MSBtZV9yYW5nZT0xNiBjaHJvbWFfbWU9MSB0cmVsbGlzPTEgOHg4ZGN0PTAgY3FtPTAgZGVhZHpvbmU9MjEsMTEgZmFzdF9wc2tpcD0xIGNocm9tYV9xcF9vZmZzZXQ9LTIgdGhyZWFkcz0xIGxvb2thaGVhZF90aHJlYWRzPTEgc2xpY2VkX3RocmVhZHM9MCBucj0wIGRlY2ltYXRlPTEgaW50ZXJsYWNlZD0wIGJsdXJheV9jb21wYXQ9MCBjb25zdHJhaW5lZF9pbnRyYT0wIGJmcmFtZXM9MCB3ZWlnaHRwPTAga2V5aW50PTI1MCBrZXlpbnRfbWluPTEgc2NlbmVjdXQ9NDAgaW50cmFfcmVmcmVzaD0wIHJjX2xvb2thaGVhZD00MCByYz1jcmYgbWJ0cmVlPTEgY3JmPTIzLjAgcWNvbXA9MC42MCBxcG1pbj0wIHFwbWF4PTY5IHFwc3RlcD00IGlwX3JhdGlvPTEuNDAgYXE9MToxLjAwAIAAAAAOZYiEBb///w9FAAFPf4AAAAAGQZo4CvqA"]].forEach(function (v) {
        var s = document.createElement("source");
        s.type = v[0]; s.src = "data:" + v[0] + ";base64," + v[1];
        video.appendChild(s);
      });
      document.body.appendChild(video);
    }
    if (video.paused) { var p = video.play(); if (p && p.catch) p.catch(function () {}); }
  }
  function releaseWake() {
    if (lock) { lock.release(); lock = null; }
    if (video) video.pause();
  }
  // A tap is what lets a browser start the video.
  document.addEventListener("pointerdown", function () {
    if (!("wakeLock" in navigator) && ws) keepAwakeByVideo();
  }, true);

  function fontSize() {
    var stored = parseInt(store.get("hocso-font") || "", 10);
    if (stored >= 8 && stored <= 40) return stored;
    // About 40 columns on a phone held upright, more on wider screens.
    var w = $("term").clientWidth || window.innerWidth;
    return Math.max(10, Math.min(20, Math.floor(w / (MIN_COLS * 0.62))));
  }

  // Fits the terminal to the window, keeping at least the program's 40 columns.
  function refit() {
    if (!fit) return;
    fit.fit();
    var size = term.options.fontSize;
    while (term.cols < MIN_COLS && size > 8) {
      size -= 1; term.options.fontSize = size; fit.fit();
    }
  }
  function setFont(delta) {
    var size = Math.max(8, Math.min(40, term.options.fontSize + delta));
    term.options.fontSize = size;
    store.set("hocso-font", String(size));
    refit();
    term.focus();
  }

  function connect() {
    clearTimeout(timer);
    if (ws) return;
    var proto = location.protocol === "https:" ? "wss://" : "ws://";
    var q = "code=" + encodeURIComponent(code) + "&c=" + Math.max(term.cols, MIN_COLS) +
      "&r=" + Math.max(term.rows, MIN_ROWS);
    var token = sessionStorage.getItem("hocso-token");
    if (token) q += "&s=" + encodeURIComponent(token);
    ws = new WebSocket(proto + location.host + "/ws?" + q);
    ws.binaryType = "arraybuffer";
    ws.onopen = function () { firstDrop = 0; status(""); keepAwake(); };
    ws.onmessage = function (ev) {
      if (typeof ev.data !== "string") { term.write(new Uint8Array(ev.data)); return; }
      var m; try { m = JSON.parse(ev.data); } catch (e) { return; }
      if (m.t === "token") { sessionStorage.setItem("hocso-token", m.d); sessionStorage.setItem("hocso-code", code); }
      else if (m.t === "end") { sessionStorage.removeItem("hocso-token"); showEnd("Buổi học đã kết thúc. Bài của bạn đã được lưu."); }
      else if (m.t === "code") { ended = true; sessionStorage.removeItem("hocso-code"); showJoin("Mã lớp chưa đúng. Hãy hỏi giáo viên và gõ lại."); }
      else if (m.t === "full") { showEnd("Lớp đã đủ người. Hãy đợi một lát rồi bấm Vào lại."); }
      else if (m.t === "busy") { showEnd("Máy này đã mở nhiều buổi học. Hãy đóng bớt rồi bấm Vào lại."); }
      else if (m.t === "moved") { sessionStorage.removeItem("hocso-token"); showEnd("Bài học này đã mở ở một thẻ khác. Bấm Vào lại để mở một buổi mới ở đây."); }
      else if (m.t === "failed") { showEnd("Máy giáo viên chưa mở được bài. Hãy báo giáo viên."); }
    };
    ws.onclose = function () {
      ws = null;
      if (ended) return;
      var now = Date.now();
      if (!firstDrop) firstDrop = now;
      if (now - firstDrop > GRACE_MS) {
        sessionStorage.removeItem("hocso-token");
        showEnd("Mất kết nối quá lâu. Bài đã được lưu; bấm Vào lại để học tiếp.");
        return;
      }
      status("Mất kết nối với máy giáo viên, đang nối lại…");
      retryAt = Math.min(5000, (retryAt || 500) * 2);
      timer = setTimeout(connect, retryAt);
    };
  }

  function start() {
    $("join").hidden = true;
    $("room").hidden = false;
    term = new Terminal({
      fontSize: fontSize(),
      fontFamily: "'Noto Sans Mono', 'Roboto Mono', 'Droid Sans Mono', 'DejaVu Sans Mono', Menlo, Consolas, monospace",
      screenReaderMode: store.get("hocso-reader") === "1",
      scrollback: 0,
      cursorBlink: false,
      theme: { background: "#000000" }
    });
    fit = new FitAddon.FitAddon();
    term.loadAddon(fit);
    term.open($("term"));
    // Read-aloud: the program sends the prepared text in an OSC 7770 sequence; the phone speaks.
    term.parser.registerOscHandler(7770, function (text) { speak(text); return true; });
    if (touch && term.textarea) {
      // A tap on the terminal is a click; the phone keyboard opens for the text field only.
      term.textarea.setAttribute("inputmode", "none");
    }
    updateReader();
    refit();
    term.onData(function (d) {
      // The server answers "where is the cursor?" itself (see bridge/session.rs).
      if (/^\x1b\[\d+;\d+R$/.test(d)) return;
      sendKeys(d);
    });
    term.onResize(function (s) { send({ t: "resize", c: s.cols, r: s.rows }); });
    window.addEventListener("resize", refit);
    screen.orientation && screen.orientation.addEventListener("change", refit);
    connect();
    setInterval(function () { send({ t: "ping" }); }, 20000);
    if (!touch) term.focus();
  }

  function speak(text) {
    if (!("speechSynthesis" in window)) return;
    speechSynthesis.cancel();
    var u = new SpeechSynthesisUtterance(text);
    u.lang = "vi-VN";
    speechSynthesis.speak(u);
  }

  function updateReader() {
    var on = term.options.screenReaderMode;
    $("reader").setAttribute("aria-pressed", on ? "true" : "false");
  }

  function showJoin(msg) {
    $("room").hidden = true;
    $("ended").hidden = true;
    $("join").hidden = false;
    $("join-msg").textContent = msg || "";
    $("code").focus();
  }

  $("join-form").addEventListener("submit", function (e) {
    e.preventDefault();
    code = $("code").value.trim();
    if (!/^[0-9]{4,6}$/.test(code)) { $("join-msg").textContent = "Mã lớp gồm 4 đến 6 chữ số."; return; }
    ended = false;
    if (term) { $("join").hidden = true; $("room").hidden = false; connect(); } else start();
  });
  $("say-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var text = $("say").value.normalize("NFC");
    $("say").value = "";
    sendKeys(text + "\r");
  });
  $("keys").addEventListener("click", function (e) {
    var b = e.target.closest("button[data-key]");
    if (!b) return;
    sendKeys(KEYS[b.getAttribute("data-key")]);
    if (!touch) term.focus();
  });
  $("bigger").addEventListener("click", function () { setFont(1); });
  $("smaller").addEventListener("click", function () { setFont(-1); });
  $("reader").addEventListener("click", function () {
    term.options.screenReaderMode = !term.options.screenReaderMode;
    store.set("hocso-reader", term.options.screenReaderMode ? "1" : "0");
    updateReader();
  });
  $("again").addEventListener("click", function () {
    sessionStorage.removeItem("hocso-token");
    $("ended").hidden = true;
    ended = false; firstDrop = 0; retryAt = 0;
    term.reset();
    connect();
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      keepAwake();
      if (!ws && !ended && term) { retryAt = 0; connect(); }
    }
  });
  // A tab closed for good ends its session (saved, the learner free to open elsewhere).
  window.addEventListener("pagehide", function (e) { if (!e.persisted) send({ t: "bye" }); });

  if (/^[0-9]{4,6}$/.test(code)) start(); else showJoin("");
})();
