//! The course map: modules with progress, lessons with status, and "Tiếp tục".

use jiff::Timestamp;

use super::{Action, App, Effect, Screen, quiz, reader, record};
use crate::progress::model::{LessonProgress, LessonStatus, Place};

/// Map state: the selected lesson, as an index into the course's lessons in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MapState {
    pub selected: usize,
}

impl MapState {
    /// Selection on the recommended lesson.
    pub fn recommended(app: &App) -> MapState {
        MapState {
            selected: recommended(app).unwrap_or(0),
        }
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
