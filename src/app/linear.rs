//! One linear form of each learner screen: what a screen reader or a voice should get, in
//! reading order, made from the same state the full screen draws (never from its drawing).
//! Items say what each piece *is* (a choice, the verdict, the right answer); the shell words
//! them in the learner's language (`ui::linear`), so plain mode and read-aloud say the same.

use super::course_map::{module_counts, progress, recommended, status};
use super::quiz::{Feedback, question};
use super::review::{REVIEW_ATTEMPT, cards, due_count};
use super::{App, Overlay, QuizState, Screen, SummaryState};
use crate::course::model::{Question, QuestionKind};
use crate::course::spoken::{self, Block};
use crate::progress::model::LessonStatus;
use crate::quiz::Answer;

/// A choice as the learner heard it: its number on screen and its text, or true/false.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pick {
    Choice(usize, String),
    Bool(bool),
}

/// One piece of a screen, in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// The lesson or screen the learner is on.
    Title(String),
    /// Page `n` of `total` (1-based).
    Page(usize, usize),
    /// Question `n` of `total`; `review` in a spaced review.
    Question {
        n: usize,
        total: usize,
        review: bool,
    },
    Heading(String),
    /// Page content: paragraphs, list items, callouts, drawn screens.
    Block(Block),
    /// A choice to pick (`one`, `many`, `true_false`, `order` items, `match` left side).
    Choice(Pick),
    /// The right-hand side of a `match` question, by letter.
    Letter(char, String),
    Hint(usize, String),
    /// An i18n key (under `tui.`) of a nudge on the question ("choose at least one").
    Notice(&'static str),
    /// After answering: what the learner chose.
    Chose(Vec<Pick>),
    Typed(String),
    Verdict {
        correct: bool,
        /// Right but for the accents: the accepted spelling.
        accents: Option<String>,
    },
    /// The right answer(s), said when the learner was wrong.
    RightIs(Vec<Pick>),
    Expected(String),
    /// `order`: the order given and the right order.
    OrderGiven(Vec<String>),
    OrderRight(Vec<String>),
    /// `match`: one left side, what the learner paired it with, the right side, and whether right.
    Pair {
        left: String,
        chosen: Option<String>,
        right: String,
        ok: bool,
    },
    /// What a chosen choice teaches.
    Teach(String),
    Why(String),
    Score {
        score: u8,
        pass: u8,
        /// (right, total, needed) in questions, when all count the same.
        counted: Option<(usize, usize, usize)>,
    },
    Passed(bool),
    /// A review's score (percent) and whether all were right.
    /// The end of a review: score, questions missed.
    ReviewScore(u8, usize),
    /// A question still to learn (its prompt), on a summary.
    Missed(String),
    /// The map: a module heading with its lessons done of total.
    Module {
        n: usize,
        title: String,
        done: usize,
        total: usize,
    },
    /// The map: a lesson by its number in the whole course.
    Lesson {
        n: usize,
        title: String,
        status: LessonStatus,
        next: bool,
    },
    /// Review questions waiting today.
    ReviewDue(usize),
    /// Results: a lesson and its best result, (right, total) questions.
    Result {
        title: String,
        status: LessonStatus,
        score: Option<(usize, usize)>,
    },
    /// Results: the way to the certificate.
    Certificate(super::milestone::CertProgress),
    /// Results: time spent, in minutes, and the review tally (soon, learning, learnt).
    Time(u64),
    Review(usize, usize, usize),
    Nothing,
    /// A typed answer that looks like Telex/VNI with the Vietnamese keyboard off.
    KeyboardOff,
    Term(String, String),
}

/// The screen now on show, linear; empty for screens that have no linear form here.
pub fn screen(app: &App) -> Vec<Item> {
    if let Some(Overlay::Glossary) = &app.overlay {
        return glossary(app);
    }
    match &app.screen {
        Screen::Map(_) => map(app),
        Screen::Reader(r) => page(app, &r.lesson, r.page),
        Screen::Quiz(q) => quiz(app, q),
        Screen::Summary(s) => summary(app, s),
        Screen::Results(_) => results(app),
        _ => Vec::new(),
    }
}

