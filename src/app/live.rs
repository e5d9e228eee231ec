//! Which keys act on the screen now. The footer and the help screen list only these, so a
//! learner never presses a key that was shown and then does nothing ("G Gợi ý" on a question
//! without a hint, "O Ôn câu cũ" with nothing due, "R/A" at the end of a review).

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
        // A learner's phone is not the trainer's PC.
        (Action::ClassView, _) => !app.remote,
        _ => true,
    }
}

/// What a key does here now when that differs from its usual words (an i18n `do.` key): in a
/// lesson opened from an answer ("Xem bài"), Q and → on the last page go back to the question,
/// so the footer and help say so instead of "Về danh sách bài" / "Trang sau"; otherwise → on
/// the last page starts the quiz ("do.to_quiz": the UI adds how many questions and how many
/// must be right).
pub fn meaning(app: &App, a: Action) -> Option<&'static str> {
    let Screen::Reader(r) = &app.screen else {
        return None;
    };
    let lesson = app.course.lesson(&r.lesson);
    let last = lesson.is_none_or(|l| r.page + 1 >= l.pages.len());
    let quiz = lesson.is_some_and(|l| !l.quiz.questions.is_empty());
    match (a, app.back_to.is_some()) {
        (Action::Back, true) => Some("do.back_to_question"),
        (Action::Right, true) if last => Some("do.back_to_question"),
        (Action::Right, false) if last && quiz => Some("do.to_quiz"),
        _ => None,
    }
}
