//! `hocso validate`: load lesson files or course folders, print one line per problem (or JSON)
//! and a summary; exit 0 (no errors), 1 (errors) or 2 (usage or I/O problem).
//!
//! [`describe`] and [`format_line`] turn a diagnostic into words; the TUI's lesson preview
//! reuses them.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::course::diagnostic::{Diagnostic, Severity};
use crate::course::load::{Loaded, Options, Stats, load_parts_with, load_with};
use crate::course::meta::{Month, Stale};
use crate::course::raw::QuestionKindName;
use crate::course::source::{SourceFile, Unreadable, builtin, from_dir_lenient};
use crate::ui::lang::Lang;

fn tr(key: &str, lang: Lang) -> String {
    crate::_rust_i18n_translate(lang.code(), key).into_owned()
}

fn fill(mut template: String, args: &[(&str, String)]) -> String {
    for (k, v) in args {
        template = template.replace(&format!("%{{{k}}}"), v);
    }
    template
}

/// The message of a diagnostic in `lang`: what is wrong and what to do.
pub fn describe(d: &Diagnostic, lang: Lang) -> String {
    let args: Vec<(&str, String)> = d.args.iter().map(|(k, v)| (*k, v.clone())).collect();
    let mut msg = fill(tr(&format!("validate.{}", d.code), lang), &args);
    if let Some(f) = d.arg("fixed") {
        // Several lines are shown as they go in the file (their indentation is the fix); one
        // line without it, after the words.
        let (key, fixed) = match (d.arg("first"), d.arg("last")) {
            (Some(_), Some(_)) => ("validate.fixed_lines", f.to_string()),
            _ => ("validate.fixed", f.trim_start().to_string()),
        };
        let mut args = args.clone();
        args.retain(|(k, _)| *k != "fixed");
        args.push(("fixed", fixed));
        msg.push_str(&fill(tr(key, lang), &args));
    }
    if let Some(s) = d.arg("suggestion") {
        msg.push_str(&fill(
            tr("validate.suggestion", lang),
            &[("suggestion", s.into())],
        ));
    }
    msg
}

/// One line: `FILE:LINE:COL: lỗi: message [CODE]` (`FILE: …` when the place is the whole file).
pub fn format_line(d: &Diagnostic, lang: Lang) -> String {
    let sev = match d.severity {
        Severity::Error => tr("validate.error", lang),
        Severity::Warning => tr("validate.warning", lang),
    };
    let place = if d.line == 0 {
        d.file.clone()
    } else {
        format!("{}:{}:{}", d.file, d.line, d.column.max(1))
    };
    // A fix of several lines goes under the message line, which keeps its code at its end:
    // the block is exactly what to copy into the file.
    match describe(d, lang).split_once('\n') {
        Some((message, fix)) => format!("{place}: {sev}: {message} [{}]\n{fix}", d.code),
        None => format!("{place}: {sev}: {} [{}]", describe(d, lang), d.code),
    }
}

/// The summary line for these counts.
pub fn summary_line(stats: &Stats, errors: usize, warnings: usize, lang: Lang) -> String {
    let by_kind = QuestionKindName::ALL
        .iter()
        .zip(stats.by_kind)
        .map(|(k, n)| format!("{} {n}", k.as_str()))
        .collect::<Vec<_>>()
        .join(", ");
    let args = [
        ("modules", stats.modules.to_string()),
        ("lessons", stats.lessons.to_string()),
        ("pages", stats.pages.to_string()),
        ("questions", stats.questions.to_string()),
        ("by_kind", by_kind),
        ("errors", errors.to_string()),
        ("warnings", warnings.to_string()),
    ];
    fill(tr("validate.summary", lang), &args)
}

/// What the trainer asked to check: a whole course, or loose files checked on their own.
struct Set {
    /// Shown before each file's course-relative path (course sets only).
    prefix: Option<String>,
    files: Vec<SourceFile>,
}