fn glossary(app: &App) -> Vec<Item> {
    let Screen::Reader(r) = &app.screen else {
        return Vec::new();
    };
    let Some(lesson) = app.course.lesson(&r.lesson) else {
        return Vec::new();
    };
    let terms = lesson.terms.iter().filter_map(|id| app.course.term(id));
    terms
        .map(|t| Item::Term(t.term.clone(), flat(&t.definition, &[])))
        .collect()
}

/// The course map: module headings, each with its lessons numbered across the course.
pub fn map(app: &App) -> Vec<Item> {
    let rec = recommended(app);
    let mut out = Vec::new();
    let due = due_count(app);
    if due > 0 {
        out.push(Item::ReviewDue(due));
    }
    let mut n = 0;
    for (m, module) in app.course.modules.iter().enumerate() {
        let (done, total) = module_counts(app, m);
        out.push(Item::Module {
            n: m + 1,
            title: module.title.clone(),
            done,
            total,
        });
        for l in &module.lessons {
            out.push(Item::Lesson {
                n: n + 1,
                title: l.title.clone(),
                status: status(app, &l.id),
                next: rec == Some(n),
            });
            n += 1;
        }
    }
    out
}

/// A reading page: lesson title, page number, page title, then its blocks.
pub fn page(app: &App, lesson: &str, n: usize) -> Vec<Item> {
    let Some(lesson) = app.course.lesson(lesson) else {
        return Vec::new();
    };
    let Some(p) = lesson.pages.get(n) else {
        return Vec::new();
    };
    let mut out = vec![
        Item::Title(lesson.title.clone()),
        Item::Page(n + 1, lesson.pages.len()),
        Item::Heading(p.title.clone()),
    ];
    out.extend(spoken::blocks(&p.body, &p.alt).into_iter().map(Item::Block));
    out
}

/// The texts of a question's choices in screen order (true/false as booleans).
fn choices(q: &Question, st: &QuizState) -> Vec<Pick> {
    match &q.kind {
        QuestionKind::One { choices } | QuestionKind::Many { choices } => {
            super::input::shown_choices(choices, &st.input)
                .into_iter()
                .enumerate()
                .map(|(i, c)| Pick::Choice(i + 1, c.text.clone()))
                .collect()
        }
        QuestionKind::TrueFalse { .. } => vec![Pick::Bool(true), Pick::Bool(false)],
        QuestionKind::Order { items } => {
            let text = |id: &String| items.iter().find(|i| &i.id == id).map(|i| i.text.clone());
            let shown = st.input.shown.iter().filter_map(text);
            shown
                .enumerate()
                .map(|(i, t)| Pick::Choice(i + 1, t))
                .collect()
        }
        QuestionKind::Match { pairs } => pairs
            .iter()
            .enumerate()
            .map(|(i, p)| Pick::Choice(i + 1, p.left.clone()))
            .collect(),
        QuestionKind::Text { .. } => Vec::new(),
    }
}

/// A question, and after answering the learner's answer, the verdict, the right one and why.
pub fn quiz(app: &App, st: &QuizState) -> Vec<Item> {
    let Some(q) = question(app, st) else {
        return Vec::new();
    };
    let (n, total) = st.position(app);
    let mut out = Vec::new();
    if let Some(l) = app.course.lesson(&st.lesson) {
        out.push(Item::Title(l.title.clone()));
    }
    out.push(Item::Question {
        n,
        total,
        review: st.in_review(),
    });
    out.extend(
        spoken::blocks(&q.prompt, &q.alt)
            .into_iter()
            .map(Item::Block),
    );
    let Some(fb) = &st.feedback else {
        out.extend(choices(q, st).into_iter().map(Item::Choice));
        if let QuestionKind::Match { pairs } = &q.kind {
            let right = |id: &String| pairs.iter().find(|p| &p.id == id).map(|p| &p.right);
            for (i, r) in st.input.shown.iter().filter_map(right).enumerate() {
                out.push(Item::Letter(letter(i), r.clone()));
            }
        }
        for (i, h) in q.hints.iter().take(st.hints).enumerate() {
            out.push(Item::Hint(i + 1, h.clone()));
        }
        out.extend(st.notice.map(Item::Notice));
        return out;
    };
    feedback(q, st, fb, &mut out);
    out
}

