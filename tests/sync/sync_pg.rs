//! `hocso sync` against a real PostgreSQL (a throwaway cluster, see common/pg.rs): sending,
//! receiving, idempotence, two folders at once, the same learner changed offline in both, a
//! connection killed midway, and sync after `learners reset`.
#![allow(clippy::unwrap_used)]

use crate::fake;
use crate::pg;
use crate::syncing;

use std::path::Path;

use hocso::progress::merge::merge;
use hocso::progress::model::LearnerFile;
use hocso::store::learners::Store;
use hocso::sync::rows::{from_rows, normalise};
use hocso::sync::run::{Step, run};
use hocso::sync::{SyncError, db};
use syncing::{assert_summary_exact, folder, opts, sync, t0, unit_of};

pub(crate) fn local(dir: &Path, id: &str) -> LearnerFile {
    Store::open(dir).unwrap().load(id).unwrap().file
}

pub(crate) fn server(db: &str, id: &str) -> LearnerFile {
    let mut c = pg::cluster().admin(db);
    let (rows, _) = db::load(&mut c, id)
        .unwrap()
        .expect("learner in the database");
    from_rows(&rows).unwrap()
}

pub(crate) fn count(db: &str, sql: &str) -> i64 {
    pg::cluster().admin(db).query_one(sql, &[]).unwrap().get(0)
}

/// The per-question counters equal a full recount from the answers table.
pub(crate) fn assert_stats_exact(db: &str) {
    let mut c = pg::cluster().admin(db);
    let recount = c
        .query(
            "WITH firsts AS (SELECT DISTINCT ON (a.learner_id, a.course_id, a.lesson_id, \
             a.question_id) l.unit_key, a.course_id, a.lesson_id, a.question_id, a.correct \
             FROM answers a JOIN learners l USING (learner_id) \
             ORDER BY a.learner_id, a.course_id, a.lesson_id, a.question_id, a.at_ns, a.attempt_id), \
             counts AS (SELECT l.unit_key, a.course_id, a.lesson_id, a.question_id, count(*) n \
             FROM answers a JOIN learners l USING (learner_id) GROUP BY 1, 2, 3, 4) \
             SELECT f.unit_key, f.course_id, f.lesson_id, f.question_id, count(*)::int8, \
             count(*) FILTER (WHERE NOT f.correct)::int8, max(c.n)::int8 FROM firsts f \
             JOIN counts c USING (unit_key, course_id, lesson_id, question_id) \
             GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4",
            &[],
        )
        .unwrap();
    let kept = c
        .query(
            "SELECT unit_key, course_id, lesson_id, question_id, learners, wrong_first, answers \
             FROM question_stats WHERE learners <> 0 OR answers <> 0 ORDER BY 1, 2, 3, 4",
            &[],
        )
        .unwrap();
    let rows = |v: &[postgres::Row]| -> Vec<(String, String, String, String, i64, i64, i64)> {
        v.iter()
            .map(|r| {
                (
                    r.get(0),
                    r.get(1),
                    r.get(2),
                    r.get(3),
                    r.get(4),
                    r.get(5),
                    r.get(6),
                )
            })
            .collect()
    };
    assert_eq!(rows(&kept), rows(&recount));
}

pub(crate) fn course() -> hocso::course::Course {
    use hocso::course::{load::load, source::from_dir};
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sample-course");
    load(&from_dir(&dir).unwrap()).course.unwrap()
}

