//! Migration V7: `lesson_progress`, `attempts` and `answers` keep their integrity through
//! statement triggers instead of per-row foreign keys. An orphan row is refused (as the owner and
//! as a unit's role), a parent's key cannot change under its children, deleting a learner still
//! removes all its rows, and a delete waits for a transaction writing the same learner (the
//! learner's lock, which a foreign key's row lock used to cover).
#![allow(clippy::unwrap_used)]

use std::time::Duration;

use crate::pg;
use hocso::sync::province;

use super::sync_roles::{connect, count, province, two_units};

/// The statement fails with a foreign key violation (23503) whose message contains `says`.
fn orphan_refused(c: &mut postgres::Client, sql: &str, says: &str) {
    match c.batch_execute(sql) {
        Ok(()) => panic!("not refused: {sql}"),
        Err(e) => {
            let db = e.as_db_error().unwrap_or_else(|| panic!("{sql}: {e}"));
            assert_eq!(
                db.code(),
                &postgres::error::SqlState::FOREIGN_KEY_VIOLATION,
                "{sql}: {e}"
            );
            assert!(db.message().contains(says), "{sql}: {}", db.message());
        }
    }
}

/// Rows of the child tables whose parent row is missing (all must be 0).
fn orphans(c: &mut postgres::Client) -> i64 {
    count(
        c,
        "SELECT (SELECT count(*) FROM lesson_progress p WHERE NOT EXISTS \
           (SELECT 1 FROM learners l WHERE l.learner_id = p.learner_id)) \
         + (SELECT count(*) FROM attempts a WHERE NOT EXISTS (SELECT 1 FROM lesson_progress p \
           WHERE (p.learner_id, p.course_id, p.lesson_id) = (a.learner_id, a.course_id, a.lesson_id))) \
         + (SELECT count(*) FROM answers n WHERE NOT EXISTS (SELECT 1 FROM attempts a \
           WHERE (a.learner_id, a.course_id, a.lesson_id, a.attempt_id) \
               = (n.learner_id, n.course_id, n.lesson_id, n.attempt_id)))",
    )
}

/// A copy of one of the learner's answers (or attempts) with the attempt (lesson) id changed.
fn orphan_answer(learner: &str) -> String {
    format!(
        "INSERT INTO answers SELECT learner_id, course_id, lesson_id, 'no-such-attempt', \
         question_id, answer, correct, hints, shown, at_ns FROM answers \
         WHERE learner_id = '{learner}' LIMIT 1"
    )
}

fn orphan_attempt(learner: &str) -> String {
    format!(
        "INSERT INTO attempts SELECT learner_id, course_id, 'no-such-lesson', attempt_id, \
         started_ns, ended_ns, question_order, score, choices FROM attempts \
         WHERE learner_id = '{learner}' LIMIT 1"
    )
}

#[test]
fn orphan_rows_are_refused_for_the_owner_and_for_a_unit_role() {
    let p = province();
    let _folders = two_units(&p);
    let mut owner = pg::cluster().admin(&p.db);
    // The per-row foreign keys are gone (what V7 is for); the rule is kept otherwise.
    assert_eq!(
        count(
            &mut owner,
            "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND conrelid IN \
             ('lesson_progress'::regclass, 'attempts'::regclass, 'answers'::regclass)"
        ),
        0
    );
    let mut a = connect(&p.a);
    for c in [&mut owner, &mut a] {
        orphan_refused(c, &orphan_answer("an-0kqwzx"), "has no row in attempts");
        orphan_refused(
            c,
            &orphan_attempt("an-0kqwzx"),
            "has no row in lesson_progress",
        );
        // A parent's key changed under its children.
        orphan_refused(
            c,
            "UPDATE attempts SET attempt_id = 'moved' WHERE ctid = (SELECT t.ctid FROM attempts t \
             JOIN answers n USING (learner_id, course_id, lesson_id, attempt_id) \
             WHERE t.learner_id = 'an-1kqwzx' LIMIT 1)",
            "still has rows in answers",
        );
        // A child moved to a parent that does not exist.
        orphan_refused(
            c,
            "UPDATE answers SET attempt_id = 'moved' WHERE ctid = (SELECT ctid FROM answers \
             WHERE learner_id = 'an-1kqwzx' LIMIT 1)",
            "has no row in attempts",
        );
    }
    orphan_refused(
        &mut owner,
        "INSERT INTO lesson_progress VALUES ('nobody', 'c', 'l', 0, 0, 0, NULL, NULL, NULL, false)",
        "has no row in learners",
    );
    // A row of the unit's own learner that has its parent still goes in (a unit's role's
    // ordinary write), and nothing above left a row behind.
    a.batch_execute(
        "INSERT INTO answers SELECT learner_id, course_id, lesson_id, attempt_id, 'extra-q', \
         answer, correct, hints, shown, at_ns FROM answers WHERE learner_id = 'an-0kqwzx' LIMIT 1",
    )
    .unwrap();
    assert_eq!(orphans(&mut owner), 0);
    // A unit's role still cannot reach another unit's learner, parent or not.
    match a.batch_execute(&orphan_answer("bach-0kqwzx")) {
        Ok(()) => assert_eq!(
            count(
                &mut owner,
                "SELECT count(*) FROM answers WHERE attempt_id = 'no-such-attempt'"
            ),
            0
        ),
        Err(e) => assert!(province::refused(&e), "{e}"),
    }
}

