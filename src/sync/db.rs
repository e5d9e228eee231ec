//! Reading one learner's rows from PostgreSQL and writing back only the rows that changed,
//! inside the caller's transaction. Every write is an upsert on the table's key.

use std::collections::{BTreeMap, BTreeSet};

use postgres::GenericClient;

use super::rows::{
    AnswerRow, AttemptRow, CourseSummary, LearnerRow, LessonRow, QuestionStats, Rows,
};

type PgResult<T> = Result<T, postgres::Error>;

/// Takes the learner's transaction lock: two data folders syncing the same learner take turns.
pub fn lock_learner(tx: &mut impl GenericClient, id: &str) -> PgResult<()> {
    tx.execute("SELECT pg_advisory_xact_lock(1751, hashtext($1))", &[&id])?;
    Ok(())
}

/// The learner's rows and unit, or `None` when the database does not have them.
pub fn load(tx: &mut impl GenericClient, id: &str) -> PgResult<Option<(Rows, String)>> {
    let Some(r) = tx.query_opt(
        "SELECT name, birth_year, group_name, created_ns, format, settings, last_activity_ns, \
         unit_key FROM learners WHERE learner_id = $1",
        &[&id],
    )?
    else {
        return Ok(None);
    };
    let learner = LearnerRow {
        id: id.to_string(),
        name: r.get(0),
        birth_year: r.get(1),
        group: r.get(2),
        created_ns: r.get(3),
        format: r.get(4),
        settings: r.get(5),
        last_activity_ns: r.get(6),
    };
    let unit: String = r.get(7);
    let mut rows = Rows {
        learner,
        courses: BTreeMap::new(),
        lessons: BTreeMap::new(),
        attempts: BTreeMap::new(),
        answers: BTreeMap::new(),
    };
    for r in tx.query(
        "SELECT course_id, resume, review FROM learner_courses WHERE learner_id = $1",
        &[&id],
    )? {
        rows.courses.insert(r.get(0), (r.get(1), r.get(2)));
    }
    for r in tx.query(
        "SELECT course_id, lesson_id, status, page, seconds, first_opened_ns, completed_ns, \
         best_score, passed FROM lesson_progress WHERE learner_id = $1",
        &[&id],
    )? {
        rows.lessons.insert(
            (r.get(0), r.get(1)),
            LessonRow {
                status: r.get(2),
                page: r.get(3),
                seconds: r.get(4),
                first_opened_ns: r.get(5),
                completed_ns: r.get(6),
                best_score: r.get(7),
                passed: r.get(8),
            },
        );
    }
    for r in tx.query(
        "SELECT course_id, lesson_id, attempt_id, started_ns, ended_ns, question_order, score \
         FROM attempts WHERE learner_id = $1",
        &[&id],
    )? {
        rows.attempts.insert(
            (r.get(0), r.get(1), r.get(2)),
            AttemptRow {
                started_ns: r.get(3),
                ended_ns: r.get(4),
                order: r.get(5),
                score: r.get(6),
            },
        );
    }
    for r in tx.query(
        "SELECT course_id, lesson_id, attempt_id, question_id, answer, correct, hints, shown, \
         at_ns FROM answers WHERE learner_id = $1",
        &[&id],
    )? {
        rows.answers.insert(
            (r.get(0), r.get(1), r.get(2), r.get(3)),
            AnswerRow {
                answer: r.get(4),
                correct: r.get(5),
                hints: r.get(6),
                shown: r.get(7),
                at_ns: r.get(8),
            },
        );
    }
    Ok(Some((rows, unit)))
}

/// Entries of `new` that `old` lacks or holds differently.
fn changed<'a, K: Ord, V: PartialEq>(
    new: &'a BTreeMap<K, V>,
    old: Option<&'a BTreeMap<K, V>>,
) -> Vec<(&'a K, &'a V)> {
    new.iter()
        .filter(|(k, v)| old.and_then(|o| o.get(*k)) != Some(*v))
        .collect()
}

