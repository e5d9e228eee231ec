//! Properties of the journal:
//! - `diff` is total: applying the changes between any two learner files to the first gives the
//!   second;
//! - any sequence of learner events, saved through a real [`Session`] in a temp folder with the
//!   snapshot rewritten at random moments, loads back (snapshot + journal replay) equal to the
//!   state in memory;
//! - `diff_in` with the lessons an event touched gives the same records as `diff`, and does not
//!   look at lessons outside its scope.
#![allow(clippy::unwrap_used)]

use hocso::app::record;
use hocso::progress::change::{Scope, apply, diff, diff_in};
use hocso::progress::model::{AnswerRecord, LearnerFile, ReviewAnswer, Theme};
use hocso::quiz::Answer;
use hocso::store::learners::{NewLearner, Store};
use hocso::store::writer::Session;
use hocso::ui::lang::Lang;
use jiff::{SignedDuration, Timestamp};
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Step {
    Page {
        lesson: u8,
        page: u8,
    },
    Start {
        lesson: u8,
        questions: u8,
    },
    Answer {
        lesson: u8,
        question: u8,
        correct: bool,
    },
    Finish {
        lesson: u8,
        score: u8,
    },
    Read {
        lesson: u8,
    },
    Time {
        lesson: u8,
        ms: u16,
    },
    /// An answer in spaced review.
    Review {
        lesson: u8,
        question: u8,
        correct: bool,
    },
    Theme,
    Language,
    Reset {
        lesson: Option<u8>,
    },
    /// The snapshot is rewritten (a lesson ended, or the journal got big).
    Compact,
    /// A frame is drawn (page turns go to the writer).
    Frame,
}

fn step() -> impl Strategy<Value = Step> {
    let l = 0u8..4;
    prop_oneof![
        4 => (l.clone(), 0u8..6).prop_map(|(lesson, page)| Step::Page { lesson, page }),
        2 => (l.clone(), 0u8..6).prop_map(|(lesson, questions)| Step::Start { lesson, questions }),
        5 => (l.clone(), 0u8..6, any::<bool>())
            .prop_map(|(lesson, question, correct)| Step::Answer { lesson, question, correct }),
        1 => (l.clone(), 0u8..=100).prop_map(|(lesson, score)| Step::Finish { lesson, score }),
        1 => l.clone().prop_map(|lesson| Step::Read { lesson }),
        2 => (l.clone(), 0u16..5000).prop_map(|(lesson, ms)| Step::Time { lesson, ms }),
        2 => (l.clone(), 0u8..6, any::<bool>())
            .prop_map(|(lesson, question, correct)| Step::Review { lesson, question, correct }),
        1 => Just(Step::Theme),
        1 => Just(Step::Language),
        1 => proptest::option::of(l).prop_map(|lesson| Step::Reset { lesson }),
        1 => Just(Step::Compact),
        2 => Just(Step::Frame),
    ]
}

const COURSE: &str = "c";

/// The lesson a step changes, if it changes only one lesson and course-level lists.
fn lesson_of(s: &Step) -> Option<Option<u8>> {
    match *s {
        Step::Page { lesson, .. }
        | Step::Start { lesson, .. }
        | Step::Answer { lesson, .. }
        | Step::Finish { lesson, .. }
        | Step::Read { lesson }
        | Step::Time { lesson, .. } => Some(Some(lesson)),
        Step::Review { .. } | Step::Theme | Step::Language => Some(None),
        Step::Reset { .. } | Step::Compact | Step::Frame => None,
    }
}

fn lesson_id(n: u8) -> String {
    format!("bai-{n}")
}

