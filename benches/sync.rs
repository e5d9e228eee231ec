//! Sync benchmark: 100 units × 100 learners, each with the whole built-in course's history, synced
//! into one throwaway PostgreSQL database (tests/common/pg.rs), then the province report over all
//! of them. Prints the figures the README quotes:
//!
//! - one commune's first sync of 100 learners (first, last, median and slowest of the units),
//! - PostgreSQL's own `COPY` of the same rows into empty copies of the tables (indexes included,
//!   no foreign keys), timed right after each unit's sync, and sync ÷ COPY: the fastest way the
//!   server accepts those rows, so the ratio says how much the sync adds to the database's work,
//! - the same `COPY` into copies that also have the real tables' integrity checks (the foreign
//!   keys of the small tables, checked per row, and migration V7's statement triggers of
//!   `lesson_progress`, `attempts` and `answers`): what any way of writing into the real tables
//!   pays on top of the bare `COPY`,
//! - the sync as the database owner (no row security) and as the commune's own role
//!   (`hocso province add-unit`: row security on, the path a commune uses), alternating units
//!   (`HOCSO_BENCH_AS=owner` or `unit` for one kind only), with sync ÷ COPY for each,
//! - an empty re-sync of a commune (nothing changed),
//! - the province report over every learner (median of 5).
//!
//! `cargo bench --bench sync` (HOCSO_BENCH_UNITS=10 for a quicker run).
#![allow(clippy::unwrap_used)]

#[path = "../tests/common/fake.rs"]
mod fake;
#[path = "../tests/common/pg.rs"]
mod pg;

use std::time::{Duration, Instant};

use hocso::store::learners::Store;
use hocso::sync::connect::{PasswordSources, target};
use hocso::sync::report::{Filter, build};
use hocso::sync::run::{Options, run};
use hocso::sync::{province, schema};
use hocso::trainer::unit::Unit;
use hocso::ui::lang::Lang;
use jiff::Timestamp;

const LEARNERS: usize = 100;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// The tables a first sync fills with a unit's rows, and how to select that unit's rows (the ids
/// of its learners are in the temporary table `bench_ids`, its key in `bench_unit`).
const TABLES: [(&str, &str); 7] = [
    (
        "learners",
        "learner_id IN (SELECT learner_id FROM bench_ids)",
    ),
    (
        "learner_courses",
        "learner_id IN (SELECT learner_id FROM bench_ids)",
    ),
    (
        "lesson_progress",
        "learner_id IN (SELECT learner_id FROM bench_ids)",
    ),
    (
        "attempts",
        "learner_id IN (SELECT learner_id FROM bench_ids)",
    ),
    (
        "answers",
        "learner_id IN (SELECT learner_id FROM bench_ids)",
    ),
    (
        "learner_summary",
        "learner_id IN (SELECT learner_id FROM bench_ids)",
    ),
    (
        "question_stats",
        "unit_key IN (SELECT unit_key FROM bench_unit)",
    ),
];

/// The foreign keys the real tables still have (migrations/V1, V3), for the copies in `bench_fk`.
const FOREIGN_KEYS: [(&str, &str); 4] = [
    ("learners", "(unit_key) REFERENCES public.units"),
    (
        "learner_courses",
        "(learner_id) REFERENCES bench_fk.learners",
    ),
    (
        "learner_summary",
        "(learner_id) REFERENCES bench_fk.learners",
    ),
    ("question_stats", "(unit_key) REFERENCES public.units"),
];

/// The links kept by statement triggers instead (migrations/V7): parent, child, key columns.
const LINKS: [(&str, &str, &str); 3] = [
    ("learners", "lesson_progress", "learner_id"),
    (
        "lesson_progress",
        "attempts",
        "learner_id, course_id, lesson_id",
    ),
    (
        "attempts",
        "answers",
        "learner_id, course_id, lesson_id, attempt_id",
    ),
];

