//! Progress mutations: opening lessons, turning pages, quiz attempts, scores and time spent.
//!
//! Pure: the caller passes the time in. Every function leaves the learner file consistent, so
//! the shell can save after any one of them and a `kill -9` loses at most the current keystroke.

use std::collections::BTreeSet;

use jiff::Timestamp;

use crate::course::model::{Lesson, Quiz};
use crate::progress::model::{
    AnswerRecord, Attempt, CourseProgress, LearnerFile, LessonProgress, LessonStatus, Place, Resume,
};

/// Longest gap between two key presses that still counts as learning time; beyond it the learner
/// probably walked away.
pub const MAX_IDLE_SECONDS: i64 = 120;

/// Progress in `course_id`, created when missing.
pub fn course_mut<'a>(lf: &'a mut LearnerFile, course_id: &str) -> &'a mut CourseProgress {
    lf.courses.entry(course_id.to_string()).or_default()
}

/// Progress in one lesson, created when missing.
pub fn lesson_mut<'a>(
    lf: &'a mut LearnerFile,
    course_id: &str,
    lesson_id: &str,
) -> &'a mut LessonProgress {
    course_mut(lf, course_id)
        .lessons
        .entry(lesson_id.to_string())
        .or_default()
}

/// Progress in one lesson, if any.
pub fn lesson<'a>(
    lf: &'a LearnerFile,
    course_id: &str,
    lesson_id: &str,
) -> Option<&'a LessonProgress> {
    lf.courses.get(course_id)?.lessons.get(lesson_id)
}

/// Marks the lesson as opened.
pub fn open_lesson(lf: &mut LearnerFile, course_id: &str, lesson_id: &str, at: Timestamp) {
    let lp = lesson_mut(lf, course_id, lesson_id);
    if lp.status == LessonStatus::NotStarted {
        lp.status = LessonStatus::InProgress;
    }
    lp.first_opened.get_or_insert(at);
}

/// Sets where "Tiếp tục" goes.
pub fn set_resume(
    lf: &mut LearnerFile,
    course_id: &str,
    lesson_id: &str,
    place: Place,
    at: Timestamp,
) {
    course_mut(lf, course_id).resume = Some(Resume {
        lesson: lesson_id.to_string(),
        place,
        at,
    });
}

/// The learner is reading `page`.
pub fn turn_page(
    lf: &mut LearnerFile,
    course_id: &str,
    lesson_id: &str,
    page: usize,
    at: Timestamp,
) {
    open_lesson(lf, course_id, lesson_id, at);
    lesson_mut(lf, course_id, lesson_id).page = page;
    set_resume(lf, course_id, lesson_id, Place::Page { page }, at);
}

/// Adds learning time, capped per gap.
pub fn add_time(
    lf: &mut LearnerFile,
    course_id: &str,
    lesson_id: &str,
    since: Timestamp,
    now: Timestamp,
) {
    let secs = now
        .duration_since(since)
        .as_secs()
        .clamp(0, MAX_IDLE_SECONDS);
    let lp = lesson_mut(lf, course_id, lesson_id);
    lp.seconds = lp.seconds.saturating_add(secs as u64);
}

/// Starts an attempt over `order` (question ids as shown) and points "Tiếp tục" at its first
/// question.
pub fn start_attempt(
    lf: &mut LearnerFile,
    course_id: &str,
    lesson_id: &str,
    id: String,
    order: Vec<String>,
    at: Timestamp,
) {
    open_lesson(lf, course_id, lesson_id, at);
    let first = order.first().cloned();
    lesson_mut(lf, course_id, lesson_id).attempts.push(Attempt {
        id: id.clone(),
        started: at,
        ended: None,
        order,
        answers: Default::default(),
        score: None,
    });
    let place = match first {
        Some(question) => Place::Question {
            attempt: id,
            question,
        },
        None => Place::Summary { attempt: id },
    };
    set_resume(lf, course_id, lesson_id, place, at);
}

/// The attempt with this id.
pub fn attempt<'a>(
    lf: &'a LearnerFile,
    course_id: &str,
    lesson_id: &str,
    id: &str,
) -> Option<&'a Attempt> {
    lesson(lf, course_id, lesson_id)?
        .attempts
        .iter()
        .find(|a| a.id == id)
}

/// First question of the attempt not answered yet.
pub fn next_unanswered(a: &Attempt) -> Option<&String> {
    a.order.iter().find(|q| !a.answers.contains_key(*q))
}

