//! Writing several learners at once, inside the caller's transaction: one upsert per table for
//! the whole batch, of only the rows that changed (the rows of learners new to the database go
//! through [`super::stage`] instead), plus the difference the batch makes to
//! `question_stats` (one upsert for all its learners) and the learners' summary rows.

use std::collections::BTreeMap;

use postgres::{GenericClient, Statement};

use super::numbers::{LessonNumbers, NumberStatements, bits};
use super::rows::{CourseSummary, QuestionStats, Rows, question_stats, summaries};
use super::stage::{Fresh, Stage};

type PgResult<T> = Result<T, postgres::Error>;

/// The writing statements, prepared once per run.
pub struct Writes {
    learners: Statement,
    courses: Statement,
    lessons: Statement,
    attempts: Statement,
    answers: Statement,
    stats: Statement,
    summary: Statement,
    numbers: NumberStatements,
    stage: Stage,
}

impl Writes {
    pub fn prepare(c: &mut impl GenericClient) -> PgResult<Self> {
        Ok(Writes {
            learners: c.prepare(
                "INSERT INTO learners (learner_id, unit_key, name, birth_year, group_name, \
                 created_ns, format, settings, last_activity_ns, content_hash, change_xid) \
                 SELECT i, u, n, b, g, c, f, s, a, h, pg_current_xact_id()::text::bigint \
                 FROM UNNEST($1::text[], $2::text[], $3::text[], $4::int2[], $5::text[], \
                 $6::int8[], $7::int4[], $8::jsonb[], $9::int8[], $10::text[]) \
                 AS x(i, u, n, b, g, c, f, s, a, h) \
                 ON CONFLICT (learner_id) DO UPDATE SET name = excluded.name, \
                 birth_year = excluded.birth_year, group_name = excluded.group_name, \
                 created_ns = LEAST(learners.created_ns, excluded.created_ns), \
                 format = GREATEST(learners.format, excluded.format), settings = excluded.settings, \
                 last_activity_ns = GREATEST(learners.last_activity_ns, excluded.last_activity_ns), \
                 content_hash = excluded.content_hash, change_xid = excluded.change_xid",
            )?,
            courses: c.prepare(
                "INSERT INTO learner_courses (learner_id, course_id, resume, review) \
                 SELECT * FROM UNNEST($1::text[], $2::text[], $3::jsonb[], $4::jsonb[]) \
                 ON CONFLICT (learner_id, course_id) DO UPDATE \
                 SET resume = excluded.resume, review = excluded.review",
            )?,
            lessons: c.prepare(
                "INSERT INTO lesson_progress (learner_id, course_id, lesson_id, status, page, \
                 seconds, first_opened_ns, completed_ns, best_score, passed) \
                 SELECT * FROM UNNEST($1::text[], $2::text[], $3::text[], $4::int2[], \
                 $5::int8[], $6::int8[], $7::int8[], $8::int8[], $9::int2[], $10::bool[]) \
                 ON CONFLICT (learner_id, course_id, lesson_id) DO UPDATE SET \
                 status = GREATEST(lesson_progress.status, excluded.status), \
                 page = GREATEST(lesson_progress.page, excluded.page), \
                 seconds = GREATEST(lesson_progress.seconds, excluded.seconds), \
                 first_opened_ns = LEAST(lesson_progress.first_opened_ns, excluded.first_opened_ns), \
                 completed_ns = LEAST(lesson_progress.completed_ns, excluded.completed_ns), \
                 best_score = GREATEST(lesson_progress.best_score, excluded.best_score), \
                 passed = lesson_progress.passed OR excluded.passed",
            )?,
            // Arrays of arrays do not go through UNNEST; a question order travels as JSON text.
            attempts: c.prepare(
                "INSERT INTO attempts (learner_id, course_id, lesson_id, attempt_id, started_ns, \
                 ended_ns, question_order, score, choices) \
                 SELECT i, c, l, a, s, e, ARRAY(SELECT jsonb_array_elements_text(o::jsonb)), sc, \
                 ch::jsonb \
                 FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::int8[], \
                 $6::int8[], $7::text[], $8::int2[], $9::text[]) AS t(i, c, l, a, s, e, o, sc, ch) \
                 ON CONFLICT (learner_id, course_id, lesson_id, attempt_id) DO UPDATE SET \
                 started_ns = LEAST(attempts.started_ns, excluded.started_ns), \
                 ended_ns = GREATEST(attempts.ended_ns, excluded.ended_ns), \
                 question_order = excluded.question_order, \
                 score = GREATEST(attempts.score, excluded.score), \
                 choices = COALESCE(attempts.choices, excluded.choices)",
            )?,
            answers: c.prepare(
                "INSERT INTO answers (learner_id, course_id, lesson_id, attempt_id, question_id, \
                 answer, correct, hints, shown, at_ns) \
                 SELECT i, c, l, a, q, an, co, h, \
                 ARRAY(SELECT jsonb_array_elements_text(s::jsonb)), t \
                 FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], \
                 $6::jsonb[], $7::bool[], $8::int4[], $9::text[], $10::int8[]) \
                 AS x(i, c, l, a, q, an, co, h, s, t) \
                 ON CONFLICT (learner_id, course_id, lesson_id, attempt_id, question_id) \
                 DO UPDATE SET answer = excluded.answer, correct = excluded.correct, \
                 hints = excluded.hints, shown = excluded.shown, at_ns = excluded.at_ns",
            )?,
            stats: c.prepare(
                "INSERT INTO question_stats (unit_key, course_id, lesson_id, question_id, \
                 learners, wrong_first, answers) \
                 SELECT * FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], \
                 $5::int8[], $6::int8[], $7::int8[]) \
                 ON CONFLICT (unit_key, course_id, lesson_id, question_id) DO UPDATE SET \
                 learners = question_stats.learners + excluded.learners, \
                 wrong_first = question_stats.wrong_first + excluded.wrong_first, \
                 answers = question_stats.answers + excluded.answers",
            )?,
            summary: c.prepare(
                "INSERT INTO learner_summary (learner_id, course_id, done, passed, tried, \
                 struggling) \
                 SELECT i, c, d::varbit, p::varbit, t::varbit, s FROM UNNEST($1::text[], \
                 $2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[]) \
                 AS x(i, c, d, p, t, s) \
                 ON CONFLICT (learner_id, course_id) DO UPDATE SET done = excluded.done, \
                 passed = excluded.passed, tried = excluded.tried, struggling = excluded.struggling",
            )?,
            numbers: NumberStatements::prepare(c)?,
            stage: Stage::prepare(c)?,
        })
    }
}