#[test]
fn deleting_a_learner_removes_all_its_rows_and_waits_for_a_writer_of_that_learner() {
    let p = province();
    let _folders = two_units(&p);
    let mut owner = pg::cluster().admin(&p.db);
    let rows_of = |c: &mut postgres::Client, id: &str| {
        count(
            c,
            &format!(
                "SELECT (SELECT count(*) FROM lesson_progress WHERE learner_id = '{id}') \
                 + (SELECT count(*) FROM attempts WHERE learner_id = '{id}') \
                 + (SELECT count(*) FROM answers WHERE learner_id = '{id}')"
            ),
        )
    };
    let others = rows_of(&mut owner, "bach-1kqwzx");
    assert!(rows_of(&mut owner, "bach-0kqwzx") > 0 && others > 0);
    owner
        .batch_execute("DELETE FROM learners WHERE learner_id = 'bach-0kqwzx'")
        .unwrap();
    assert_eq!(rows_of(&mut owner, "bach-0kqwzx"), 0);
    assert_eq!(rows_of(&mut owner, "bach-1kqwzx"), others);

    // A unit's transaction adds an attempt and its answer to one of its learners and has not
    // committed; the owner deletes that learner meanwhile. The delete must wait (the learner's
    // lock) and then remove the new rows too: no orphan once both are done.
    let mut a = connect(&p.a);
    let mut tx = a.transaction().unwrap();
    tx.batch_execute(
        "INSERT INTO attempts SELECT learner_id, course_id, lesson_id, 'late', started_ns, \
         ended_ns, question_order, score, choices FROM attempts \
         WHERE learner_id = 'an-2kqwzx' LIMIT 1; \
         INSERT INTO answers SELECT n.learner_id, n.course_id, n.lesson_id, 'late', \
         n.question_id, n.answer, n.correct, n.hints, n.shown, n.at_ns FROM answers n \
         JOIN attempts t ON (t.learner_id, t.course_id, t.lesson_id) \
             = (n.learner_id, n.course_id, n.lesson_id) \
         WHERE t.attempt_id = 'late' LIMIT 1",
    )
    .unwrap();
    let db = p.db.clone();
    let deleter = std::thread::spawn(move || {
        pg::cluster()
            .admin(&db)
            .batch_execute("DELETE FROM learners WHERE learner_id = 'an-2kqwzx'")
            .unwrap();
    });
    // The delete is waiting on the learner's lock, not done.
    let mut waited = false;
    for _ in 0..100 {
        std::thread::sleep(Duration::from_millis(50));
        if count(
            &mut owner,
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'advisory' \
             AND query LIKE 'DELETE FROM learners%'",
        ) == 1
        {
            waited = true;
            break;
        }
    }
    assert!(waited, "the delete did not wait for the learner's lock");
    assert!(!deleter.is_finished());
    tx.commit().unwrap();
    deleter.join().unwrap();
    assert_eq!(rows_of(&mut owner, "an-2kqwzx"), 0);
    assert_eq!(orphans(&mut owner), 0);

    // Emptying the learners empties their lesson rows, attempts and answers, whether or not
    // the same TRUNCATE names them.
    for sql in [
        "TRUNCATE learners, lesson_progress, attempts, answers CASCADE",
        "TRUNCATE learners CASCADE",
    ] {
        let again = super::sync_roles::learners("again", 2);
        let f = crate::syncing::folder(
            &super::sync_roles::unit("Xã An Lão", "11111", "Lớp 2"),
            &again,
        );
        super::sync_roles::sync_as(f.path(), &p.a).unwrap();
        assert!(count(&mut owner, "SELECT count(*) FROM answers") > 0);
        owner.batch_execute(sql).unwrap();
        assert_eq!(
            count(
                &mut owner,
                "SELECT (SELECT count(*) FROM lesson_progress) + (SELECT count(*) FROM attempts) \
                 + (SELECT count(*) FROM answers)"
            ),
            0,
            "{sql}"
        );
    }
}