#[test]
fn send_receive_and_an_empty_resync_changes_nothing() {
    let db = pg::cluster().new_db("roundtrip");
    let c = course();
    let mut learners: Vec<LearnerFile> = (0..5)
        .map(|i| {
            fake::whole_course(
                &c,
                &format!("hoc-vien-{i}aaaaa"),
                &format!("Học viên {i}"),
                i,
                t0(),
            )
        })
        .collect();
    // Spaced-review answers travel with the rest of the progress.
    let review = hocso::progress::model::ReviewAnswer {
        lesson: "mau-lam-quen".into(),
        question: "mau-q-mot".into(),
        answer: hocso::quiz::Answer::One("phai".into()),
        correct: true,
        at: fake::at(t0(), 86_400),
    };
    learners[0]
        .courses
        .entry(c.id.clone())
        .or_default()
        .review
        .push(review);
    // The order an attempt showed its choices in travels with it (the learner finishes the
    // quiz on another PC in the same order).
    let shown = vec!["tat".to_string(), "phai".to_string(), "trai".to_string()];
    let attempt = learners[1]
        .courses
        .get_mut(&c.id)
        .and_then(|course| course.lessons.values_mut().find(|l| !l.attempts.is_empty()))
        .expect("a lesson with an attempt");
    attempt.attempts[0]
        .choices
        .insert("mau-q-mot".into(), shown.clone());
    let a = folder(&unit_of("Xã An Lão", "Lớp sáng"), &learners);
    let s = sync(a.path(), &db);
    assert_eq!((s.sent, s.received), (5, 0));
    let with_choices = |f: &LearnerFile| -> Vec<Vec<String>> {
        f.courses[&c.id]
            .lessons
            .values()
            .flat_map(|l| l.attempts.iter())
            .filter_map(|a| a.choices.get("mau-q-mot").cloned())
            .collect()
    };
    assert_eq!(
        with_choices(&server(&db, &learners[1].profile.id)),
        vec![shown.clone()]
    );
    for l in &learners {
        assert_eq!(server(&db, &l.profile.id), normalise(l));
    }
    // Another class of the same commune receives them all.
    let b = folder(&unit_of("Xã An Lão", "Lớp chiều"), &[]);
    let s = sync(b.path(), &db);
    assert_eq!((s.sent, s.received, s.new_here), (0, 5, 5));
    for l in &learners {
        assert_eq!(local(b.path(), &l.profile.id), normalise(l));
    }
    assert_eq!(
        local(b.path(), &learners[0].profile.id).courses[&c.id]
            .review
            .len(),
        1
    );
    assert_eq!(
        with_choices(&local(b.path(), &learners[1].profile.id)),
        vec![shown]
    );
    // Idempotent: nothing more to send or receive, on either side.
    let answers = count(&db, "SELECT count(*) FROM answers");
    for dir in [a.path(), b.path()] {
        let s = sync(dir, &db);
        assert_eq!((s.sent, s.received), (0, 0));
    }
    assert_eq!(count(&db, "SELECT count(*) FROM answers"), answers);
    assert_eq!(count(&db, "SELECT count(*) FROM classes"), 2);
    assert_stats_exact(&db);
    assert_summary_exact(&db);
    // Another commune does not receive them.
    let other = folder(&unit_of("Phường Hồng Bàng", "Lớp 1"), &[]);
    assert_eq!(sync(other.path(), &db).received, 0);
}