impl Writes {
    pub fn numbers(&self) -> &NumberStatements {
        &self.numbers
    }
}

/// Entries of `new` that `old` lacks or holds differently.
fn changed<'a, K: Ord, V: PartialEq>(
    new: &'a BTreeMap<K, V>,
    old: Option<&'a BTreeMap<K, V>>,
) -> impl Iterator<Item = (&'a K, &'a V)> {
    new.iter()
        .filter(move |(k, v)| old.and_then(|o| o.get(*k)) != Some(*v))
}

/// (unit, course, lesson, question) → (learners, wrong at first try, answers).
type StatsDelta = BTreeMap<(String, String, String, String), (i64, i64, i64)>;

/// The changed rows of several learners, column by column, ready for one upsert per table.
#[derive(Default)]
pub struct Batch<'a> {
    learners: LearnerCols<'a>,
    courses: (
        Vec<&'a str>,
        Vec<&'a str>,
        Vec<Option<&'a serde_json::Value>>,
    ),
    course_reviews: Vec<&'a serde_json::Value>,
    lessons: LessonCols<'a>,
    attempts: AttemptCols<'a>,
    answers: AnswerCols<'a>,
    /// Every row but the `learners` one of learners new to the database.
    fresh: Fresh<'a>,
    stats: StatsDelta,
    /// Learner → course summaries that differ from what the database holds.
    summaries: Vec<(&'a str, String, CourseSummary)>,
}

#[derive(Default)]
struct LearnerCols<'a> {
    id: Vec<&'a str>,
    unit: Vec<&'a str>,
    name: Vec<&'a str>,
    birth: Vec<Option<i16>>,
    group: Vec<Option<&'a str>>,
    created: Vec<i64>,
    format: Vec<i32>,
    settings: Vec<&'a serde_json::Value>,
    activity: Vec<i64>,
    hash: Vec<&'a str>,
}

#[derive(Default)]
struct LessonCols<'a> {
    id: Vec<&'a str>,
    course: Vec<&'a str>,
    lesson: Vec<&'a str>,
    status: Vec<i16>,
    page: Vec<i64>,
    seconds: Vec<i64>,
    opened: Vec<Option<i64>>,
    completed: Vec<Option<i64>>,
    best: Vec<Option<i16>>,
    passed: Vec<bool>,
}

