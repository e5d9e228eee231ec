//! Issue 14 end to end, in a pseudo-terminal (Unix only: signals and FIFOs): SIGTERM, SIGINT,
//! SIGHUP and SIGQUIT give the terminal back and remove the session note; a 65535×65535 window
//! allocates nothing huge and still quits on Ctrl+C; a FIFO among the learner files hangs
//! nothing; problems are logged in the data folder's `hocso.log`. Every wait has a deadline.
#![cfg(unix)]
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::pty::{Session, UNICODE};

/// `hocso ARGS` in a window of `size`, with this PC's screen check done.
fn start(data: &Path, args: &[&str], size: (u16, u16)) -> Session {
    Session::with(data, args, &[UNICODE], size)
}

/// A data folder with one learner, Hoa, created through the CLI.
fn data_with_hoa(dir: &Path) -> PathBuf {
    let data = dir.join("data");
    let list = dir.join("lop.csv");
    std::fs::write(&list, "Họ tên\nNguyễn Thị Hoa\n").unwrap();
    let ok = std::process::Command::new(env!("CARGO_BIN_EXE_hocso"))
        .arg("--data-dir")
        .arg(&data)
        .args(["roster", "import"])
        .arg(&list)
        .output()
        .unwrap();
    assert!(ok.status.success());
    data
}

fn session_notes(data: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(data.join("learners"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "session"))
        .collect()
}

#[test]
fn signals_give_the_terminal_back_and_remove_the_session_note() {
    for sig in ["TERM", "INT", "HUP", "QUIT"] {
        let dir = tempfile::tempdir().unwrap();
        let data = data_with_hoa(dir.path());
        let mut s = start(&data, &["--learner", "Nguyễn Thị Hoa"], (80, 24));
        s.wait_for("Nguyễn Thị Hoa");
        assert_eq!(session_notes(&data).len(), 1, "the session is open");
        {
            let p = s.screen();
            assert!(p.screen().alternate_screen() && p.screen().hide_cursor());
        }
        s.signal(sig);
        s.wait_exit();
        let p = s.screen();
        assert!(
            !p.screen().alternate_screen(),
            "SIG{sig}: still on the alternate screen"
        );
        assert!(!p.screen().hide_cursor(), "SIG{sig}: cursor still hidden");
        assert!(
            session_notes(&data).is_empty(),
            "SIG{sig}: session note left behind"
        );
    }
}

#[test]
fn a_huge_window_allocates_nothing_huge_and_ctrl_c_still_quits() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut s = start(&data, &[], (65535, 65535));
    s.wait_raw("Cửa sổ quá lớn");
    let peak = s.peak_kib().unwrap_or(0);
    assert!(peak < 200 * 1024, "peak memory {peak} KiB");
    let start = Instant::now();
    s.send("\x03");
    assert_eq!(s.wait_exit(), 0);
    assert!(start.elapsed() < Duration::from_secs(5));
    // Left the alternate screen and showed the cursor again.
    let raw = s.output();
    assert!(raw.contains("\x1b[?1049l") && raw.contains("\x1b[?25h"));
}

#[test]
fn a_fifo_among_learner_files_hangs_neither_picker_nor_learner_nor_class_view() {
    let dir = tempfile::tempdir().unwrap();
    let data = data_with_hoa(dir.path());
    let fifo = data.join("learners/an-fifo23.json");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    std::os::unix::fs::symlink("/dev/zero", data.join("learners/binh-zero23.json")).unwrap();
    // --learner for another learner opens at once.
    let mut s = start(&data, &["--learner", "Nguyễn Thị Hoa"], (80, 24));
    s.wait_for("Nguyễn Thị Hoa");
    s.send("\x03");
    s.wait_exit();
    // The class view (no PIN set) lists Hoa and the refused files.
    let mut s = start(&data, &["class"], (80, 24));
    s.wait_for("Nguyễn Thị Hoa");
    s.send("\x03");
    s.wait_exit();
    // Problems were logged in the data folder, where the README says, not in learners/.
    let log = std::fs::read_to_string(data.join("hocso.log")).unwrap();
    assert!(log.contains("an-fifo23.json"), "{log}");
    assert!(!data.join("learners/hocso.log").exists());
}
