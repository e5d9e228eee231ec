//! The course map: modules with progress, lessons with status, and "Tiếp tục".

use jiff::Timestamp;

use super::{Action, App, Effect, Screen, quiz, reader, record};
use crate::progress::model::{LessonProgress, LessonStatus, Place};

/// Map state: the selected lesson, as an index into the course's lessons in order, and the
/// first row of the list on view (rows count module headings too).
///
/// The list scrolls only as far as the selection needs: a click on a row in view selects it
/// and leaves every row where it was, so the next click lands on what the pointer is over.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MapState {
    pub selected: usize,
    pub top: usize,
}

impl MapState {
    /// Selection on the recommended lesson.
    pub fn recommended(app: &App) -> MapState {
        MapState {
            selected: recommended(app).unwrap_or(0),
            top: 0,
        }
    }
}

/// The list's row of lesson `idx` (module headings come before their lessons), and the number
/// of rows.
pub fn row_of(app: &App, idx: usize) -> (usize, usize) {
    let mut row = 0;
    let mut flat = 0;
    let mut found = None;
    for m in &app.course.modules {
        row += 1;
        for _ in &m.lessons {
            if flat == idx {
                found = Some(row);
            }
            row += 1;
            flat += 1;
        }
    }
    (found.unwrap_or(0), row)
}

/// Lines above the list: questions due for review, then the way to the certificate; each
/// only when the body is taller than 8 rows (as the renderer draws them).
pub fn head_lines(app: &App, body: u16) -> u16 {
    let mut h = body;
    if super::review::due_count(app) > 0 && h > 8 {
        h -= 1;
    }
    if super::milestone::certificate(app).is_some() && h > 8 {
        h -= 1;
    }
    body - h
}

/// Rows under the list for the selected lesson's detail.
pub fn detail_lines(list_and_detail: u16) -> u16 {
    if list_and_detail >= 14 { 2 } else { 1 }
}

/// Rows of the list in a body `body` rows tall.
pub fn list_height(app: &App, body: u16) -> usize {
    let rest = body - head_lines(app, body);
    usize::from(rest.saturating_sub(detail_lines(rest))).max(1)
}

/// The first row shown so that `sel` is in view, moving `top` as little as possible.
pub fn keep_in_view(top: usize, sel: usize, h: usize, rows: usize) -> usize {
    let h = h.max(1);
    let top = if sel < top {
        sel
    } else if sel >= top + h {
        sel + 1 - h
    } else {
        top
    };
    top.min(rows.saturating_sub(h))
}

/// After a message: the map's list follows its selection (the window's body is the terminal
/// less the header row and the footer).
pub(super) fn follow(app: &mut App) {
    let Screen::Map(m) = &app.screen else {
        return;
    };
    let body = app
        .size
        .1
        .saturating_sub(super::footer_height(app.size.0) + 1);
    let h = list_height(app, body);
    let (sel, rows) = row_of(app, m.selected);
    // The first lesson of a module brings its module's heading into view with it.
    let first = app
        .course
        .modules
        .iter()
        .scan(0, |n, md| {
            let at = *n;
            *n += md.lessons.len();
            Some(at)
        })
        .any(|at| at == m.selected);
    let top = match first {
        true => keep_in_view(m.top, sel.saturating_sub(1), h, rows),
        false => m.top,
    };
    let top = keep_in_view(top, sel, h, rows);
    if let Screen::Map(m) = &mut app.screen {
        m.top = top;
    }
}

/// The learner's progress in a lesson, if any.
pub fn progress<'a>(app: &'a App, lesson_id: &str) -> Option<&'a LessonProgress> {
    record::lesson(app.learner.as_ref()?, &app.course.id, lesson_id)
}

/// Status of a lesson for the map.
pub fn status(app: &App, lesson_id: &str) -> LessonStatus {
    progress(app, lesson_id)
        .map(|p| p.status)
        .unwrap_or_default()
}