/// Performs one learner event on the file with the app's own record functions.
fn perform(lf: &mut LearnerFile, s: &Step, at: Timestamp, n: usize, carry: &mut u64) {
    match *s {
        Step::Page { lesson, page } => {
            record::turn_page(lf, COURSE, &lesson_id(lesson), usize::from(page), at)
        }
        Step::Start { lesson, questions } => {
            let order = (0..questions).map(|q| format!("q{q}")).collect();
            record::start_attempt(lf, COURSE, &lesson_id(lesson), format!("a{n}"), order, at);
        }
        Step::Answer {
            lesson,
            question,
            correct,
        } => {
            let id = lesson_id(lesson);
            let last = record::lesson(lf, COURSE, &id).and_then(|l| l.attempts.last());
            if let Some(a) = last.map(|a| a.id.clone()) {
                let rec = AnswerRecord {
                    answer: Answer::One(format!("c{question}")),
                    correct,
                    hints: u32::from(question % 2),
                    shown: vec![],
                    at,
                };
                record::record_answer(lf, COURSE, &id, &a, &format!("q{question}"), rec);
            }
        }
        Step::Finish { lesson, score } => {
            let lp = record::lesson_mut(lf, COURSE, &lesson_id(lesson));
            if let Some(a) = lp.attempts.last_mut() {
                a.ended = Some(at);
                a.score = Some(score);
                lp.best_score = Some(lp.best_score.unwrap_or(0).max(score));
            }
        }
        Step::Read { lesson } => record::finish_reading(lf, COURSE, &lesson_id(lesson), at),
        Step::Time { lesson, ms } => {
            let since = at - SignedDuration::from_millis(i64::from(ms));
            record::add_time(lf, COURSE, &lesson_id(lesson), since, at, carry);
        }
        Step::Review {
            lesson,
            question,
            correct,
        } => record::record_review(
            lf,
            COURSE,
            ReviewAnswer {
                lesson: lesson_id(lesson),
                question: format!("q{question}"),
                answer: Answer::TrueFalse(correct),
                correct,
                at,
            },
        ),
        Step::Theme => {
            lf.settings.theme = match lf.settings.theme {
                Theme::Default => Theme::HighContrast,
                Theme::HighContrast => Theme::Default,
            }
        }
        Step::Language => {
            lf.settings.language = match lf.settings.language {
                Some(Lang::Vi) => Some(Lang::En),
                _ => Some(Lang::Vi),
            }
        }
        Step::Reset { lesson } => {
            lf.reset(lesson.map(lesson_id).as_deref());
        }
        Step::Compact | Step::Frame => {}
    }
}

/// A new learner "Hoa" in `store`.
fn hoa(store: &Store) -> LearnerFile {
    store
        .create(
            NewLearner {
                name: "Hoa".into(),
                ..Default::default()
            },
            t0(),
        )
        .unwrap()
}