/// a, b, c… for the right-hand side of match questions.
pub fn letter(i: usize) -> char {
    char::from(b'a' + (i % 26) as u8)
}

fn feedback(q: &Question, st: &QuizState, fb: &Feedback, out: &mut Vec<Item>) {
    let all = choices(q, st);
    // Choices are said by the number they were listed with (the attempt's shuffled order).
    let pick = |id: &str, list: &[crate::course::model::Choice]| {
        let i = super::input::shown_choices(list, &st.input)
            .iter()
            .position(|c| c.id == id)?;
        all.get(i).cloned()
    };
    let correct = fb.grade.correct;
    let verdict = Item::Verdict {
        correct,
        accents: fb.grade.accents_differ.clone(),
    };
    match (&q.kind, &fb.answer) {
        (QuestionKind::One { choices }, Answer::One(id)) => {
            out.push(Item::Chose(pick(id, choices).into_iter().collect()));
            out.push(verdict);
            if !correct {
                let right = choices.iter().filter(|c| c.correct);
                out.push(Item::RightIs(
                    right.filter_map(|c| pick(&c.id, choices)).collect(),
                ));
            }
            let teach = choices.iter().filter(|c| &c.id == id);
            out.extend(
                teach
                    .filter_map(|c| c.feedback.as_deref())
                    .map(|f| Item::Teach(flat(f, &[]))),
            );
        }
        (QuestionKind::Many { choices }, Answer::Many(ids)) => {
            out.push(Item::Chose(
                ids.iter().filter_map(|id| pick(id, choices)).collect(),
            ));
            out.push(verdict);
            if !correct {
                let right = choices.iter().filter(|c| c.correct);
                out.push(Item::RightIs(
                    right.filter_map(|c| pick(&c.id, choices)).collect(),
                ));
            }
            for c in choices.iter().filter(|c| ids.contains(&c.id) || c.correct) {
                if let Some(f) = &c.feedback
                    && (ids.contains(&c.id) != c.correct || correct)
                {
                    out.push(Item::Teach(flat(f, &[])));
                }
            }
        }
        (QuestionKind::TrueFalse { answer, feedback }, Answer::TrueFalse(got)) => {
            out.push(Item::Chose(vec![Pick::Bool(*got)]));
            out.push(verdict);
            if !correct {
                out.push(Item::RightIs(vec![Pick::Bool(*answer)]));
                out.extend(feedback.as_deref().map(|f| Item::Teach(flat(f, &[]))));
            }
        }
        (QuestionKind::Text { accept, .. }, Answer::Text(typed)) => {
            out.push(Item::Typed(typed.clone()));
            out.push(verdict);
            if !correct && fb.grade.accents_differ.is_none() {
                out.extend(accept.first().cloned().map(Item::Expected));
                if super::typing::keyboard_off(typed, accept) {
                    out.push(Item::KeyboardOff);
                }
            }
        }
        (QuestionKind::Order { items }, Answer::Order(ids)) => {
            let text = |id: &String| items.iter().find(|i| &i.id == id).map(|i| i.text.clone());
            out.push(Item::OrderGiven(ids.iter().filter_map(text).collect()));
            out.push(verdict);
            if !correct {
                out.push(Item::OrderRight(
                    items.iter().map(|i| i.text.clone()).collect(),
                ));
            }
        }
        (QuestionKind::Match { pairs }, Answer::Match(map)) => {
            out.push(verdict);
            for p in pairs {
                let chosen = map.get(&p.id);
                let text = chosen.and_then(|c| pairs.iter().find(|r| &r.id == c));
                out.push(Item::Pair {
                    left: p.left.clone(),
                    chosen: text.map(|r| r.right.clone()),
                    right: p.right.clone(),
                    ok: chosen == Some(&p.id),
                });
            }
        }
        _ => out.push(verdict),
    }
    if let Some(why) = &q.explanation {
        // The explanation's drawn screens take the descriptions after the prompt's.
        let alt = q.alt.get(spoken::drawn_screens(&q.prompt)..).unwrap_or(&[]);
        let mut blocks = spoken::blocks(why, alt).into_iter();
        match blocks.next() {
            Some(Block::Para(first)) => out.push(Item::Why(first)),
            Some(b) => out.push(Item::Block(b)),
            None => {}
        }
        out.extend(blocks.map(Item::Block));
    }
}

