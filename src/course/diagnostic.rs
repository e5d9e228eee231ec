//! Problems found in lesson files. A diagnostic names a place, a stable code and the values its
//! message needs; the shell turns the code into words in the learner's or trainer's language.

use serde::Serialize;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The course cannot be used until this is fixed.
    Error,
    /// The course works, but something is probably a mistake.
    Warning,
}

/// One problem at one place in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Path of the file, relative to the course folder (or as the trainer gave it), `/`-separated.
    pub file: String,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column; 0 when unknown.
    pub column: usize,
    pub severity: Severity,
    /// Stable code, e.g. `E001`; also the key of its message in `locales/`.
    pub code: &'static str,
    /// Named values the message is built from (`field`, `id`, `suggestion`, …).
    pub args: Vec<(&'static str, String)>,
}

impl Diagnostic {
    /// Value of a named argument, if present.
    pub fn arg(&self, name: &str) -> Option<&str> {
        self.args
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }
}
