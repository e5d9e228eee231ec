//! Reading learners' rows from PostgreSQL, several learners per query, inside the caller's
//! transaction; the statements a sync runs, prepared once per run ([`Statements`]); and the
//! statements that write, from [`super::write`].

use std::collections::BTreeMap;

use postgres::{GenericClient, Statement};

use super::rows::{AnswerRow, AttemptRow, LearnerRow, LessonRow, Rows};
use super::write::Writes;

type PgResult<T> = Result<T, postgres::Error>;

/// Every statement a sync runs per batch of learners, prepared once for the whole run: the
/// server parses and plans each once, not once per learner.
pub struct Statements {
    pub(super) lock: Statement,
    pub(super) load: Loads,
    pub(super) write: Writes,
}

/// The queries reading learners' rows (`learner_id = ANY($1)`).
pub struct Loads {
    learners: Statement,
    courses: Statement,
    lessons: Statement,
    attempts: Statement,
    answers: Statement,
}

impl Loads {
    pub fn prepare(c: &mut impl GenericClient) -> PgResult<Self> {
        Ok(Loads {
            learners: c.prepare(
                "SELECT learner_id, name, birth_year, group_name, created_ns, format, settings, \
                 last_activity_ns, unit_key FROM learners WHERE learner_id = ANY($1)",
            )?,
            courses: c.prepare(
                "SELECT learner_id, course_id, resume, review FROM learner_courses \
                 WHERE learner_id = ANY($1)",
            )?,
            lessons: c.prepare(
                "SELECT learner_id, course_id, lesson_id, status, page, seconds, \
                 first_opened_ns, completed_ns, best_score, passed FROM lesson_progress \
                 WHERE learner_id = ANY($1)",
            )?,
            attempts: c.prepare(
                "SELECT learner_id, course_id, lesson_id, attempt_id, started_ns, ended_ns, \
                 question_order, score, choices FROM attempts WHERE learner_id = ANY($1)",
            )?,
            answers: c.prepare(
                "SELECT learner_id, course_id, lesson_id, attempt_id, question_id, answer, \
                 correct, hints, shown, at_ns FROM answers WHERE learner_id = ANY($1)",
            )?,
        })
    }
}

impl Statements {
    pub fn prepare(c: &mut impl GenericClient) -> PgResult<Self> {
        Ok(Statements {
            // The array is sorted: two data folders syncing overlapping learners take the locks
            // in the same order, so neither waits on the other in a circle.
            lock: c.prepare(
                "SELECT pg_advisory_xact_lock(1751, hashtext(i)) FROM unnest($1::text[]) AS i",
            )?,
            load: Loads::prepare(c)?,
            write: Writes::prepare(c)?,
        })
    }
}

/// Takes the learners' transaction locks (`ids` sorted): two data folders syncing the same
/// learner take turns.
pub fn lock_learners(tx: &mut impl GenericClient, st: &Statements, ids: &[&str]) -> PgResult<()> {
    tx.execute(&st.lock, &[&ids])?;
    Ok(())
}

/// The rows and unit of each of `ids` the database has.
pub fn load_many(
    tx: &mut impl GenericClient,
    q: &Loads,
    ids: &[&str],
) -> PgResult<BTreeMap<String, (Rows, String)>> {
    let mut out: BTreeMap<String, (Rows, String)> = BTreeMap::new();
    for r in tx.query(&q.learners, &[&ids])? {
        let id: String = r.get(0);
        let learner = LearnerRow {
            id: id.clone(),
            name: r.get(1),
            birth_year: r.get(2),
            group: r.get(3),
            created_ns: r.get(4),
            format: r.get(5),
            settings: r.get(6),
            last_activity_ns: r.get(7),
        };
        let rows = Rows {
            learner,
            courses: BTreeMap::new(),
            lessons: BTreeMap::new(),
            attempts: BTreeMap::new(),
            answers: BTreeMap::new(),
        };
        out.insert(id, (rows, r.get(8)));
    }
    // A first sync finds none: the other tables are not asked.
    if out.is_empty() {
        return Ok(out);
    }
    let found: Vec<&str> = out.keys().map(String::as_str).collect();
    let mut child = Vec::new();
    for r in tx.query(&q.courses, &[&found])? {
        child.push((r.get::<_, String>(0), Child::Course(r)));
    }
    for r in tx.query(&q.lessons, &[&found])? {
        child.push((r.get::<_, String>(0), Child::Lesson(r)));
    }
    for r in tx.query(&q.attempts, &[&found])? {
        child.push((r.get::<_, String>(0), Child::Attempt(r)));
    }
    for r in tx.query(&q.answers, &[&found])? {
        child.push((r.get::<_, String>(0), Child::Answer(r)));
    }
    for (id, row) in child {
        let Some((rows, _)) = out.get_mut(&id) else {
            continue;
        };
        row.add_to(rows);
    }
    Ok(out)
}

/// A row of a learner's child table, first column the learner id.
enum Child {
    Course(postgres::Row),
    Lesson(postgres::Row),
    Attempt(postgres::Row),
    Answer(postgres::Row),
}

impl Child {
    fn add_to(self, rows: &mut Rows) {
        match self {
            Child::Course(r) => {
                rows.courses.insert(r.get(1), (r.get(2), r.get(3)));
            }
            Child::Lesson(r) => {
                rows.lessons.insert(
                    (r.get(1), r.get(2)),
                    LessonRow {
                        status: r.get(3),
                        page: r.get(4),
                        seconds: r.get(5),
                        first_opened_ns: r.get(6),
                        completed_ns: r.get(7),
                        best_score: r.get(8),
                        passed: r.get(9),
                    },
                );
            }
            Child::Attempt(r) => {
                rows.attempts.insert(
                    (r.get(1), r.get(2), r.get(3)),
                    AttemptRow {
                        started_ns: r.get(4),
                        ended_ns: r.get(5),
                        order: r.get(6),
                        score: r.get(7),
                        choices: r.get(8),
                    },
                );
            }
            Child::Answer(r) => {
                rows.answers.insert(
                    (r.get(1), r.get(2), r.get(3), r.get(4)),
                    AnswerRow {
                        answer: r.get(5),
                        correct: r.get(6),
                        hints: r.get(7),
                        shown: r.get(8),
                        at_ns: r.get(9),
                    },
                );
            }
        }
    }
}

/// One learner's rows and unit, or `None` when the database does not have them.
pub fn load(tx: &mut impl GenericClient, id: &str) -> PgResult<Option<(Rows, String)>> {
    let q = Loads::prepare(tx)?;
    Ok(load_many(tx, &q, &[id])?.remove(id))
}
