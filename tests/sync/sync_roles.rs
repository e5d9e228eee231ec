//! Roles by function (migration V4) against a real PostgreSQL: each unit's login role reaches
//! only its own unit, enforced by the database; every attack of issue 28 is refused while the
//! normal sync and the province report still work, and an older database keeps working.
#![allow(clippy::unwrap_used)]

use crate::fake;
use crate::pg;
use crate::syncing;

use std::path::Path;

use hocso::progress::model::LearnerFile;
use hocso::store::learners::Store;
use hocso::sync::connect::{PasswordSources, target};
use hocso::sync::province::{self, Access};
use hocso::sync::run::{Options, Summary, run, unit_key};
use hocso::sync::{SyncError, report, schema};
use hocso::trainer::unit::{self, Unit};
use syncing::{assert_summary_exact, folder, t0};

fn course() -> hocso::course::Course {
    use hocso::course::{load::load, source::from_dir};
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sample-course");
    load(&from_dir(&dir).unwrap()).course.unwrap()
}

pub(crate) fn unit(commune: &str, code: &str, class: &str) -> Unit {
    Unit {
        province: "Hải Phòng".into(),
        province_code: Some("31".into()),
        commune: commune.into(),
        commune_code: Some(code.into()),
        class_name: class.into(),
        trainer: "Cô Lan".into(),
    }
}

/// A database set up as the README tells the province: `province init`, two units, a reader.
pub(crate) struct Province {
    pub(crate) db: String,
    pub(crate) a: String,
    pub(crate) b: String,
    pub(crate) reader: String,
}

pub(crate) fn province() -> Province {
    let db = pg::cluster().new_db("roles");
    let mut owner = pg::cluster().admin(&db);
    schema::prepare(&mut owner, "test").unwrap();
    province::setup_roles(&mut owner).unwrap();
    let base = pg::cluster().url(&db);
    let mut add = |commune: &str, code: &str| {
        let pw = province::new_password();
        let u = unit(commune, code, "");
        let key = unit_key(&u).unwrap();
        let role = province::add_unit(&mut owner, &key, &u, &pw).unwrap();
        province::url_for(&base, &role, &pw).unwrap()
    };
    let a = add("Xã An Lão", "11111");
    let b = add("Xã Bạch Đằng", "22222");
    let pw = province::new_password();
    let role = province::add_reader(&mut owner, "so tttt", &pw).unwrap();
    let reader = province::url_for(&base, &role, &pw).unwrap();
    Province { db, a, b, reader }
}

fn opts(dir: &Path, url: &str) -> Options {
    Options {
        data_dir: dir.to_path_buf(),
        target: target(url, &PasswordSources::default()).unwrap(),
        unit: unit::load(dir).unwrap().unwrap(),
        now: jiff::Timestamp::now(),
        lang: hocso::ui::lang::Lang::Vi,
    }
}

pub(crate) fn sync_as(dir: &Path, url: &str) -> Result<Summary, SyncError> {
    run(&opts(dir, url), &mut |_| {})
}

pub(crate) fn connect(url: &str) -> postgres::Client {
    postgres::Client::connect(url, postgres::NoTls).unwrap()
}

pub(crate) fn count(c: &mut postgres::Client, sql: &str) -> i64 {
    c.query_one(sql, &[]).unwrap().get(0)
}

/// The statement fails with "insufficient privilege" (42501): a policy or a missing grant.
pub(crate) fn refused(c: &mut postgres::Client, sql: &str) {
    match c.batch_execute(sql) {
        Ok(()) => panic!("not refused: {sql}"),
        Err(e) => assert!(province::refused(&e), "{sql}: {e}"),
    }
}

pub(crate) fn learners(prefix: &str, n: u64) -> Vec<LearnerFile> {
    let c = course();
    (0..n)
        .map(|i| {
            fake::whole_course(
                &c,
                &format!("{prefix}-{i}kqwzx"),
                &format!("Học viên {prefix} {i}"),
                i,
                t0(),
            )
        })
        .collect()
}

/// Both units synced with their own roles.
pub(crate) fn two_units(p: &Province) -> (tempfile::TempDir, tempfile::TempDir, Vec<LearnerFile>) {
    let la = learners("an", 3);
    let lb = learners("bach", 4);
    let a = folder(&unit("Xã An Lão", "11111", "Lớp sáng"), &la);
    let b = folder(&unit("Xã Bạch Đằng", "22222", "Lớp chiều"), &lb);
    let s = sync_as(a.path(), &p.a).unwrap();
    assert_eq!((s.sent, s.owner_role), (3, false));
    let s = sync_as(b.path(), &p.b).unwrap();
    assert_eq!((s.sent, s.owner_role), (4, false));
    (a, b, lb)
}

