//! `merge` is a join: idempotent, commutative, associative, and loses no attempt or answer.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;

use hocso::progress::merge::{merge, normal, summary};
use hocso::progress::model::{
    AnswerRecord, Attempt, CourseProgress, LearnerFile, LessonProgress, LessonStatus, Place,
    Profile, Resume, ReviewAnswer, Settings, Theme,
};
use hocso::quiz::Answer;
use jiff::Timestamp;
use proptest::prelude::*;

fn ts() -> impl Strategy<Value = Timestamp> {
    (0i64..50).prop_map(|m| Timestamp::from_second(1_790_000_000 + m * 60).unwrap())
}

fn small_id(prefix: &'static str) -> impl Strategy<Value = String> {
    (0u8..4).prop_map(move |n| format!("{prefix}{n}"))
}

fn answer_record() -> impl Strategy<Value = AnswerRecord> {
    (
        prop_oneof![
            small_id("c").prop_map(Answer::One),
            any::<bool>().prop_map(Answer::TrueFalse),
            "[a-z ]{0,4}".prop_map(Answer::Text),
        ],
        any::<bool>(),
        0u32..3,
        ts(),
    )
        .prop_map(|(answer, correct, hints, at)| AnswerRecord {
            answer,
            correct,
            hints,
            shown: vec![],
            at,
        })
}

fn attempt(id: String) -> impl Strategy<Value = Attempt> {
    (
        ts(),
        proptest::option::of(ts()),
        proptest::collection::vec(small_id("q"), 0..4),
        proptest::collection::btree_map(small_id("q"), answer_record(), 0..4),
        proptest::option::of(0u8..=100),
    )
        .prop_map(move |(started, ended, order, answers, score)| Attempt {
            id: id.clone(),
            started,
            ended,
            order,
            choices: Default::default(),
            answers,
            score,
        })
}

fn lesson() -> impl Strategy<Value = LessonProgress> {
    let attempts = proptest::collection::btree_set(small_id("a"), 0..4)
        .prop_flat_map(|ids| ids.into_iter().map(attempt).collect::<Vec<_>>());
    (
        prop_oneof![
            Just(LessonStatus::NotStarted),
            Just(LessonStatus::InProgress),
            Just(LessonStatus::Done)
        ],
        0usize..5,
        0u64..1000,
        proptest::option::of(ts()),
        proptest::option::of(ts()),
        attempts,
        proptest::option::of(0u8..=100),
        any::<bool>(),
    )
        .prop_map(
            |(status, page, seconds, first_opened, completed, mut attempts, best_score, passed)| {
                // A store-written file keeps attempts in time order.
                attempts.sort_by(|x, y| x.started.cmp(&y.started).then_with(|| x.id.cmp(&y.id)));
                LessonProgress {
                    status,
                    page,
                    seconds,
                    first_opened,
                    completed,
                    attempts,
                    best_score,
                    passed,
                }
            },
        )
}

fn course() -> impl Strategy<Value = CourseProgress> {
    (
        proptest::collection::btree_map(small_id("l"), lesson(), 0..3),
        proptest::option::of((small_id("l"), 0usize..4, ts())),
        proptest::collection::vec((small_id("l"), small_id("q"), any::<bool>(), ts()), 0..4),
    )
        .prop_map(|(lessons, resume, review)| CourseProgress {
            // As the app writes them: in time order, one answer per moment and question.
            review: {
                let mut r: Vec<ReviewAnswer> = review
                    .into_iter()
                    .map(|(lesson, question, correct, at)| ReviewAnswer {
                        lesson,
                        question,
                        answer: Answer::TrueFalse(correct),
                        correct,
                        at,
                    })
                    .collect();
                r.sort_by(|a, b| {
                    (a.at, &a.lesson, &a.question).cmp(&(b.at, &b.lesson, &b.question))
                });
                r.dedup_by(|a, b| (a.at, &a.lesson, &a.question) == (b.at, &b.lesson, &b.question));
                r
            },
            lessons,
            resume: resume.map(|(lesson, page, at)| Resume {
                lesson,
                place: Place::Page { page },
                at,
            }),
        })
}

fn learner() -> impl Strategy<Value = LearnerFile> {
    (
        prop_oneof![Just("Hoa".to_string()), Just("Nguyễn Thị Hoa".to_string())],
        proptest::option::of(1950u16..1960),
        ts(),
        any::<bool>(),
        proptest::collection::btree_map(small_id("k"), course(), 0..3),
    )
        .prop_map(|(name, birth_year, created, hc, courses)| LearnerFile {
            format: 1,
            profile: Profile {
                id: "hoa-abc234".into(),
                name,
                birth_year,
                group: None,
                created,
            },
            settings: Settings {
                language: None,
                theme: if hc {
                    Theme::HighContrast
                } else {
                    Theme::Default
                },
            },
            courses,
        })
}

