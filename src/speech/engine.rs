//! Speech engines: `HOCSO_TTS` (any command, text on stdin), else espeak-ng's Vietnamese voice
//! (Linux), Windows' speech engine through PowerShell (a Vietnamese voice when installed), or
//! `say` (macOS). Speaking runs in a child process; the next key press kills it, so the keys
//! never wait for the voice.
//!
//! The text goes to the engine from a worker thread: a long page (or a long `phat-am.yaml`
//! entry) does not fit in the pipe, and a slow engine would otherwise hold the keys and Ctrl+C.
//! The engine runs in its own process group on Unix (killed as a group, with whatever it
//! started) and its process tree is ended with `taskkill /T` on Windows. Every engine started
//! is remembered until it is reaped, so a signal ending the program ends them too
//! ([`stop_all`]).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;

/// Process ids of the engines running now (each its own process group on Unix).
static RUNNING: Mutex<Vec<u32>> = Mutex::new(Vec::new());

/// A command that reads text on stdin and speaks it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Engine {
    pub program: PathBuf,
    pub args: Vec<String>,
}

/// Finds a program on `PATH` (with `.exe` on Windows).
pub fn which(program: &str, path: Option<&std::ffi::OsStr>) -> Option<PathBuf> {
    let p = Path::new(program);
    if p.components().count() > 1 {
        return p.is_file().then(|| p.to_path_buf());
    }
    std::env::split_paths(path?).find_map(|dir| {
        let plain = dir.join(program);
        let exe = dir.join(format!("{program}.exe"));
        [plain, exe].into_iter().find(|f| f.is_file())
    })
}

#[cfg(windows)]
const SAPI: &str = "[Console]::InputEncoding=[Text.Encoding]::UTF8; Add-Type -AssemblyName System.Speech; $s=New-Object System.Speech.Synthesis.SpeechSynthesizer; $v=$s.GetInstalledVoices() | Where-Object { $_.VoiceInfo.Culture.Name -eq 'vi-VN' } | Select-Object -First 1; if ($v) { $s.SelectVoice($v.VoiceInfo.Name) }; $s.Speak([Console]::In.ReadToEnd())";

/// The engine of this computer: `tts` (the `HOCSO_TTS` value) first, then the OS's own.
pub fn find(tts: Option<&str>, path: Option<&std::ffi::OsStr>) -> Option<Engine> {
    if let Some(cmd) = tts.map(str::trim).filter(|c| !c.is_empty()) {
        let mut words = cmd.split_whitespace().map(str::to_string);
        let program = words.next()?;
        return Some(Engine {
            program: which(&program, path)?,
            args: words.collect(),
        });
    }
    #[cfg(windows)]
    if let Some(ps) = which("powershell", path) {
        return Some(Engine {
            program: ps,
            args: ["-NoProfile", "-NonInteractive", "-Command", SAPI]
                .map(String::from)
                .to_vec(),
        });
    }
    if cfg!(target_os = "macos")
        && let Some(say) = which("say", path)
    {
        return Some(Engine {
            program: say,
            args: Vec::new(),
        });
    }
    ["espeak-ng", "espeak"].iter().find_map(|p| {
        Some(Engine {
            program: which(p, path)?,
            args: ["-v", "vi", "--stdin"].map(String::from).to_vec(),
        })
    })
}

/// The voice now speaking, if any.
#[derive(Debug, Default)]
pub struct Speaker {
    child: Option<Child>,
}

impl Speaker {
    /// Starts speaking `text` (stopping what was being said) and returns at once: the text is
    /// written by a worker thread, which ends when the engine has read it all or is killed.
    pub fn speak(&mut self, engine: &Engine, text: &str) -> std::io::Result<()> {
        self.stop();
        let mut cmd = Command::new(&engine.program);
        cmd.args(&engine.args)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        own_group(&mut cmd);
        let mut child = cmd.spawn()?;
        remember(child.id());
        if let Some(mut stdin) = child.stdin.take() {
            let text = text.to_string();
            let feeding = std::thread::Builder::new()
                .name("speech".into())
                .spawn(move || {
                    // An error is the engine gone (stopped by a key): nothing to say.
                    let _ = stdin.write_all(text.as_bytes());
                });
            if let Err(e) = feeding {
                end(&mut child);
                return Err(e);
            }
        }
        self.child = Some(child);
        Ok(())
    }

    /// True while the voice is still speaking.
    pub fn speaking(&mut self) -> bool {
        let done = match &mut self.child {
            Some(c) => !matches!(c.try_wait(), Ok(None)),
            None => return false,
        };
        if done {
            // Reaped: forget it (and end what it may have left running) before its id is reused.
            self.stop();
        }
        !done
    }

    /// Waits for the voice to finish (tests, and a WAV being written).
    pub fn wait(&mut self) -> std::io::Result<()> {
        if let Some(mut c) = self.child.take() {
            let status = c.wait();
            // What it started may still run: the group goes with it.
            end(&mut c);
            status?;
        }
        Ok(())
    }