#[test]
fn the_same_learner_changed_offline_in_two_folders_syncing_at_once() {
    let db = pg::cluster().new_db("concurrent");
    let c = course();
    let base = fake::whole_course(&c, "nguyen-thi-hoa-abc234", "Nguyễn Thị Hoa", 7, t0());
    let a = folder(
        &unit_of("Xã An Lão", "Lớp sáng"),
        std::slice::from_ref(&base),
    );
    let b = folder(
        &unit_of("Xã An Lão", "Lớp chiều"),
        std::slice::from_ref(&base),
    );
    sync(a.path(), &db);
    sync(b.path(), &db);
    // Offline, each class adds a different attempt to the same learner, plus learners of its own.
    let mut in_a = base.clone();
    fake::add_attempt(
        &mut in_a,
        "mau",
        "mau-tra-loi",
        60,
        fake::attempt("lan-a", fake::at(t0(), 90_000), &[("mau-q-go", false)]),
    );
    let mut in_b = base.clone();
    fake::add_attempt(
        &mut in_b,
        "mau",
        "mau-tra-loi",
        60,
        fake::attempt("lan-b", fake::at(t0(), 95_000), &[("mau-q-go", true)]),
    );
    let own_a: Vec<LearnerFile> = (0..10)
        .map(|i| fake::whole_course(&c, &format!("lop-a-{i}xxxxx"), &format!("A {i}"), i, t0()))
        .collect();
    let own_b: Vec<LearnerFile> = (0..10)
        .map(|i| {
            fake::whole_course(
                &c,
                &format!("lop-b-{i}yyyyy"),
                &format!("B {i}"),
                50 + i,
                t0(),
            )
        })
        .collect();
    let sa = Store::open(a.path()).unwrap();
    let sb = Store::open(b.path()).unwrap();
    sa.save(&in_a).unwrap();
    sb.save(&in_b).unwrap();
    own_a.iter().for_each(|l| sa.save(l).unwrap());
    own_b.iter().for_each(|l| sb.save(l).unwrap());

    let (pa, pb) = (a.path().to_path_buf(), b.path().to_path_buf());
    let (db1, db2) = (db.clone(), db.clone());
    let ta = std::thread::spawn(move || run(&opts(&pa, &db1), &mut |_| {}).map(|_| ()));
    let tb = std::thread::spawn(move || run(&opts(&pb, &db2), &mut |_| {}).map(|_| ()));
    ta.join().unwrap().unwrap();
    tb.join().unwrap().unwrap();
    // A second round lets each side receive what the other sent meanwhile.
    sync(a.path(), &db);
    sync(b.path(), &db);

    let joined = normalise(&merge(&in_a, &in_b));
    assert_eq!(server(&db, "nguyen-thi-hoa-abc234"), joined);
    assert_eq!(local(a.path(), "nguyen-thi-hoa-abc234"), joined);
    assert_eq!(local(b.path(), "nguyen-thi-hoa-abc234"), joined);
    let attempts = &joined.courses["mau"].lessons["mau-tra-loi"].attempts;
    assert!(attempts.iter().any(|x| x.id == "lan-a") && attempts.iter().any(|x| x.id == "lan-b"));
    // Both folders now hold all 21 learners; the database holds each answer once.
    assert_eq!(Store::open(a.path()).unwrap().list().0.len(), 21);
    assert_eq!(Store::open(b.path()).unwrap().list().0.len(), 21);
    let expected: usize = std::iter::once(&joined)
        .chain(&own_a)
        .chain(&own_b)
        .flat_map(|f| f.courses.values())
        .flat_map(|c| c.lessons.values())
        .flat_map(|l| &l.attempts)
        .map(|a| a.answers.len())
        .sum();
    assert_eq!(count(&db, "SELECT count(*) FROM answers"), expected as i64);
    assert_stats_exact(&db);
    assert_summary_exact(&db);
}

#[test]
fn a_connection_killed_midway_loses_and_doubles_nothing() {
    let db = pg::cluster().new_db("killed");
    let c = course();
    // Four batches: two are written at once, so when the first is taken back the second may
    // have committed and the third is in flight; the fourth is not started.
    let n = 3 * hocso::sync::run::BATCH + 5;
    let learners: Vec<LearnerFile> = (0..n)
        .map(|i| {
            fake::whole_course(
                &c,
                &format!("hv-{i:02}-zzzzzz"),
                &format!("HV {i}"),
                i as u64,
                t0(),
            )
        })
        .collect();
    let a = folder(&unit_of("Xã An Lão", "Lớp sáng"), &learners);
    let admin_db = db.clone();
    let mut cut = |s: Step| {
        if s.done == 12 {
            pg::cluster()
                .admin(&admin_db)
                .execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                     WHERE application_name = 'hocso' AND datname = current_database()",
                    &[],
                )
                .unwrap();
        }
    };
    let err = run(&opts(a.path(), &db), &mut cut).unwrap_err();
    assert!(matches!(err, SyncError::Lost { .. }), "{err:?}");
    assert!(
        err.message("vi").contains("Mất kết nối"),
        "{}",
        err.message("vi")
    );
    let partial = count(&db, "SELECT count(*) FROM learners");
    assert!(
        (12..n as i64).contains(&partial),
        "{partial} learners after the cut"
    );
    // The next sync finishes the work; a third has nothing left to do.
    let s = sync(a.path(), &db);
    assert_eq!(s.sent as i64, n as i64 - partial);
    assert_eq!(sync(a.path(), &db).sent, 0);
    for l in &learners {
        assert_eq!(server(&db, &l.profile.id), normalise(l));
        assert_eq!(local(a.path(), &l.profile.id), normalise(l));
    }
    let expected: usize = learners
        .iter()
        .flat_map(|f| f.courses.values())
        .flat_map(|c| c.lessons.values())
        .flat_map(|l| &l.attempts)
        .map(|a| a.answers.len())
        .sum();
    assert_eq!(count(&db, "SELECT count(*) FROM answers"), expected as i64);
    assert_stats_exact(&db);
    assert_summary_exact(&db);
}

