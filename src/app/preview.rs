//! Author preview: one lesson shown as a learner sees it, with an in-memory learner that is
//! never saved, reloaded when the file changes, and the validator's messages while it is broken.

use jiff::Timestamp;

use super::{App, Effect, Screen, quiz, reader};
use crate::course::model::Course;
use crate::progress::model::{LearnerFile, PROGRESS_FORMAT, Profile};
use crate::ui::lang::Lang;

/// The preview's own state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Preview {
    /// The lesson file as the author named it.
    pub file: String,
    /// The validator's lines (already in the author's language) while the file is broken.
    pub diagnostics: Vec<String>,
    /// The validator's warnings about the lesson on screen (it works, but something is
    /// probably a mistake): counted in the header, shown in a notice when they change.
    pub warnings: Vec<String>,
}

impl Preview {
    pub fn broken(&self) -> bool {
        !self.diagnostics.is_empty()
    }
}

impl App {
    /// An app previewing one lesson file; send `LessonReloaded` with its contents.
    pub fn preview(file: String, lang: Lang, seed: u64) -> App {
        let empty = Course::default();
        let mut app = App::new(empty, Vec::new(), lang, seed);
        app.preview = Some(Preview {
            file,
            ..Preview::default()
        });
        app
    }
}

/// A blank learner that lives only in memory, so the quiz works as for a real learner.
fn scratch_learner(name: &str, at: Timestamp) -> LearnerFile {
    LearnerFile {
        format: PROGRESS_FORMAT,
        profile: Profile {
            id: "preview".into(),
            name: name.into(),
            birth_year: None,
            group: None,
            created: at,
        },
        settings: Default::default(),
        courses: Default::default(),
    }
}

/// The file was (re)read: a one-lesson course, or the validator's lines.
pub(super) fn reloaded(app: &mut App, result: Result<Course, Vec<String>>, at: Timestamp) {
    let Some(p) = app.preview.as_mut() else {
        return;
    };
    let course = match result {
        Ok(c) => c,
        Err(lines) => {
            // The last good version stays behind the messages; the author sees both on fixing.
            p.diagnostics = lines;
            // Nothing may hide the messages (a notice of the last version's warnings, say).
            app.overlay = None;
            return;
        }
    };
    p.diagnostics.clear();
    let Some(id) = course.lessons().next().map(|(_, l)| l.id.clone()) else {
        return;
    };
    // Stay on the page being read, or the question being answered, when the same lesson comes
    // back.
    let page = match &app.screen {
        Screen::Reader(r) if r.lesson == id => r.page,
        _ => 0,
    };
    let scroll = match &app.screen {
        Screen::Reader(r) if r.lesson == id => r.scroll,
        _ => 0,
    };
    // On a question: the same question again, by id, if it is still there.
    let question = match &app.screen {
        Screen::Quiz(q) if q.lesson == id => Some(q.question.clone()),
        _ => None,
    };
    // The header shows the learner's name: here, the file being previewed.
    let name = p.file.rsplit('/').next().unwrap_or_default().to_string();
    app.course = course;
    app.learner = Some(scratch_learner(&name, at));
    app.overlay = None;
    let _ = reader::open(app, &id, page, at);
    if let Screen::Reader(r) = &mut app.screen {
        r.scroll = scroll;
    }
    reader::clamp(app);
    if let Some(qid) = question {
        // Gone (renamed or deleted): the pages, as before.
        let _ = quiz::start_at(app, &id, &qid, at);
    }
}

/// The warnings about the lesson just read: shown in a notice when they are new, so an author
/// who saves again and again is not stopped by the same notice each time.
pub(super) fn warned(app: &mut App, heading: String, lines: Vec<String>) {
    let Some(p) = app.preview.as_mut() else {
        return;
    };
    if p.broken() || p.warnings == lines {
        return;
    }
    p.warnings = lines;
    if !p.warnings.is_empty() {
        app.overlay = Some(super::Overlay::Notice {
            message: format!("{heading}\n\n{}", p.warnings.join("\n")),
            take_over: None,
        });
    }
}

/// Preview never writes or opens learner files: only quitting reaches the shell.
pub(super) fn filter(effects: Vec<Effect>) -> Vec<Effect> {
    effects
        .into_iter()
        .filter(|e| matches!(e, Effect::Quit))
        .collect()
}
