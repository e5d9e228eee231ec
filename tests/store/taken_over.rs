//! Issue 28, deliverable 3: a session whose learner was taken over by another one (a lock that
//! did not hold on a share, a deleted lock file) notices before its next write and writes
//! nothing more into the other session's files; what it holds can be kept aside.
#![allow(clippy::unwrap_used)]

use hocso::progress::change::Scope;
use hocso::progress::model::Theme;
use hocso::store::learners::{Store, StoreError};
use hocso::store::writer::Session;
use jiff::Timestamp;

#[test]
fn a_taken_over_session_stops_writing_and_keeps_its_work_aside() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let mut mine = crate::hoa(&store);
    let id = mine.profile.id.clone();
    let lock = store.lock(&id, Timestamp::now()).unwrap();
    let mut session = Session::start_owned(&store, &mine, Some(lock.owner())).unwrap();
    mine.settings.theme = Theme::HighContrast;
    session.record(&mine, Scope::All).unwrap();

    // Another session takes over: its own note, a fresh snapshot and journal.
    let note = store.dir().join(format!("{id}.session"));
    let other = serde_json::json!({
        "host": "may-khac", "pid": 4242,
        "since": "2026-12-01T08:00:00Z", "seen": "2026-12-01T08:00:00Z"
    });
    std::fs::write(&note, other.to_string()).unwrap();
    let theirs = store.load(&id).unwrap().file;
    // The other PC's save, moved in with plain renames: a save through `store` here would be
    // this process replacing a journal it holds open, which debug builds refuse as Windows does
    // (store::durable::Held); another PC's replace is not ours to refuse.
    let elsewhere = tempfile::tempdir().unwrap();
    let their_store = Store::open(elsewhere.path()).unwrap();
    their_store.save(&theirs).unwrap();
    let journal = store.journal_path(&id);
    let snapshot = store.dir().join(format!("{id}.json"));
    std::fs::rename(their_store.dir().join(format!("{id}.json")), &snapshot).unwrap();
    std::fs::rename(their_store.journal_path(&id), &journal).unwrap();
    let (snap_before, journal_before) = (
        std::fs::read(store.dir().join(format!("{id}.json"))).unwrap(),
        std::fs::read(&journal).unwrap(),
    );

    mine.settings.theme = Theme::Default;
    let r = session.record(&mine, Scope::All);
    assert!(matches!(r, Err(StoreError::TakenOver)), "{r:?}");
    assert!(session.lost());
    // Nothing more is written, whatever comes next.
    mine.settings.language = Some(hocso::ui::lang::Lang::En);
    assert!(session.record(&mine, Scope::All).is_err());
    assert!(matches!(session.close(&mine), Err(StoreError::TakenOver)));
    assert_eq!(std::fs::read(&journal).unwrap(), journal_before);
    assert_eq!(
        std::fs::read(store.dir().join(format!("{id}.json"))).unwrap(),
        snap_before
    );
    // The other session's note survives this one ending.
    let mut lock = lock;
    lock.mark_lost();
    drop(lock);
    assert!(note.exists());
    // What this session held goes to a file of its own, for the trainer.
    let aside = store.keep_unsaved(&mine).unwrap();
    assert!(
        aside
            .file_name()
            .unwrap()
            .to_string_lossy()
            .contains(".unsaved-")
    );
    assert_eq!(std::fs::read(&journal).unwrap(), journal_before);
}

/// The learner program whose learner was taken over while nothing was being written (a page
/// read in `--plain`, then the end of input) does not say "Đã lưu bài" at the end: it says the
/// learner was opened elsewhere and where this session's work was kept aside.
#[test]
fn leaving_a_taken_over_learner_says_so_instead_of_saved() {
    use std::io::{BufRead, BufReader, Write};
    use std::process::{Command, Stdio};

    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let hoa = crate::hoa(&store);
    let mut child = Command::new(env!("CARGO_BIN_EXE_hocso"))
        .args(["--lang", "vi", "--plain", "--learner", "Nguyễn Thị Hoa"])
        .arg("--data-dir")
        .arg(tmp.path())
        .arg("--lessons")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/sample-course"
        ))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            if tx.send(line.unwrap()).is_err() {
                break;
            }
        }
    });
    // The course map of the learner is on screen: the session (lock note, journal) is open.
    let mut seen = Vec::new();
    while !seen.iter().any(|l: &String| l.contains("Gõ số của bài")) {
        let line = rx
            .recv_timeout(std::time::Duration::from_secs(30))
            .unwrap_or_else(|e| panic!("{e}: {seen:#?}"));
        seen.push(line);
    }
    let note = store.dir().join(format!("{}.session", hoa.profile.id));
    assert!(note.exists(), "{seen:#?}");
    // Another PC opens the same learner: its own note replaces this one.
    let other = serde_json::json!({
        "host": "may-khac", "pid": 4242,
        "since": "2026-12-01T08:00:00Z", "seen": "2026-12-01T08:00:00Z"
    });
    std::fs::write(&note, other.to_string()).unwrap();
    stdin.write_all(b"\n").unwrap();
    drop(stdin);
    let status = child.wait().unwrap();
    let rest: Vec<String> = rx.iter().collect();
    let out = rest.join("\n");
    assert!(status.success(), "{status}: {out}");
    assert!(!out.contains("Đã lưu bài"), "{out}");
    assert!(
        out.contains("vừa được mở ở một máy hoặc cửa sổ khác"),
        "{out}"
    );
    assert!(out.contains(".unsaved-"), "{out}");
    // The other session's note is left alone.
    assert!(std::fs::read_to_string(&note).unwrap().contains("may-khac"));
}
