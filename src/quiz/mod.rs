//! Quizzes: what a learner answered ([`Answer`]) and grading it against a question.

pub mod answer;
pub mod grade;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A learner's answer to one question, keyed by ids (never by positions on screen), so it
/// survives a trainer reordering choices, items or pairs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Answer {
    /// `one`: the chosen choice id.
    One(String),
    /// `many`: the chosen choice ids (sorted, no duplicates).
    Many(Vec<String>),
    /// `true_false`.
    TrueFalse(bool),
    /// `text`: what was typed, NFC-normalised and trimmed on submit.
    Text(String),
    /// `order`: item ids in the order the learner put them.
    Order(Vec<String>),
    /// `match`: left pair id → the pair id whose right side the learner chose.
    Match(BTreeMap<String, String>),
}
