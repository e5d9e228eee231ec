//! `hocso validate`. FIRST CUT: prints raw diagnostics; the course engine issue replaces this with
//! localised, line-accurate output, JSON and the summary line.

use std::path::PathBuf;

use crate::course::diagnostic::Severity;
use crate::course::load::load;
use crate::course::source::{builtin, from_dir};

/// Runs the validator; returns the exit status.
pub fn run(paths: &[PathBuf]) -> u8 {
    let sets = if paths.is_empty() {
        vec![("(built-in)".to_string(), builtin())]
    } else {
        let mut v = Vec::new();
        for p in paths {
            match from_dir(p) {
                Ok(files) => v.push((p.display().to_string(), files)),
                Err(e) => {
                    eprintln!("{}: {e}", p.display());
                    return super::EXIT_USAGE;
                }
            }
        }
        v
    };
    let mut errors = 0;
    for (root, files) in sets {
        let loaded = load(&files);
        for d in &loaded.diagnostics {
            println!(
                "{root}/{}:{}:{}: {:?} [{}] {:?}",
                d.file, d.line, d.column, d.severity, d.code, d.args
            );
        }
        errors += loaded.count(Severity::Error);
        if let Some(c) = &loaded.course {
            let q: usize = c.lessons().map(|(_, l)| l.quiz.questions.len()).sum();
            println!(
                "{root}: {} modules, {} lessons, {} questions, {errors} errors",
                c.modules.len(),
                c.lessons().count(),
                q
            );
        }
    }
    if errors > 0 {
        super::EXIT_ERRORS
    } else {
        super::EXIT_OK
    }
}
