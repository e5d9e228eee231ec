//! Moments of their own: a module finished, the certificate earned. The learner sees which
//! modules count for the certificate and how many lessons are left, and a short screen when a
//! module is done ("what was learned, what comes next") or the last required lesson is passed.
//! The rule for "earned" is the trainer's ([`crate::trainer::certificate::standing`]): what the
//! learner is told matches what `hocso certificate` will print.

use super::{App, Overlay};
use crate::trainer::certificate;

/// Where the open learner stands towards the certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertProgress {
    /// Indexes (into the course's modules) of the modules that count.
    pub required: Vec<usize>,
    /// Lessons of those modules not passed yet.
    pub left: usize,
    pub earned: bool,
}

/// The open learner's way to the certificate (`None` without a learner or in a preview).
pub fn certificate(app: &App) -> Option<CertProgress> {
    let lf = app.learner.as_ref()?;
    if app.preview.is_some() {
        return None;
    }
    let standing = certificate::standing(&app.course, lf);
    let required = certificate::required(&app.course)
        .iter()
        .filter_map(|m| app.course.modules.iter().position(|x| x.id == m.id))
        .collect();
    Some(CertProgress {
        required,
        left: standing.missing.iter().map(|m| m.lessons_left.len()).sum(),
        earned: standing.earned(),
    })
}

/// True when module `i` counts for the certificate.
pub fn counts(app: &App, i: usize) -> bool {
    let Some(m) = app.course.modules.get(i) else {
        return false;
    };
    app.course.required_modules.is_empty() || app.course.required_modules.contains(&m.id)
}

/// What the milestones depend on: the learner, the modules passed, the certificate earned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Mark {
    learner: String,
    done: Vec<String>,
    earned: bool,
}

pub(super) fn mark(app: &App) -> Option<Mark> {
    let lf = app.learner.as_ref()?;
    if app.preview.is_some() {
        return None;
    }
    let standing = certificate::standing(&app.course, lf);
    Some(Mark {
        learner: lf.profile.id.clone(),
        earned: standing.earned(),
        done: standing.done.into_iter().map(|m| m.id).collect(),
    })
}

/// After an update: a module the same learner has just finished gets its screen (then the
/// certificate's, when that came with it); the certificate alone gets its own.
pub(super) fn follow(app: &mut App, before: Option<Mark>) {
    let (Some(before), Some(after)) = (before, mark(app)) else {
        return;
    };
    if before.learner != after.learner || app.overlay.is_some() {
        return;
    }
    let certified = after.earned && !before.earned;
    let new_module = after
        .done
        .iter()
        .find(|m| !before.done.contains(m))
        .and_then(|id| app.course.modules.iter().position(|m| &m.id == id));
    app.overlay = match (new_module, certified) {
        (Some(module), certified) => Some(Overlay::ModuleDone { module, certified }),
        (None, true) => Some(Overlay::Certified),
        (None, false) => None,
    };
}

/// Enter (or Esc) on a milestone: the certificate's screen follows a module's when both came
/// at once; otherwise back to what was under it.
pub(super) fn close(app: &mut App, ov: &Overlay) {
    app.overlay = match ov {
        Overlay::ModuleDone {
            certified: true, ..
        } => Some(Overlay::Certified),
        _ => None,
    };
}

/// The module after `i` in the course, if any (what comes next).
pub fn next_module(app: &App, i: usize) -> Option<&crate::course::model::Module> {
    app.course.modules.get(i + 1)
}
