//! Crash safety of the journal: a child process plays a learner (the real app state machine,
//! the real store and journal, saves run exactly as the terminal shell runs them) and is killed
//! (SIGKILL on Unix) at random moments. After every kill the learner opens again, and every
//! answer whose feedback the child had put on screen is there.
//!
//! `cargo test --test journal_crash` kills it 25 times; the full 1,000 kills:
//! `cargo test --release --test journal_crash -- --ignored`.
#![allow(clippy::unwrap_used)]

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use hocso::app::{Action, App, Effect, Event, Msg, Screen, update};
use hocso::course::load::load;
use hocso::course::source::from_dir;
use hocso::store::learners::{NewLearner, Problem, Store};
use hocso::store::lock::LockError;
use hocso::store::writer::Session;
use hocso::ui::lang::Lang;
use jiff::Timestamp;

/// Child mode: only does something when started by [`crash_runs`].
#[test]
fn child_learner() {
    let (Some(dir), Ok(id)) = (
        std::env::var_os("HOCSO_JOURNAL_CRASH_DIR"),
        std::env::var("HOCSO_JOURNAL_CRASH_ID"),
    ) else {
        return;
    };
    let store = Store::open(Path::new(&dir)).unwrap();
    let _lock = match store.lock(&id, Timestamp::now()) {
        Ok(l) => l,
        Err(LockError::Stale { .. }) => store.take_over(&id, Timestamp::now()).unwrap(),
        Err(e) => panic!("{e:?}"),
    };
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sample-course");
    let course = load(&from_dir(&fixture).unwrap()).course.unwrap();
    let loaded = store.load(&id).unwrap();
    let mut session = Session::start(&store, &loaded.file).unwrap();
    let mut app = App::new(course, Vec::new(), Lang::Vi, std::process::id().into());
    let mut out = std::io::stdout().lock();
    let mut in_lesson = false;
    // As the shell does: the lines are handed over, the frame is drawn meanwhile, and it is
    // shown only after every line is on disk (`Ack::wait`).
    let send = |app: &mut App, session: &mut Session, ev: Event| {
        let mut acks = Vec::new();
        let fx = update(app, Msg::new(ev, Timestamp::now()));
        let saved = fx.contains(&Effect::Save);
        for fx in fx {
            if fx == Effect::Save
                && let Some(lf) = &app.learner
            {
                acks.extend(session.record_start(lf, hocso::progress::change::Scope::All));
            }
        }
        for ack in acks {
            ack.wait().unwrap();
        }
        if saved {
            // On disk: the app may now show the feedback.
            update(app, Msg::new(Event::Saved, Timestamp::now()));
        }
    };
    send(&mut app, &mut session, Event::Opened(Box::new(loaded.file)));
    let mut tries = 0;
    let mut summaries = 0;
    loop {
        // What the learner does next, by what is on screen.
        let action = match &app.screen {
            Screen::Quiz(q) if q.feedback.is_some() => Action::Confirm,
            Screen::Quiz(_) => {
                tries += 1;
                // Pick the first row / type a letter, then Enter until it is answered (order and
                // match questions place one item per Enter).
                match tries {
                    1 => Action::Pick(1),
                    2 => Action::Type('a'),
                    _ => Action::Confirm,
                }
            }
            Screen::Reader(_) => Action::Right,
            // Every other time back to the lesson list (the snapshot is rewritten), then the
            // next lesson.
            Screen::Summary(_) => {
                summaries += 1;
                if summaries % 2 == 0 {
                    Action::RetryAll
                } else {
                    Action::Confirm
                }
            }
            _ => Action::Confirm,
        };
        let answering = matches!(&app.screen, Screen::Quiz(q) if q.feedback.is_none());
        send(&mut app, &mut session, Event::Act(action));
        // The frame is drawn here: when it shows feedback, the learner has seen it.
        if answering
            && let Screen::Quiz(q) = &app.screen
            && q.feedback.is_some()
        {
            tries = 0;
            writeln!(out, "shown {} {} {}", q.lesson, q.attempt, q.question).unwrap();
            out.flush().unwrap();
        }
        let now_in = matches!(
            app.screen,
            Screen::Reader(_) | Screen::Quiz(_) | Screen::Summary(_)
        );
        let left = in_lesson && !now_in;
        in_lesson = now_in;
        if let Some(lf) = &app.learner {
            assert!(session.after_frame(lf, left).is_empty());
        }
    }
}

fn crash_runs(runs: usize, seed: u64) {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let id = store
        .create(
            NewLearner {
                name: "Trần Văn Bốn".into(),
                ..Default::default()
            },
            Timestamp::now(),
        )
        .unwrap()
        .profile
        .id;
    let exe = std::env::current_exe().unwrap();
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut shown: Vec<(String, String, String)> = Vec::new();
    for run in 0..runs {
        let mut child = Command::new(&exe)
            .args([
                "--exact",
                "journal_crash::child_learner",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("HOCSO_JOURNAL_CRASH_DIR", tmp.path())
            .env("HOCSO_JOURNAL_CRASH_ID", &id)
            .stdout(Stdio::piped())
            // The child's panics (if any) are shown with the test's failure.
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let (tx, rx) = mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                // The harness may print "test child_learner ... " on the same line first.
                if let Some((_, rest)) = line.split_once("shown ") {
                    let parts: Vec<String> = rest.split(' ').map(str::to_string).collect();
                    if let [l, a, q] = &parts[..] {
                        let _ = tx.send((l.clone(), a.clone(), q.clone()));
                    }
                }
            }
        });
        // Kill after a random number of answers shown (0 = while starting), plus a random
        // moment so the kill also lands inside a write or a snapshot.
        let wait_for = rng.usize(0..=6);
        for _ in 0..wait_for {
            shown.push(
                // Generous: the full run shares two cores with the rest of the suite.
                rx.recv_timeout(Duration::from_secs(120))
                    .unwrap_or_else(|e| panic!("run {run}: the child answered nothing ({e})")),
            );
        }
        let spin = Duration::from_micros(rng.u64(0..4000));
        let until = std::time::Instant::now() + spin;
        while std::time::Instant::now() < until {
            std::hint::spin_loop();
        }
        child.kill().unwrap();
        child.wait().unwrap();
        reader.join().unwrap();
        let late: Vec<_> = rx.try_iter().collect();
        shown.extend(late);

        let loaded = store.load(&id).unwrap();
        for p in &loaded.problems {
            assert!(matches!(p, Problem::JournalTail { .. }), "run {run}: {p:?}");
        }
        let course = &loaded.file.courses["mau"];
        for (l, a, q) in &shown {
            let attempt = course.lessons[l].attempts.iter().find(|x| x.id == *a);
            assert!(
                attempt.is_some_and(|x| x.answers.contains_key(q)),
                "run {run}: answer {l}/{a}/{q} was on screen but is lost"
            );
        }
    }
    assert!(
        shown.len() >= runs,
        "the child answered too little: {}",
        shown.len()
    );
    let aside = std::fs::read_dir(tmp.path().join("learners"))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("aside"))
        .count();
    assert_eq!(
        aside, 0,
        "no journal should ever be set aside after a crash"
    );
}

#[test]
fn crash_safety() {
    crash_runs(25, 2026);
}

#[test]
#[ignore = "1,000 kills: a few minutes"]
fn crash_safety_thousand() {
    crash_runs(1000, 15);
}