/// Empty copies of the sync's tables (`LIKE … INCLUDING ALL`: columns, defaults, primary keys and
/// indexes; foreign keys and triggers are not copied) in `bench_copy`, the same with the real
/// tables' integrity checks in `bench_fk` (their foreign keys, and V7's triggers set by the
/// migration's own `hocso_link`), and the temporary tables naming one unit.
fn copy_setup(c: &mut postgres::Client) {
    c.batch_execute(
        "CREATE SCHEMA bench_copy; CREATE SCHEMA bench_fk; \
         CREATE TEMP TABLE bench_ids (learner_id text PRIMARY KEY); \
         CREATE TEMP TABLE bench_unit (unit_key text PRIMARY KEY)",
    )
    .unwrap();
    for (t, _) in TABLES {
        for schema in ["bench_copy", "bench_fk"] {
            c.batch_execute(&format!(
                "CREATE TABLE {schema}.{t} (LIKE public.{t} INCLUDING ALL)"
            ))
            .unwrap();
        }
    }
    for (t, fk) in FOREIGN_KEYS {
        c.batch_execute(&format!("ALTER TABLE bench_fk.{t} ADD FOREIGN KEY {fk}"))
            .unwrap();
    }
    for (parent, child, cols) in LINKS {
        let cols = cols
            .split(", ")
            .map(|c| format!("'{c}'"))
            .collect::<Vec<_>>()
            .join(", ");
        c.batch_execute(&format!(
            "SELECT hocso_link('bench_fk.{parent}', 'bench_fk.{child}', ARRAY[{cols}])"
        ))
        .unwrap();
    }
}

