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

/// Every diagnostic code, with a one-line English note for developers. The trainer's guide
/// (`lessons/README.md`) lists them too, and `locales/validate.*.yml` has a message for each.
pub const CODES: &[(&str, &str)] = &[
    (
        "E001",
        "YAML syntax error (often a missing `:` or wrong indentation)",
    ),
    ("E002", "file is not UTF-8 (e.g. saved as UTF-16)"),
    ("E003", "course.yaml missing"),
    ("E004", "module folder without module.yaml"),
    ("E005", "module listed in course.yaml not found"),
    ("E006", "tab used for indentation"),
    ("E007", "quote or bracket never closed"),
    ("E008", "file too large"),
    (
        "E009",
        "file nested too deeply or expands too much (aliases)",
    ),
    ("E010", "unknown field"),
    ("E011", "required field missing"),
    ("E012", "required field empty"),
    ("E013", "expected text"),
    ("E014", "expected a whole number"),
    ("E015", "expected true or false"),
    ("E016", "expected a list"),
    ("E017", "expected fields (key: value)"),
    ("E018", "value not among the allowed ones"),
    ("E019", "number out of range"),
    ("E020", "field written twice in the same place"),
    ("E021", "duplicate module id"),
    ("E022", "duplicate lesson id"),
    ("E023", "duplicate question id"),
    ("E024", "duplicate glossary term id"),
    ("E025", "duplicate choice/item/pair id within a question"),
    ("E026", "`one` question without exactly one correct choice"),
    ("E027", "`many` question without a correct choice"),
    ("E028", "`true_false` question without an answer"),
    ("E029", "`text` question without accepted answers"),
    ("E030", "fewer than 2 choices/items/pairs"),
    ("E031", "the same text twice among choices/items/pair sides"),
    ("E032", "field does not belong to this question kind"),
    ("E033", "glossary term referenced but missing"),
    ("E034", "lesson listed in module.yaml not found"),
    ("E035", "format version newer than this build"),
    ("E036", "more than one YAML document in a file"),
    ("E037", "file is empty"),
    (
        "E038",
        "`answer` on a one/many question (mark the choice `correct: true`)",
    ),
    ("E039", "`as_of` is not a month written YYYY-MM"),
    (
        "E040",
        "unquoted text starting with a character YAML reserves (@ ` % * & !)",
    ),
    (
        "E041",
        "unquoted `: ` inside a text (put the text in quotes)",
    ),
    (
        "E042",
        "a ` #` in unquoted text starts a comment: the rest is cut",
    ),
    (
        "E043",
        "a quote inside a text quoted with the same quote (\"…\"…\"…\" or '…'…'…')",
    ),
    (
        "E044",
        "a no-break space where YAML needs a space (indentation, after `:` or `-`)",
    ),
    ("E045", "a list written with `*`, `•` or `–` instead of `-`"),
    (
        "E046",
        "a `- ` list under a text field without `|` (refused, or folded into one line)",
    ),
    (
        "E047",
        "a line indented unlike the lines of its level (the fix is checked by parsing)",
    ),
    ("W001", "quiz has no questions"),
    ("W002", "question without explanation"),
    ("W003", "wrong choice without feedback"),
    (
        "W004",
        "ignore_diacritics answers differ only by tone marks",
    ),
    ("W005", "control characters removed"),
    ("W006", "id not in lowercase-ascii-hyphen form"),
    ("W007", "file or folder not used by the course"),
    ("W008", "word longer than a reader line"),
    ("W009", "lesson without `as_of` or without `sources`"),
    ("W010", "lesson's `as_of` older than `--stale N` months"),
    (
        "W012",
        "unquoted yes/no/on/off/true/false read as a boolean by YAML tools",
    ),
    (
        "W013",
        "unquoted text read as a different number (1.10, 0123)",
    ),
    (
        "W014",
        "a leading & or ! in unquoted text swallowed by YAML",
    ),
    (
        "W015",
        "drawn screen (``` block) without a description in the page's `alt`",
    ),
    ("W016", "page or phat-am.yaml entry too long to read aloud"),
    (
        "W017",
        "drawn screen (``` block) in a question without a description in the question's `alt`",
    ),
    (
        "W018",
        "a glossary pronunciation with letters a Vietnamese voice spells out (f, j, w, z)",
    ),
];

impl Diagnostic {
    /// A problem that kept YAML from reading the file as written (encoding, syntax, and the
    /// known mistakes behind a syntax error). Other messages about the same file may be its
    /// consequences, so these are listed first.
    pub fn is_syntax(&self) -> bool {
        matches!(
            self.code,
            "E001"
                | "E002"
                | "E006"
                | "E007"
                | "E009"
                | "E040"
                | "E041"
                | "E043"
                | "E044"
                | "E045"
                | "E046"
                | "E047"
        )
    }
}

impl Severity {
    /// Severity of a code: `W…` codes are warnings, everything else an error.
    pub fn of(code: &str) -> Severity {
        if code.starts_with('W') {
            Severity::Warning
        } else {
            Severity::Error
        }
    }
}

impl Diagnostic {
    /// A diagnostic at a place; severity follows from the code.
    pub fn new(
        file: &str,
        line: usize,
        column: usize,
        code: &'static str,
        args: Vec<(&'static str, String)>,
    ) -> Diagnostic {
        Diagnostic {
            file: file.to_string(),
            line,
            column,
            severity: Severity::of(code),
            code,
            args,
        }
    }
}