    /// Stops the voice and everything the engine started (the next key press).
    pub fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            end(&mut c);
        }
    }
}

impl Drop for Speaker {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Ends every engine still running: called when a signal ends the program (which skips the
/// speakers' `Drop`).
pub fn stop_all() {
    let pids = match RUNNING.lock() {
        Ok(mut r) => std::mem::take(&mut *r),
        Err(_) => return,
    };
    for pid in pids {
        kill_tree(pid);
    }
}

fn remember(pid: u32) {
    if let Ok(mut r) = RUNNING.lock() {
        r.push(pid);
    }
}

/// Kills the engine with all it started, reaps it and forgets it.
fn end(child: &mut Child) {
    let pid = child.id();
    kill_tree(pid);
    let _ = child.kill();
    let _ = child.wait();
    if let Ok(mut r) = RUNNING.lock() {
        r.retain(|&p| p != pid);
    }
}

#[cfg(unix)]
fn own_group(cmd: &mut Command) {
    use std::os::unix::process::CommandExt;
    cmd.process_group(0);
}

#[cfg(not(unix))]
fn own_group(_cmd: &mut Command) {}

/// The engine's process group (its id is the engine's, from [`own_group`]).
#[cfg(unix)]
fn kill_tree(pid: u32) {
    use nix::sys::signal::{Signal, killpg};
    use nix::unistd::Pid;
    if let Ok(pid) = i32::try_from(pid) {
        let _ = killpg(Pid::from_raw(pid), Signal::SIGKILL);
    }
}

/// The engine's process tree (PowerShell may start helpers).
#[cfg(windows)]
fn kill_tree(pid: u32) {
    let pid = pid.to_string();
    let _ = Command::new("taskkill")
        .args(["/T", "/F", "/PID", pid.as_str()])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

#[cfg(not(any(unix, windows)))]
fn kill_tree(_pid: u32) {}

#[cfg(test)]
#[cfg(unix)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    /// `stop_all` ends every engine of the process: these tests take turns.
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

    /// A slow engine: never reads its input, starts a child of its own and waits for it. It
    /// writes both process ids to `dir`.
    fn slow_engine(dir: &Path) -> Engine {
        let script = dir.join("slow-tts.sh");
        let body = format!(
            "#!/bin/sh\necho $$ > '{d}/engine.pid'\nsleep 300 &\necho $! > '{d}/child.pid'\nwait\n",
            d = dir.display()
        );
        std::fs::write(&script, body).unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        Engine {
            program: script,
            args: Vec::new(),
        }
    }

    fn pid_in(file: &Path) -> u32 {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(p) = std::fs::read_to_string(file)
                .ok()
                .and_then(|s| s.trim().parse().ok())
            {
                return p;
            }
            assert!(Instant::now() < deadline, "no {}", file.display());
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Running: present and not a zombie (a killed grandchild may wait for a reaper).
    fn alive(pid: u32) -> bool {
        std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .ok()
            .and_then(|s| s.rsplit_once(") ").map(|(_, r)| !r.starts_with('Z')))
            .unwrap_or(false)
    }

    fn gone_soon(pid: u32) -> bool {
        let deadline = Instant::now() + Duration::from_secs(5);
        while alive(pid) {
            if Instant::now() > deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        true
    }

    #[test]
    fn a_long_text_to_a_slow_engine_returns_at_once_and_stop_ends_its_children() {
        let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
        let tmp = tempfile::tempdir().unwrap();
        let engine = slow_engine(tmp.path());
        // Far more than a pipe holds (64 KiB on Linux): writing it on the caller's thread
        // would wait for an engine that never reads.
        let text = "trí tuệ nhân tạo ".repeat(100_000);
        let mut speaker = Speaker::default();
        let started = Instant::now();
        speaker.speak(&engine, &text).unwrap();
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{:?}",
            started.elapsed()
        );
        let (engine_pid, child_pid) = (
            pid_in(&tmp.path().join("engine.pid")),
            pid_in(&tmp.path().join("child.pid")),
        );
        assert!(alive(engine_pid) && alive(child_pid));
        assert!(speaker.speaking());
        let started = Instant::now();
        speaker.stop();
        assert!(started.elapsed() < Duration::from_secs(2));
        assert!(gone_soon(engine_pid), "engine still running");
        assert!(gone_soon(child_pid), "the engine's child still running");
        assert!(RUNNING.lock().unwrap().iter().all(|&p| p != engine_pid));
    }

    #[test]
    fn stop_all_ends_what_a_signal_would_leave_behind() {
        let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
        let tmp = tempfile::tempdir().unwrap();
        let engine = slow_engine(tmp.path());
        let mut speaker = Speaker::default();
        speaker.speak(&engine, "xin chào").unwrap();
        let child_pid = pid_in(&tmp.path().join("child.pid"));
        let engine_pid = pid_in(&tmp.path().join("engine.pid"));
        stop_all();
        assert!(gone_soon(child_pid), "the engine's child still running");
        // The engine itself is dead; this process reaps it.
        speaker.stop();
        assert!(!alive(engine_pid));
    }
}
