//! Speech engines: `HOCSO_TTS` (any command, text on stdin), else espeak-ng's Vietnamese voice
//! (Linux), Windows' speech engine through PowerShell (a Vietnamese voice when installed), or
//! `say` (macOS). Speaking runs in a child process; the next key press kills it, so the keys
//! never wait for the voice.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

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
    /// Starts speaking `text` (stopping what was being said) and returns at once.
    pub fn speak(&mut self, engine: &Engine, text: &str) -> std::io::Result<()> {
        self.stop();
        let mut child = Command::new(&engine.program)
            .args(&engine.args)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        // A page is a few kilobytes: it fits in the pipe, so this does not wait for the voice.
        if let Some(mut stdin) = child.stdin.take() {
            stdin.write_all(text.as_bytes())?;
        }
        self.child = Some(child);
        Ok(())
    }

    /// True while the voice is still speaking.
    pub fn speaking(&mut self) -> bool {
        match &mut self.child {
            Some(c) => matches!(c.try_wait(), Ok(None)),
            None => false,
        }
    }

    /// Waits for the voice to finish (tests, and a WAV being written).
    pub fn wait(&mut self) -> std::io::Result<()> {
        if let Some(mut c) = self.child.take() {
            c.wait()?;
        }
        Ok(())
    }

    /// Stops the voice (the next key press).
    pub fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

impl Drop for Speaker {
    fn drop(&mut self) {
        self.stop();
    }
}
