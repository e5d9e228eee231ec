//! Crash safety: a child process saves in a loop and is killed (SIGKILL on Unix, TerminateProcess
//! on Windows) at random moments, 200 times. After every kill the learner file parses as it is
//! (no repair needed) and holds every save the child acknowledged before it died.
#![allow(clippy::unwrap_used)]

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use hocso::progress::model::{Attempt, LearnerFile};
use hocso::store::learners::{NewLearner, Store};
use hocso::store::lock::LockError;
use jiff::Timestamp;

const RUNS: usize = 200;

/// Child mode: only does something when started by `crash_safety` below.
#[test]
fn child_saver() {
    let (Some(dir), Some(id), Some(run)) = (
        std::env::var_os("HOCSO_CRASH_DIR"),
        std::env::var("HOCSO_CRASH_ID").ok(),
        std::env::var("HOCSO_CRASH_RUN").ok(),
    ) else {
        return;
    };
    let store = Store::open(Path::new(&dir)).unwrap();
    // The previous child was killed holding the session: its lock is stale, take it over.
    let _lock = match store.lock(&id, Timestamp::now()) {
        Ok(l) => l,
        Err(LockError::Stale { .. }) => store.take_over(&id, Timestamp::now()).unwrap(),
        Err(e) => panic!("{e:?}"),
    };
    let loaded = store.load(&id).unwrap();
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let mut file = loaded.file;
    let mut out = std::io::stdout().lock();
    for i in 1..=10_000usize {
        let lesson = file
            .courses
            .entry("c".into())
            .or_default()
            .lessons
            .entry(run.clone())
            .or_default();
        lesson.page = i;
        lesson.attempts.push(Attempt {
            id: format!("a{i}"),
            started: Timestamp::now(),
            ended: None,
            order: vec![],
            choices: Default::default(),
            answers: Default::default(),
            score: None,
        });
        store.save(&file).unwrap();
        writeln!(out, "ack {i}").unwrap();
        out.flush().unwrap();
    }
}

#[test]
fn crash_safety() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let id = store
        .create(
            NewLearner {
                name: "Crash".into(),
                ..Default::default()
            },
            Timestamp::now(),
        )
        .unwrap()
        .profile
        .id;
    let exe = std::env::current_exe().unwrap();
    let mut rng = fastrand::Rng::with_seed(2026);
    // Acknowledged saves per run, checked again at the end (nothing earlier may be lost later).
    let mut acked_by_run = Vec::new();
    for run in 0..RUNS {
        let mut child = Command::new(&exe)
            .args([
                "--exact",
                "progress_crash::child_saver",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("HOCSO_CRASH_DIR", tmp.path())
            .env("HOCSO_CRASH_ID", &id)
            .env("HOCSO_CRASH_RUN", format!("r{run}"))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let (tx, rx) = mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                // The harness may print "test child_saver ... " on the same line first.
                if let Some((_, n)) = line.split_once("ack ") {
                    let _ = tx.send(n.parse::<usize>().unwrap());
                }
            }
        });
        // Kill after a random number of acknowledged saves (0 = during start-up or first save),
        // plus a random extra moment so the kill also lands inside a save.
        let wait_for = rng.usize(0..=4);
        let mut last = 0;
        while last < wait_for {
            last = rx
                .recv_timeout(Duration::from_secs(20))
                .expect("child saves");
        }
        let spin = Duration::from_micros(rng.u64(0..3000));
        let until = std::time::Instant::now() + spin;
        while std::time::Instant::now() < until {
            std::hint::spin_loop();
        }
        child.kill().unwrap();
        child.wait().unwrap();
        reader.join().unwrap();
        // Every ack printed before the kill counts.
        last = rx.try_iter().fold(last, usize::max);
        acked_by_run.push(last);

        let bytes = std::fs::read(store.path_of(&id)).unwrap();
        let file: LearnerFile = serde_json::from_slice(&bytes)
            .unwrap_or_else(|e| panic!("run {run}: file does not parse: {e}"));
        check(&file, &acked_by_run);
    }
    // The kills really landed at different moments.
    assert!(acked_by_run.contains(&0) && acked_by_run.iter().any(|&n| n >= 4));
}

fn check(file: &LearnerFile, acked_by_run: &[usize]) {
    for (run, &acked) in acked_by_run.iter().enumerate() {
        if acked == 0 {
            continue;
        }
        let lesson = &file.courses["c"].lessons[&format!("r{run}")];
        assert!(
            lesson.page >= acked,
            "run {run}: page {} < acked {acked}",
            lesson.page
        );
        for i in 1..=acked {
            assert!(
                lesson.attempts.iter().any(|a| a.id == format!("a{i}")),
                "run {run}: acknowledged save {i} lost"
            );
        }
    }
}
