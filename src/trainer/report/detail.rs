//! The report's finer grain: each learner × lesson, each question's answers option by option,
//! and one learner's answers attempt by attempt. Pure; always lesson and question titles, never ids.

use std::collections::BTreeMap;

use jiff::Timestamp;

use crate::course::Course;
use crate::course::model::{Question, QuestionKind};
use crate::progress::model::{LearnerFile, LessonProgress, LessonStatus};
use crate::quiz::Answer;

/// One learner in one lesson.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Passed; the best quiz score when the lesson has a quiz.
    Passed(Option<u8>),
    /// Opened but not passed.
    Started,
    NotStarted,
}

fn passed(lp: &LessonProgress) -> bool {
    lp.passed || lp.status == LessonStatus::Done
}

/// Marks of one learner for every lesson of the course, in course order.
pub fn marks(course: &Course, file: &LearnerFile) -> Vec<Mark> {
    let lessons = file.courses.get(&course.id).map(|c| &c.lessons);
    course
        .lessons()
        .map(|(_, l)| match lessons.and_then(|ls| ls.get(&l.id)) {
            Some(lp) if passed(lp) => {
                Mark::Passed(lp.best_score.filter(|_| !l.quiz.questions.is_empty()))
            }
            Some(lp)
                if lp.status != LessonStatus::NotStarted
                    || !lp.attempts.is_empty()
                    || lp.first_opened.is_some() =>
            {
                Mark::Started
            }
            _ => Mark::NotStarted,
        })
        .collect()
}

/// What an option is called; the words for true/false/right/wrong are the caller's.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Label {
    Text(String),
    True,
    False,
    /// An order or match question put right.
    Right,
    /// An order or match question not put right.
    Wrong,
}

/// How many learners chose an option at their first try.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionCount {
    pub label: Label,
    pub correct: bool,
    pub count: usize,
}

/// One question as the "Câu hỏi" sheet shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionDetail {
    pub module_title: String,
    pub lesson_title: String,
    pub prompt: String,
    /// Learners who answered it.
    pub learners: usize,
    /// Of those, wrong at the first try.
    pub wrong_first: usize,
    pub options: Vec<OptionCount>,
    /// 1..=10 for the ten hardest.
    pub rank: Option<usize>,
}

impl QuestionDetail {
    pub fn wrong_share(&self) -> f64 {
        if self.learners == 0 {
            0.0
        } else {
            self.wrong_first as f64 / self.learners as f64
        }
    }
}

/// The options a learner's answer counts for (several for a `many` question).
fn chosen(q: &Question, a: &Answer, correct: bool) -> Vec<Label> {
    match (&q.kind, a) {
        (QuestionKind::One { choices } | QuestionKind::Many { choices }, _) => {
            let ids: Vec<&String> = match a {
                Answer::One(id) => vec![id],
                Answer::Many(ids) => ids.iter().collect(),
                _ => Vec::new(),
            };
            ids.into_iter()
                .filter_map(|id| choices.iter().find(|c| &c.id == id))
                .map(|c| Label::Text(c.text.clone()))
                .collect()
        }
        (_, Answer::TrueFalse(b)) => vec![if *b { Label::True } else { Label::False }],
        (_, Answer::Text(t)) => vec![Label::Text(t.trim().to_lowercase())],
        _ => vec![if correct { Label::Right } else { Label::Wrong }],
    }
}

/// Every option of the question with a zero count, so unchosen choices show too.
fn all_options(q: &Question) -> Vec<OptionCount> {
    let zero = |label, correct| OptionCount {
        label,
        correct,
        count: 0,
    };
    match &q.kind {
        QuestionKind::One { choices } | QuestionKind::Many { choices } => choices
            .iter()
            .map(|c| zero(Label::Text(c.text.clone()), c.correct))
            .collect(),
        QuestionKind::TrueFalse { answer, .. } => {
            vec![zero(Label::True, *answer), zero(Label::False, !*answer)]
        }
        QuestionKind::Text { .. } => Vec::new(),
        QuestionKind::Order { .. } | QuestionKind::Match { .. } => {
            vec![zero(Label::Right, true), zero(Label::Wrong, false)]
        }
    }
}

