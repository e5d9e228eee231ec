//! The journal in the store, on real files in temp folders: a cut-short last line, a damaged
//! journal, a journal of another snapshot, a crash between writing a snapshot and starting a
//! fresh journal; and export, import, report, class view and `hocso learners` giving the same
//! results before and after the snapshot is rewritten.
#![allow(clippy::unwrap_used)]

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use hocso::app::record;
use hocso::progress::model::{AnswerRecord, LearnerFile};
use hocso::quiz::Answer;
use hocso::store::journal;
use hocso::store::learners::{NewLearner, Problem, Store};
use hocso::store::writer::Session;
use jiff::{SignedDuration, Timestamp};

fn t0() -> Timestamp {
    "2026-11-30T08:00:00Z".parse().unwrap()
}

fn new_learner(store: &Store, name: &str) -> LearnerFile {
    store
        .create(
            NewLearner {
                name: name.into(),
                group: Some("Thôn 3".into()),
                ..Default::default()
            },
            t0(),
        )
        .unwrap()
}

/// A learner who read a lesson and answered three questions of the sample course; everything
/// is in the journal (the snapshot is still the one written on creation).
fn studied(store: &Store, name: &str) -> LearnerFile {
    let mut lf = new_learner(store, name);
    let mut s = Session::start(store, &lf).unwrap();
    let (c, l) = ("mau", "mau-lam-quen");
    for page in 0..3 {
        let at = t0() + SignedDuration::from_secs(10 * page);
        record::turn_page(&mut lf, c, l, page as usize, at);
        s.record(&lf, hocso::progress::change::Scope::All).unwrap();
        s.after_frame(&lf, false);
    }
    let order: Vec<String> = ["mau-q-mot", "mau-q-dung-sai", "mau-q-nhieu"]
        .map(String::from)
        .to_vec();
    record::start_attempt(
        &mut lf,
        c,
        l,
        "att1".into(),
        order.clone(),
        t0() + SignedDuration::from_secs(40),
    );
    s.record(&lf, hocso::progress::change::Scope::All).unwrap();
    for (i, q) in order.iter().enumerate() {
        let rec = AnswerRecord {
            answer: match i {
                0 => Answer::One("phai".into()),
                1 => Answer::TrueFalse(false),
                _ => Answer::Many(vec!["goi".into()]),
            },
            correct: i != 2,
            hints: 0,
            shown: vec![],
            at: t0() + SignedDuration::from_secs(50 + i as i64),
        };
        record::record_answer(&mut lf, c, l, "att1", q, rec);
        s.record(&lf, hocso::progress::change::Scope::All).unwrap();
    }
    s.flush().unwrap();
    lf
}

fn lines(path: &Path) -> usize {
    fs::read(path)
        .unwrap()
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

#[test]
fn loading_replays_the_journal() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let lf = studied(&store, "Lê Thị Năm");
    let id = &lf.profile.id;
    // The snapshot alone does not have the answers; the journal holds one line per change.
    let snap: LearnerFile = serde_json::from_slice(&fs::read(store.path_of(id)).unwrap()).unwrap();
    assert!(snap.courses.is_empty());
    assert_eq!(lines(&store.journal_path(id)), 1 + 3 + 1 + 3);
    let loaded = store.load(id).unwrap();
    assert_eq!(loaded.problems, vec![]);
    assert_eq!(loaded.file, lf);
}

#[test]
fn a_cut_short_last_line_is_left_out_and_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let lf = studied(&store, "Phạm Văn Sáu");
    let id = &lf.profile.id;
    let path = store.journal_path(id);
    let bytes = fs::read(&path).unwrap();
    // The program was killed in the middle of writing the last answer.
    fs::write(&path, &bytes[..bytes.len() - 20]).unwrap();
    let loaded = store.load(id).unwrap();
    assert!(
        matches!(&loaded.problems[..], [Problem::JournalTail { id: who, .. }] if who == id),
        "{:?}",
        loaded.problems
    );
    let attempt = record::attempt(&loaded.file, "mau", "mau-lam-quen", "att1").unwrap();
    assert_eq!(attempt.answers.len(), 2, "the two earlier answers are kept");
    assert!(loaded.problems[0].message("vi").contains("bỏ qua"));
    // Opening the learner again rewrites the snapshot and starts a clean journal: nothing set
    // aside (the half line is worthless), no problem any more.
    let _lock = store.lock(id, t0()).unwrap();
    let s = Session::start(&store, &loaded.file).unwrap();
    s.close(&loaded.file).unwrap();
    assert_eq!(lines(&path), 1);
    assert_eq!(store.load(id).unwrap().problems, vec![]);
    assert_eq!(store.load(id).unwrap().file, loaded.file);
}