#[test]
fn a_unit_role_reads_only_its_own_unit() {
    let p = province();
    let _folders = two_units(&p);
    let mut a = connect(&p.a);
    assert_eq!(
        province::access(&mut a).unwrap(),
        Access::Unit("code:11111".into())
    );
    assert_eq!(count(&mut a, "SELECT count(*) FROM learners"), 3);
    assert_eq!(count(&mut a, "SELECT count(*) FROM units"), 1);
    assert_eq!(count(&mut a, "SELECT count(*) FROM classes"), 1);
    assert_eq!(count(&mut a, "SELECT count(*) FROM hocso_roles"), 1);
    assert_eq!(
        count(
            &mut a,
            "SELECT count(*) FROM answers WHERE learner_id LIKE 'bach-%'"
        ),
        0
    );
    assert_eq!(
        count(
            &mut a,
            "SELECT count(*) FROM question_stats WHERE unit_key = 'code:22222'"
        ),
        0
    );
    let mut owner = pg::cluster().admin(&p.db);
    assert_eq!(count(&mut owner, "SELECT count(*) FROM learners"), 7);
    // The other unit's class syncing again receives nothing of A's.
    let empty_b = folder(&unit("Xã Bạch Đằng", "22222", "Lớp tối"), &[]);
    let s = sync_as(empty_b.path(), &p.b).unwrap();
    assert_eq!((s.received, s.new_here), (4, 4));
    assert_summary_exact(&p.db);
}

#[test]
fn registering_a_class_under_another_unit_is_refused() {
    let p = province();
    let _folders = two_units(&p);
    // X1: `hocso setup --commune-code 22222`, then sync with unit A's connection string.
    let x1 = folder(
        &unit("Xã Bạch Đằng", "22222", "Lớp giả"),
        &learners("gia", 1),
    );
    match sync_as(x1.path(), &p.a) {
        Err(SyncError::WrongUnit { claimed, role_unit }) => {
            assert_eq!(
                (claimed.as_str(), role_unit.as_str()),
                ("code:22222", "code:11111")
            );
        }
        other => panic!("not refused: {other:?}"),
    }
    assert!(Store::open(x1.path()).unwrap().learner_ids().len() == 1);
    // The database refuses it too, whatever the client does.
    let mut a = connect(&p.a);
    refused(
        &mut a,
        "INSERT INTO classes (unit_key, class_name) VALUES ('code:22222', 'Lớp giả')",
    );
    refused(
        &mut a,
        "INSERT INTO units (unit_key, province, commune) VALUES ('code:33333', 'x', 'y')",
    );
    refused(
        &mut a,
        "INSERT INTO units (unit_key, province, commune) VALUES ('code:22222', 'x', 'y') \
         ON CONFLICT (unit_key) DO UPDATE SET commune = 'y'",
    );
    let mut owner = pg::cluster().admin(&p.db);
    assert_eq!(
        count(
            &mut owner,
            "SELECT count(*) FROM classes WHERE unit_key = 'code:22222'"
        ),
        1
    );
    assert_eq!(
        count(
            &mut owner,
            "SELECT count(*) FROM learners WHERE learner_id LIKE 'gia-%'"
        ),
        0
    );
}

#[test]
fn writing_another_units_learner_is_refused_and_the_sync_says_so() {
    let p = province();
    let (a_dir, _b_dir, lb) = two_units(&p);
    let mut owner = pg::cluster().admin(&p.db);
    let victim = lb[0].profile.id.clone();
    let before = count(
        &mut owner,
        &format!("SELECT count(*) FROM attempts WHERE learner_id = '{victim}'"),
    );
    // B's learner file, with more attempts planted, synced from unit A.
    let mut planted = lb[0].clone();
    let c = course();
    let extra = fake::attempt("planted-1", fake::at(t0(), 99_000), &[("mau-q-mot", true)]);
    fake::add_attempt(&mut planted, &c.id, "mau-lam-quen", 80, extra);
    Store::open(a_dir.path()).unwrap().save(&planted).unwrap();
    let s = sync_as(a_dir.path(), &p.a).unwrap();
    assert_eq!(s.sent, 0, "{s:?}");
    assert!(
        s.problems
            .iter()
            .any(|m| m.contains(&victim) && m.contains("thuộc xã/phường khác")),
        "{:?}",
        s.problems
    );
    let after = count(
        &mut owner,
        &format!("SELECT count(*) FROM attempts WHERE learner_id = '{victim}'"),
    );
    assert_eq!(after, before);
    // Straight SQL with A's role: every write to B's learner is refused or reaches no row.
    let mut a = connect(&p.a);
    refused(
        &mut a,
        &format!(
            "INSERT INTO attempts (learner_id, course_id, lesson_id, attempt_id, started_ns, \
             question_order, score) VALUES ('{victim}', '{}', 'mau-lam-quen', 'x', 1, '{{}}', 100)",
            c.id
        ),
    );
    refused(
        &mut a,
        &format!(
            "INSERT INTO learners (learner_id, unit_key, name, created_ns, format, settings, \
             last_activity_ns, content_hash, change_xid) VALUES ('{victim}', 'code:11111', 'x', \
             0, 1, '{{}}', 0, '', 0) ON CONFLICT (learner_id) DO UPDATE SET name = 'x'"
        ),
    );
    let n = a
        .execute(
            "UPDATE lesson_progress SET passed = true WHERE learner_id = $1",
            &[&victim],
        )
        .unwrap();
    assert_eq!(n, 0);
    // Moving one's own learner into another unit is refused too.
    refused(
        &mut a,
        "UPDATE learners SET unit_key = 'code:22222' WHERE learner_id LIKE 'an-%'",
    );
    assert_eq!(
        count(
            &mut owner,
            "SELECT count(*) FROM learners WHERE unit_key = 'code:22222'"
        ),
        4
    );
}

