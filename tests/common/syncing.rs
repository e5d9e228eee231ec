//! Data folders synced into a throwaway database (common/pg.rs), and checks that the tables the
//! province report reads equal a recount from the learners' rows.
#![allow(dead_code, clippy::unwrap_used)]

use std::path::Path;

use hocso::progress::model::LearnerFile;
use hocso::store::learners::Store;
use hocso::sync::connect::{PasswordSources, target};
use hocso::sync::run::{Options, Summary, run};
use hocso::trainer::unit::{self, Unit};
use hocso::ui::lang::Lang;
use jiff::Timestamp;

use super::pg;

pub fn t0() -> Timestamp {
    "2026-11-20T08:00:00Z".parse().unwrap()
}

pub fn unit_of(commune: &str, class: &str) -> Unit {
    Unit {
        province: "Hải Phòng".into(),
        province_code: Some("31".into()),
        commune: commune.into(),
        commune_code: None,
        class_name: class.into(),
        trainer: "Cô Lan".into(),
    }
}

pub fn folder(u: &Unit, learners: &[LearnerFile]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    unit::save(dir.path(), u).unwrap();
    let store = Store::open(dir.path()).unwrap();
    for l in learners {
        store.save(l).unwrap();
    }
    dir
}

pub fn opts(dir: &Path, db: &str) -> Options {
    Options {
        data_dir: dir.to_path_buf(),
        target: target(&pg::cluster().url(db), &PasswordSources::default()).unwrap(),
        unit: unit::load(dir).unwrap().unwrap(),
        now: Timestamp::now(),
        lang: Lang::Vi,
    }
}

pub fn sync(dir: &Path, db: &str) -> Summary {
    run(&opts(dir, db), &mut |_| {}).unwrap()
}

/// `learner_summary` equals a recount from lesson_progress and attempts, and every lesson row
/// has a number, the numbers of a course being 0, 1, 2, … without gaps.
pub fn assert_summary_exact(db: &str) {
    let mut c = pg::cluster().admin(db);
    type Bits = (String, String, String, bool, bool, bool);
    let bits = |rows: Vec<postgres::Row>| -> Vec<Bits> {
        rows.iter()
            .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), r.get(5)))
            .collect()
    };
    let bit = |col: &str| format!("coalesce(substring(s.{col} FROM n.n + 1 FOR 1) = B'1', false)");
    let kept = bits(
        c.query(
            &format!(
                "SELECT s.learner_id, s.course_id, n.lesson_id, {}, {}, {} \
                 FROM learner_summary s JOIN lesson_numbers n USING (course_id) ORDER BY 1, 2, 3",
                bit("done"),
                bit("passed"),
                bit("tried")
            ),
            &[],
        )
        .unwrap(),
    );
    let recount = bits(
        c.query(
            "SELECT lc.learner_id, lc.course_id, n.lesson_id, \
             coalesce(p.passed OR p.status = 2, false), \
             coalesce(p.passed AND p.best_score IS NOT NULL, false), \
             coalesce(p.best_score IS NOT NULL, false) \
             FROM (SELECT DISTINCT learner_id, course_id FROM lesson_progress) lc \
             JOIN lesson_numbers n USING (course_id) \
             LEFT JOIN lesson_progress p ON p.learner_id = lc.learner_id \
               AND p.course_id = lc.course_id AND p.lesson_id = n.lesson_id \
             ORDER BY 1, 2, 3",
            &[],
        )
        .unwrap(),
    );
    assert!(!recount.is_empty());
    assert_eq!(kept, recount);

    type Struggling = (String, String, Option<serde_json::Value>);
    let scores = |rows: Vec<postgres::Row>| -> Vec<Struggling> {
        rows.iter()
            .map(|r| (r.get(0), r.get(1), r.get(2)))
            .collect()
    };
    let kept = scores(
        c.query(
            "SELECT learner_id, course_id, struggling FROM learner_summary ORDER BY 1, 2",
            &[],
        )
        .unwrap(),
    );
    let recount = scores(
        c.query(
            "SELECT lc.learner_id, lc.course_id, (SELECT jsonb_object_agg(lesson_id, s) FROM \
             (SELECT a.lesson_id, jsonb_agg(a.score ORDER BY a.score) s FROM attempts a \
              JOIN lesson_progress p USING (learner_id, course_id, lesson_id) \
              WHERE a.learner_id = lc.learner_id AND a.course_id = lc.course_id \
              AND NOT p.passed AND a.score IS NOT NULL GROUP BY 1) t) \
             FROM (SELECT DISTINCT learner_id, course_id FROM lesson_progress) lc ORDER BY 1, 2",
            &[],
        )
        .unwrap(),
    );
    assert_eq!(kept, recount);

    let (unnumbered, gaps): (i64, i64) = {
        let r = c
            .query_one(
                "SELECT (SELECT count(*) FROM (SELECT DISTINCT course_id, lesson_id \
                   FROM lesson_progress) d WHERE NOT EXISTS (SELECT 1 FROM lesson_numbers n \
                   WHERE n.course_id = d.course_id AND n.lesson_id = d.lesson_id)), \
                 (SELECT count(*) FROM (SELECT course_id, max(n) + 1 AS top, count(*) AS k \
                   FROM lesson_numbers GROUP BY 1) g WHERE top <> k)",
                &[],
            )
            .unwrap();
        (r.get(0), r.get(1))
    };
    assert_eq!((unnumbered, gaps), (0, 0));
}