/// Documented behaviour: `learners reset` clears progress in this data folder only; the province
/// database keeps every answer (the join never loses one), so the next sync brings the progress
/// back here. The reset's backup file stays in the folder.
#[test]
fn sync_after_a_reset_brings_the_province_copy_back() {
    let db = pg::cluster().new_db("reset");
    let c = course();
    let l = fake::whole_course(&c, "tran-van-ba-qqq222", "Trần Văn Ba", 3, t0());
    let a = folder(&unit_of("Xã An Lão", "Lớp sáng"), std::slice::from_ref(&l));
    sync(a.path(), &db);
    let bin = env!("CARGO_BIN_EXE_hocso");
    let out = std::process::Command::new(bin)
        .args([
            "learners",
            "reset",
            "tran-van-ba-qqq222",
            "--yes",
            "--data-dir",
        ])
        .arg(a.path())
        .env("HOCSO_LANG", "vi")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(local(a.path(), "tran-van-ba-qqq222").courses.is_empty());
    let s = sync(a.path(), &db);
    assert_eq!((s.sent, s.received), (0, 1));
    assert_eq!(local(a.path(), "tran-van-ba-qqq222"), normalise(&l));
    let backups = std::fs::read_dir(a.path().join("learners"))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".reset-"))
        .count();
    assert_eq!(backups, 1);
}

/// Sets a learner's snapshot and journal back in time (as if last changed an hour ago), so the
/// sync may trust their fingerprint.
fn age(dir: &Path, id: &str) {
    let store = Store::open(dir).unwrap();
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for path in [store.path_of(id), store.journal_path(id)] {
        if let Ok(f) = std::fs::File::options().append(true).open(&path) {
            f.set_modified(hour_ago).unwrap();
        }
    }
}

#[test]
fn an_unchanged_learner_is_not_read_again_and_a_changed_one_is() {
    let db = pg::cluster().new_db("fingerprint");
    let c = course();
    let learners: Vec<LearnerFile> = (0..3)
        .map(|i| {
            fake::whole_course(
                &c,
                &format!("van-tay-{i}aaaaa"),
                &format!("Vân {i}"),
                i,
                t0(),
            )
        })
        .collect();
    let a = folder(&unit_of("Xã Tiên Lãng", "Lớp 1"), &learners);
    for l in &learners {
        age(a.path(), &l.profile.id);
    }
    assert_eq!(sync(a.path(), &db).sent, 3);
    // The second sync remembers the files' sizes and times (settled an hour ago).
    assert_eq!(sync(a.path(), &db).sent, 0);
    let store = Store::open(a.path()).unwrap();
    let id0 = learners[0].profile.id.clone();
    // Proof that an unchanged learner is not read: damage its file without changing its size or
    // time. The sync does not notice (it did not read it) and reports nothing.
    let path = store.path_of(&id0);
    let meta = std::fs::metadata(&path).unwrap();
    std::fs::write(&path, vec![b' '; usize::try_from(meta.len()).unwrap()]).unwrap();
    std::fs::File::options()
        .append(true)
        .open(&path)
        .unwrap()
        .set_modified(meta.modified().unwrap())
        .unwrap();
    let s = sync(a.path(), &db);
    assert_eq!((s.sent, s.received), (0, 0));
    assert!(s.problems.is_empty(), "{:?}", s.problems);
    std::fs::write(&path, serde_json::to_vec_pretty(&learners[0]).unwrap()).unwrap();
    // A learner who studies here changes size and time: sent at the next sync.
    let mut changed = store.load(&learners[1].profile.id).unwrap().file;
    changed.profile.name = "Vân Một".into();
    store.save(&changed).unwrap();
    let s = sync(a.path(), &db);
    assert_eq!(s.sent, 1);
    assert_eq!(server(&db, &changed.profile.id).profile.name, "Vân Một");
}
