//! Progress mutations: attempts, retries, scores, resume places, time.
#![allow(clippy::unwrap_used)]

use hocso::app::record::*;
use hocso::course::model::{Lesson, Quiz};
use hocso::progress::model::{AnswerRecord, LearnerFile, LessonStatus, Place};
use jiff::Timestamp;

use hocso::course::model::{Question, QuestionKind, QuizOrder};
use hocso::progress::model::{PROGRESS_FORMAT, Profile};
use hocso::quiz::Answer;

fn at(s: i64) -> Timestamp {
    Timestamp::from_second(1_800_000_000 + s).unwrap()
}

fn file() -> LearnerFile {
    LearnerFile {
        format: PROGRESS_FORMAT,
        profile: Profile {
            id: "a".into(),
            name: "A".into(),
            birth_year: None,
            group: None,
            created: at(0),
        },
        settings: Default::default(),
        courses: Default::default(),
    }
}

fn lesson() -> Lesson {
    let q = |id: &str, points| Question {
        id: id.into(),
        prompt: "?".into(),
        explanation: None,
        alt: vec![],
        hints: vec![],
        points,
        shuffle_choices: true,
        kind: QuestionKind::TrueFalse {
            answer: true,
            feedback: None,
        },
    };
    Lesson {
        id: "l".into(),
        title: "L".into(),
        minutes: None,
        as_of: None,
        sources: vec![],
        objectives: vec![],
        terms: vec![],
        pages: vec![],
        quiz: Quiz {
            pass_mark: 70,
            order: QuizOrder::Fixed,
            questions: vec![q("q1", 1), q("q2", 3)],
        },
    }
}

fn answer(lf: &mut LearnerFile, attempt: &str, q: &str, correct: bool, s: i64) {
    let rec = AnswerRecord {
        answer: Answer::TrueFalse(correct),
        correct,
        hints: 0,
        shown: vec![],
        at: at(s),
    };
    record_answer(lf, "c", "l", attempt, q, rec);
}

#[test]
fn retry_of_missed_counts_earlier_right_answers() {
    let (mut lf, l) = (file(), lesson());
    start_attempt(
        &mut lf,
        "c",
        "l",
        "a1".into(),
        vec!["q1".into(), "q2".into()],
        at(1),
    );
    answer(&mut lf, "a1", "q1", true, 2);
    answer(&mut lf, "a1", "q2", false, 3);
    assert_eq!(finish_attempt(&mut lf, "c", &l, "a1", at(4)), 25);
    assert!(!lesson_mut(&mut lf, "c", "l").passed);
    start_attempt(&mut lf, "c", "l", "a2".into(), vec!["q2".into()], at(5));
    answer(&mut lf, "a2", "q2", true, 6);
    assert_eq!(finish_attempt(&mut lf, "c", &l, "a2", at(7)), 100);
    let lp = lesson_mut(&mut lf, "c", "l");
    assert_eq!(
        (lp.best_score, lp.passed, lp.status),
        (Some(100), true, LessonStatus::Done)
    );
    // A later full attempt starts the count again; passing stays earned.
    start_attempt(
        &mut lf,
        "c",
        "l",
        "a3".into(),
        vec!["q1".into(), "q2".into()],
        at(8),
    );
    answer(&mut lf, "a3", "q1", false, 9);
    answer(&mut lf, "a3", "q2", false, 10);
    assert_eq!(finish_attempt(&mut lf, "c", &l, "a3", at(11)), 0);
    let lp = lesson_mut(&mut lf, "c", "l");
    assert_eq!((lp.best_score, lp.passed), (Some(100), true));
}

#[test]
fn resume_follows_answers() {
    let mut lf = file();
    start_attempt(
        &mut lf,
        "c",
        "l",
        "a1".into(),
        vec!["q1".into(), "q2".into()],
        at(1),
    );
    answer(&mut lf, "a1", "q1", true, 2);
    let r = lf.courses["c"].resume.clone().unwrap();
    assert_eq!(
        r.place,
        Place::Question {
            attempt: "a1".into(),
            question: "q2".into()
        }
    );
    answer(&mut lf, "a1", "q2", true, 3);
    let r = lf.courses["c"].resume.clone().unwrap();
    assert_eq!(
        r.place,
        Place::Summary {
            attempt: "a1".into()
        }
    );
}

#[test]
fn idle_gaps_are_capped_and_clock_jumps_back_count_nothing() {
    let mut lf = file();
    let mut carry = 0;
    add_time(&mut lf, "c", "l", at(0), at(30), &mut carry);
    add_time(&mut lf, "c", "l", at(30), at(5000), &mut carry);
    add_time(&mut lf, "c", "l", at(5000), at(10), &mut carry);
    assert_eq!(
        lesson_mut(&mut lf, "c", "l").seconds,
        30 + MAX_IDLE_SECONDS as u64
    );
}

#[test]
fn quick_key_presses_still_add_up() {
    let mut lf = file();
    let mut carry = 0;
    let ms = |n: i64| jiff::Timestamp::from_millisecond(n).unwrap();
    // Ten presses 400 ms apart: 4 s, although every single gap is under a second.
    for i in 0..10 {
        add_time(
            &mut lf,
            "c",
            "l",
            ms(i * 400),
            ms((i + 1) * 400),
            &mut carry,
        );
    }
    assert_eq!(lesson_mut(&mut lf, "c", "l").seconds, 4);
    assert_eq!(carry, 0);
}
