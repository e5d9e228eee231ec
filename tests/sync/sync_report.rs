//! The province report (`hocso::sync::report::build`) against a real PostgreSQL. Its figures are
//! checked against a recount made here in Rust from the learner files themselves, on learners
//! part-way through the built-in course (some needing help): for the province and for one
//! commune, for a course whose later modules nobody has opened, and after a database of
//! version 2 is upgraded (migration V3 fills the summary from the rows already there).
#![allow(clippy::unwrap_used)]

use crate::fake;
use crate::pg;
use crate::syncing;

use hocso::course::Course;
use hocso::progress::model::{LearnerFile, LessonStatus};
use hocso::sync::report::{Filter, ProvinceReport, build};
use hocso::trainer::report::HELP_FAILED_ATTEMPTS;
use jiff::Timestamp;
use syncing::{assert_summary_exact, folder, sync, t0, unit_of};

fn builtin() -> Course {
    use hocso::course::{load::load, source::select};
    load(&select(None).unwrap()).course.unwrap()
}

/// The figures a unit row must show.
#[derive(Debug, Default, PartialEq)]
struct Figures {
    learners: i64,
    modules_completed: Vec<i64>,
    course_completed: i64,
    lessons_passed: i64,
    lessons_tried: i64,
    needs_help: i64,
}

/// The report's rules applied to the files: a lesson is done when passed or finished; a module
/// (the course) is completed when all its lessons are done; "cần giúp" is a lesson of the course
/// not passed with HELP_FAILED_ATTEMPTS finished attempts below its pass mark.
fn recount(course: &Course, learners: &[LearnerFile]) -> Figures {
    let mut f = Figures {
        learners: learners.len() as i64,
        modules_completed: vec![0; course.modules.len()],
        ..Figures::default()
    };
    for l in learners {
        let Some(cp) = l.courses.get(&course.id) else {
            continue;
        };
        let done = |id: &str| {
            cp.lessons
                .get(id)
                .is_some_and(|p| p.passed || p.status == LessonStatus::Done)
        };
        for (i, m) in course.modules.iter().enumerate() {
            if !m.lessons.is_empty() && m.lessons.iter().all(|x| done(&x.id)) {
                f.modules_completed[i] += 1;
            }
        }
        let all: Vec<_> = course.lessons().map(|(_, x)| x).collect();
        if !all.is_empty() && all.iter().all(|x| done(&x.id)) {
            f.course_completed += 1;
        }
        let mut help = false;
        for x in &all {
            let Some(p) = cp.lessons.get(&x.id) else {
                continue;
            };
            if p.best_score.is_some() {
                f.lessons_tried += 1;
                f.lessons_passed += i64::from(p.passed);
            }
            let below = p
                .attempts
                .iter()
                .filter(|a| a.score.is_some_and(|s| s < x.quiz.pass_mark))
                .count();
            help |= !p.passed && below >= HELP_FAILED_ATTEMPTS;
        }
        f.needs_help += i64::from(help);
    }
    f
}

fn figures(r: &ProvinceReport, commune: &str) -> Figures {
    let u = r
        .units
        .iter()
        .find(|u| u.commune == commune)
        .unwrap_or_else(|| panic!("{commune} in the report"));
    Figures {
        learners: u.learners,
        modules_completed: u.modules_completed.clone(),
        course_completed: u.course_completed,
        lessons_passed: u.lessons_passed,
        lessons_tried: u.lessons_tried,
        needs_help: u.needs_help,
    }
}

fn report(db: &str, course: &Course, filter: &Filter, now: Timestamp) -> ProvinceReport {
    let mut c = pg::cluster().admin(db);
    build(&mut c, course, filter, now).unwrap()
}

fn partial_learners(course: &Course, prefix: &str, n: u64, seed: u64) -> Vec<LearnerFile> {
    (0..n)
        .map(|i| fake::partial(course, &format!("{prefix}-{i:02}-xxxxxx"), seed + i, t0()))
        .collect()
}

