//! Learner files with a known history, for the sync tests and the sync benchmark.
#![allow(dead_code, clippy::unwrap_used)]

use std::collections::BTreeMap;

use hocso::course::Course;
use hocso::progress::model::{
    AnswerRecord, Attempt, LearnerFile, LessonStatus, PROGRESS_FORMAT, Profile,
};
use hocso::quiz::Answer;
use jiff::{SignedDuration, Timestamp};

pub fn at(base: Timestamp, secs: i64) -> Timestamp {
    base + SignedDuration::from_secs(secs)
}

pub fn empty(id: &str, name: &str, created: Timestamp) -> LearnerFile {
    LearnerFile {
        format: PROGRESS_FORMAT,
        profile: Profile {
            id: id.into(),
            name: name.into(),
            birth_year: Some(1960),
            group: Some("Thôn Đông".into()),
            created,
        },
        settings: Default::default(),
        courses: BTreeMap::new(),
    }
}

/// One finished attempt: `answers` = (question id, correct); score = share correct.
pub fn attempt(id: &str, started: Timestamp, answers: &[(&str, bool)]) -> Attempt {
    let mut map = BTreeMap::new();
    for (i, (q, ok)) in answers.iter().enumerate() {
        map.insert(
            q.to_string(),
            AnswerRecord {
                answer: Answer::Text(if *ok { "đúng".into() } else { "sai".into() }),
                correct: *ok,
                hints: 0,
                shown: Vec::new(),
                at: at(started, 10 * (i as i64 + 1)),
            },
        );
    }
    let right = answers.iter().filter(|(_, ok)| *ok).count();
    let score = if answers.is_empty() {
        100
    } else {
        (100 * right / answers.len()) as u8
    };
    Attempt {
        id: id.into(),
        started,
        ended: Some(at(started, 10 * (answers.len() as i64 + 1))),
        order: answers.iter().map(|(q, _)| q.to_string()).collect(),
        choices: Default::default(),
        answers: map,
        score: Some(score),
    }
}

/// Adds an attempt to a lesson, updating status, best score and passed like the app does.
pub fn add_attempt(file: &mut LearnerFile, course: &str, lesson: &str, pass_mark: u8, a: Attempt) {
    let lp = file
        .courses
        .entry(course.into())
        .or_default()
        .lessons
        .entry(lesson.into())
        .or_default();
    lp.first_opened = Some(lp.first_opened.map_or(a.started, |t| t.min(a.started)));
    lp.seconds += 120;
    let score = a.score.unwrap_or(0);
    lp.best_score = Some(lp.best_score.map_or(score, |b| b.max(score)));
    if score >= pass_mark {
        lp.passed = true;
        lp.status = LessonStatus::Done;
        lp.completed = Some(lp.completed.map_or(a.ended.unwrap_or(a.started), |c| c));
    } else if lp.status == LessonStatus::NotStarted {
        lp.status = LessonStatus::InProgress;
    }
    lp.attempts.push(a);
}

/// A learner who went through the whole course: per lesson a first attempt with one wrong
/// answer in three (by a seed), then a retry that passes when the first did not.
pub fn whole_course(
    course: &Course,
    id: &str,
    name: &str,
    seed: u64,
    base: Timestamp,
) -> LearnerFile {
    let mut file = empty(id, name, base);
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut t = 60;
    for (_, lesson) in course.lessons() {
        let qs: Vec<&str> = lesson
            .quiz
            .questions
            .iter()
            .map(|q| q.id.as_str())
            .collect();
        let first: Vec<(&str, bool)> = qs.iter().map(|q| (*q, rng.u8(0..3) != 0)).collect();
        let a = attempt(&format!("{id}-{}-1", lesson.id), at(base, t), &first);
        let failed = a.score.unwrap_or(0) < lesson.quiz.pass_mark;
        add_attempt(&mut file, &course.id, &lesson.id, lesson.quiz.pass_mark, a);
        t += 600;
        if failed {
            let all: Vec<(&str, bool)> = qs.iter().map(|q| (*q, true)).collect();
            let b = attempt(&format!("{id}-{}-2", lesson.id), at(base, t), &all);
            add_attempt(&mut file, &course.id, &lesson.id, lesson.quiz.pass_mark, b);
            t += 600;
        }
    }
    file
}

/// A learner part-way through the course, by a seed: per lesson one of not opened, opened only,
/// finished without a quiz, or 1–4 attempts that may all fail (a learner who needs help).
pub fn partial(course: &Course, id: &str, seed: u64, base: Timestamp) -> LearnerFile {
    let mut file = empty(id, id, base);
    let mut rng = fastrand::Rng::with_seed(seed);
    let skill = rng.u8(1..4); // 1: often wrong … 3: rarely wrong
    let mut t = 60;
    for (_, lesson) in course.lessons() {
        let qs: Vec<&str> = lesson
            .quiz
            .questions
            .iter()
            .map(|q| q.id.as_str())
            .collect();
        match rng.u8(0..6) {
            0 => {}
            // Opened only (1), or finished without a quiz (2).
            k @ 1..=2 => {
                let lp = file
                    .courses
                    .entry(course.id.clone())
                    .or_default()
                    .lessons
                    .entry(lesson.id.clone())
                    .or_default();
                lp.first_opened = Some(at(base, t));
                if k == 1 {
                    lp.status = LessonStatus::InProgress;
                    lp.page = 1;
                } else {
                    lp.status = LessonStatus::Done;
                    lp.completed = Some(at(base, t + 300));
                }
            }
            _ => {
                for k in 0..rng.u8(1..5) {
                    let answers: Vec<(&str, bool)> =
                        qs.iter().map(|q| (*q, rng.u8(0..4) < skill)).collect();
                    let a = attempt(&format!("{id}-{}-{k}", lesson.id), at(base, t), &answers);
                    add_attempt(&mut file, &course.id, &lesson.id, lesson.quiz.pass_mark, a);
                    t += 600;
                }
            }
        }
        t += 600;
    }
    file
}