/// Every question someone answered: ten hardest first (share wrong at first try), then the
/// others in course order.
pub fn questions(course: &Course, files: &[LearnerFile], hardest: usize) -> Vec<QuestionDetail> {
    let mut out = Vec::new();
    for (module, lesson) in course.lessons() {
        for q in &lesson.quiz.questions {
            let mut options = all_options(q);
            let (mut learners, mut wrong_first) = (0, 0);
            for f in files {
                let Some(lp) = f
                    .courses
                    .get(&course.id)
                    .and_then(|c| c.lessons.get(&lesson.id))
                else {
                    continue;
                };
                let Some(first) = lp
                    .attempts
                    .iter()
                    .filter_map(|a| a.answers.get(&q.id))
                    .min_by_key(|r| r.at)
                else {
                    continue;
                };
                learners += 1;
                wrong_first += usize::from(!first.correct);
                for label in chosen(q, &first.answer, first.correct) {
                    match options.iter_mut().find(|o| o.label == label) {
                        Some(o) => o.count += 1,
                        None => options.push(OptionCount {
                            label,
                            correct: first.correct,
                            count: 1,
                        }),
                    }
                }
            }
            if learners > 0 {
                out.push(QuestionDetail {
                    module_title: module.title.clone(),
                    lesson_title: lesson.title.clone(),
                    prompt: q.prompt.clone(),
                    learners,
                    wrong_first,
                    options,
                    rank: None,
                });
            }
        }
    }
    let mut order: Vec<usize> = (0..out.len()).filter(|&i| out[i].wrong_first > 0).collect();
    order.sort_by(|&a, &b| {
        out[b]
            .wrong_share()
            .total_cmp(&out[a].wrong_share())
            .then_with(|| out[b].wrong_first.cmp(&out[a].wrong_first))
            .then_with(|| a.cmp(&b))
    });
    order.truncate(hardest);
    let mut first: Vec<QuestionDetail> = Vec::new();
    for (rank, &i) in order.iter().enumerate() {
        let mut q = out[i].clone();
        q.rank = Some(rank + 1);
        first.push(q);
    }
    first.extend(
        out.into_iter()
            .enumerate()
            .filter(|(i, _)| !order.contains(i))
            .map(|(_, q)| q),
    );
    first
}

/// One answer of one attempt, as the trainer reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerLine {
    pub prompt: String,
    pub answer: Vec<Label>,
    pub correct: bool,
}

/// One quiz attempt.
#[derive(Debug, Clone, PartialEq)]
pub struct AttemptLines {
    pub started: Timestamp,
    pub score: Option<u8>,
    pub answers: Vec<AnswerLine>,
}

/// One lesson of one learner, for `hocso report --learner`.
#[derive(Debug, Clone, PartialEq)]
pub struct LessonLines {
    pub title: String,
    pub mark: Mark,
    pub attempts: Vec<AttemptLines>,
}

/// What a learner gave as an answer, in words (choice texts, items in their order, pairs).
fn answer_words(q: &Question, a: &Answer, correct: bool) -> Vec<Label> {
    match (&q.kind, a) {
        (QuestionKind::Order { items }, Answer::Order(ids)) => ids
            .iter()
            .filter_map(|id| items.iter().find(|i| &i.id == id))
            .map(|i| Label::Text(i.text.clone()))
            .collect(),
        (QuestionKind::Match { pairs }, Answer::Match(map)) => map
            .iter()
            .filter_map(|(l, r)| {
                let left = pairs.iter().find(|p| &p.id == l)?;
                let right = pairs.iter().find(|p| &p.id == r)?;
                Some(Label::Text(format!("{} → {}", left.left, right.right)))
            })
            .collect(),
        (QuestionKind::Text { .. }, Answer::Text(t)) => vec![Label::Text(t.clone())],
        _ => chosen(q, a, correct),
    }
}

/// A learner's lessons (course order, those they opened) with every attempt and answer.
pub fn history(course: &Course, file: &LearnerFile) -> Vec<LessonLines> {
    let marks = marks(course, file);
    let lessons = file.courses.get(&course.id).map(|c| &c.lessons);
    let mut out = Vec::new();
    for ((_, lesson), mark) in course.lessons().zip(marks) {
        let Some(lp) = lessons.and_then(|ls| ls.get(&lesson.id)) else {
            continue;
        };
        let by_id: BTreeMap<&str, &Question> = lesson
            .quiz
            .questions
            .iter()
            .map(|q| (q.id.as_str(), q))
            .collect();
        let attempts = lp
            .attempts
            .iter()
            .map(|a| AttemptLines {
                started: a.started,
                score: a.score,
                answers: a
                    .order
                    .iter()
                    .chain(a.answers.keys().filter(|k| !a.order.contains(k)))
                    .filter_map(|qid| {
                        let q = by_id.get(qid.as_str())?;
                        let r = a.answers.get(qid)?;
                        Some(AnswerLine {
                            prompt: q.prompt.clone(),
                            answer: answer_words(q, &r.answer, r.correct),
                            correct: r.correct,
                        })
                    })
                    .collect(),
            })
            .collect();
        out.push(LessonLines {
            title: lesson.title.clone(),
            mark,
            attempts,
        });
    }
    out
}
