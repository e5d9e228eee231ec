//! A journal past its old 16 MB cap (a learner whose sessions never got to compact it) is
//! progress, not garbage: opening the learner folds every line into the snapshot at once and
//! starts a small journal — never a reset. Real files in a temp folder.
#![allow(clippy::unwrap_used)]

use std::fs;

use hocso::app::record;
use hocso::progress::change::{Scope, apply, diff_in};
use hocso::progress::model::{AnswerRecord, LearnerFile};
use hocso::quiz::Answer;
use hocso::store::journal;
use hocso::store::learners::{NewLearner, Store};
use hocso::store::writer::Session;
use jiff::{SignedDuration, Timestamp};

/// The cap the first round reset learners at.
const OLD_CAP: u64 = 16 * 1024 * 1024;

fn t0() -> Timestamp {
    "2026-11-30T08:00:00Z".parse().unwrap()
}

/// Writes a journal after the learner's snapshot, line by line as a session does (each line
/// the changes of one step, found the way the session finds them), until it is past `size`
/// bytes: 60 lessons of 10 answers each, and between them the page turns of a learner who
/// reads back and forth — what grows a journal far faster than the snapshot. Returns the
/// learner as it should load.
fn long_journal(store: &Store, size: u64) -> LearnerFile {
    let mut lf = store
        .create(
            NewLearner {
                name: "Trần Văn Bảy".into(),
                ..Default::default()
            },
            t0(),
        )
        .unwrap();
    let id = lf.profile.id.clone();
    let snapshot = fs::read(store.path_of(&id)).unwrap();
    let mut bytes = journal::header_line(&id, &snapshot);
    let mut written = lf.clone();
    let mut step = |lf: &LearnerFile, l: &str, bytes: &mut Vec<u8>| {
        let scope = Scope::Lessons {
            course: "mau",
            lessons: [Some(l), None],
        };
        let ops = diff_in(&written, lf, scope);
        assert!(!ops.is_empty());
        apply(&mut written, &ops);
        bytes.extend(journal::entry_line(&ops));
    };
    let mut n: i64 = 0;
    while (bytes.len() as u64) <= size {
        let lesson = n % 60;
        let l = format!("bai-{lesson}");
        let at = t0() + SignedDuration::from_secs(n * 60);
        for turn in 0..200 {
            record::turn_page(&mut lf, "mau", &l, turn % 7, at);
            step(&lf, &l, &mut bytes);
        }
        if n < 60 {
            let order: Vec<String> = (0..10).map(|q| format!("q{q}")).collect();
            record::start_attempt(&mut lf, "mau", &l, format!("a{n}"), order.clone(), at);
            step(&lf, &l, &mut bytes);
            for (i, q) in order.iter().enumerate() {
                let rec = AnswerRecord {
                    answer: Answer::Text(format!("điện toán đám mây {n}-{i}")),
                    correct: i % 3 != 0,
                    hints: 0,
                    shown: vec![],
                    at,
                };
                record::record_answer(&mut lf, "mau", &l, &format!("a{n}"), q, rec);
                step(&lf, &l, &mut bytes);
            }
        }
        n += 1;
    }
    assert_eq!(written, lf, "the lines rebuild the learner");
    fs::write(store.journal_path(&id), &bytes).unwrap();
    lf
}

fn answers(lf: &LearnerFile) -> usize {
    lf.courses
        .values()
        .flat_map(|c| c.lessons.values())
        .flat_map(|l| l.attempts.iter())
        .map(|a| a.answers.len())
        .sum()
}

#[test]
fn a_journal_past_its_cap_is_folded_into_the_snapshot_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let lf = long_journal(&store, OLD_CAP + 1024 * 1024);
    let id = lf.profile.id.clone();
    let path = store.journal_path(&id);
    assert!(fs::metadata(&path).unwrap().len() > OLD_CAP);
    let given = answers(&lf);
    assert_eq!(given, 600);

    // Opening the learner, as the program does: load, lock, start the session.
    let loaded = store.load(&id).unwrap();
    assert_eq!(
        loaded.problems,
        vec![],
        "nothing reported: nothing was left out"
    );
    assert_eq!(loaded.file, lf, "every answer replayed, no reset");
    let _lock = store.lock(&id, t0()).unwrap();
    let session = Session::start(&store, &loaded.file).unwrap();

    // At once, before the learner does anything: the snapshot holds everything and the
    // journal is only its first line again.
    let journal_len = fs::metadata(&path).unwrap().len();
    assert!(journal_len < 1024, "journal still {journal_len} bytes");
    let snap: LearnerFile = serde_json::from_slice(&fs::read(store.path_of(&id)).unwrap()).unwrap();
    assert_eq!(answers(&snap), given, "the snapshot has every answer");
    // Nothing was set aside as if it were damaged.
    let aside: Vec<_> = fs::read_dir(store.dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("journal") && !n.ends_with(".journal"))
        .collect();
    assert_eq!(aside, Vec::<String>::new());

    session.close(&loaded.file).unwrap();
    let again = store.load(&id).unwrap();
    assert_eq!(again.problems, vec![]);
    assert_eq!(again.file, lf);
}