/// Writes `new` (the merged learner, a superset of `old`) over `old` (what the database held).
/// `unit` is used only when the learner is new to the database.
pub fn write(
    tx: &mut impl GenericClient,
    unit: &str,
    new: &Rows,
    old: Option<&Rows>,
    hash: &str,
) -> PgResult<()> {
    let id = &new.learner.id;
    let l = &new.learner;
    tx.execute(
        "INSERT INTO learners (learner_id, unit_key, name, birth_year, group_name, created_ns, \
         format, settings, last_activity_ns, content_hash, change_xid) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, pg_current_xact_id()::text::bigint) \
         ON CONFLICT (learner_id) DO UPDATE SET name = excluded.name, \
         birth_year = excluded.birth_year, group_name = excluded.group_name, \
         created_ns = LEAST(learners.created_ns, excluded.created_ns), \
         format = GREATEST(learners.format, excluded.format), settings = excluded.settings, \
         last_activity_ns = GREATEST(learners.last_activity_ns, excluded.last_activity_ns), \
         content_hash = excluded.content_hash, change_xid = excluded.change_xid",
        &[
            id,
            &unit,
            &l.name,
            &l.birth_year,
            &l.group,
            &l.created_ns,
            &l.format,
            &l.settings,
            &l.last_activity_ns,
            &hash,
        ],
    )?;

    let courses = changed(&new.courses, old.map(|o| &o.courses));
    if !courses.is_empty() {
        let mut ids: Vec<&String> = Vec::new();
        let mut resumes: Vec<Option<serde_json::Value>> = Vec::new();
        let mut reviews: Vec<serde_json::Value> = Vec::new();
        for (k, (resume, review)) in courses {
            ids.push(k);
            resumes.push(resume.clone());
            reviews.push(review.clone());
        }
        tx.execute(
            "INSERT INTO learner_courses (learner_id, course_id, resume, review) \
             SELECT $1, * FROM UNNEST($2::text[], $3::jsonb[], $4::jsonb[]) \
             ON CONFLICT (learner_id, course_id) DO UPDATE \
             SET resume = excluded.resume, review = excluded.review",
            &[id, &ids, &resumes, &reviews],
        )?;
    }

    let lessons = changed(&new.lessons, old.map(|o| &o.lessons));
    if !lessons.is_empty() {
        let mut c = Vec::new();
        let mut les = Vec::new();
        let (mut st, mut pg, mut sec, mut fo, mut co, mut bs, mut pa) = (
            Vec::new(),
            Vec::new(),
            Vec::new(),
            Vec::new(),
            Vec::new(),
            Vec::new(),
            Vec::new(),
        );
        for ((cid, lid), r) in lessons {
            c.push(cid);
            les.push(lid);
            st.push(r.status);
            pg.push(r.page);
            sec.push(r.seconds);
            fo.push(r.first_opened_ns);
            co.push(r.completed_ns);
            bs.push(r.best_score);
            pa.push(r.passed);
        }
        tx.execute(
            "INSERT INTO lesson_progress (learner_id, course_id, lesson_id, status, page, seconds, \
             first_opened_ns, completed_ns, best_score, passed) \
             SELECT $1, * FROM UNNEST($2::text[], $3::text[], $4::int2[], $5::int8[], $6::int8[], \
             $7::int8[], $8::int8[], $9::int2[], $10::bool[]) \
             ON CONFLICT (learner_id, course_id, lesson_id) DO UPDATE SET \
             status = GREATEST(lesson_progress.status, excluded.status), \
             page = GREATEST(lesson_progress.page, excluded.page), \
             seconds = GREATEST(lesson_progress.seconds, excluded.seconds), \
             first_opened_ns = LEAST(lesson_progress.first_opened_ns, excluded.first_opened_ns), \
             completed_ns = LEAST(lesson_progress.completed_ns, excluded.completed_ns), \
             best_score = GREATEST(lesson_progress.best_score, excluded.best_score), \
             passed = lesson_progress.passed OR excluded.passed",
            &[id, &c, &les, &st, &pg, &sec, &fo, &co, &bs, &pa],
        )?;
    }

    let attempts = changed(&new.attempts, old.map(|o| &o.attempts));
    if !attempts.is_empty() {
        let (mut c, mut les, mut aid) = (Vec::new(), Vec::new(), Vec::new());
        let (mut sn, mut en, mut ord, mut sc) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for ((cid, lid, a), r) in attempts {
            c.push(cid);
            les.push(lid);
            aid.push(a);
            sn.push(r.started_ns);
            en.push(r.ended_ns);
            // Arrays of arrays do not go through UNNEST; the order travels as JSON text.
            ord.push(serde_json::to_string(&r.order).unwrap_or_else(|_| "[]".into()));
            sc.push(r.score);
        }
        tx.execute(
            "INSERT INTO attempts (learner_id, course_id, lesson_id, attempt_id, started_ns, \
             ended_ns, question_order, score) \
             SELECT $1, c, l, a, s, e, ARRAY(SELECT jsonb_array_elements_text(o::jsonb)), sc \
             FROM UNNEST($2::text[], $3::text[], $4::text[], $5::int8[], $6::int8[], $7::text[], \
             $8::int2[]) AS t(c, l, a, s, e, o, sc) \
             ON CONFLICT (learner_id, course_id, lesson_id, attempt_id) DO UPDATE SET \
             started_ns = LEAST(attempts.started_ns, excluded.started_ns), \
             ended_ns = GREATEST(attempts.ended_ns, excluded.ended_ns), \
             question_order = excluded.question_order, \
             score = GREATEST(attempts.score, excluded.score)",
            &[id, &c, &les, &aid, &sn, &en, &ord, &sc],
        )?;
    }

    let answers = changed(&new.answers, old.map(|o| &o.answers));
    if !answers.is_empty() {
        let (mut c, mut les, mut aid, mut q) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let (mut ans, mut cor, mut hi, mut sh, mut at) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for ((cid, lid, a, qid), r) in answers {
            c.push(cid);
            les.push(lid);
            aid.push(a);
            q.push(qid);
            ans.push(r.answer.clone());
            cor.push(r.correct);
            hi.push(r.hints);
            sh.push(serde_json::to_string(&r.shown).unwrap_or_else(|_| "[]".into()));
            at.push(r.at_ns);
        }
        tx.execute(
            "INSERT INTO answers (learner_id, course_id, lesson_id, attempt_id, question_id, \
             answer, correct, hints, shown, at_ns) \
             SELECT $1, c, l, a, q, an, co, h, ARRAY(SELECT jsonb_array_elements_text(s::jsonb)), t \
             FROM UNNEST($2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::bool[], \
             $8::int4[], $9::text[], $10::int8[]) AS x(c, l, a, q, an, co, h, s, t) \
             ON CONFLICT (learner_id, course_id, lesson_id, attempt_id, question_id) DO UPDATE SET \
             answer = excluded.answer, correct = excluded.correct, hints = excluded.hints, \
             shown = excluded.shown, at_ns = excluded.at_ns",
            &[id, &c, &les, &aid, &q, &ans, &cor, &hi, &sh, &at],
        )?;
    }
    Ok(())
}

