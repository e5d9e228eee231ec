//! Two processes open the same learner: the second is refused with a message saying where it
//! is open, nothing is overwritten, and after the first exits the second succeeds.
#![allow(clippy::unwrap_used)]

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use assert_cmd::cargo::cargo_bin;
use hocso::store::learners::{NewLearner, Store};
use hocso::store::lock::LockError;
use jiff::Timestamp;

/// Child mode: holds the learner's session until its stdin closes.
#[test]
fn child_holder() {
    let (Some(dir), Ok(id)) = (
        std::env::var_os("HOCSO_LOCK_DIR"),
        std::env::var("HOCSO_LOCK_ID"),
    ) else {
        return;
    };
    let store = Store::open(Path::new(&dir)).unwrap();
    let _lock = store.lock(&id, Timestamp::now()).unwrap();
    // Straight to stdout (println! may be captured by the test harness).
    let mut out = std::io::stdout();
    writeln!(out, "locked {}", std::process::id()).unwrap();
    out.flush().unwrap();
    let mut line = String::new();
    let _ = std::io::stdin().read_line(&mut line);
}

fn hocso(data: &Path) -> Command {
    let mut c = Command::new(cargo_bin("hocso"));
    c.arg("--data-dir").arg(data).env_remove("HOCSO_LANG");
    c
}

#[test]
fn second_process_is_refused_until_first_exits() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let hoa = crate::hoa(&store);
    let id = hoa.profile.id.clone();

    let mut first = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "progress_lock::child_holder",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("HOCSO_LOCK_DIR", tmp.path())
        .env("HOCSO_LOCK_ID", &id)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait (blocking read, no sleeping) until the first process says it holds the session.
    let mut out = BufReader::new(first.stdout.take().unwrap());
    let pid = loop {
        let mut line = String::new();
        assert!(out.read_line(&mut line).unwrap() > 0, "child ended early");
        // The harness may print "test child_holder ... " on the same line first.
        if let Some((_, p)) = line.trim().split_once("locked ") {
            break p.parse::<u32>().unwrap();
        }
    };

    // Second session in this process: refused, naming the host and the first process.
    let err = store.lock(&id, Timestamp::now()).unwrap_err();
    let LockError::Held { info: Some(info) } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(info.pid, pid);
    let msg = err.message("vi");
    assert!(
        msg.contains(&info.host) && msg.contains(&pid.to_string()),
        "{msg}"
    );
    // A stale-session takeover does not steal a live one either.
    assert!(matches!(
        store.take_over(&id, Timestamp::now()),
        Err(LockError::Held { .. })
    ));

    // The CLI refuses to import into the open learner, and the file is untouched.
    let before = std::fs::read(store.path_of(&id)).unwrap();
    let export = tmp.path().join("hoa.json");
    let mut changed = hoa.clone();
    changed.courses.entry("c".into()).or_default();
    std::fs::write(&export, serde_json::to_vec(&changed).unwrap()).unwrap();
    let o = hocso(tmp.path())
        .arg("import")
        .arg(&export)
        .arg("--yes")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8(o.stderr).unwrap();
    assert!(
        stderr.contains("đang mở trên máy") && stderr.contains(&pid.to_string()),
        "{stderr}"
    );
    assert_eq!(std::fs::read(store.path_of(&id)).unwrap(), before);

    // First exits (stdin closed): now the second succeeds, without any takeover question.
    drop(first.stdin.take());
    assert!(first.wait().unwrap().success());
    let lock = store.lock(&id, Timestamp::now()).unwrap();
    drop(lock);
    let o = hocso(tmp.path())
        .arg("import")
        .arg(&export)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn killed_holder_leaves_a_stale_session_that_can_be_taken_over() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let id = store
        .create(
            NewLearner {
                name: "Lan".into(),
                ..Default::default()
            },
            Timestamp::now(),
        )
        .unwrap()
        .profile
        .id;
    let mut first = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "progress_lock::child_holder",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("HOCSO_LOCK_DIR", tmp.path())
        .env("HOCSO_LOCK_ID", &id)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(first.stdout.take().unwrap());
    let mut line = String::new();
    while !line.contains("locked ") {
        line.clear();
        assert!(out.read_line(&mut line).unwrap() > 0);
    }
    first.kill().unwrap();
    first.wait().unwrap();
    let err = store.lock(&id, Timestamp::now()).unwrap_err();
    assert!(matches!(err, LockError::Stale { .. }), "{err:?}");
    assert!(err.message("vi").contains("chưa đóng đúng cách"));
    // The CLI asks before taking over; "no" (empty stdin) refuses, --yes accepts.
    let o = hocso(tmp.path())
        .args(["learners", "reset", &id])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let o = hocso(tmp.path())
        .args(["learners", "reset", &id, "--yes"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    store.lock(&id, Timestamp::now()).unwrap();
}
