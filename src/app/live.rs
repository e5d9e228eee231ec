//! Which keys act on the screen now. The footer and the help screen list only these, so a
//! learner never presses a key that was shown and then does nothing ("G Gợi ý" on a question
//! without a hint, "O Ôn tập" with nothing due, "R/A" at the end of a review).

use super::{Action, App, Screen, quiz, review};

/// True when `a` would do something on the screen on view now.
pub fn acts(app: &App, a: Action) -> bool {
    match (a, &app.screen) {
        (Action::Hint, Screen::Quiz(q)) => {
            quiz::question(app, q).is_some_and(|question| q.hints < question.hints.len())
        }
        (Action::Review, Screen::Map(_)) => {
            app.review
                .as_ref()
                .is_some_and(|run| run.pos < run.queue.len())
                || review::due_count(app) > 0
        }
        (Action::RetryMissed, Screen::Summary(s)) => {
            s.attempt != review::REVIEW_ATTEMPT && !s.missed.is_empty()
        }
        (Action::RetryAll, Screen::Summary(s)) => s.attempt != review::REVIEW_ATTEMPT,
        _ => true,
    }
}