/// Adds `new − old` to the unit's per-question counters.
pub fn apply_stats(
    tx: &mut impl GenericClient,
    unit: &str,
    new: &QuestionStats,
    old: &QuestionStats,
) -> PgResult<()> {
    let mut delta: BTreeMap<_, (i64, i64, i64)> = BTreeMap::new();
    for (k, v) in new {
        let e = delta.entry(k).or_default();
        e.0 += v.0;
        e.1 += v.1;
        e.2 += v.2;
    }
    for (k, v) in old {
        let e = delta.entry(k).or_default();
        e.0 -= v.0;
        e.1 -= v.1;
        e.2 -= v.2;
    }
    delta.retain(|_, v| *v != (0, 0, 0));
    if delta.is_empty() {
        return Ok(());
    }
    let (mut c, mut l, mut q) = (Vec::new(), Vec::new(), Vec::new());
    let (mut n, mut w, mut a) = (Vec::new(), Vec::new(), Vec::new());
    for ((cid, lid, qid), (dn, dw, da)) in delta {
        c.push(cid);
        l.push(lid);
        q.push(qid);
        n.push(dn);
        w.push(dw);
        a.push(da);
    }
    tx.execute(
        "INSERT INTO question_stats (unit_key, course_id, lesson_id, question_id, learners, \
         wrong_first, answers) \
         SELECT $1, * FROM UNNEST($2::text[], $3::text[], $4::text[], $5::int8[], $6::int8[], \
         $7::int8[]) \
         ON CONFLICT (unit_key, course_id, lesson_id, question_id) DO UPDATE SET \
         learners = question_stats.learners + excluded.learners, \
         wrong_first = question_stats.wrong_first + excluded.wrong_first, \
         answers = question_stats.answers + excluded.answers",
        &[&unit, &c, &l, &q, &n, &w, &a],
    )?;
    Ok(())
}

/// The bit numbers of lessons (`lesson_numbers`), as far as this sync has needed them. Numbers
/// read or made inside a learner's transaction count only once it commits ([`Self::commit`]):
/// a rolled-back transaction may have made numbers the database no longer has.
#[derive(Debug, Default)]
pub struct LessonNumbers {
    known: BTreeMap<String, BTreeMap<String, i32>>,
    pending: BTreeMap<String, BTreeMap<String, i32>>,
}

impl LessonNumbers {
    /// Forgets what the last transaction read or made (call when a transaction begins).
    pub fn begin(&mut self) {
        self.pending.clear();
    }