#[test]
fn a_unit_role_cannot_delete_drop_or_grant_itself_more() {
    let p = province();
    let _folders = two_units(&p);
    let mut a = connect(&p.a);
    for sql in [
        "DELETE FROM answers",
        "DELETE FROM learners WHERE unit_key = 'code:11111'",
        "TRUNCATE learners CASCADE",
        "DROP TABLE answers",
        "ALTER TABLE learners DISABLE ROW LEVEL SECURITY",
        "DROP POLICY hocso_read ON learners",
        "UPDATE hocso_roles SET unit_key = 'code:22222'",
        "INSERT INTO hocso_roles (role_name, kind) VALUES ('x', 'reader')",
        "CREATE TABLE planted (x int)",
        "SELECT hocso_add_role('x', 'unit', 'code:22222', 'p')",
        "UPDATE hocso_meta SET value = 'x'",
        "DELETE FROM refinery_schema_history",
    ] {
        refused(&mut a, sql);
    }
    let n = a
        .execute(
            "UPDATE learners SET name = 'x' WHERE unit_key = 'code:22222'",
            &[],
        )
        .unwrap();
    assert_eq!(n, 0);
    let mut owner = pg::cluster().admin(&p.db);
    assert_eq!(count(&mut owner, "SELECT count(*) FROM learners"), 7);
    assert_eq!(
        count(&mut owner, "SELECT count(*) FROM learners WHERE name = 'x'"),
        0
    );
}

#[test]
fn the_report_role_reads_every_unit_and_writes_nothing() {
    let p = province();
    let _folders = two_units(&p);
    let mut r = connect(&p.reader);
    assert_eq!(province::access(&mut r).unwrap(), Access::Reader);
    let rep = report::build(
        &mut r,
        &course(),
        &report::Filter::default(),
        jiff::Timestamp::now(),
    )
    .unwrap();
    assert_eq!(rep.units.len(), 2);
    assert_eq!(rep.total.learners, 7);
    refused(&mut r, "UPDATE learners SET name = 'x'");
    refused(
        &mut r,
        "INSERT INTO classes (unit_key, class_name) VALUES ('code:11111', 'x')",
    );
    refused(&mut r, "DELETE FROM answers");
    // A report role is not a unit's: a sync with it says so.
    let f = folder(&unit("Xã An Lão", "11111", "Lớp sáng"), &[]);
    assert!(matches!(
        sync_as(f.path(), &p.reader),
        Err(SyncError::NotUnitRole)
    ));
}

#[test]
fn an_existing_database_keeps_working_and_the_province_is_told_what_to_do() {
    let db = pg::cluster().new_db("upgrade");
    let mut owner = pg::cluster().admin(&db);
    schema::migrate_to(&mut owner, 3).unwrap();
    assert_eq!(schema::database_version(&mut owner).unwrap(), 3);
    // A class of the old setup: everyone uses the owner's role.
    let old = folder(&unit("Xã An Lão", "11111", "Lớp sáng"), &learners("an", 2));
    let s = syncing::sync(old.path(), &db);
    assert_eq!((s.sent, s.owner_role), (2, true));
    assert_eq!(
        schema::database_version(&mut owner).unwrap(),
        schema::known_version()
    );
    let units = province::units_without_role(&mut owner).unwrap();
    assert_eq!(units, vec![("code:11111".into(), "Xã An Lão".into())]);
    // The province gives the unit its role; the class switches to it and goes on.
    province::setup_roles(&mut owner).unwrap();
    let pw = province::new_password();
    let u = unit("Xã An Lão", "11111", "");
    let role = province::add_unit(&mut owner, "code:11111", &u, &pw).unwrap();
    let url = province::url_for(&pg::cluster().url(&db), &role, &pw).unwrap();
    let more = folder(
        &unit("Xã An Lão", "11111", "Lớp chiều"),
        &learners("an2", 1),
    );
    let s = sync_as(more.path(), &url).unwrap();
    assert_eq!((s.sent, s.received, s.owner_role), (1, 2, false));
    assert!(province::units_without_role(&mut owner).unwrap().is_empty());
    // A unit's role cannot upgrade the tables: when they are older than the binary, the sync
    // says the province must run `hocso province init`.
    owner
        .batch_execute("DELETE FROM refinery_schema_history WHERE version >= 4")
        .unwrap();
    match sync_as(more.path(), &url) {
        Err(e @ SyncError::NeedsInit { .. }) => {
            assert!(e.message("vi").contains("hocso province init"), "{e}");
        }
        other => panic!("{other:?}"),
    }
}
