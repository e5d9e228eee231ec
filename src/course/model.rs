//! The checked course model: what the rest of hocso sees once lesson files have loaded cleanly.
//!
//! Every string here is NFC, tab-expanded and free of control characters; every id is unique where
//! the format says it must be. Nothing in this module touches files, the terminal or the clock.

pub use super::raw::{MatchMode, QuestionKindName, QuizOrder};

/// Default pass mark (percent) when neither the course nor the quiz sets one.
pub const DEFAULT_PASS_MARK: u8 = 70;

/// A whole course: modules in teaching order plus the merged glossary.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Course {
    pub id: String,
    pub title: String,
    pub description: String,
    /// Module ids a learner must pass for a certificate; empty means every module.
    pub required_modules: Vec<String>,
    /// A phone number for learners at home who need help (`help_phone` in course.yaml).
    pub help_phone: Option<String>,
    pub modules: Vec<Module>,
    pub glossary: Vec<Term>,
}

/// One module (chương) and its lessons in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Module {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub lessons: Vec<Lesson>,
}

/// One lesson: reading pages, then a quiz.
#[derive(Debug, Clone, PartialEq)]
pub struct Lesson {
    pub id: String,
    pub title: String,
    pub minutes: Option<u32>,
    /// Month the facts were last checked, `YYYY-MM` (trainer-facing only).
    pub as_of: Option<String>,
    /// Where the facts come from (trainer-facing only).
    pub sources: Vec<String>,
    pub objectives: Vec<String>,
    /// Glossary term ids, all present in [`Course::glossary`].
    pub terms: Vec<String>,
    pub pages: Vec<Page>,
    pub quiz: Quiz,
}

/// One page of reading; `body` is Markdown.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub title: String,
    pub body: String,
    /// One description per drawn screen (fenced block) of `body`, in order; said instead of
    /// the drawing by the plain mode and read-aloud.
    pub alt: Vec<String>,
}

/// The quiz at the end of a lesson (possibly with no questions).
#[derive(Debug, Clone, PartialEq)]
pub struct Quiz {
    /// Percent, 0..=100.
    pub pass_mark: u8,
    pub order: QuizOrder,
    pub questions: Vec<Question>,
}

/// One question; what is specific to its kind lives in [`QuestionKind`].
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    pub id: String,
    pub prompt: String,
    pub explanation: Option<String>,
    /// One description per drawn screen of `prompt`, then of `explanation`, in order (as
    /// [`Page::alt`]).
    pub alt: Vec<String>,
    pub hints: Vec<String>,
    pub points: u32,
    /// `one`/`many`: show the choices in an order shuffled per attempt (the default); false keeps
    /// the file order (choices such as "Cả hai ý trên" name others by position).
    pub shuffle_choices: bool,
    pub kind: QuestionKind,
}

/// The kind-specific part of a question.
#[derive(Debug, Clone, PartialEq)]
pub enum QuestionKind {
    /// Exactly one choice is correct.
    One { choices: Vec<Choice> },
    /// One or more choices are correct; the learner must pick exactly those.
    Many { choices: Vec<Choice> },
    /// A statement that is true or false; `feedback` is shown when the learner is wrong.
    TrueFalse {
        answer: bool,
        feedback: Option<String>,
    },
    /// A typed short answer.
    Text {
        accept: Vec<String>,
        match_mode: MatchMode,
    },
    /// Items listed in their correct order.
    Order { items: Vec<Item> },
    /// Correct left–right pairs.
    Match { pairs: Vec<Pair> },
}

impl QuestionKind {
    /// The kind's name as written in lesson files.
    pub fn name(&self) -> QuestionKindName {
        match self {
            QuestionKind::One { .. } => QuestionKindName::One,
            QuestionKind::Many { .. } => QuestionKindName::Many,
            QuestionKind::TrueFalse { .. } => QuestionKindName::TrueFalse,
            QuestionKind::Text { .. } => QuestionKindName::Text,
            QuestionKind::Order { .. } => QuestionKindName::Order,
            QuestionKind::Match { .. } => QuestionKindName::Match,
        }
    }
}

/// A choice of a `one` or `many` question.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub id: String,
    pub text: String,
    pub correct: bool,
    pub feedback: Option<String>,
}

/// An item of an `order` question.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub id: String,
    pub text: String,
}

/// A correct pair of a `match` question.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    pub id: String,
    pub left: String,
    pub right: String,
}

/// A glossary entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    pub id: String,
    pub term: String,
    pub definition: String,
    pub english: Option<String>,
    pub aliases: Vec<String>,
    /// How the term is said aloud, when a Vietnamese voice would get it wrong.
    pub say: Option<String>,
    /// How `english` is said when met in parentheses; without it the gloss is skipped.
    pub say_english: Option<String>,
}

impl Course {
    /// Every lesson in course order, with the module it belongs to.
    pub fn lessons(&self) -> impl Iterator<Item = (&Module, &Lesson)> {
        self.modules
            .iter()
            .flat_map(|m| m.lessons.iter().map(move |l| (m, l)))
    }

    /// The lesson with this id, if any.
    pub fn lesson(&self, id: &str) -> Option<&Lesson> {
        self.lessons().map(|(_, l)| l).find(|l| l.id == id)
    }

    /// The glossary entry with this id, if any.
    pub fn term(&self, id: &str) -> Option<&Term> {
        self.glossary.iter().find(|t| t.id == id)
    }
}

impl Quiz {
    /// The question with this id, if any.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// Sum of the points of all questions.
    pub fn total_points(&self) -> u32 {
        self.questions.iter().map(|q| q.points).sum()
    }
}