    /// Keeps what the transaction just committed read or made.
    pub fn commit(&mut self) {
        for (course, numbers) in std::mem::take(&mut self.pending) {
            self.known.insert(course, numbers);
        }
    }

    fn get(&self, course: &str) -> Option<&BTreeMap<String, i32>> {
        self.pending.get(course).or_else(|| self.known.get(course))
    }

    /// The numbers of `course`, with every lesson of `lessons` numbered (new ones are added).
    fn ensure(
        &mut self,
        tx: &mut impl GenericClient,
        course: &str,
        lessons: &BTreeSet<&str>,
    ) -> PgResult<&BTreeMap<String, i32>> {
        let missing: Vec<&str> = match self.get(course) {
            Some(have) => lessons
                .iter()
                .copied()
                .filter(|l| !have.contains_key(*l))
                .collect(),
            None => lessons.iter().copied().collect(),
        };
        if !missing.is_empty() {
            // One numberer per course at a time, so `max(n) + 1` is not handed out twice.
            tx.execute(
                "SELECT pg_advisory_xact_lock(1752, hashtext($1))",
                &[&course],
            )?;
            tx.execute(
                "INSERT INTO lesson_numbers (course_id, lesson_id, n) \
                 SELECT $1, m.l, (SELECT coalesce(max(n) + 1, 0) FROM lesson_numbers \
                   WHERE course_id = $1) + (row_number() OVER (ORDER BY m.l))::int - 1 \
                 FROM unnest($2::text[]) AS m(l) WHERE NOT EXISTS (SELECT 1 FROM lesson_numbers x \
                   WHERE x.course_id = $1 AND x.lesson_id = m.l)",
                &[&course, &missing],
            )?;
            let mut numbers = BTreeMap::new();
            for r in tx.query(
                "SELECT lesson_id, n FROM lesson_numbers WHERE course_id = $1",
                &[&course],
            )? {
                numbers.insert(r.get::<_, String>(0), r.get::<_, i32>(1));
            }
            self.pending.insert(course.to_string(), numbers);
        }
        Ok(self.get(course).unwrap_or(&EMPTY))
    }
}

static EMPTY: BTreeMap<String, i32> = BTreeMap::new();

/// `set` as a bit string over `numbers` ('1' at each member's number).
fn bits(numbers: &BTreeMap<String, i32>, set: &BTreeSet<String>) -> String {
    // Numbers are 0, 1, 2, … (made by `ensure`); one that is not is left out, never a panic.
    let index = |n: i32| usize::try_from(n).ok();
    let len = numbers
        .values()
        .filter_map(|&n| index(n))
        .max()
        .map_or(0, |m| m + 1);
    let mut out = vec![b'0'; len];
    for l in set {
        if let Some(&n) = numbers.get(l)
            && let Some(b) = index(n).and_then(|i| out.get_mut(i))
        {
            *b = b'1';
        }
    }
    String::from_utf8(out).unwrap_or_default()
}

/// Writes the learner's summary rows for the courses whose summary differs from `old`'s.
pub fn write_summary(
    tx: &mut impl GenericClient,
    id: &str,
    new: &BTreeMap<String, CourseSummary>,
    old: &BTreeMap<String, CourseSummary>,
    numbers: &mut LessonNumbers,
) -> PgResult<()> {
    let (mut courses, mut done, mut passed, mut tried, mut struggling) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (course, s) in new {
        if old.get(course) == Some(s) {
            continue;
        }
        let n = numbers.ensure(tx, course, &s.lessons())?;
        courses.push(course.as_str());
        done.push(bits(n, &s.done));
        passed.push(bits(n, &s.passed));
        tried.push(bits(n, &s.tried));
        struggling.push(
            (!s.struggling.is_empty())
                .then(|| serde_json::to_value(&s.struggling).unwrap_or_default()),
        );
    }
    if courses.is_empty() {
        return Ok(());
    }
    tx.execute(
        "INSERT INTO learner_summary (learner_id, course_id, done, passed, tried, struggling) \
         SELECT $1, c, d::varbit, p::varbit, t::varbit, s FROM UNNEST($2::text[], $3::text[], \
         $4::text[], $5::text[], $6::jsonb[]) AS x(c, d, p, t, s) \
         ON CONFLICT (learner_id, course_id) DO UPDATE SET done = excluded.done, \
         passed = excluded.passed, tried = excluded.tried, struggling = excluded.struggling",
        &[&id, &courses, &done, &passed, &tried, &struggling],
    )?;
    Ok(())
}
