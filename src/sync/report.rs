//! The province report, computed in SQL: per unit (xã/phường) learners, active in the last 30
//! days, completions per module, pass rate, learners who need help; and the hardest questions
//! across the units chosen. Only aggregates cross the network, one row per unit or question, so
//! memory does not grow with the number of learners.
//!
//! The course (module of each lesson, pass marks, titles) comes from the course this hocso uses,
//! passed to the queries as arrays; the rule for "cần giúp" is the class report's
//! ([`crate::report::HELP_FAILED_ATTEMPTS`] failed attempts at a quiz not yet passed).

use std::collections::BTreeMap;

use jiff::Timestamp;
use postgres::Client;
use serde::Serialize;

use crate::course::Course;
use crate::report::{HARDEST_COUNT, HELP_FAILED_ATTEMPTS};

/// What to report on.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Province name (case ignored) or code.
    pub province: Option<String>,
    /// Commune/ward name (case ignored), code, or unit key.
    pub unit: Option<String>,
}

/// A module heading of the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModuleHead {
    pub id: String,
    pub title: String,
    pub lessons: usize,
}

/// One unit's figures.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct UnitRow {
    pub unit_key: String,
    pub province: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub province_code: Option<String>,
    pub commune: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commune_code: Option<String>,
    pub classes: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_sync: Option<Timestamp>,
    pub learners: i64,
    pub active_30_days: i64,
    /// Learners who passed every lesson of each module, in course order.
    pub modules_completed: Vec<i64>,
    /// Learners who passed every lesson of the course.
    pub course_completed: i64,
    /// Lessons passed / lessons with a finished quiz attempt, all learners together.
    pub lessons_passed: i64,
    pub lessons_tried: i64,
    pub needs_help: i64,
}

impl UnitRow {
    /// Pass rate in percent, when any quiz was finished.
    pub fn pass_rate(&self) -> Option<f64> {
        (self.lessons_tried > 0)
            .then(|| 100.0 * self.lessons_passed as f64 / self.lessons_tried as f64)
    }
}

/// A question hard across the units chosen.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HardQuestion {
    pub lesson_id: String,
    pub lesson_title: String,
    pub question_id: String,
    pub prompt: String,
    pub learners: i64,
    pub wrong_first: i64,
    pub answers: i64,
}

impl HardQuestion {
    /// Share wrong at the first try, 0..=1.
    pub fn share(&self) -> f64 {
        if self.learners == 0 {
            0.0
        } else {
            self.wrong_first as f64 / self.learners as f64
        }
    }
}

/// The whole province report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProvinceReport {
    pub course_id: String,
    pub generated: Timestamp,
    pub modules: Vec<ModuleHead>,
    pub units: Vec<UnitRow>,
    /// All units chosen together.
    pub total: UnitRow,
    pub hardest: Vec<HardQuestion>,
}

/// The units chosen: `$1` province, `$2` unit.
const SELECTED: &str = "sel AS (SELECT unit_key FROM units \
     WHERE ($1::text IS NULL OR lower(province) = lower($1) OR province_code = $1) \
     AND ($2::text IS NULL OR unit_key = $2 OR lower(commune) = lower($2) OR commune_code = $2))";

/// The course as a table: `$3` lesson ids, `$4` module ids, `$5` pass marks.
const COURSE: &str = "course AS (SELECT * FROM UNNEST($3::text[], $4::text[], $5::int4[]) AS c(lesson_id, module_id, pass_mark))";

/// Computes the report. `now` decides "the last 30 days".
/// Settings for this connection only, for the report's queries: the per-learner aggregate of a
/// province (hundreds of thousands of lesson rows) is grouped in memory instead of sorted on
/// disk, and the queries are not held up by JIT compilation (auto_explain on the sync bench
/// showed both). `hocso report --db` sets them; the bench measures with and without.
pub fn tune(client: &mut Client) -> Result<(), postgres::Error> {
    client.batch_execute("SET work_mem = '64MB'; SET jit = off")
}