#[test]
fn a_damaged_journal_is_used_up_to_the_damage_and_kept_aside() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let lf = studied(&store, "Đỗ Thị Bảy");
    let id = &lf.profile.id;
    let path = store.journal_path(id);
    let mut bytes = fs::read(&path).unwrap();
    // Flip a byte inside the 5th line (the new attempt): lines after it are not used.
    let start = bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .nth(3)
        .unwrap()
        .0;
    bytes[start + 30] ^= 0x20;
    fs::write(&path, &bytes).unwrap();
    let loaded = store.load(id).unwrap();
    assert!(
        matches!(&loaded.problems[..], [Problem::JournalUnmatched { .. }]),
        "{:?}",
        loaded.problems
    );
    assert_eq!(
        record::lesson(&loaded.file, "mau", "mau-lam-quen")
            .unwrap()
            .page,
        2
    );
    assert!(record::attempt(&loaded.file, "mau", "mau-lam-quen", "att1").is_none());
    // The next save keeps the damaged journal aside, byte for byte, and reports it.
    store.save(&loaded.file).unwrap();
    let (_, problems) = store.list();
    let aside: Vec<_> = problems
        .iter()
        .filter_map(|p| match p {
            Problem::JournalAside { path, .. } => Some(path.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(aside.len(), 1, "{problems:?}");
    assert_eq!(fs::read(&aside[0]).unwrap(), bytes);
    assert_eq!(lines(&path), 1);
}

#[test]
fn a_journal_of_another_snapshot_is_not_replayed_and_never_deleted() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let lf = studied(&store, "Vũ Văn Tám");
    let id = &lf.profile.id;
    let journal = fs::read(store.journal_path(id)).unwrap();
    // Someone copied an older learner file over the snapshot (and its backup).
    let mut other = lf.clone();
    other.courses.clear();
    other.profile.birth_year = Some(1961);
    let json = serde_json::to_vec_pretty(&other).unwrap();
    fs::write(store.path_of(id), &json).unwrap();
    fs::write(tmp.path().join(format!("learners/{id}.json.bak")), &json).unwrap();
    let loaded = store.load(id).unwrap();
    assert_eq!(loaded.file, other);
    assert!(
        matches!(&loaded.problems[..], [Problem::JournalUnmatched { .. }]),
        "{:?}",
        loaded.problems
    );
    store.save(&loaded.file).unwrap();
    let kept: Vec<_> = fs::read_dir(store.dir())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".journal-aside-"))
        .collect();
    assert_eq!(kept.len(), 1);
    assert_eq!(fs::read(kept[0].path()).unwrap(), journal);
}

#[test]
fn a_crash_between_snapshot_and_fresh_journal_loses_nothing_and_reports_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let lf = studied(&store, "Hoàng Thị Chín");
    let id = &lf.profile.id;
    let journal = fs::read(store.journal_path(id)).unwrap();
    // The snapshot was rewritten (old one now the .bak), then the program died before the
    // fresh journal replaced the old one.
    store.save(&lf).unwrap();
    fs::write(store.journal_path(id), &journal).unwrap();
    let loaded = store.load(id).unwrap();
    assert_eq!(loaded.problems, vec![]);
    assert_eq!(loaded.file, lf);
    store.save(&loaded.file).unwrap();
    assert_eq!(lines(&store.journal_path(id)), 1);
    let (_, problems) = store.list();
    assert_eq!(problems, vec![]);
}

