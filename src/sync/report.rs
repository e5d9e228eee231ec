//! The province report, computed in SQL: per unit (xã/phường) learners, active in the last 30
//! days, completions per module, pass rate, learners who need help; and the hardest questions
//! across the units chosen. Only aggregates cross the network, one row per unit or question, so
//! memory does not grow with the number of learners.
//!
//! The course (module of each lesson, pass marks, titles) comes from the course this hocso uses,
//! passed to the queries as arrays and bit masks; the rule for "cần giúp" is the class report's
//! ([`crate::trainer::report::HELP_FAILED_ATTEMPTS`] failed attempts at a quiz not yet passed). Lesson
//! figures come from `learner_summary` (one row per learner and course, kept by sync), question
//! figures from `question_stats`: the report never reads lesson rows, attempts or answers.

use std::collections::BTreeMap;

use jiff::Timestamp;
use postgres::Client;
use serde::Serialize;

use crate::course::Course;
use crate::trainer::report::{HARDEST_COUNT, HELP_FAILED_ATTEMPTS};

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

/// Settings for this connection only: no JIT compilation (on a server where JIT is on, it added
/// more time than the report's queries take: auto_explain on the sync bench), and room to
/// group a large province in memory. `hocso report --db` sets them; the bench measures with and
/// without.
pub fn tune(client: &mut Client) -> Result<(), postgres::Error> {
    client.batch_execute("SET work_mem = '64MB'; SET jit = off")
}

/// Computes the report. `now` decides "the last 30 days".
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
    summary_figures(client, course, p, u, &mut units, &index)?;

    // "Cần giúp": a lesson of the course not passed, with enough finished attempts below its
    // pass mark. Only learners with such lessons have `struggling`.
    let help = HELP_FAILED_ATTEMPTS as i64;
    for r in client.query(
        &format!(
            "WITH {SELECTED}, {COURSE} SELECT l.unit_key, count(*) \
             FROM learner_summary s JOIN learners l USING (learner_id) JOIN sel USING (unit_key) \
             WHERE s.course_id = $6 AND s.struggling IS NOT NULL AND EXISTS (SELECT 1 \
               FROM jsonb_each(s.struggling) e JOIN course c ON c.lesson_id = e.key \
               WHERE (SELECT count(*) FROM jsonb_array_elements(e.value) x \
                 WHERE x::int4 < c.pass_mark) >= $7) \
             GROUP BY 1"
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

/// Lessons passed/tried, learners who completed each module and the whole course, per unit: one
/// pass over the learners' summary rows. The course's lessons become bit masks over the
/// database's lesson numbers; a learner completed a module when `done & mask = mask`.
fn summary_figures(
    client: &mut Client,
    course: &Course,
    p: &Option<String>,
    u: &Option<String>,
    units: &mut [UnitRow],
    index: &BTreeMap<String, usize>,
) -> Result<(), postgres::Error> {
    let numbers: BTreeMap<String, usize> = client
        .query(
            "SELECT lesson_id, n FROM lesson_numbers WHERE course_id = $1",
            &[&course.id],
        )?
        .iter()
        .filter_map(|r| Some((r.get(0), usize::try_from(r.get::<_, i32>(1)).ok()?)))
        .collect();
    let Some(len) = numbers.values().max().map(|m| m + 1) else {
        return Ok(()); // no learner has opened a lesson of this course
    };
    // The mask of some lessons, or None when one of them has no number (nobody opened it, so
    // nobody completed them all).
    let mask = |lessons: &mut dyn Iterator<Item = &str>| -> Option<String> {
        let mut bits = vec![b'0'; len];
        let mut any = false;
        for l in lessons {
            bits[*numbers.get(l)?] = b'1';
            any = true;
        }
        any.then(|| String::from_utf8_lossy(&bits).into_owned())
    };
    let course_lessons = || course.lessons().map(|(_, l)| l.id.as_str());
    // Lessons passed/tried count only the course's lessons that have a number.
    let mut known = vec![b'0'; len];
    for l in course_lessons() {
        if let Some(&n) = numbers.get(l) {
            known[n] = b'1';
        }
    }
    let known = String::from_utf8_lossy(&known).into_owned();
    let whole = mask(&mut course_lessons());
    let modules: Vec<Option<String>> = course
        .modules
        .iter()
        .map(|m| mask(&mut m.lessons.iter().map(|l| l.id.as_str())))
        .collect();

    // $1 province, $2 unit, $3 course, $4 zeros (pads a short bit string), $5 course lessons,
    // $6.. the masks that exist (whole course, then modules).
    let zeros = "0".repeat(len);
    let mut params: Vec<&(dyn postgres::types::ToSql + Sync)> =
        vec![p, u, &course.id, &zeros, &known];
    let mut completed = Vec::new(); // (which: None = whole course, Some(module index), column)
    for (which, m) in
        std::iter::once((None, &whole)).chain(modules.iter().enumerate().map(|(i, m)| (Some(i), m)))
    {
        if let Some(m) = m {
            params.push(m);
            completed.push((
                which,
                format!(
                    "count(*) FILTER (WHERE (done & ${0}::text::varbit) = ${0}::text::varbit)",
                    params.len()
                ),
            ));
        }
    }
    let columns: String = completed.iter().map(|(_, c)| format!(", {c}")).collect();
    let ones = |col: &str| {
        format!("sum(length(replace(({col} & $5::text::varbit)::text, '0', '')))::int8")
    };
    let sql = format!(
        "WITH {SELECTED}, s AS (SELECT l.unit_key, \
           substring(x.done || $4::text::varbit FROM 1 FOR {len}) AS done, \
           substring(x.passed || $4::text::varbit FROM 1 FOR {len}) AS passed, \
           substring(x.tried || $4::text::varbit FROM 1 FOR {len}) AS tried \
           FROM learner_summary x JOIN learners l USING (learner_id) JOIN sel USING (unit_key) \
           WHERE x.course_id = $3) \
         SELECT unit_key, {}, {}{columns} FROM s GROUP BY 1",
        ones("passed"),
        ones("tried"),
    );
    for r in client.query(&sql, &params)? {
        let Some(&i) = index.get(&r.get::<_, String>(0)) else {
            continue;
        };
        let row = &mut units[i];
        row.lessons_passed = r.get(1);
        row.lessons_tried = r.get(2);
        for (k, (which, _)) in completed.iter().enumerate() {
            let n: i64 = r.get(3 + k);
            match which {
                None => row.course_completed = n,
                Some(m) => row.modules_completed[*m] = n,
            }
        }
    }
    Ok(())
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