pub fn build(
    client: &mut Client,
    course: &Course,
    filter: &Filter,
    now: Timestamp,
) -> Result<ProvinceReport, postgres::Error> {
    let p = &filter.province;
    let u = &filter.unit;
    let mut lesson_ids = Vec::new();
    let mut module_ids = Vec::new();
    let mut marks = Vec::new();
    for (m, l) in course.lessons() {
        lesson_ids.push(l.id.clone());
        module_ids.push(m.id.clone());
        marks.push(i32::from(l.quiz.pass_mark));
    }
    let since = super::rows::ns(now) - 30 * 24 * 3600 * 1_000_000_000;
    let modules: Vec<ModuleHead> = course
        .modules
        .iter()
        .map(|m| ModuleHead {
            id: m.id.clone(),
            title: m.title.clone(),
            lessons: m.lessons.len(),
        })
        .collect();
    let module_index: BTreeMap<&str, usize> = modules
        .iter()
        .enumerate()
        .map(|(i, m)| (m.id.as_str(), i))
        .collect();

    let mut units: Vec<UnitRow> = Vec::new();
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    for r in client.query(
        &format!(
            "WITH {SELECTED} SELECT u.unit_key, u.province, u.province_code, u.commune, \
             u.commune_code, \
             (SELECT count(*) FROM classes c WHERE c.unit_key = u.unit_key), \
             (SELECT floor(extract(epoch FROM max(c.last_sync)))::int8 FROM classes c \
              WHERE c.unit_key = u.unit_key), \
             count(l.learner_id), count(l.learner_id) FILTER (WHERE l.last_activity_ns >= $3) \
             FROM units u JOIN sel USING (unit_key) \
             LEFT JOIN learners l ON l.unit_key = u.unit_key \
             GROUP BY u.unit_key ORDER BY u.province, u.commune, u.unit_key"
        ),
        &[p, u, &since],
    )? {
        let key: String = r.get(0);
        index.insert(key.clone(), units.len());
        units.push(UnitRow {
            unit_key: key,
            province: r.get(1),
            province_code: r.get(2),
            commune: r.get(3),
            commune_code: r.get(4),
            classes: r.get(5),
            last_sync: r
                .get::<_, Option<i64>>(6)
                .and_then(|s| Timestamp::from_second(s).ok()),
            learners: r.get(7),
            active_30_days: r.get(8),
            modules_completed: vec![0; modules.len()],
            ..UnitRow::default()
        });
    }
    let cid = &course.id;

    // One pass over the learners' lesson rows: per learner and module, lessons done, passed and
    // tried; from those, per unit: lessons passed/tried, learners who completed each module, and
    // learners who completed the whole course (kind 'p', 'm', 'c').
    let lessons_in_course = lesson_ids.len() as i64;
    for r in client.query(
        &format!(
            "WITH {SELECTED}, {COURSE}, \
             mods AS (SELECT module_id, count(*) AS n FROM course GROUP BY module_id), \
             per AS MATERIALIZED (SELECT l.unit_key, l.learner_id, c.module_id, \
               count(*) FILTER (WHERE p.passed OR p.status = 2) AS done, \
               count(*) FILTER (WHERE p.passed AND p.best_score IS NOT NULL) AS passed, \
               count(*) FILTER (WHERE p.best_score IS NOT NULL) AS tried \
               FROM learners l JOIN sel USING (unit_key) \
               JOIN lesson_progress p ON p.learner_id = l.learner_id AND p.course_id = $6 \
               JOIN course c ON c.lesson_id = p.lesson_id GROUP BY 1, 2, 3), \
             whole AS (SELECT unit_key, learner_id, sum(done) AS done FROM per GROUP BY 1, 2) \
             SELECT 'p', unit_key, NULL::text, sum(passed)::int8, sum(tried)::int8 \
               FROM per GROUP BY 2 \
             UNION ALL SELECT 'm', unit_key, module_id, count(*), 0::int8 \
               FROM per JOIN mods USING (module_id) WHERE per.done = mods.n GROUP BY 2, 3 \
             UNION ALL SELECT 'c', unit_key, NULL, count(*), 0::int8 FROM whole \
               WHERE $7::int8 > 0 AND done = $7 GROUP BY 2"
        ),
        &[
            p,
            u,
            &lesson_ids,
            &module_ids,
            &marks,
            cid,
            &lessons_in_course,
        ],
    )? {
        let (kind, key): (String, String) = (r.get(0), r.get(1));
        let Some(&i) = index.get(&key) else { continue };
        let (a, b): (i64, i64) = (r.get(3), r.get(4));
        match kind.as_str() {
            "p" => {
                units[i].lessons_passed = a;
                units[i].lessons_tried = b;
            }
            "m" => {
                let module: Option<String> = r.get(2);
                if let Some(&m) = module.as_deref().and_then(|m| module_index.get(m)) {
                    units[i].modules_completed[m] = a;
                }
            }
            _ => units[i].course_completed = a,
        }
    }

    let help = HELP_FAILED_ATTEMPTS as i64;
    for r in client.query(
        &format!(
            "WITH {SELECTED}, {COURSE} SELECT l.unit_key, count(DISTINCT l.learner_id) \
             FROM learners l JOIN sel USING (unit_key) \
             JOIN lesson_progress p ON p.learner_id = l.learner_id AND p.course_id = $6 \
               AND NOT p.passed \
             JOIN course c ON c.lesson_id = p.lesson_id \
             WHERE (SELECT count(*) FROM attempts a WHERE a.learner_id = p.learner_id \
               AND a.course_id = p.course_id AND a.lesson_id = p.lesson_id \
               AND a.score < c.pass_mark) >= $7 GROUP BY 1"
        ),
        &[p, u, &lesson_ids, &module_ids, &marks, cid, &help],
    )? {
        if let Some(&i) = index.get(&r.get::<_, String>(0)) {
            units[i].needs_help = r.get(1);
        }
    }

    let mut hardest = Vec::new();
    let limit = HARDEST_COUNT as i64;
    for r in client.query(
        &format!(
            "WITH {SELECTED} SELECT q.lesson_id, q.question_id, sum(q.learners)::int8, \
             sum(q.wrong_first)::int8, sum(q.answers)::int8 \
             FROM question_stats q JOIN sel USING (unit_key) \
             WHERE q.course_id = $3 AND q.lesson_id = ANY($4) GROUP BY 1, 2 \
             HAVING sum(q.wrong_first) > 0 \
             ORDER BY sum(q.wrong_first)::float8 / sum(q.learners)::float8 DESC, \
             sum(q.wrong_first) DESC, 1, 2 LIMIT $5"
        ),
        &[p, u, cid, &lesson_ids, &limit],
    )? {
        let (lesson_id, question_id): (String, String) = (r.get(0), r.get(1));
        let lesson = course.lesson(&lesson_id);
        let prompt = lesson
            .and_then(|l| l.quiz.questions.iter().find(|q| q.id == question_id))
            .map(|q| q.prompt.clone())
            .unwrap_or_default();
        hardest.push(HardQuestion {
            lesson_title: lesson.map(|l| l.title.clone()).unwrap_or_default(),
            lesson_id,
            question_id,
            prompt,
            learners: r.get(2),
            wrong_first: r.get(3),
            answers: r.get(4),
        });
    }

    let total = totals(&units, modules.len());
    Ok(ProvinceReport {
        course_id: course.id.clone(),
        generated: now,
        modules,
        units,
        total,
        hardest,
    })
}

fn totals(units: &[UnitRow], modules: usize) -> UnitRow {
    let mut t = UnitRow {
        modules_completed: vec![0; modules],
        ..UnitRow::default()
    };
    for u in units {
        t.classes += u.classes;
        t.learners += u.learners;
        t.active_30_days += u.active_30_days;
        t.course_completed += u.course_completed;
        t.lessons_passed += u.lessons_passed;
        t.lessons_tried += u.lessons_tried;
        t.needs_help += u.needs_help;
        for (a, b) in t.modules_completed.iter_mut().zip(&u.modules_completed) {
            *a += b;
        }
        t.last_sync = t.last_sync.max(u.last_sync);
    }
    t
}
