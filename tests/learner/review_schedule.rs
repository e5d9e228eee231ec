//! Spaced review: the schedule over 60 simulated days (the clock is passed in), review answers
//! merged by import like the rest of the progress.
#![allow(clippy::unwrap_used)]

use crate::common::{course, learner, t0};
use hocso::progress::merge::merge;
use hocso::progress::model::{AnswerRecord, Attempt, CourseProgress, ReviewAnswer};
use hocso::progress::review::{FIRST_RIGHT_BOX, cards, due, tally, today};
use hocso::quiz::Answer;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

fn day(n: i64) -> Timestamp {
    t0().checked_add(SignedDuration::from_hours(24 * n))
        .unwrap()
}

fn answer(correct: bool, at: Timestamp) -> AnswerRecord {
    AnswerRecord {
        answer: Answer::TrueFalse(correct),
        correct,
        hints: 0,
        shown: Vec::new(),
        at,
    }
}

/// A learner who did lesson 1's quiz on day 0: `wrong` missed, the rest right.
fn after_quiz(wrong: &[&str]) -> CourseProgress {
    let c = course();
    let lesson = &c.modules[0].lessons[0];
    let mut attempt = Attempt {
        id: "a1".into(),
        started: t0(),
        ended: Some(t0()),
        order: lesson.quiz.questions.iter().map(|q| q.id.clone()).collect(),
        choices: Default::default(),
        answers: Default::default(),
        score: None,
    };
    for q in &lesson.quiz.questions {
        attempt
            .answers
            .insert(q.id.clone(), answer(!wrong.contains(&q.id.as_str()), t0()));
    }
    let mut p = CourseProgress::default();
    p.lessons
        .entry(lesson.id.clone())
        .or_default()
        .attempts
        .push(attempt);
    p
}

fn review(p: &mut CourseProgress, question: &str, correct: bool, at: Timestamp) {
    p.review.push(ReviewAnswer {
        lesson: course().modules[0].lessons[0].id.clone(),
        question: question.into(),
        answer: Answer::TrueFalse(correct),
        correct,
        at,
    });
}

#[test]
fn missed_questions_come_back_the_next_day_and_right_ones_much_later() {
    let c = course();
    let utc = TimeZone::UTC;
    let p = after_quiz(&["mau-q-mot", "mau-q-nhieu"]);
    let cs = cards(&c, &p, &utc);
    assert_eq!(cs.len(), 3);
    assert!(
        due(&cs, today(t0(), &utc)).is_empty(),
        "nothing due on the day of the quiz"
    );
    let tomorrow: Vec<_> = due(&cs, today(day(1), &utc))
        .iter()
        .map(|c| c.question.clone())
        .collect();
    assert_eq!(tomorrow, ["mau-q-mot", "mau-q-nhieu"]);
    let right = cs.iter().find(|c| c.question == "mau-q-dung-sai").unwrap();
    assert_eq!(right.level, FIRST_RIGHT_BOX);
    assert!(!right.is_due(today(day(20), &utc)));
    assert!(right.is_due(today(day(21), &utc)));
}

#[test]
fn sixty_days_of_review_move_a_question_up_and_back_down() {
    let c = course();
    let utc = TimeZone::UTC;
    let mut p = after_quiz(&["mau-q-mot"]);
    let q = "mau-q-mot";
    let level = |p: &CourseProgress| {
        cards(&c, p, &utc)
            .into_iter()
            .find(|c| c.question == q)
            .unwrap()
    };
    // The learner comes every day for 60 days and reviews what is due: right every time
    // except at the third review.
    let mut seen_days = Vec::new();
    for d in 1..=60 {
        let now = day(d);
        if level(&p).is_due(today(now, &utc)) {
            seen_days.push(d);
            review(&mut p, q, seen_days.len() != 3, now);
        }
    }
    // Box 1 → 2 (day 1), → 3 (day 4), missed on day 11 → box 1, then up again: 12, 15, 22, 43.
    assert_eq!(seen_days, [1, 4, 11, 12, 15, 22, 43]);
    let card = level(&p);
    assert_eq!(card.reviews, 7);
    assert_eq!(card.review_misses, 1);
    assert_eq!(card.level, 5);
    assert!(!card.is_due(today(day(60), &utc)));
}

#[test]
fn a_miss_in_review_sends_the_question_back_to_box_one() {
    let c = course();
    let utc = TimeZone::UTC;
    let mut p = after_quiz(&["mau-q-mot"]);
    review(&mut p, "mau-q-mot", true, day(1));
    review(&mut p, "mau-q-mot", true, day(3));
    let before = cards(&c, &p, &utc)[0].clone();
    assert_eq!(before.level, 3);
    review(&mut p, "mau-q-mot", false, day(10));
    let after = cards(&c, &p, &utc)[0].clone();
    assert_eq!(after.level, 1);
    assert!(after.last_wrong);
    assert_eq!(after.review_misses, 1);
    assert!(after.is_due(today(day(11), &utc)));
    assert_eq!(tally(&cards(&c, &p, &utc)), (1, 2, 0));
}