/// Index of the lesson to do next: where the learner stopped, else the first not done.
pub fn recommended(app: &App) -> Option<usize> {
    let lessons: Vec<&str> = app.course.lessons().map(|(_, l)| l.id.as_str()).collect();
    if let Some(r) = resume(app)
        && let Some(i) = lessons.iter().position(|l| *l == r.0)
    {
        return Some(i);
    }
    lessons
        .iter()
        .position(|l| status(app, l) != LessonStatus::Done)
}

/// Where "Tiếp tục" goes: lesson id and place.
pub fn resume(app: &App) -> Option<(String, Place)> {
    let r = app
        .learner
        .as_ref()?
        .courses
        .get(&app.course.id)?
        .resume
        .as_ref()?;
    app.course.lesson(&r.lesson)?;
    // A passed quiz's summary is not worth returning to: go on to the next lesson instead.
    if matches!(r.place, Place::Summary { .. }) && status(app, &r.lesson) == LessonStatus::Done {
        return None;
    }
    Some((r.lesson.clone(), r.place.clone()))
}

/// Done lessons and all lessons of a module, for its gauge.
pub fn module_counts(app: &App, module: usize) -> (usize, usize) {
    let Some(m) = app.course.modules.get(module) else {
        return (0, 0);
    };
    let done = m
        .lessons
        .iter()
        .filter(|l| status(app, &l.id) == LessonStatus::Done)
        .count();
    (done, m.lessons.len())
}

/// A gauge ratio that cannot panic ratatui (NaN or > 1).
pub fn ratio(done: usize, total: usize) -> f64 {
    if total == 0 {
        return 0.0;
    }
    (done as f64 / total as f64).clamp(0.0, 1.0)
}

pub(super) fn act(app: &mut App, a: Action, at: Timestamp) -> Vec<Effect> {
    let n = app.course.lessons().count();
    let Screen::Map(m) = &mut app.screen else {
        return Vec::new();
    };
    match a {
        Action::Up => m.selected = m.selected.saturating_sub(1),
        Action::Down => m.selected = (m.selected + 1).min(n.saturating_sub(1)),
        Action::PageUp => m.selected = m.selected.saturating_sub(5),
        Action::PageDown => m.selected = (m.selected + 5).min(n.saturating_sub(1)),
        Action::Home => m.selected = 0,
        Action::End => m.selected = n.saturating_sub(1),
        Action::Confirm | Action::Right => {
            let sel = m.selected;
            let Some(id) = app.course.lessons().nth(sel).map(|(_, l)| l.id.clone()) else {
                return Vec::new();
            };
            if resume(app).is_some_and(|(l, _)| l == id) {
                return continue_(app, at);
            }
            let page = match progress(app, &id) {
                Some(p) if p.status != LessonStatus::Done => p.page,
                _ => 0,
            };
            return reader::open(app, &id, page, at);
        }
        Action::Continue => return continue_(app, at),
        Action::Settings => app.screen = Screen::Settings(0),
        Action::Review => return super::review::start(app, at),
        Action::Results => app.screen = Screen::Results(0),
        Action::Back if app.preview.is_some() => {
            app.quitting = true;
            return vec![Effect::Quit];
        }
        Action::Back => return super::to_picker(app),
        _ => {}
    }
    Vec::new()
}

/// Goes exactly where the learner stopped: a page, a quiz question, or a quiz summary.
pub fn continue_(app: &mut App, at: Timestamp) -> Vec<Effect> {
    match resume(app) {
        Some((lesson, Place::Page { page })) => reader::open(app, &lesson, page, at),
        // An attempt whose last answer was saved but not yet scored is finished on the way.
        Some((lesson, Place::Question { attempt, .. } | Place::Summary { attempt })) => {
            quiz::resume(app, &lesson, &attempt, at)
        }
        None => {
            let Some(i) = recommended(app) else {
                return Vec::new();
            };
            let Some(id) = app.course.lessons().nth(i).map(|(_, l)| l.id.clone()) else {
                return Vec::new();
            };
            reader::open(app, &id, 0, at)
        }
    }
}
