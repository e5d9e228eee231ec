//! "Kết quả của tôi": the learner's own results, to show a trainer or family. Read-only.

use super::{Action, App, Effect, MapState, Screen};

pub(super) fn act(app: &mut App, a: Action) -> Vec<Effect> {
    let Screen::Results(scroll) = &mut app.screen else {
        return Vec::new();
    };
    match a {
        Action::Up => *scroll = scroll.saturating_sub(1),
        Action::Down => *scroll += 1,
        Action::PageUp => *scroll = scroll.saturating_sub(10),
        Action::PageDown => *scroll += 10,
        Action::Back | Action::Confirm => app.screen = Screen::Map(MapState::recommended(app)),
        _ => {}
    }
    Vec::new()
}

/// A quiz result in questions rather than points: (right, total, needed to pass). `None` when
/// the questions do not all count the same (then only points say it exactly). The pass rule is
/// the one scores use: right × 100 / total, rounded down, at least the pass mark.
pub fn in_questions(
    quiz: &crate::course::model::Quiz,
    missed: usize,
    pass_mark: u8,
) -> Option<(usize, usize, usize)> {
    let first = quiz.questions.first()?.points;
    if quiz.questions.iter().any(|q| q.points != first) {
        return None;
    }
    let total = quiz.questions.len();
    let need = (usize::from(pass_mark) * total).div_ceil(100);
    Some((total.saturating_sub(missed), total, need))
}

/// A best score (percent) back in questions: (right, total). `None` when the questions do not
/// all count the same. Scores are right × 100 / total rounded down, so for fewer than 100
/// questions the smallest count that gives the score is the count itself.
pub fn best_in_questions(quiz: &crate::course::model::Quiz, score: u8) -> Option<(usize, usize)> {
    let first = quiz.questions.first()?.points;
    if quiz.questions.iter().any(|q| q.points != first) || quiz.questions.len() >= 100 {
        return None;
    }
    let total = quiz.questions.len();
    let right = (usize::from(score) * total).div_ceil(100).min(total);
    Some((right, total))
}
