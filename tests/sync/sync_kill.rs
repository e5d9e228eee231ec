//! `hocso sync` killed (SIGKILL) in the middle of a transaction of several learners: the
//! database keeps the batches committed before it and nothing of the one in flight, and the
//! next sync finishes the work with nothing lost or doubled.
#![allow(clippy::unwrap_used)]

use crate::fake;
use crate::pg;
use crate::syncing;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use hocso::progress::model::LearnerFile;
use hocso::sync::rows::normalise;
use hocso::sync::run::BATCH;
use syncing::{assert_summary_exact, folder, sync, t0, unit_of};

use super::sync_pg::{assert_stats_exact, count, course, local, server};

/// Polls `sql` (one bigint) on `db` until it is `want`, for up to a minute.
fn wait_for(db: &str, sql: &str, want: i64) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let got = count(db, sql);
        if got == want {
            return;
        }
        assert!(Instant::now() < deadline, "{sql}: {got}, waited for {want}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_sync_killed_inside_a_batch_keeps_the_batches_before_and_redoes_the_rest() {
    let db = pg::cluster().new_db("killbatch");
    let c = course();
    let n = BATCH + 15;
    let learners: Vec<LearnerFile> = (0..n)
        .map(|i| {
            let id = format!("hv-{i:02}-kkkkkk");
            fake::whole_course(&c, &id, &format!("HV {i}"), i as u64, t0())
        })
        .collect();
    let a = folder(&unit_of("Xã An Lão", "Lớp sáng"), &learners);
    // The second batch stalls on its summary rows, for one learner in the middle of it: by then
    // that transaction has written the rows of its first learners.
    let stalled = format!("hv-{:02}-kkkkkk", BATCH + 5);
    pg::cluster()
        .admin(&db)
        .batch_execute(&format!(
            "CREATE FUNCTION stall() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
               PERFORM pg_sleep(0.1) FROM generate_series(1, 300); RETURN NEW; END $$; \
             ALTER DATABASE {db} SET client_connection_check_interval = '100ms'"
        ))
        .unwrap();
    // The tables are made by the sync's migrations: make them first (a sync of an empty folder)
    // so the trigger can be put on one.
    hocso_schema(&db);
    pg::cluster()
        .admin(&db)
        .batch_execute(&format!(
            "CREATE TRIGGER stall BEFORE INSERT ON learner_summary FOR EACH ROW \
             WHEN (NEW.learner_id = '{stalled}') EXECUTE FUNCTION stall()"
        ))
        .unwrap();

    let mut child = sync_binary(a.path(), &["sync", "--db", &pg::cluster().url_nopw(&db)])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait_for(
        &db,
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() \
         AND wait_event = 'PgSleep'",
        1,
    );
    // The first batch is written on another connection at the same time: killed once it has
    // committed (the second one is stalled for 30 s).
    wait_for(&db, "SELECT count(*) FROM learners", BATCH as i64);
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    // The server notices the dead client and rolls its transaction back.
    wait_for(
        &db,
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() \
         AND application_name = 'hocso'",
        0,
    );
    assert_eq!(
        count(&db, "SELECT count(*) FROM learners"),
        BATCH as i64,
        "the first batch is kept, none of the second"
    );
    assert_summary_exact(&db);
    assert_stats_exact(&db);

    pg::cluster()
        .admin(&db)
        .batch_execute("DROP TRIGGER stall ON learner_summary")
        .unwrap();
    let s = sync(a.path(), &db);
    assert_eq!(s.sent, n - BATCH);
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

/// The real program on the folder, with the test cluster's password.
fn sync_binary(dir: &std::path::Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_hocso"));
    c.env_remove("HOCSO_DB")
        .env_remove("PGPASSWORD")
        .env_remove("HOCSO_DB_PASSWORD_FILE")
        .env("HOCSO_DB_PASSWORD", pg::PASSWORD)
        .env("HOCSO_LANG", "vi")
        .arg("--data-dir")
        .arg(dir)
        .args(args);
    c
}

/// Creates the schema the way a sync does (its migrations), with no learner sent.
fn hocso_schema(db: &str) {
    let empty = folder(&unit_of("Xã Trống", "Lớp trống"), &[]);
    sync(empty.path(), db);
}
