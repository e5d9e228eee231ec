//! The bit numbers of lessons (`lesson_numbers`): lesson *n* of a course is bit *n* of a
//! learner's summary (`learner_summary`). Numbers are handed out in the order sync first meets
//! a lesson, never changed or reused.

use std::collections::{BTreeMap, BTreeSet};

use postgres::{GenericClient, Statement};

type PgResult<T> = Result<T, postgres::Error>;

/// The statements that read and hand out numbers, prepared once per run.
pub struct NumberStatements {
    numbers_lock: Statement,
    numbers_add: Statement,
    numbers_read: Statement,
}

impl NumberStatements {
    pub fn prepare(c: &mut impl GenericClient) -> PgResult<Self> {
        Ok(NumberStatements {
            numbers_lock: c.prepare("SELECT pg_advisory_xact_lock(1752, hashtext($1))")?,
            numbers_add: c.prepare(
                "INSERT INTO lesson_numbers (course_id, lesson_id, n) \
                 SELECT $1, m.l, (SELECT coalesce(max(n) + 1, 0) FROM lesson_numbers \
                   WHERE course_id = $1) + (row_number() OVER (ORDER BY m.l))::int - 1 \
                 FROM unnest($2::text[]) AS m(l) WHERE NOT EXISTS (SELECT 1 FROM lesson_numbers x \
                   WHERE x.course_id = $1 AND x.lesson_id = m.l)",
            )?,
            numbers_read: c
                .prepare("SELECT lesson_id, n FROM lesson_numbers WHERE course_id = $1")?,
        })
    }
}

/// The bit numbers of lessons (`lesson_numbers`), as far as this sync has needed them. Numbers
/// read or made inside a transaction count only once it commits ([`Self::commit`]): a
/// rolled-back transaction may have made numbers the database no longer has.
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
    pub fn ensure(
        &mut self,
        tx: &mut impl GenericClient,
        st: &NumberStatements,
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
            tx.execute(&st.numbers_lock, &[&course])?;
            tx.execute(&st.numbers_add, &[&course, &missing])?;
            let mut numbers = BTreeMap::new();
            for r in tx.query(&st.numbers_read, &[&course])? {
                numbers.insert(r.get::<_, String>(0), r.get::<_, i32>(1));
            }
            self.pending.insert(course.to_string(), numbers);
        }
        Ok(self.get(course).unwrap_or(&EMPTY))
    }
}

impl LessonNumbers {
    /// Numbers every lesson of `lessons` (course → lesson ids) that has none yet, in a short
    /// transaction of its own, before a batch's transaction: two batches written at once
    /// ([`super::pool`]) then do not hold the per-course numbering lock until their commit.
    /// A number made for a batch that then fails stays unused (its bit is 0 everywhere).
    pub fn number_ahead(
        &mut self,
        client: &mut postgres::Client,
        st: &NumberStatements,
        lessons: &BTreeMap<&str, BTreeSet<&str>>,
    ) -> PgResult<()> {
        let known = |course: &str, ls: &BTreeSet<&str>| {
            self.get(course)
                .is_some_and(|have| ls.iter().all(|l| have.contains_key(*l)))
        };
        if lessons.iter().all(|(c, ls)| known(c, ls)) {
            return Ok(());
        }
        let mut tx = client.transaction()?;
        self.begin();
        for (course, ls) in lessons {
            self.ensure(&mut tx, st, course, ls)?;
        }
        tx.commit()?;
        self.commit();
        Ok(())
    }
}

static EMPTY: BTreeMap<String, i32> = BTreeMap::new();

/// `set` as a bit string over `numbers` ('1' at each member's number).
pub fn bits(numbers: &BTreeMap<String, i32>, set: &BTreeSet<String>) -> String {
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