#[test]
fn journal_lines_are_small_whatever_the_history() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let mut lf = studied(&store, "Ngô Văn Mười");
    // A long history: 60 lessons, three attempts each.
    for n in 0..60 {
        let l = format!("bai-{n}");
        for a in 0..3 {
            let order: Vec<String> = (0..6).map(|q| format!("q{q}")).collect();
            let at = t0() + SignedDuration::from_secs(n * 100 + a);
            record::start_attempt(&mut lf, "mau", &l, format!("a{n}-{a}"), order.clone(), at);
            for q in &order {
                let rec = AnswerRecord {
                    answer: Answer::Text("điện toán đám mây".into()),
                    correct: true,
                    hints: 1,
                    shown: vec![],
                    at,
                };
                record::record_answer(&mut lf, "mau", &l, &format!("a{n}-{a}"), q, rec);
            }
        }
    }
    store.save(&lf).unwrap();
    let _lock = store.lock(&lf.profile.id, t0()).unwrap();
    let mut s = Session::start(&store, &lf).unwrap();
    let path = store.journal_path(&lf.profile.id);
    let before = fs::metadata(&path).unwrap().len();
    record::turn_page(&mut lf, "mau", "bai-7", 3, t0());
    s.record(&lf, hocso::progress::change::Scope::All).unwrap();
    s.flush().unwrap();
    let page_turn = fs::metadata(&path).unwrap().len() - before;
    let rec = AnswerRecord {
        answer: Answer::One("c2".into()),
        correct: false,
        hints: 0,
        shown: vec![],
        at: t0(),
    };
    record::start_attempt(&mut lf, "mau", "bai-7", "z".into(), vec!["q1".into()], t0());
    s.record(&lf, hocso::progress::change::Scope::All).unwrap();
    let before = fs::metadata(&path).unwrap().len();
    record::record_answer(&mut lf, "mau", "bai-7", "z", "q1", rec);
    s.record(&lf, hocso::progress::change::Scope::All).unwrap();
    let answer = fs::metadata(&path).unwrap().len() - before;
    assert!(
        page_turn < 400 && answer < 700,
        "page {page_turn} B, answer {answer} B"
    );
    s.close(&lf).unwrap();
    assert_eq!(store.load(&lf.profile.id).unwrap().file, lf);
}

fn hocso(data: &Path) -> Command {
    let mut c = Command::cargo_bin("hocso").unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sample-course");
    c.env("HOCSO_DATA_DIR", data)
        .env_remove("HOCSO_LANG")
        .arg("--lessons")
        .arg(fixture);
    c
}

/// What every reader shows for this data folder.
fn readers(data: &Path, id: &str, out: &Path) -> Vec<String> {
    let run = |args: &[&str]| {
        let o = hocso(data).args(args).output().unwrap();
        assert!(
            o.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let exported = out.join("export.json");
    run(&[
        "export",
        "--learner",
        id,
        "--out",
        exported.to_str().unwrap(),
    ]);
    // Import into an empty folder, then list that folder.
    let other = out.join("other");
    fs::create_dir_all(&other).unwrap();
    let o = hocso(&other)
        .args(["import", exported.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(o.status.success());
    let imported = Store::open(&other).unwrap().load(id).unwrap().file;
    let store = Store::open(data).unwrap();
    let class = hocso::cli::trainer::read_class(&store);
    let course = hocso::course::load::load(
        &hocso::course::source::from_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sample-course"),
        )
        .unwrap(),
    )
    .course
    .unwrap();
    let class_view =
        hocso::trainer::report::output::json(&hocso::trainer::report::build(&course, &class));
    vec![
        fs::read_to_string(&exported).unwrap(),
        serde_json::to_string(&imported).unwrap(),
        run(&["report", "--format", "json"]),
        run(&["report", "--format", "csv", "--table", "questions"]),
        run(&["learners"]),
        class_view,
    ]
}

#[test]
fn readers_give_the_same_results_before_and_after_the_snapshot_is_rewritten() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let lf = studied(&store, "Trịnh Thị Mười Một");
    let other = studied(&store, "Bùi Văn Hai");
    let id = lf.profile.id.clone();
    let a = tempfile::tempdir().unwrap();
    let before = readers(tmp.path(), &id, a.path());
    // The learner's answers are in the export, so they really came from the journal.
    assert!(before[0].contains("mau-q-nhieu"));
    // Rewrite both snapshots (what closing the learner does).
    for f in [&lf, &other] {
        store.save(f).unwrap();
        assert_eq!(lines(&store.journal_path(&f.profile.id)), 1);
    }
    let b = tempfile::tempdir().unwrap();
    let after = readers(tmp.path(), &id, b.path());
    for (x, y) in before.iter().zip(&after) {
        assert_eq!(x, y);
    }
}

#[test]
fn base_is_the_hash_of_the_snapshot_bytes() {
    // The header line names the snapshot by its SHA-256: the same bytes, the same base.
    let a = journal::header_line("hoa-abc234", b"{\"format\":1}\n");
    let b = journal::header_line("hoa-abc234", b"{\"format\":1}\n");
    let c = journal::header_line("hoa-abc234", b"{\"format\":1} \n");
    assert_eq!(a, b);
    assert_ne!(a, c);
}
