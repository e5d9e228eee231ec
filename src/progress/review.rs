//! Spaced review ("Ôn tập"): which questions come back today, worked out from the answers.
//!
//! Each question a learner has answered sits in a Leitner box. A question missed in a quiz goes
//! to box 1 (back tomorrow); one right at its first try goes to box 4 (back in three weeks, so
//! what was known is seen again, less often). In review, a right answer moves it up one box, a
//! wrong one back to box 1; past the last box it is retired. Box n comes back after
//! [`INTERVALS_DAYS`]`[n-1]` days, counted in calendar days where the learner lives.
//!
//! Nothing here is stored: the boxes follow from the quiz answers and the review answers in the
//! learner file, replayed in time order. So merging two copies of a learner (import, sync) is
//! just the union of their answers, and the schedule of the merged file is well defined.
//! Pure: the time zone and "now" are passed in.

use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

use super::model::CourseProgress;
use crate::course::model::Course;

/// Days until a question in box n (1-based) comes back.
pub const INTERVALS_DAYS: [i32; 5] = [1, 3, 7, 21, 60];
/// The box of a question answered right at its first try in a quiz.
pub const FIRST_RIGHT_BOX: u8 = 4;
/// At most this many questions in one review.
pub const SESSION_SIZE: usize = 10;

/// One question's place in the schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    pub lesson: String,
    pub question: String,
    /// 1..=5; 6 means retired (learnt).
    pub level: u8,
    /// The day it comes back (none once retired).
    pub due: Option<Date>,
    /// The last answer to it (quiz or review) was wrong.
    pub last_wrong: bool,
    /// Answers given to it in review.
    pub reviews: usize,
    /// Wrong answers given to it in review.
    pub review_misses: usize,
}

impl Card {
    pub fn retired(&self) -> bool {
        self.level as usize > INTERVALS_DAYS.len()
    }

    pub fn is_due(&self, today: Date) -> bool {
        self.due.is_some_and(|d| d <= today)
    }
}

#[derive(Clone, Copy)]
enum Source {
    Quiz,
    Review,
}

/// One answer to a question: when, right or not, and where it was given.
type Event = (Timestamp, bool, Source);

/// Every answered question of `course` with its box, in course order.
pub fn cards(course: &Course, progress: &CourseProgress, tz: &TimeZone) -> Vec<Card> {
    // (lesson, question) → answers in time order.
    let mut events: BTreeMap<(&str, &str), Vec<Event>> = BTreeMap::new();
    for (lesson, lp) in &progress.lessons {
        for attempt in &lp.attempts {
            for (q, rec) in &attempt.answers {
                events
                    .entry((lesson, q))
                    .or_default()
                    .push((rec.at, rec.correct, Source::Quiz));
            }
        }
    }
    for r in &progress.review {
        events
            .entry((&r.lesson, &r.question))
            .or_default()
            .push((r.at, r.correct, Source::Review));
    }
    let mut out = Vec::new();
    for module in &course.modules {
        for lesson in &module.lessons {
            for q in &lesson.quiz.questions {
                let Some(evs) = events.get_mut(&(lesson.id.as_str(), q.id.as_str())) else {
                    continue;
                };
                evs.sort_by_key(|(at, _, _)| *at);
                out.push(replay(&lesson.id, &q.id, evs, tz));
            }
        }
    }
    out
}

fn replay(lesson: &str, question: &str, evs: &[Event], tz: &TimeZone) -> Card {
    let mut level: Option<u8> = None;
    let mut last_at = None;
    let (mut reviews, mut review_misses) = (0, 0);
    let mut last_wrong = false;
    for &(at, correct, source) in evs {
        last_wrong = !correct;
        level = Some(match (source, correct, level) {
            (Source::Quiz, false, _) | (Source::Review, false, _) => 1,
            (Source::Quiz, true, None) => FIRST_RIGHT_BOX,
            // A right answer in a quiz retry does not promote: that is what review is for.
            (Source::Quiz, true, Some(l)) => l,
            (Source::Review, true, l) => l.unwrap_or(FIRST_RIGHT_BOX - 1) + 1,
        });
        if let Source::Review = source {
            reviews += 1;
            review_misses += usize::from(!correct);
        }
        // A quiz retry the same day does not push the review day back.
        if !(matches!(source, Source::Quiz) && correct && last_at.is_some()) {
            last_at = Some(at);
        }
    }
    let level = level.unwrap_or(1);
    let due = match (INTERVALS_DAYS.get(usize::from(level.max(1)) - 1), last_at) {
        (Some(days), Some(at)) => at
            .to_zoned_datetime(tz.clone())
            .date()
            .checked_add(jiff::Span::new().days(*days))
            .ok(),
        _ => None,
    };
    Card {
        lesson: lesson.to_string(),
        question: question.to_string(),
        level,
        due,
        last_wrong,
        reviews,
        review_misses,
    }
}

/// The day `now` falls on where the learner is.
pub fn today(now: Timestamp, tz: &TimeZone) -> Date {
    now.to_zoned_datetime(tz.clone()).date()
}

/// Questions due by `today`: lowest box first, then the longest overdue, then course order.
pub fn due(cards: &[Card], today: Date) -> Vec<&Card> {
    let mut due: Vec<(usize, &Card)> = cards
        .iter()
        .enumerate()
        .filter(|(_, c)| c.is_due(today))
        .collect();
    due.sort_by_key(|(i, c)| (c.level, c.due, *i));
    due.into_iter().map(|(_, c)| c).collect()
}

/// Counts for "Kết quả của tôi": (to review soon: boxes 1–2, being learnt: 3–5, learnt).
pub fn tally(cards: &[Card]) -> (usize, usize, usize) {
    let soon = cards.iter().filter(|c| c.level <= 2).count();
    let learnt = cards.iter().filter(|c| c.retired()).count();
    (soon, cards.len() - soon - learnt, learnt)
}