fn display(p: &Path) -> String {
    p.display().to_string().replace('\\', "/")
}

fn read_one(path: &Path) -> std::io::Result<SourceFile> {
    Ok(SourceFile {
        path: display(path),
        bytes: crate::course::source::read_capped(path)?.into(),
    })
}

/// Glossaries a loose lesson or module folder can use: in its folder, the folder above, and,
/// when the folder above is a course (has `course.yaml`), every module folder of that course.
fn nearby_glossaries(dir: &Path, out: &mut Vec<SourceFile>) {
    let mut candidates = vec![dir.join("glossary.yaml")];
    if let Some(parent) = dir.parent() {
        candidates.push(parent.join("glossary.yaml"));
        if parent.join("course.yaml").is_file()
            && let Ok(entries) = std::fs::read_dir(parent)
        {
            let mut more: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .map(|e| e.path().join("glossary.yaml"))
                .collect();
            more.sort();
            candidates.extend(more);
        }
    }
    for g in candidates {
        if g.is_file()
            && !out.iter().any(|f| f.path == display(&g))
            && let Ok(f) = read_one(&g)
        {
            out.push(f);
        }
    }
}

/// The files to check at `path`; files that cannot be read go to `bad` (reported, then the
/// run goes on). Only `path` itself being unreadable is an error.
fn gather(path: &Path, bad: &mut Vec<Unreadable>) -> std::io::Result<Set> {
    if !path.is_dir() {
        // A file, or a FIFO/device/link in a file's place: the safe reader decides.
        let mut files = vec![read_one(path)?];
        if let Some(dir) = path.parent() {
            nearby_glossaries(dir, &mut files);
        }
        return Ok(Set {
            prefix: None,
            files,
        });
    }
    let is_module = path.join("module.yaml").is_file() && !path.join("course.yaml").is_file();
    if is_module {
        let mut files = Vec::new();
        let mut paths: Vec<PathBuf> = std::fs::read_dir(path)?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| !p.is_dir() && crate::course::source::is_yaml(&display(p)))
            .collect();
        paths.sort();
        for p in paths {
            match read_one(&p) {
                Ok(f) => files.push(f),
                Err(e) => bad.push((p, e)),
            }
        }
        nearby_glossaries(path, &mut files);
        return Ok(Set {
            prefix: None,
            files,
        });
    }
    let (files, unreadable) = from_dir_lenient(path)?;
    bad.extend(unreadable);
    Ok(Set {
        prefix: Some(display(path).trim_end_matches('/').to_string()),
        files,
    })
}

#[derive(Serialize)]
struct JsonDiag<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    severity: Severity,
    code: &'a str,
    message: String,
    /// The suggested fix, for editors and tests: replace lines `line..=last_line` by `text`.
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    line: usize,
    last_line: usize,
    text: &'a str,
}

fn json_fix(d: &Diagnostic) -> Option<JsonFix<'_>> {
    let text = d.arg("fixed")?;
    let line = d
        .arg("first")
        .and_then(|l| l.parse().ok())
        .unwrap_or(d.line);
    let last_line = d.arg("last").and_then(|l| l.parse().ok()).unwrap_or(line);
    Some(JsonFix {
        line,
        last_line,
        text,
    })
}

/// The current month on this machine's clock (local time), for `--stale`.
fn this_month() -> Month {
    let now = jiff::Timestamp::now().to_zoned_datetime(jiff::tz::TimeZone::system());
    Month {
        year: u32::try_from(now.year()).unwrap_or(0),
        month: u32::try_from(now.month()).unwrap_or(1),
    }
}

