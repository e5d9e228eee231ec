//! The rows of learners new to the database: sent with binary `COPY` into temporary staging
//! tables, then moved into the real tables with one plain `INSERT … SELECT` per table, inside
//! the caller's transaction.
//!
//! Why not the upserts of [`super::write`]: a learner the database does not have owns no rows
//! yet (every child table references `learners`, and the learner's lock is held), so its rows
//! cannot conflict, and `ON CONFLICT` (a speculative insert per row) about doubles the server's
//! work. Why not `COPY` straight into the real tables: PostgreSQL refuses `COPY FROM` into a
//! table with row security for a role it applies to (a unit's role); `INSERT … SELECT` is
//! checked against the policies row by row, like the upserts. A learner of another unit looks
//! new to a unit's role (it cannot see it), but the `learners` upsert, run first, is refused.

use postgres::GenericClient;
use postgres::binary_copy::BinaryCopyInWriter;
use postgres::types::{ToSql, Type};

use super::rows::{AnswerKey, AnswerRow, AttemptKey, AttemptRow, LessonKey, LessonRow, Rows};

type PgResult<T> = Result<T, postgres::Error>;

/// A table a new learner's rows go to, with the columns sync writes.
struct Table {
    name: &'static str,
    columns: &'static str,
    types: &'static [Type],
}

/// In the order the foreign keys need (a row's parent first).
const TABLES: [Table; 4] = [
    Table {
        name: "learner_courses",
        columns: "learner_id, course_id, resume, review",
        types: &[Type::TEXT, Type::TEXT, Type::JSONB, Type::JSONB],
    },
    Table {
        name: "lesson_progress",
        columns: "learner_id, course_id, lesson_id, status, page, seconds, first_opened_ns, \
                  completed_ns, best_score, passed",
        types: &[
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::INT2,
            Type::INT8,
            Type::INT8,
            Type::INT8,
            Type::INT8,
            Type::INT2,
            Type::BOOL,
        ],
    },
    Table {
        name: "attempts",
        columns: "learner_id, course_id, lesson_id, attempt_id, started_ns, ended_ns, \
                  question_order, score, choices",
        types: &[
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::INT8,
            Type::INT8,
            Type::TEXT_ARRAY,
            Type::INT2,
            Type::JSONB,
        ],
    },
    Table {
        name: "answers",
        columns: "learner_id, course_id, lesson_id, attempt_id, question_id, answer, correct, \
                  hints, shown, at_ns",
        types: &[
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::JSONB,
            Type::BOOL,
            Type::INT4,
            Type::TEXT_ARRAY,
            Type::INT8,
        ],
    },
];

/// The staging tables' `COPY` and the move into the real tables, prepared once per run.
pub struct Stage {
    /// Per table of [`TABLES`]: `COPY hocso_stage_… FROM STDIN`.
    copies: [String; 4],
    /// One statement moving every staged row into the real tables, parents first.
    moves: String,
}

impl Stage {
    /// Creates this connection's staging tables (once: they live as long as the connection and
    /// empty themselves at every commit or rollback, so a refused batch leaves nothing behind).
    pub fn prepare(c: &mut impl GenericClient) -> PgResult<Self> {
        let mut ddl = String::new();
        let mut moves = String::new();
        for Table { name, columns, .. } in &TABLES {
            // LIKE copies the columns' types, so the staged rows are exactly the table's.
            ddl.push_str(&format!(
                "CREATE TEMP TABLE IF NOT EXISTS hocso_stage_{name} (LIKE {name}) \
                 ON COMMIT DELETE ROWS;"
            ));
            moves.push_str(&format!(
                "INSERT INTO {name} ({columns}) SELECT {columns} FROM hocso_stage_{name};"
            ));
        }
        let copies = TABLES.map(|Table { name, columns, .. }| {
            format!("COPY hocso_stage_{name} ({columns}) FROM STDIN (FORMAT binary)")
        });
        c.batch_execute(&ddl)?;
        Ok(Stage { copies, moves })
    }
}

/// The rows of the batch's learners new to the database, all of them.
#[derive(Default)]
pub struct Fresh<'a> {
    courses: Vec<(
        &'a str,
        &'a str,
        &'a Option<serde_json::Value>,
        &'a serde_json::Value,
    )>,
    lessons: Vec<(&'a str, &'a LessonKey, &'a LessonRow)>,
    attempts: Vec<(&'a str, &'a AttemptKey, &'a AttemptRow)>,
    answers: Vec<(&'a str, &'a AnswerKey, &'a AnswerRow)>,
}

impl<'a> Fresh<'a> {
    /// Adds every row of a learner the database does not have (but its `learners` row).
    pub fn add(&mut self, id: &'a str, rows: &'a Rows) {
        for (course, (resume, review)) in &rows.courses {
            self.courses.push((id, course, resume, review));
        }
        self.lessons
            .extend(rows.lessons.iter().map(|(k, r)| (id, k, r)));
        self.attempts
            .extend(rows.attempts.iter().map(|(k, r)| (id, k, r)));
        self.answers
            .extend(rows.answers.iter().map(|(k, r)| (id, k, r)));
    }

    fn is_empty(&self) -> bool {
        self.courses.is_empty()
            && self.lessons.is_empty()
            && self.attempts.is_empty()
            && self.answers.is_empty()
    }

    /// Stages the rows and moves them into the real tables (after the `learners` upsert).
    pub fn write(&self, tx: &mut impl GenericClient, st: &Stage) -> PgResult<()> {
        if self.is_empty() {
            return Ok(());
        }
        copy(
            tx,
            &st.copies[0],
            TABLES[0].types,
            self.courses
                .iter()
                .map(|(i, c, res, rev)| [i as &(dyn ToSql + Sync), c, res, rev].to_vec()),
        )?;
        copy(
            tx,
            &st.copies[1],
            TABLES[1].types,
            self.lessons.iter().map(|(i, (c, l), r)| {
                vec![
                    i as &(dyn ToSql + Sync),
                    c,
                    l,
                    &r.status,
                    &r.page,
                    &r.seconds,
                    &r.first_opened_ns,
                    &r.completed_ns,
                    &r.best_score,
                    &r.passed,
                ]
            }),
        )?;
        copy(
            tx,
            &st.copies[2],
            TABLES[2].types,
            self.attempts.iter().map(|(i, (c, l, a), r)| {
                vec![
                    i as &(dyn ToSql + Sync),
                    c,
                    l,
                    a,
                    &r.started_ns,
                    &r.ended_ns,
                    &r.order,
                    &r.score,
                    &r.choices,
                ]
            }),
        )?;
        copy(
            tx,
            &st.copies[3],
            TABLES[3].types,
            self.answers.iter().map(|(i, (c, l, a, q), r)| {
                vec![
                    i as &(dyn ToSql + Sync),
                    c,
                    l,
                    a,
                    q,
                    &r.answer,
                    &r.correct,
                    &r.hints,
                    &r.shown,
                    &r.at_ns,
                ]
            }),
        )?;
        tx.batch_execute(&st.moves)
    }
}

/// Streams `rows` (of `types`) with the `COPY` statement `query` (nothing when there are none).
fn copy<'r>(
    tx: &mut impl GenericClient,
    query: &str,
    types: &[Type],
    rows: impl ExactSizeIterator<Item = Vec<&'r (dyn ToSql + Sync)>>,
) -> PgResult<()> {
    if rows.len() == 0 {
        return Ok(());
    }
    let mut w = BinaryCopyInWriter::new(tx.copy_in(query)?, types);
    for row in rows {
        w.write(&row)?;
    }
    w.finish()?;
    Ok(())
}
