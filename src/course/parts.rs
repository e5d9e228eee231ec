//! What the loader decoded from a set of files, before the checks across files ([`super::check`])
//! and building the model: its own file so the checks and the loader share it without importing
//! each other.

use std::collections::BTreeMap;

use super::files::Listed;
use super::raw::*;

/// A module folder's decoded files.
#[derive(Default)]
pub(crate) struct Folder {
    pub module: Option<(String, RawModule, Vec<Listed>)>,
    pub lessons: Vec<(String, RawLesson)>,
}

/// Everything decoded from a set of files.
#[derive(Default)]
pub(crate) struct Parts {
    pub course: Option<(String, RawCourse, Vec<Listed>)>,
    /// `required_modules` of course.yaml, with places.
    pub required: Vec<Listed>,
    pub folders: BTreeMap<String, Folder>,
    pub terms: Vec<RawTerm>,
    pub glossaries: usize,
}
