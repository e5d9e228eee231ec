//! The lesson reader: one page at a time, scrollable, progress saved on every page turn.

use jiff::Timestamp;

use super::doc::{self, Line};
use super::{Action, App, Effect, MapState, Overlay, Screen, quiz, record};
use crate::course::model::Lesson;

/// Reader state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReaderState {
    pub lesson: String,
    pub page: usize,
    /// First body line shown.
    pub scroll: usize,
}

/// Text width of the page body for a terminal this wide (pages are written for 72 columns).
pub fn body_width(cols: u16) -> usize {
    usize::from(cols.saturating_sub(4)).clamp(10, 76)
}

/// Rows for the page body: the terminal minus header, page title, a spacer line and the key
/// footer.
pub fn body_height((cols, rows): (u16, u16)) -> usize {
    usize::from(rows.saturating_sub(3 + super::footer_height(cols))).max(1)
}

/// Words to highlight on this lesson's pages: its glossary terms and their aliases.
pub fn term_words(app: &App, lesson: &Lesson) -> Vec<String> {
    lesson
        .terms
        .iter()
        .filter_map(|id| app.course.term(id))
        .flat_map(|t| std::iter::once(t.term.clone()).chain(t.aliases.iter().cloned()))
        .collect()
}

/// The page body, wrapped for the current terminal.
pub fn page_lines(app: &App, r: &ReaderState) -> Vec<Line> {
    let Some(lesson) = app.course.lesson(&r.lesson) else {
        return Vec::new();
    };
    let Some(page) = lesson.pages.get(r.page) else {
        return Vec::new();
    };
    doc::render(&page.body, &term_words(app, lesson), body_width(app.size.0))
}

fn max_scroll(app: &App, r: &ReaderState) -> usize {
    page_lines(app, r)
        .len()
        .saturating_sub(body_height(app.size))
}

/// Keeps the scroll position inside the page after a resize.
pub fn clamp(app: &mut App) {
    if let Screen::Reader(r) = &app.screen {
        let max = max_scroll(app, r);
        if let Screen::Reader(r) = &mut app.screen {
            r.scroll = r.scroll.min(max);
        }
    }
}

/// Opens a lesson at `page` (clamped) and records it.
pub fn open(app: &mut App, lesson_id: &str, page: usize, at: Timestamp) -> Vec<Effect> {
    let Some(lesson) = app.course.lesson(lesson_id) else {
        return Vec::new();
    };
    let page = page.min(lesson.pages.len().saturating_sub(1));
    app.screen = Screen::Reader(ReaderState {
        lesson: lesson_id.to_string(),
        page,
        scroll: 0,
    });
    turn(app, page, at)
}

fn turn(app: &mut App, page: usize, at: Timestamp) -> Vec<Effect> {
    let course = app.course.id.clone();
    let Screen::Reader(r) = &mut app.screen else {
        return Vec::new();
    };
    r.page = page;
    r.scroll = 0;
    let lesson = r.lesson.clone();
    // A lesson opened from an answer ("Xem bài", in a quiz or a review) is a side trip: it never
    // moves "Tiếp tục" or "★ nên học" away from where the learner really is.
    if app.back_to.is_some() {
        return Vec::new();
    }
    match app.learner.as_mut() {
        Some(lf) => {
            record::turn_page(lf, &course, &lesson, page, at);
            vec![Effect::Save]
        }
        None => Vec::new(),
    }
}

pub(super) fn act(app: &mut App, a: Action, at: Timestamp) -> Vec<Effect> {
    let Screen::Reader(r) = &app.screen else {
        return Vec::new();
    };
    let r = r.clone();
    let Some(lesson) = app.course.lesson(&r.lesson) else {
        return Vec::new();
    };
    let pages = lesson.pages.len();
    let has_terms = !lesson.terms.is_empty();
    let max = max_scroll(app, &r);
    let step = body_height(app.size).saturating_sub(1).max(1);
    let set_scroll = |app: &mut App, s: usize| {
        if let Screen::Reader(r) = &mut app.screen {
            r.scroll = s.min(max);
        }
    };
    match a {
        Action::Up => set_scroll(app, r.scroll.saturating_sub(1)),
        Action::Down => set_scroll(app, r.scroll + 1),
        // Page keys scroll a long page first, then turn it, like a book.
        Action::PageDown if r.scroll < max => set_scroll(app, r.scroll + step),
        Action::PageUp if r.scroll > 0 => set_scroll(app, r.scroll.saturating_sub(step)),
        Action::Right | Action::PageDown | Action::Confirm => {
            if r.page + 1 < pages {
                return turn(app, r.page + 1, at);
            }
            // Opened from an answer ("Xem bài"): the end of the lesson goes back there.
            if let Some(back) = app.back_to.take() {
                app.screen = *back;
                return vec![Effect::Save];
            }
            return quiz::start(app, &r.lesson, None, at);
        }
        Action::Left | Action::PageUp if r.page > 0 => return turn(app, r.page - 1, at),
        Action::Glossary if has_terms => app.overlay = Some(Overlay::Glossary),
        Action::Back => {
            app.screen = match app.back_to.take() {
                Some(back) => *back,
                None => Screen::Map(MapState::recommended(app)),
            };
            return vec![Effect::Save];
        }
        _ => {}
    }
    Vec::new()
}
