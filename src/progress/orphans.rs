//! Records that point at ids no longer in the course (a trainer renamed or removed a lesson,
//! question or choice). They are kept in the learner file and reported, never dropped. Pure.

use crate::course::model::{Course, QuestionKind};
use crate::quiz::Answer;

use super::model::LearnerFile;

/// One record whose id the course no longer has.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Orphan {
    /// Progress in a lesson the course does not have.
    Lesson { lesson: String },
    /// An answer to a question the lesson's quiz does not have.
    Question { lesson: String, question: String },
    /// An answer naming a choice / item / pair the question does not have.
    Choice {
        lesson: String,
        question: String,
        choice: String,
    },
}

/// Records of `file` under `course.id` that no longer match `course`, sorted, without repeats.
pub fn orphans(file: &LearnerFile, course: &Course) -> Vec<Orphan> {
    let mut out = Vec::new();
    let Some(progress) = file.courses.get(&course.id) else {
        return out;
    };
    for (lesson_id, lp) in &progress.lessons {
        let Some(lesson) = course.lesson(lesson_id) else {
            out.push(Orphan::Lesson {
                lesson: lesson_id.clone(),
            });
            continue;
        };
        for attempt in &lp.attempts {
            for (qid, rec) in &attempt.answers {
                let Some(q) = lesson.quiz.question(qid) else {
                    out.push(Orphan::Question {
                        lesson: lesson_id.clone(),
                        question: qid.clone(),
                    });
                    continue;
                };
                let known = known_ids(&q.kind);
                for id in answer_ids(&rec.answer) {
                    if !known.contains(&id) {
                        out.push(Orphan::Choice {
                            lesson: lesson_id.clone(),
                            question: qid.clone(),
                            choice: id.to_string(),
                        });
                    }
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

fn known_ids(kind: &QuestionKind) -> Vec<&str> {
    match kind {
        QuestionKind::One { choices } | QuestionKind::Many { choices } => {
            choices.iter().map(|c| c.id.as_str()).collect()
        }
        QuestionKind::Order { items } => items.iter().map(|i| i.id.as_str()).collect(),
        QuestionKind::Match { pairs } => pairs.iter().map(|p| p.id.as_str()).collect(),
        QuestionKind::TrueFalse { .. } | QuestionKind::Text { .. } => Vec::new(),
    }
}

fn answer_ids(answer: &Answer) -> Vec<&str> {
    match answer {
        Answer::One(id) => vec![id.as_str()],
        Answer::Many(ids) | Answer::Order(ids) => ids.iter().map(String::as_str).collect(),
        Answer::Match(map) => map
            .iter()
            .flat_map(|(l, r)| [l.as_str(), r.as_str()])
            .collect(),
        Answer::TrueFalse(_) | Answer::Text(_) => Vec::new(),
    }
}