/// Records one answer and moves "Tiếp tục" to the next unanswered question (or the summary).
pub fn record_answer(
    lf: &mut LearnerFile,
    course_id: &str,
    lesson_id: &str,
    attempt_id: &str,
    question: &str,
    record: AnswerRecord,
) {
    let at = record.at;
    let lp = lesson_mut(lf, course_id, lesson_id);
    let Some(a) = lp.attempts.iter_mut().find(|a| a.id == attempt_id) else {
        return;
    };
    a.answers.insert(question.to_string(), record);
    let place = match next_unanswered(a) {
        Some(q) => Place::Question {
            attempt: attempt_id.to_string(),
            question: q.clone(),
        },
        None => Place::Summary {
            attempt: attempt_id.to_string(),
        },
    };
    set_resume(lf, course_id, lesson_id, place, at);
}

/// Question id → correct, by the latest answer in the chain of attempts that ends at `attempt_id`
/// and starts at the last attempt covering the whole quiz (a retry only asks the missed ones, so
/// the earlier right answers still count).
pub fn standing(lp: &LessonProgress, quiz: &Quiz, attempt_id: &str) -> Vec<(String, bool)> {
    let Some(end) = lp.attempts.iter().position(|a| a.id == attempt_id) else {
        return Vec::new();
    };
    let all: BTreeSet<&str> = quiz.questions.iter().map(|q| q.id.as_str()).collect();
    let start = (0..=end)
        .rev()
        .find(|&i| {
            let order: BTreeSet<&str> = lp.attempts[i].order.iter().map(|s| s.as_str()).collect();
            all.is_subset(&order)
        })
        .unwrap_or(end);
    quiz.questions
        .iter()
        .map(|q| {
            let correct = lp.attempts[start..=end]
                .iter()
                .rev()
                .find_map(|a| a.answers.get(&q.id))
                .is_some_and(|r| r.correct);
            (q.id.clone(), correct)
        })
        .collect()
}

/// Percent of points earned, given the standing.
pub fn score(quiz: &Quiz, standing: &[(String, bool)]) -> u8 {
    let total = quiz.total_points();
    if total == 0 {
        return 100;
    }
    let got: u32 = quiz
        .questions
        .iter()
        .filter(|q| standing.iter().any(|(id, ok)| *ok && id == &q.id))
        .map(|q| q.points)
        .sum();
    (u64::from(got) * 100 / u64::from(total)) as u8
}

/// Ends the attempt: score, best score, passed, lesson done when passed, "Tiếp tục" to the
/// summary. Returns the score.
pub fn finish_attempt(
    lf: &mut LearnerFile,
    course_id: &str,
    lesson: &Lesson,
    attempt_id: &str,
    at: Timestamp,
) -> u8 {
    let lp = lesson_mut(lf, course_id, &lesson.id);
    let st = standing(lp, &lesson.quiz, attempt_id);
    let s = score(&lesson.quiz, &st);
    if let Some(a) = lp.attempts.iter_mut().find(|a| a.id == attempt_id) {
        if a.ended.is_none() {
            a.ended = Some(at);
        }
        a.score = Some(s);
    }
    lp.best_score = Some(lp.best_score.map_or(s, |b| b.max(s)));
    if s >= lesson.quiz.pass_mark {
        lp.passed = true;
    }
    if lp.passed {
        lp.status = LessonStatus::Done;
        lp.completed.get_or_insert(at);
    }
    set_resume(
        lf,
        course_id,
        &lesson.id,
        Place::Summary {
            attempt: attempt_id.to_string(),
        },
        at,
    );
    s
}

/// A lesson without questions is done once its last page was read.
pub fn finish_reading(lf: &mut LearnerFile, course_id: &str, lesson_id: &str, at: Timestamp) {
    let lp = lesson_mut(lf, course_id, lesson_id);
    lp.status = LessonStatus::Done;
    lp.passed = true;
    lp.completed.get_or_insert(at);
    course_mut(lf, course_id).resume = None;
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::course::model::{Question, QuestionKind, QuizOrder};
    use crate::progress::model::{PROGRESS_FORMAT, Profile};
    use crate::quiz::Answer;

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
            hints: vec![],
            points,
            kind: QuestionKind::TrueFalse {
                answer: true,
                feedback: None,
            },
        };
        Lesson {
            id: "l".into(),
            title: "L".into(),
            minutes: None,
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
        add_time(&mut lf, "c", "l", at(0), at(30));
        add_time(&mut lf, "c", "l", at(30), at(5000));
        add_time(&mut lf, "c", "l", at(5000), at(10));
        assert_eq!(
            lesson_mut(&mut lf, "c", "l").seconds,
            30 + MAX_IDLE_SECONDS as u64
        );
    }
}