#[test]
fn days_are_counted_where_the_learner_lives() {
    let c = course();
    // 23:00 in Hà Nội on day 0 is 16:00 UTC; the question is due the next calendar day there.
    let hanoi = TimeZone::get("Asia/Ho_Chi_Minh").unwrap_or(TimeZone::fixed(jiff::tz::offset(7)));
    let late: Timestamp = "2026-11-26T16:00:00Z".parse().unwrap();
    let mut p = after_quiz(&[]);
    p.lessons.values_mut().next().unwrap().attempts[0]
        .answers
        .get_mut("mau-q-mot")
        .unwrap()
        .correct = false;
    for a in p.lessons.values_mut().next().unwrap().attempts[0]
        .answers
        .values_mut()
    {
        a.at = late;
    }
    let cs = cards(&c, &p, &hanoi);
    let next_morning: Timestamp = "2026-11-27T01:00:00Z".parse().unwrap(); // 08:00 in Hà Nội
    assert_eq!(due(&cs, today(next_morning, &hanoi)).len(), 1);
}

#[test]
fn review_answers_merge_by_import_and_the_schedule_follows() {
    let c = course();
    let utc = TimeZone::UTC;
    let mut pc = learner("hoa-abc123", "Nguyễn Thị Hoa", Some(1962), None);
    pc.courses
        .insert(c.id.clone(), after_quiz(&["mau-q-mot", "mau-q-nhieu"]));
    // At home she reviews one question; in class (the other copy) the other.
    let mut home = pc.clone();
    review(
        home.courses.get_mut(&c.id).unwrap(),
        "mau-q-mot",
        true,
        day(1),
    );
    let mut class = pc.clone();
    review(
        class.courses.get_mut(&c.id).unwrap(),
        "mau-q-nhieu",
        false,
        day(1),
    );
    let a = merge(&home, &class);
    let b = merge(&class, &home);
    assert_eq!(a, b, "the join does not depend on the order");
    assert_eq!(merge(&a, &home), a, "importing again changes nothing");
    let merged = &a.courses[&c.id];
    assert_eq!(merged.review.len(), 2);
    let cs = cards(&c, merged, &utc);
    let by = |q: &str| cs.iter().find(|c| c.question == q).unwrap().level;
    assert_eq!(by("mau-q-mot"), 2);
    assert_eq!(by("mau-q-nhieu"), 1);
    // The merged file round-trips through JSON.
    let json = serde_json::to_string(&a).unwrap();
    let back: hocso::progress::model::LearnerFile = serde_json::from_str(&json).unwrap();
    assert_eq!(back, a);
}

#[test]
fn older_learner_files_without_review_still_read() {
    let json = r#"{"format":1,"profile":{"id":"hoa-abc123","name":"Hoa","created":"2026-11-26T12:00:00Z"},"courses":{"mau":{"lessons":{}}}}"#;
    let lf: hocso::progress::model::LearnerFile = serde_json::from_str(json).unwrap();
    assert!(lf.courses["mau"].review.is_empty());
    assert!(!serde_json::to_string(&lf).unwrap().contains("review"));
}

#[test]
fn the_report_counts_questions_to_review_and_misses_in_review() {
    use hocso::trainer::report::{LearnerInput, build};
    let c = course();
    let mut hoa = learner("hoa-abc123", "Nguyễn Thị Hoa", Some(1962), None);
    let mut p = after_quiz(&["mau-q-mot", "mau-q-nhieu"]);
    review(&mut p, "mau-q-mot", true, day(1));
    review(&mut p, "mau-q-nhieu", false, day(1));
    hoa.courses.insert(c.id.clone(), p);
    let mut an = learner("an-def456", "Trần Văn An", Some(1970), None);
    let mut p = after_quiz(&["mau-q-nhieu"]);
    review(&mut p, "mau-q-nhieu", false, day(1));
    an.courses.insert(c.id.clone(), p);
    let report = build(&c, &[LearnerInput::Ok(hoa), LearnerInput::Ok(an)]);
    let row = |id: &str| report.learners.iter().find(|r| r.id == id).unwrap();
    // Hoa: mau-q-mot moved up to box 2 (still "to review"), mau-q-nhieu back in box 1.
    assert_eq!(row("hoa-abc123").to_review, 2);
    assert_eq!(row("an-def456").to_review, 1);
    let q = |id: &str| {
        report
            .questions
            .iter()
            .find(|q| q.question_id == id)
            .unwrap()
    };
    assert_eq!(q("mau-q-nhieu").missed_in_review, 2);
    assert_eq!(q("mau-q-mot").missed_in_review, 0);
    let csv = hocso::trainer::report::output::csv(
        &report,
        hocso::trainer::report::output::Table::Learners,
        b',',
        hocso::ui::lang::Lang::Vi,
        &TimeZone::UTC,
    )
    .unwrap();
    let text = String::from_utf8(csv).unwrap();
    assert!(
        text.lines().next().unwrap().ends_with("Câu cần ôn"),
        "{text}"
    );
}
