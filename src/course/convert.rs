//! Raw structs (already cleaned and checked) → the model the rest of hocso uses.

use super::model::*;
use super::raw::*;

/// A lesson in model form, with the course's quiz defaults applied.
pub fn lesson(rl: RawLesson, defaults: &RawDefaults) -> Lesson {
    let quiz = rl.quiz.unwrap_or(RawQuiz {
        pass_mark: None,
        order: None,
        questions: Vec::new(),
    });
    Lesson {
        id: rl.id,
        title: rl.title,
        minutes: rl.minutes,
        as_of: rl.as_of,
        sources: rl.sources,
        objectives: rl.objectives,
        terms: rl.terms,
        pages: rl
            .pages
            .into_iter()
            .map(|p| Page {
                title: p.title,
                body: p.body,
                alt: p.alt,
            })
            .collect(),
        quiz: Quiz {
            pass_mark: quiz
                .pass_mark
                .or(defaults.pass_mark)
                .unwrap_or(DEFAULT_PASS_MARK)
                .min(100),
            order: quiz.order.or(defaults.order).unwrap_or(QuizOrder::Fixed),
            questions: quiz.questions.into_iter().map(question).collect(),
        },
    }
}

fn question(q: RawQuestion) -> Question {
    let choices = |cs: Vec<RawChoice>| {
        cs.into_iter()
            .map(|c| Choice {
                id: c.id,
                text: c.text,
                correct: c.correct,
                feedback: c.feedback,
            })
            .collect()
    };
    let kind = match q.kind {
        QuestionKindName::One => QuestionKind::One {
            choices: choices(q.choices),
        },
        QuestionKindName::Many => QuestionKind::Many {
            choices: choices(q.choices),
        },
        QuestionKindName::TrueFalse => QuestionKind::TrueFalse {
            answer: q.answer.unwrap_or(true),
            feedback: q.feedback,
        },
        QuestionKindName::Text => QuestionKind::Text {
            accept: q.accept,
            match_mode: q.match_mode.unwrap_or_default(),
        },
        QuestionKindName::Order => QuestionKind::Order {
            items: q
                .items
                .into_iter()
                .map(|i| Item {
                    id: i.id,
                    text: i.text,
                })
                .collect(),
        },
        QuestionKindName::Match => QuestionKind::Match {
            pairs: q
                .pairs
                .into_iter()
                .map(|p| Pair {
                    id: p.id,
                    left: p.left,
                    right: p.right,
                })
                .collect(),
        },
    };
    Question {
        id: q.id,
        prompt: q.prompt,
        explanation: q.explanation,
        alt: q.alt,
        hints: q.hints,
        points: q.points.unwrap_or(1),
        shuffle_choices: q.shuffle.unwrap_or(true),
        kind,
    }
}

/// A glossary entry in model form.
pub fn term(t: RawTerm) -> Term {
    Term {
        id: t.id,
        term: t.term,
        definition: t.definition,
        english: t.english,
        aliases: t.aliases,
        say: t.say,
        say_english: t.say_english,
    }
}