#[derive(Default)]
struct AttemptCols<'a> {
    id: Vec<&'a str>,
    course: Vec<&'a str>,
    lesson: Vec<&'a str>,
    attempt: Vec<&'a str>,
    started: Vec<i64>,
    ended: Vec<Option<i64>>,
    order: Vec<String>,
    score: Vec<Option<i16>>,
    /// JSON text, like `order`.
    choices: Vec<Option<String>>,
}

#[derive(Default)]
struct AnswerCols<'a> {
    id: Vec<&'a str>,
    course: Vec<&'a str>,
    lesson: Vec<&'a str>,
    attempt: Vec<&'a str>,
    question: Vec<&'a str>,
    answer: Vec<&'a serde_json::Value>,
    correct: Vec<bool>,
    hints: Vec<i32>,
    shown: Vec<String>,
    at: Vec<i64>,
}

impl<'a> Batch<'a> {
    /// Adds one learner: `new` (the merged learner, a superset of `old`) over `old` (what the
    /// database held). `unit` is used only when the learner is new to the database; its
    /// `question_stats` difference goes to that unit.
    pub fn add(&mut self, unit: &'a str, new: &'a Rows, old: Option<&'a Rows>, hash: &'a str) {
        let id = new.learner.id.as_str();
        let l = &new.learner;
        let c = &mut self.learners;
        c.id.push(id);
        c.unit.push(unit);
        c.name.push(&l.name);
        c.birth.push(l.birth_year);
        c.group.push(l.group.as_deref());
        c.created.push(l.created_ns);
        c.format.push(l.format);
        c.settings.push(&l.settings);
        c.activity.push(l.last_activity_ns);
        c.hash.push(hash);

        match old {
            None => self.fresh.add(id, new),
            Some(old) => self.add_changed(id, new, old),
        }
        let old_stats = old.map(question_stats).unwrap_or_default();
        add_stats(&mut self.stats, unit, &question_stats(new), 1);
        add_stats(&mut self.stats, unit, &old_stats, -1);
        let old_summaries = old.map(summaries).unwrap_or_default();
        for (course, s) in summaries(new) {
            if old_summaries.get(&course) != Some(&s) {
                self.summaries.push((id, course, s));
            }
        }
    }

    /// The rows of `new` that `old` (what the database holds of the learner) lacks or holds
    /// differently.
    fn add_changed(&mut self, id: &'a str, new: &'a Rows, old: &'a Rows) {
        for (course, (resume, review)) in changed(&new.courses, Some(&old.courses)) {
            self.courses.0.push(id);
            self.courses.1.push(course);
            self.courses.2.push(resume.as_ref());
            self.course_reviews.push(review);
        }
        let c = &mut self.lessons;
        for ((course, lesson), r) in changed(&new.lessons, Some(&old.lessons)) {
            c.id.push(id);
            c.course.push(course);
            c.lesson.push(lesson);
            c.status.push(r.status);
            c.page.push(r.page);
            c.seconds.push(r.seconds);
            c.opened.push(r.first_opened_ns);
            c.completed.push(r.completed_ns);
            c.best.push(r.best_score);
            c.passed.push(r.passed);
        }
        let c = &mut self.attempts;
        for ((course, lesson, attempt), r) in changed(&new.attempts, Some(&old.attempts)) {
            c.id.push(id);
            c.course.push(course);
            c.lesson.push(lesson);
            c.attempt.push(attempt);
            c.started.push(r.started_ns);
            c.ended.push(r.ended_ns);
            c.order
                .push(serde_json::to_string(&r.order).unwrap_or_else(|_| "[]".into()));
            c.score.push(r.score);
            c.choices
                .push(r.choices.as_ref().map(serde_json::Value::to_string));
        }
        let c = &mut self.answers;
        for ((course, lesson, attempt, q), r) in changed(&new.answers, Some(&old.answers)) {
            c.id.push(id);
            c.course.push(course);
            c.lesson.push(lesson);
            c.attempt.push(attempt);
            c.question.push(q);
            c.answer.push(&r.answer);
            c.correct.push(r.correct);
            c.hints.push(r.hints);
            c.shown
                .push(serde_json::to_string(&r.shown).unwrap_or_else(|_| "[]".into()));
            c.at.push(r.at_ns);
        }
    }

