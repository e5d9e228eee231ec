//! The answer being entered for the question on screen: choices, typed text, order and match
//! picks, and turning key actions into a complete [`Answer`].

use std::collections::BTreeMap;

use super::Action;
use crate::course::model::{Choice, Question, QuestionKind};
use crate::quiz::Answer;

/// What the learner has entered so far for the question on screen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Input {
    /// Highlighted row.
    pub cursor: usize,
    /// `one` / `many` / `true_false` (Đúng, Sai): which rows are chosen.
    pub chosen: Vec<bool>,
    /// `text`: the typed line (normalised only on submit).
    pub text: String,
    /// `one` / `many`: choice ids as listed (empty: file order); `order`: item ids as listed;
    /// `match`: right-side pair ids as listed.
    pub shown: Vec<String>,
    /// `order`: item ids in the order picked; `match`: the right id picked for each left in turn.
    pub placed: Vec<String>,
}

/// The choices of a `one` / `many` question in the order they are listed on screen: rows, numbers
/// and the chosen flags all follow this order, answers and feedback name choices by id.
pub fn shown_choices<'a>(choices: &'a [Choice], inp: &Input) -> Vec<&'a Choice> {
    if inp.shown.is_empty() {
        return choices.iter().collect();
    }
    inp.shown
        .iter()
        .filter_map(|id| choices.iter().find(|c| &c.id == id))
        .collect()
}

/// Applies one action to the input; returns the answer when the learner submits a complete one.
/// `notice` is the short word shown when a key cannot act (the quiz screen's).
pub(super) fn edit(
    inp: &mut Input,
    notice: &mut Option<&'static str>,
    question: &Question,
    a: Action,
) -> Option<Answer> {
    let rows = match &question.kind {
        QuestionKind::One { choices } | QuestionKind::Many { choices } => choices.len(),
        QuestionKind::TrueFalse { .. } => 2,
        QuestionKind::Order { items } => items.len(),
        QuestionKind::Match { pairs } => pairs.len(),
        QuestionKind::Text { .. } => 0,
    };
    match a {
        Action::Up => inp.cursor = inp.cursor.saturating_sub(1),
        Action::Down => inp.cursor = (inp.cursor + 1).min(rows.saturating_sub(1)),
        _ => {}
    }
    let pick = match a {
        Action::Pick(n) if (1..=rows).contains(&usize::from(n)) => Some(usize::from(n) - 1),
        _ => None,
    };
    if let Some(i) = pick {
        inp.cursor = i;
    } else if matches!(a, Action::Pick(_)) {
        // "7" when there are 2 choices: say which keys work.
        *notice = Some("quiz.no_such_choice");
        return None;
    }
    match &question.kind {
        // Radio rows: arrows and numbers choose; Enter answers only once something is chosen,
        // so a double-pressed Enter from the previous question cannot answer this one.
        QuestionKind::One { .. } | QuestionKind::TrueFalse { .. } => {
            if pick.is_some() || matches!(a, Action::Toggle | Action::Up | Action::Down) {
                inp.chosen = (0..rows).map(|i| i == inp.cursor).collect();
            }
            if a == Action::Confirm {
                let Some(i) = inp.chosen.iter().position(|c| *c) else {
                    *notice = Some("quiz.choose_first");
                    return None;
                };
                return match &question.kind {
                    QuestionKind::One { choices } => shown_choices(choices, inp)
                        .get(i)
                        .map(|c| Answer::One(c.id.clone())),
                    _ => Some(Answer::TrueFalse(i == 0)),
                };
            }
        }
        QuestionKind::Many { choices } => {
            if (pick.is_some() || a == Action::Toggle)
                && let Some(c) = inp.chosen.get_mut(inp.cursor)
            {
                *c = !*c;
            }
            if a == Action::Confirm {
                let ids: Vec<String> = shown_choices(choices, inp)
                    .into_iter()
                    .zip(&inp.chosen)
                    .filter(|(_, on)| **on)
                    .map(|(c, _)| c.id.clone())
                    .collect();
                if ids.is_empty() {
                    *notice = Some("quiz.choose_one");
                    return None;
                }
                let mut ids = ids;
                ids.sort();
                return Some(Answer::Many(ids));
            }
        }
        QuestionKind::Text { .. } => match a {
            Action::Type(c) => inp.text.push(c),
            Action::Erase => {
                inp.text.pop();
            }
            Action::Confirm if inp.text.trim().is_empty() => *notice = Some("quiz.type_first"),
            Action::Confirm => return Some(Answer::Text(crate::quiz::answer::tidy(&inp.text))),
            _ => {}
        },
        QuestionKind::Order { .. } => {
            let total = inp.shown.len();
            if place(inp, notice, a, pick, total, false, "quiz.already_placed") {
                return Some(Answer::Order(inp.placed.clone()));
            }
        }
        QuestionKind::Match { pairs } => {
            if place(inp, notice, a, pick, pairs.len(), true, "quiz.already_used") {
                let map: BTreeMap<String, String> = pairs
                    .iter()
                    .zip(&inp.placed)
                    .map(|(p, r)| (p.id.clone(), r.clone()))
                    .collect();
                return Some(Answer::Match(map));
            }
        }
    }
    None
}

/// Order and match share one way of answering: pick by number (or Enter/Space on the cursor) what
/// comes next, Backspace takes the last pick back. Returns true when the learner submits a
/// complete answer. Once everything is placed, `ignore_picks_when_complete` makes further picks
/// do nothing (match) instead of saying the item is already placed (order).
fn place(
    inp: &mut Input,
    notice: &mut Option<&'static str>,
    a: Action,
    pick: Option<usize>,
    total: usize,
    ignore_picks_when_complete: bool,
    already: &'static str,
) -> bool {
    let complete = inp.placed.len() == total;
    let target = match a {
        _ if pick.is_some() => pick,
        Action::Confirm | Action::Toggle if !complete => Some(inp.cursor),
        _ => None,
    };
    if let Some(i) = target
        && !(complete && ignore_picks_when_complete)
        && let Some(id) = inp.shown.get(i)
    {
        if inp.placed.contains(id) {
            *notice = Some(already);
        } else {
            inp.placed.push(id.clone());
            // Move the cursor to the first entry still free.
            if let Some(n) = inp.shown.iter().position(|s| !inp.placed.contains(s)) {
                inp.cursor = n;
            }
        }
        return false;
    }
    if a == Action::Erase {
        inp.placed.pop();
    }
    a == Action::Confirm && complete
}