fn summary(app: &App, s: &SummaryState) -> Vec<Item> {
    let review = s.attempt == REVIEW_ATTEMPT;
    let mut out = Vec::new();
    if review {
        out.push(Item::ReviewScore(s.score, s.missed.len()));
    } else {
        let lesson = app.course.lesson(&s.lesson);
        if let Some(l) = lesson {
            out.push(Item::Title(l.title.clone()));
        }
        out.push(Item::Score {
            score: s.score,
            pass: s.pass_mark,
            counted: lesson
                .and_then(|l| super::results::in_questions(&l.quiz, s.missed.len(), s.pass_mark)),
        });
        out.push(Item::Passed(s.passed));
    }
    for key in &s.missed {
        let (lesson, q) = match review {
            true => key.split_once('/').unwrap_or(("", key)),
            false => (s.lesson.as_str(), key.as_str()),
        };
        let prompt = app.course.lesson(lesson).and_then(|l| l.quiz.question(q));
        out.extend(prompt.map(|q| Item::Missed(flat(&q.prompt, &q.alt))));
    }
    out
}

/// Lesson Markdown as one line of words (a drawn screen by its description), for naming a
/// question or saying feedback and glossary text: no `**` or fences reach plain mode or the voice.
fn flat(md: &str, alt: &[String]) -> String {
    let words = spoken::blocks(md, alt).into_iter().filter_map(|b| match b {
        Block::Heading(t) | Block::Para(t) | Block::Item(_, t) | Block::Callout(_, t) => Some(t),
        Block::Screen(t) => t,
    });
    words.collect::<Vec<_>>().join(" ")
}

fn results(app: &App) -> Vec<Item> {
    let mut out = Vec::new();
    let mut seconds = 0;
    for (m, module) in app.course.modules.iter().enumerate() {
        if !module
            .lessons
            .iter()
            .any(|l| progress(app, &l.id).is_some())
        {
            continue;
        }
        let (done, total) = module_counts(app, m);
        out.push(Item::Module {
            n: m + 1,
            title: module.title.clone(),
            done,
            total,
        });
        for l in &module.lessons {
            if let Some(p) = progress(app, &l.id) {
                seconds += p.seconds;
                out.push(Item::Result {
                    title: l.title.clone(),
                    status: p.status,
                    // In questions: a percentage is for the trainer's report.
                    score: p
                        .best_score
                        .and_then(|sc| super::results::best_in_questions(&l.quiz, sc)),
                });
            }
        }
    }
    if let Some(cert) = super::milestone::certificate(app) {
        out.insert(0, Item::Certificate(cert));
    }
    if out.len() <= 1 {
        out.push(Item::Nothing);
        return out;
    }
    out.push(Item::Time(seconds.div_ceil(60)));
    let (soon, learning, learnt) = crate::progress::review::tally(&cards(app));
    out.push(Item::Review(soon, learning, learnt));
    out
}