/// PostgreSQL's own `COPY` (binary) of the unit's rows into the empty copies, in one
/// transaction: the time into `bench_copy`, the time into `bench_fk` (integrity checked), and
/// the number of rows. Reading the rows out is not timed.
fn copy_unit(c: &mut postgres::Client, key: &str) -> (Duration, Duration, i64) {
    use std::io::Read;
    c.batch_execute("TRUNCATE bench_ids, bench_unit").unwrap();
    let all = |schema: &str| {
        TABLES
            .iter()
            .map(|(t, _)| format!("{schema}.{t}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    c.batch_execute(&format!(
        "TRUNCATE {}; TRUNCATE {}",
        all("bench_copy"),
        all("bench_fk")
    ))
    .unwrap();
    c.execute("INSERT INTO bench_unit VALUES ($1)", &[&key])
        .unwrap();
    c.execute(
        "INSERT INTO bench_ids SELECT learner_id FROM learners WHERE unit_key = $1",
        &[&key],
    )
    .unwrap();
    let data: Vec<Vec<u8>> = TABLES
        .iter()
        .map(|(t, filter)| {
            let mut out = Vec::new();
            c.copy_out(&format!(
                "COPY (SELECT * FROM public.{t} WHERE {filter}) TO STDOUT (FORMAT binary)"
            ))
            .unwrap()
            .read_to_end(&mut out)
            .unwrap();
            out
        })
        .collect();
    let took = copy_into(c, "bench_copy", &data);
    let with_fk = copy_into(c, "bench_fk", &data);
    let rows = TABLES
        .iter()
        .map(|(t, _)| {
            c.query_one(&format!("SELECT count(*) FROM bench_copy.{t}"), &[])
                .unwrap()
                .get::<_, i64>(0)
        })
        .sum();
    (took, with_fk, rows)
}

/// `COPY` of `data` (one binary stream per table of [`TABLES`]) into `schema`'s tables, in one
/// transaction: the time.
fn copy_into(c: &mut postgres::Client, schema: &str, data: &[Vec<u8>]) -> Duration {
    use std::io::Write;
    let t = Instant::now();
    let mut tx = c.transaction().unwrap();
    for ((table, _), bytes) in TABLES.iter().zip(data) {
        let mut w = tx
            .copy_in(&format!("COPY {schema}.{table} FROM STDIN (FORMAT binary)"))
            .unwrap();
        w.write_all(bytes).unwrap();
        w.finish().unwrap();
    }
    tx.commit().unwrap();
    t.elapsed()
}

fn main() {
    let units: usize = std::env::var("HOCSO_BENCH_UNITS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let course = hocso::course::load::load(&hocso::course::source::select(None).unwrap())
        .course
        .unwrap();
    let cluster = pg::cluster();
    let db = cluster.new_db("bench");
    let url = cluster.url(&db);
    let base: Timestamp = Timestamp::now() - jiff::SignedDuration::from_hours(24 * 20);
    // As the province sets it up (`hocso province init`), so units can sync with their own role.
    let mut owner = cluster.admin(&db);
    schema::prepare(&mut owner, "bench").unwrap();
    province::setup_roles(&mut owner).unwrap();
    let kinds = std::env::var("HOCSO_BENCH_AS").unwrap_or_else(|_| "both".into());
    // (as the unit's role, sync, COPY, COPY with integrity checks) per unit
    let mut by_role: Vec<(bool, Duration, Duration, Duration)> = Vec::new();
    let mut first = Vec::new();
    let mut copies = Vec::new();
    let mut copies_fk = Vec::new();
    let mut rows = 0;
    let mut bench_client = None;
    let mut answers = 0usize;
    let mut last_dir = None;
    for u in 0..units {
        // One folder at a time: 100 learner files, not 10,000, on disk at once.
        let dir = tempfile::tempdir().unwrap();
        let unit = Unit {
            province: "Hải Phòng".into(),
            province_code: Some("31".into()),
            commune: format!("Xã Thử {u:03}"),
            commune_code: Some(format!("{:05}", 11000 + u)),
            class_name: "Lớp 1".into(),
            trainer: "Cô Lan".into(),
        };
        let store = Store::open(dir.path()).unwrap();
        for i in 0..LEARNERS {
            let id = format!("hv-{u:03}-{i:03}-bench");
            let f = fake::whole_course(&course, &id, &id, (u * 1000 + i) as u64, base);
            answers += f
                .courses
                .values()
                .flat_map(|c| c.lessons.values())
                .flat_map(|l| &l.attempts)
                .map(|a| a.answers.len())
                .sum::<usize>();
            store.save(&f).unwrap();
        }
        let as_unit = match kinds.as_str() {
            "owner" => false,
            "unit" => true,
            _ => u % 2 == 1,
        };
        let sync_url = if as_unit {
            let key = hocso::sync::run::unit_key(&unit).unwrap();
            let pw = province::new_password();
            let role = province::add_unit(&mut owner, &key, &unit, &pw).unwrap();
            province::url_for(&url, &role, &pw).unwrap()
        } else {
            url.clone()
        };
        let opts = Options {
            data_dir: dir.path().to_path_buf(),
            target: target(&sync_url, &PasswordSources::default()).unwrap(),
            unit,
            now: Timestamp::now(),
            lang: Lang::Vi,
        };
        let t = Instant::now();
        let s = run(&opts, &mut |_| {}).unwrap();
        let took = t.elapsed();
        first.push(took);
        assert_eq!(s.sent, LEARNERS);
        assert_eq!(s.owner_role, !as_unit);
        let c = bench_client.get_or_insert_with(|| {
            let mut c = cluster.admin(&db);
            copy_setup(&mut c);
            c
        });
        let (copy, copy_fk, n) = copy_unit(c, &hocso::sync::run::unit_key(&opts.unit).unwrap());
        copies.push(copy);
        copies_fk.push(copy_fk);
        by_role.push((as_unit, took, copy, copy_fk));
        rows = n;
        let who = if as_unit {
            "as its own role"
        } else {
            "as the owner"
        };
        eprintln!(
            "unit {u}: first sync of {LEARNERS} learners {who} {took:.2?}, COPY of its {n} rows \
             {copy:.2?} (with integrity checks {copy_fk:.2?}), sync ÷ COPY {:.1} (÷ COPY with \
             integrity checks {:.1})",
            took.as_secs_f64() / copy.as_secs_f64(),
            took.as_secs_f64() / copy_fk.as_secs_f64()
        );
        if u + 1 == units {
            last_dir = Some((dir, opts));
        }
    }
    let (_dir, opts) = last_dir.unwrap();
    let mut empty = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let s = run(&opts, &mut |_| {}).unwrap();
        empty.push(t.elapsed());
        assert_eq!((s.sent, s.received), (0, 0));
    }
    let mut client = cluster.admin(&db);
    client.batch_execute("VACUUM ANALYZE").unwrap();
    if let Some(hold) = std::env::var_os("HOCSO_BENCH_HOLD") {
        // For trying queries by hand: the database's URL goes into this file, and the bench
        // waits (the cluster stays up) until the file is deleted.
        let hold = std::path::PathBuf::from(hold);
        std::fs::write(&hold, &url).unwrap();
        eprintln!("database kept until {} is deleted", hold.display());
        while hold.exists() {
            std::thread::sleep(Duration::from_secs(1));
        }
    }
    if std::env::var_os("HOCSO_BENCH_EXPLAIN").is_some() {
        // Each report query's plan with its timings (auto_explain, sent as notices).
        let mut cfg: postgres::Config = url.parse().unwrap();
        cfg.notice_callback(|n| eprintln!("{}", n.message()));
        let mut explain = cfg.connect(postgres::NoTls).unwrap();
        explain
            .batch_execute(
                "LOAD 'auto_explain'; SET auto_explain.log_min_duration = 0; \
                 SET auto_explain.log_analyze = on; SET auto_explain.log_level = notice",
            )
            .unwrap();
        hocso::sync::report::tune(&mut explain).unwrap();
        build(&mut explain, &course, &Filter::default(), Timestamp::now()).unwrap();
    }
    // The report on a fresh connection with the server's settings, then as `hocso report --db`
    // runs it (`tune`: work_mem, no JIT), alternating, 5 times each.
    let (mut plain, mut tuned) = (Vec::new(), Vec::new());
    for _ in 0..5 {
        for (times, with) in [(&mut plain, false), (&mut tuned, true)] {
            let mut c = cluster.admin(&db);
            if with {
                hocso::sync::report::tune(&mut c).unwrap();
            }
            let t = Instant::now();
            let r = build(&mut c, &course, &Filter::default(), Timestamp::now()).unwrap();
            times.push(t.elapsed());
            assert_eq!(r.total.learners as usize, units * LEARNERS);
        }
    }
    println!(
        "sync bench: {units} units × {LEARNERS} learners, {answers} answers, course {} lessons",
        course.lessons().count()
    );
    println!(
        "first sync of one commune ({LEARNERS} learners): median {:.2?}, slowest {:.2?}",
        median(first.clone()),
        first.iter().max().unwrap()
    );
    let ratio = |s: Duration, c: Duration| s.as_secs_f64() / c.as_secs_f64();
    let (f1, fl) = (first[0], first[first.len() - 1]);
    let (c1, cl) = (copies[0], copies[copies.len() - 1]);
    println!(
        "first unit: sync {f1:.2?}, COPY {c1:.2?}, ratio {:.1}; last unit: sync {fl:.2?}, COPY \
         {cl:.2?}, ratio {:.1}",
        ratio(f1, c1),
        ratio(fl, cl)
    );
    println!(
        "COPY of one commune's {rows} rows into empty tables (indexes included): median {:.2?}; \
         sync ÷ COPY (medians) {:.1}",
        median(copies.clone()),
        ratio(median(first.clone()), median(copies.clone()))
    );
    println!(
        "COPY of the same rows into copies with the integrity checks: median {:.2?}; sync ÷ that \
         (medians) {:.1}",
        median(copies_fk.clone()),
        ratio(median(first.clone()), median(copies_fk))
    );
    for (role, name) in [
        (false, "the owner (no row security)"),
        (true, "the commune's own role"),
    ] {
        let runs: Vec<_> = by_role.iter().filter(|r| r.0 == role).collect();
        if runs.is_empty() {
            continue;
        }
        let sync = median(runs.iter().map(|r| r.1).collect());
        let copy = median(runs.iter().map(|r| r.2).collect());
        let copy_fk = median(runs.iter().map(|r| r.3).collect());
        println!(
            "as {name}, {} communes: first sync median {sync:.2?}; sync ÷ COPY (medians) {:.1}, \
             ÷ COPY with integrity checks {:.1}",
            runs.len(),
            ratio(sync, copy),
            ratio(sync, copy_fk)
        );
    }
    println!("empty re-sync of one commune: median {:.2?}", median(empty));
    println!(
        "province report over {} learners: median {:.2?} as hocso report --db runs it, {:.2?} with the server's default settings",
        units * LEARNERS,
        median(tuned),
        median(plain)
    );
}