/// (course, lesson, attempt) → question ids answered.
fn attempts_of(f: &LearnerFile) -> BTreeMap<(String, String, String), Vec<String>> {
    let mut out = BTreeMap::new();
    for (c, cp) in &f.courses {
        for (l, lp) in &cp.lessons {
            for a in &lp.attempts {
                let e: &mut Vec<String> =
                    out.entry((c.clone(), l.clone(), a.id.clone())).or_default();
                e.extend(a.answers.keys().cloned());
                e.sort();
                e.dedup();
            }
        }
    }
    out
}

/// A hand-edited or badly joined file: `b`'s lessons' attempts appended to `a`'s (ids repeated,
/// out of time order) and `b`'s review answers after `a`'s (moments repeated, out of order).
fn untidy(a: &LearnerFile, b: &LearnerFile) -> LearnerFile {
    let mut out = a.clone();
    for (cid, bc) in &b.courses {
        let oc = out.courses.entry(cid.clone()).or_default();
        oc.review.extend(bc.review.iter().cloned());
        for (lid, bl) in &bc.lessons {
            let ol = oc.lessons.entry(lid.clone()).or_insert_with(|| bl.clone());
            ol.attempts.extend(bl.attempts.iter().rev().cloned());
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// The sync's fast normal form is exactly the self-join it replaces (the content hashes in
    /// every database and sync-state.json depend on it).
    #[test]
    fn normal_is_the_self_join(a in learner(), b in learner()) {
        let f = untidy(&a, &b);
        prop_assert_eq!(normal(&f), merge(&f, &f));
        prop_assert_eq!(normal(&a), merge(&a, &a));
    }

    #[test]
    fn idempotent(a in learner()) {
        prop_assert_eq!(merge(&a, &a), a);
    }

    #[test]
    fn commutative(a in learner(), b in learner()) {
        prop_assert_eq!(merge(&a, &b), merge(&b, &a));
    }

    #[test]
    fn associative(a in learner(), b in learner(), c in learner()) {
        prop_assert_eq!(merge(&merge(&a, &b), &c), merge(&a, &merge(&b, &c)));
    }

    #[test]
    fn nothing_lost(a in learner(), b in learner()) {
        let m = merge(&a, &b);
        let got = attempts_of(&m);
        for (key, questions) in attempts_of(&a).into_iter().chain(attempts_of(&b)) {
            let merged = got.get(&key);
            prop_assert!(merged.is_some(), "attempt {:?} lost", key);
            for q in questions {
                prop_assert!(merged.unwrap().contains(&q), "answer {} of {:?} lost", q, key);
            }
        }
        // Completion kept, best score is the maximum, resume is the latest.
        for (c, cp) in a.courses.iter().chain(&b.courses) {
            let mc = &m.courses[c];
            for (l, lp) in &cp.lessons {
                let ml = &mc.lessons[l];
                prop_assert!(ml.status >= lp.status);
                prop_assert!(ml.best_score >= lp.best_score);
                prop_assert!(ml.passed || !lp.passed);
                prop_assert!(lp.completed.is_none() || ml.completed <= lp.completed);
            }
            if let Some(r) = &cp.resume {
                prop_assert!(mc.resume.as_ref().unwrap().at >= r.at);
            }
        }
        prop_assert!(summary(&m).lessons_done >= summary(&a).lessons_done);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    /// Import normalises the incoming file first (`merge(x, x)`); after that, importing the same
    /// file again never changes anything, even when the file lists attempts out of order.
    #[test]
    fn importing_twice_changes_nothing(e in learner(), x in learner()) {
        let mut x = x;
        for c in x.courses.values_mut() {
            for l in c.lessons.values_mut() {
                l.attempts.reverse();
            }
        }
        let incoming = merge(&x, &x);
        let once = merge(&e, &incoming);
        prop_assert_eq!(merge(&once, &incoming), once);
    }
}

#[test]
fn summary_tells_never_studied_from_studied() {
    let t = Timestamp::from_second(1_790_000_000).expect("time");
    let mut file = LearnerFile {
        format: hocso::progress::model::PROGRESS_FORMAT,
        profile: hocso::progress::model::Profile {
            id: "an-abc123".into(),
            name: "An".into(),
            birth_year: None,
            group: None,
            created: t,
        },
        settings: Default::default(),
        courses: BTreeMap::new(),
    };
    assert!(!summary(&file).studied, "just imported from a roster");
    file.courses
        .entry("c".into())
        .or_default()
        .lessons
        .insert("l".into(), Default::default());
    assert!(summary(&file).studied);
}