    /// Runs the batch's upserts (nothing for a table without changed rows).
    pub fn write(
        self,
        tx: &mut impl GenericClient,
        w: &Writes,
        numbers: &mut LessonNumbers,
    ) -> PgResult<()> {
        let c = &self.learners;
        if !c.id.is_empty() {
            tx.execute(
                &w.learners,
                &[
                    &c.id,
                    &c.unit,
                    &c.name,
                    &c.birth,
                    &c.group,
                    &c.created,
                    &c.format,
                    &c.settings,
                    &c.activity,
                    &c.hash,
                ],
            )?;
        }
        if !self.courses.0.is_empty() {
            let (id, course, resume) = &self.courses;
            tx.execute(&w.courses, &[id, course, resume, &self.course_reviews])?;
        }
        let c = &self.lessons;
        if !c.id.is_empty() {
            tx.execute(
                &w.lessons,
                &[
                    &c.id,
                    &c.course,
                    &c.lesson,
                    &c.status,
                    &c.page,
                    &c.seconds,
                    &c.opened,
                    &c.completed,
                    &c.best,
                    &c.passed,
                ],
            )?;
        }
        let c = &self.attempts;
        if !c.id.is_empty() {
            tx.execute(
                &w.attempts,
                &[
                    &c.id, &c.course, &c.lesson, &c.attempt, &c.started, &c.ended, &c.order,
                    &c.score, &c.choices,
                ],
            )?;
        }
        let c = &self.answers;
        if !c.id.is_empty() {
            tx.execute(
                &w.answers,
                &[
                    &c.id,
                    &c.course,
                    &c.lesson,
                    &c.attempt,
                    &c.question,
                    &c.answer,
                    &c.correct,
                    &c.hints,
                    &c.shown,
                    &c.at,
                ],
            )?;
        }
        self.fresh.write(tx, &w.stage)?;
        write_summaries(tx, w, &self.summaries, numbers)?;
        // Last before the commit: another writer's batch waits for these rows only from here.
        write_stats(tx, w, self.stats)
    }
}

/// Adds `sign × stats` of `unit` to `delta`.
fn add_stats(delta: &mut StatsDelta, unit: &str, stats: &QuestionStats, sign: i64) {
    for ((c, l, q), (n, w, a)) in stats {
        let e = delta
            .entry((unit.to_string(), c.clone(), l.clone(), q.clone()))
            .or_default();
        e.0 += sign * n;
        e.1 += sign * w;
        e.2 += sign * a;
    }
}

/// Adds the batch's difference to the per-question counters, in one upsert. The rows go in key
/// order, so two syncs of one unit lock them in the same order.
fn write_stats(tx: &mut impl GenericClient, w: &Writes, mut delta: StatsDelta) -> PgResult<()> {
    delta.retain(|_, v| *v != (0, 0, 0));
    if delta.is_empty() {
        return Ok(());
    }
    let (mut u, mut c, mut l, mut q) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut n, mut wr, mut a) = (Vec::new(), Vec::new(), Vec::new());
    for ((unit, cid, lid, qid), (dn, dw, da)) in delta {
        u.push(unit);
        c.push(cid);
        l.push(lid);
        q.push(qid);
        n.push(dn);
        wr.push(dw);
        a.push(da);
    }
    tx.execute(&w.stats, &[&u, &c, &l, &q, &n, &wr, &a])?;
    Ok(())
}

/// Writes the summary rows (learner, course) that changed.
fn write_summaries(
    tx: &mut impl GenericClient,
    w: &Writes,
    changed: &[(&str, String, CourseSummary)],
    numbers: &mut LessonNumbers,
) -> PgResult<()> {
    if changed.is_empty() {
        return Ok(());
    }
    let (mut ids, mut courses, mut done, mut passed, mut tried, mut struggling) = (
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
    );
    for (id, course, s) in changed {
        let n = numbers.ensure(tx, &w.numbers, course, &s.lessons())?;
        ids.push(*id);
        courses.push(course.as_str());
        done.push(bits(n, &s.done));
        passed.push(bits(n, &s.passed));
        tried.push(bits(n, &s.tried));
        struggling.push(
            (!s.struggling.is_empty())
                .then(|| serde_json::to_value(&s.struggling).unwrap_or_default()),
        );
    }
    tx.execute(
        &w.summary,
        &[&ids, &courses, &done, &passed, &tried, &struggling],
    )?;
    Ok(())
}