fn t0() -> Timestamp {
    "2026-11-30T08:00:00Z".parse().unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Any two states reachable by events: the diff turns the first into the second.
    #[test]
    fn diff_then_apply_gives_the_new_file(
        a in proptest::collection::vec(step(), 0..30),
        b in proptest::collection::vec(step(), 0..30),
    ) {
        let store_dir = tempfile::tempdir().unwrap();
        let store = Store::open(store_dir.path()).unwrap();
        let base = hoa(&store);
        let (mut x, mut y) = (base.clone(), base);
        let mut carry = 0;
        for (n, s) in a.iter().enumerate() {
            perform(&mut x, s, t0() + SignedDuration::from_secs(n as i64), n, &mut carry);
        }
        for (n, s) in b.iter().enumerate() {
            perform(&mut y, s, t0() + SignedDuration::from_secs(n as i64 + 7), n + 1000, &mut carry);
        }
        y.profile.name = "Hoà".into();
        let mut z = x.clone();
        apply(&mut z, &diff(&x, &y));
        prop_assert_eq!(&z, &y);
        let mut back = y.clone();
        apply(&mut back, &diff(&y, &x));
        prop_assert_eq!(&back, &x);
    }

    /// One step at a time, as the learner program records: the scoped diff (the step's lesson
    /// and one other lesson named as "before") equals the full diff.
    #[test]
    fn scoped_diff_equals_full_diff(
        history in proptest::collection::vec(step(), 0..40),
        steps in proptest::collection::vec((step(), 0u8..4), 1..30),
    ) {
        let store_dir = tempfile::tempdir().unwrap();
        let store = Store::open(store_dir.path()).unwrap();
        let mut lf = hoa(&store);
        let mut carry = 0;
        for (n, s) in history.iter().enumerate() {
            perform(&mut lf, s, t0() + SignedDuration::from_secs(n as i64), n, &mut carry);
        }
        for (n, (s, other)) in steps.iter().enumerate() {
            let Some(lesson) = lesson_of(s) else { continue };
            let old = lf.clone();
            perform(&mut lf, s, t0() + SignedDuration::from_secs(n as i64 + 100), n + 100, &mut carry);
            let (a, b) = (lesson.map(lesson_id), lesson_id(*other));
            let scope = Scope::Lessons { course: COURSE, lessons: [Some(b.as_str()), a.as_deref()] };
            prop_assert_eq!(diff_in(&old, &lf, scope), diff(&old, &lf));
        }
    }

    /// Snapshot + journal replay equals the state in memory, whatever the compaction points.
    #[test]
    fn replay_equals_memory(steps in proptest::collection::vec(step(), 1..60)) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let mut lf = store.create(NewLearner { name: "Nguyễn Thị Hoa".into(), ..Default::default() }, t0()).unwrap();
        let id = lf.profile.id.clone();
        let _lock = store.lock(&id, t0()).unwrap();
        let mut session = Session::start(&store, &lf).unwrap();
        let mut carry = 0;
        for (n, s) in steps.iter().enumerate() {
            let at = t0() + SignedDuration::from_secs(n as i64 * 3);
            perform(&mut lf, s, at, n, &mut carry);
            match s {
                Step::Compact => { session.after_frame(&lf, true); }
                Step::Frame => { session.after_frame(&lf, false); }
                _ => session.record(&lf, hocso::progress::change::Scope::All).unwrap(),
            }
            if n % 7 == 3 {
                // A reader in the middle (the class view) sees every flushed change.
                session.flush().unwrap();
                let loaded = store.load(&id).unwrap();
                prop_assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
                prop_assert_eq!(&loaded.file, &lf);
            }
        }
        session.record(&lf, hocso::progress::change::Scope::All).unwrap();
        session.flush().unwrap();
        let loaded = store.load(&id).unwrap();
        prop_assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        prop_assert_eq!(&loaded.file, &lf);
        // And after closing (the snapshot alone holds everything, the journal is fresh).
        session.close(&lf).unwrap();
        let journal = std::fs::read(store.journal_path(&id)).unwrap();
        prop_assert_eq!(journal.iter().filter(|&&b| b == b'\n').count(), 1);
        prop_assert_eq!(&store.load(&id).unwrap().file, &lf);
    }
}

/// A change outside the scope is not looked for (the debug build of the learner program checks
/// that none happens); the same change inside it is.
#[test]
fn scoped_diff_looks_only_in_its_lessons() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let old = hoa(&store);
    let mut new = old.clone();
    record::turn_page(&mut new, COURSE, "bai-2", 3, t0());
    let elsewhere = Scope::Lessons {
        course: COURSE,
        lessons: [Some("bai-1"), None],
    };
    let ops = diff_in(&old, &new, elsewhere);
    // The course's resume point is in every scope; the lesson's own record is not.
    assert!(
        ops.iter()
            .all(|op| !matches!(op, hocso::progress::change::Op::Lesson { l, .. } if l == "bai-2")),
        "{ops:?}"
    );
    assert!(!ops.is_empty(), "the course-level resume point is compared");
    let here = Scope::Lessons {
        course: COURSE,
        lessons: [Some("bai-1"), Some("bai-2")],
    };
    assert_eq!(diff_in(&old, &new, here), diff(&old, &new));
    assert!(
        diff(&old, &new)
            .iter()
            .any(|op| matches!(op, hocso::progress::change::Op::Lesson { l, .. } if l == "bai-2"))
    );
}
