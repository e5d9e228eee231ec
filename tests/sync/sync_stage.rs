//! The rows of learners new to the database go through this connection's staging tables (binary
//! `COPY`, then `INSERT … SELECT`): a batch the database refuses leaves nothing staged, so the
//! learners re-sent one by one are written exactly once.
#![allow(clippy::unwrap_used)]

use crate::syncing;

use hocso::store::learners::Store;
use hocso::sync::rows::normalise;
use syncing::assert_summary_exact;

use super::sync_pg::{assert_stats_exact, count, server};
use super::sync_roles::{learners, province, sync_as, two_units};

#[test]
fn new_learners_in_a_refused_batch_are_written_once_when_sent_one_by_one() {
    let p = province();
    let (a_dir, _b_dir, lb) = two_units(&p);
    // One batch: three learners new to the database and, among them, a learner of unit B.
    let fresh = learners("an-moi", 3);
    let store = Store::open(a_dir.path()).unwrap();
    for l in fresh.iter().chain(std::iter::once(&lb[0])) {
        store.save(l).unwrap();
    }
    let s = sync_as(a_dir.path(), &p.a).unwrap();
    assert_eq!(s.sent, 3, "{s:?}");
    assert!(
        s.problems.iter().any(|m| m.contains(&lb[0].profile.id)),
        "{:?}",
        s.problems
    );
    for l in &fresh {
        assert_eq!(server(&p.db, &l.profile.id), normalise(l));
    }
    let answers: usize = fresh
        .iter()
        .flat_map(|f| f.courses.values())
        .flat_map(|c| c.lessons.values())
        .flat_map(|l| &l.attempts)
        .map(|a| a.answers.len())
        .sum();
    assert!(answers > 0);
    assert_eq!(
        count(
            &p.db,
            "SELECT count(*) FROM answers WHERE learner_id LIKE 'an-moi-%'"
        ),
        answers as i64
    );
    // Again: nothing new is sent, B's learner is refused again.
    let s = sync_as(a_dir.path(), &p.a).unwrap();
    assert_eq!(s.sent, 0, "{s:?}");
    assert_stats_exact(&p.db);
    assert_summary_exact(&p.db);
}
