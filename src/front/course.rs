//! Loading the course the learner program uses, with a plain message when it does not load.

use std::path::Path;

use crate::course::Course;
use crate::course::diagnostic::Severity;
use crate::course::load::{load, load_builtin};
use crate::course::source;
use crate::ui::lang::Lang;

/// Reads and checks a course: `dir`, or the built-in one. The error is a plain message with the
/// first problems as `hocso validate` shows them.
pub(super) fn load_course(dir: Option<&Path>, lang: Lang) -> Result<Course, String> {
    let tr = |k: &str| rust_i18n::t!(k, locale = lang.code()).into_owned();
    let place = dir.map(|d| d.display().to_string()).unwrap_or_default();
    let loaded = match dir {
        Some(dir) => {
            let files = source::from_dir(dir)
                .map_err(|e| format!("{}\n{place}: {e}", tr("tui.error.course")))?;
            load(&files)
        }
        // File by file: the whole course's text is never in memory at once.
        None => load_builtin(),
    };
    let Some(course) = loaded.course else {
        let mut msg = tr("tui.error.course");
        let errors = loaded
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error);
        for d in errors.take(5) {
            msg.push('\n');
            msg.push_str(&crate::cli::validate::format_line(d, lang));
        }
        msg.push_str(&format!(
            "\n{}: hocso validate {place}",
            tr("tui.error.check_with")
        ));
        return Err(msg);
    };
    Ok(course)
}