/// Runs the validator; returns the exit status. `stale`: warn about lessons whose `as_of` is
/// more than that many months before this month.
pub fn run(paths: &[PathBuf], format: &str, stale: Option<u32>, lang: Lang) -> u8 {
    let options = Options {
        stale: stale.map(|months| Stale {
            today: this_month(),
            months,
        }),
    };
    let json = match format {
        "text" => false,
        "json" => true,
        other => {
            crate::errln!(
                "{}",
                fill(
                    tr("validate.format_unknown", lang),
                    &[("name", other.into())]
                )
            );
            return super::EXIT_USAGE;
        }
    };
    let mut sets = Vec::new();
    if paths.is_empty() {
        sets.push(Set {
            prefix: Some("lessons".into()),
            files: builtin(),
        });
    }
    let mut bad: Vec<Unreadable> = Vec::new();
    for p in paths {
        if !p.exists() {
            crate::errln!(
                "{}",
                fill(tr("validate.not_found", lang), &[("path", display(p))])
            );
            return super::EXIT_USAGE;
        }
        match gather(p, &mut bad) {
            Ok(s) => sets.push(s),
            Err(e) => bad.push((p.clone(), e)),
        }
    }
    // Files that could not be read are reported, and the others still checked.
    for (p, e) in &bad {
        let error = crate::store::problem::io_reason(e, lang.code());
        let args = [("path", display(p)), ("error", error)];
        crate::errln!("{}", fill(tr("validate.io_error", lang), &args));
    }
    let mut diagnostics = Vec::new();
    let mut stats = Stats::default();
    for set in sets {
        let loaded: Loaded = match set.prefix {
            Some(_) => load_with(&set.files, options),
            None => load_parts_with(&set.files, options),
        };
        let s = &loaded.stats;
        stats.modules += s.modules;
        stats.lessons += s.lessons;
        stats.pages += s.pages;
        stats.questions += s.questions;
        for (t, n) in stats.by_kind.iter_mut().zip(s.by_kind) {
            *t += n;
        }
        for mut d in loaded.diagnostics {
            if let Some(prefix) = &set.prefix {
                d.file = format!("{prefix}/{}", d.file);
                // `first_at` names another file of the same course: show it the same way.
                for (k, v) in &mut d.args {
                    if *k == "first_at" {
                        *v = format!("{prefix}/{v}");
                    }
                }
            }
            diagnostics.push(d);
        }
    }
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    // One buffered writer: a file with thousands of problems must still print in a blink.
    let mut out = crate::ui::safe_text::Out::new();
    let written = if json {
        let mut text = Vec::new();
        write_json(&mut text, &diagnostics, &stats, errors, warnings, lang)
            .and_then(|()| out.line(String::from_utf8_lossy(&text).trim_end()))
    } else {
        diagnostics
            .iter()
            .try_for_each(|d| out.line(&format_line(d, lang)))
            .and_then(|()| out.line(&summary_line(&stats, errors, warnings, lang)))
    };
    if written.and_then(|()| out.flush()).is_err() || !bad.is_empty() {
        return super::EXIT_USAGE;
    }
    if errors > 0 {
        super::EXIT_ERRORS
    } else {
        super::EXIT_OK
    }
}

fn write_json(
    out: &mut impl Write,
    diags: &[Diagnostic],
    stats: &Stats,
    errors: usize,
    warnings: usize,
    lang: Lang,
) -> std::io::Result<()> {
    let list: Vec<JsonDiag> = diags
        .iter()
        .map(|d| JsonDiag {
            file: &d.file,
            line: d.line,
            column: d.column,
            severity: d.severity,
            code: d.code,
            message: describe(d, lang),
            fix: json_fix(d),
        })
        .collect();
    let by_kind: serde_json::Map<String, serde_json::Value> = QuestionKindName::ALL
        .iter()
        .zip(stats.by_kind)
        .map(|(k, n)| (k.as_str().to_string(), n.into()))
        .collect();
    let value = serde_json::json!({
        "diagnostics": list,
        "summary": {
            "modules": stats.modules,
            "lessons": stats.lessons,
            "pages": stats.pages,
            "questions": stats.questions,
            "by_kind": by_kind,
            "errors": errors,
            "warnings": warnings,
        }
    });
    serde_json::to_writer_pretty(&mut *out, &value)?;
    writeln!(out)
}