#[test]
fn the_province_report_equals_a_recount_from_the_learner_files() {
    let db = pg::cluster().new_db("report_recount");
    let c = builtin();
    let mut an_lao = partial_learners(&c, "an-lao", 15, 100);
    // Progress in another course, and in a lesson this course no longer has, counts nowhere.
    let mut other = an_lao[0].courses[&c.id].clone();
    an_lao[0]
        .courses
        .insert("khoa-hoc-khac".into(), other.clone());
    let (first, lp) = other.lessons.pop_first().unwrap();
    let _ = first;
    an_lao[1]
        .courses
        .get_mut(&c.id)
        .unwrap()
        .lessons
        .insert("bai-da-bo-khoi-khoa".into(), lp);
    let mut hong_bang = partial_learners(&c, "hong-bang", 10, 200);
    for i in 0..3 {
        let id = format!("hong-bang-ca-khoa-{i}-xxxxxx");
        hong_bang.push(fake::whole_course(&c, &id, &id, 300 + i, t0()));
    }
    let units = [("Xã An Lão", &an_lao), ("Phường Hồng Bàng", &hong_bang)];
    let folders: Vec<_> = units
        .iter()
        .map(|(name, learners)| folder(&unit_of(name, "Lớp 1"), learners))
        .collect();
    for f in &folders {
        sync(f.path(), &db);
    }
    assert_summary_exact(&db);

    let now = Timestamp::now();
    let all = report(&db, &c, &Filter::default(), now);
    for (name, learners) in units {
        assert_eq!(figures(&all, name), recount(&c, learners), "{name}");
    }
    // The data is varied enough for the check to mean something.
    let t = &all.total;
    assert!(t.needs_help > 0 && t.needs_help < t.learners, "{t:?}");
    assert!(t.course_completed >= 3, "{t:?}");
    assert!(
        t.modules_completed
            .iter()
            .any(|&m| m > t.course_completed && m < t.learners),
        "{t:?}"
    );
    assert!(t.lessons_passed > 0 && t.lessons_passed < t.lessons_tried);

    let one = report(
        &db,
        &c,
        &Filter {
            unit: Some("xã an lão".into()),
            ..Filter::default()
        },
        now,
    );
    assert_eq!(one.units.len(), 1);
    assert_eq!(figures(&one, "Xã An Lão"), recount(&c, &an_lao));
    let by_code = report(
        &db,
        &c,
        &Filter {
            province: Some("31".into()),
            ..Filter::default()
        },
        now,
    );
    assert_eq!(by_code, all);

    // A learner goes on studying in An Lão: the summary follows the next sync.
    let more = fake::partial(
        &c,
        &an_lao[2].profile.id,
        999,
        t0() + jiff::SignedDuration::from_hours(48),
    );
    an_lao[2] = hocso::sync::rows::normalise(&hocso::progress::merge::merge(&an_lao[2], &more));
    let store = hocso::store::learners::Store::open(folders[0].path()).unwrap();
    store.save(&an_lao[2]).unwrap();
    assert_eq!(sync(folders[0].path(), &db).sent, 1);
    assert_summary_exact(&db);
    let after = report(&db, &c, &Filter::default(), now);
    assert_eq!(figures(&after, "Xã An Lão"), recount(&c, &an_lao));

    // A database made by an earlier release (schema version 2: no summary, no roles, no
    // choice orders, no certificates; the policies of versions 4 and 5 go with the functions):
    // the next sync's upgrade fills the summary from the rows, and the report does not change.
    {
        let mut admin = pg::cluster().admin(&db);
        admin
            .batch_execute(
                // V7's triggers back to V1's foreign keys.
                "DROP FUNCTION hocso_check_parent, hocso_delete_children, hocso_keep_children, \
                 hocso_truncate_children, hocso_link CASCADE; \
                 ALTER TABLE lesson_progress ADD FOREIGN KEY (learner_id) REFERENCES learners \
                 ON DELETE CASCADE; ALTER TABLE attempts ADD FOREIGN KEY (learner_id, course_id, \
                 lesson_id) REFERENCES lesson_progress ON DELETE CASCADE; ALTER TABLE answers \
                 ADD FOREIGN KEY (learner_id, course_id, lesson_id, attempt_id) REFERENCES \
                 attempts ON DELETE CASCADE; \
                 DROP TABLE learner_summary; DROP TABLE lesson_numbers; \
                 DROP TABLE certificates, certificate_keys; DROP FUNCTION \
                 hocso_verify_certificate, hocso_certificate_code, hocso_hmac_sha256; \
                 ALTER TABLE attempts DROP COLUMN choices; \
                 DROP TABLE hocso_roles CASCADE; DROP FUNCTION hocso_my_unit, hocso_is_reader, \
                 hocso_owns, hocso_group, hocso_setup_roles, hocso_add_role CASCADE; \
                 DELETE FROM refinery_schema_history WHERE version >= 3",
            )
            .unwrap();
    }
    // `hocso report` upgrades it too (a province may report before any class has synced with
    // the new release); then a sync finds nothing to do.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_hocso"))
        .args([
            "report",
            "--format",
            "json",
            "--db",
            &pg::cluster().url_nopw(&db),
        ])
        .env("HOCSO_DB_PASSWORD", pg::PASSWORD)
        .env("HOCSO_LANG", "vi")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["total"]["needs_help"], after.total.needs_help);
    assert_eq!(
        json["total"]["modules_completed"],
        serde_json::json!(after.total.modules_completed)
    );
    assert_summary_exact(&db);
    assert_eq!(sync(folders[1].path(), &db).sent, 0);
    // Only the time of the class's last sync differs.
    let without_sync_time = |mut r: ProvinceReport| {
        for u in r.units.iter_mut().chain([&mut r.total]) {
            u.last_sync = None;
        }
        r
    };
    assert_eq!(
        without_sync_time(report(&db, &c, &Filter::default(), now)),
        without_sync_time(after)
    );
}

/// Learners of a class that only has the first two modules (the same course id): the later
/// modules' lessons have no numbers, so nobody completed them or the course.
#[test]
fn modules_nobody_opened_count_zero() {
    let db = pg::cluster().new_db("report_unopened");
    let c = builtin();
    let mut short = c.clone();
    short.modules.truncate(2);
    let learners: Vec<LearnerFile> = (0..4)
        .map(|i| {
            let id = format!("lop-ngan-{i}-xxxxxx");
            fake::whole_course(&short, &id, &id, i, t0())
        })
        .collect();
    let f = folder(&unit_of("Xã Tiên Lãng", "Lớp 1"), &learners);
    sync(f.path(), &db);
    assert_summary_exact(&db);
    let r = report(&db, &c, &Filter::default(), Timestamp::now());
    let got = figures(&r, "Xã Tiên Lãng");
    assert_eq!(got, recount(&c, &learners));
    assert_eq!(&got.modules_completed[..2], &[4, 4]);
    assert!(got.modules_completed[2..].iter().all(|&m| m == 0));
    assert_eq!(got.course_completed, 0);
    // The short course's own report: all four completed it.
    let r = report(&db, &short, &Filter::default(), Timestamp::now());
    assert_eq!(r.total.course_completed, 4);
}
