//! Lesson files → checked [`Course`]. Entry points: [`load`] (a whole course) and
//! [`load_parts`] (some lesson, module or glossary files checked without their course).
//!
//! Pure: takes the files' bytes, returns the model and every diagnostic; no I/O, no i18n.

use super::check;
use super::convert;
use super::decode::Ctx;
use super::diagnostic::{Diagnostic, Severity};
use super::files::{self, PRONUNCIATIONS};
use super::model::*;
use super::parts::{Folder, Parts};
use super::raw::*;
use super::read::read;
use super::source::SourceFile;

/// Counts of what was read, whether or not it had errors (for the summary line).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    pub modules: usize,
    pub lessons: usize,
    pub pages: usize,
    pub questions: usize,
    /// Questions per kind, in [`QuestionKindName::ALL`] order.
    pub by_kind: [usize; 6],
}

/// What loading produced: the course when there were no errors, and every problem found.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub course: Option<Course>,
    pub diagnostics: Vec<Diagnostic>,
    pub stats: Stats,
}

impl Loaded {
    /// Number of diagnostics of this severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

/// Extra checks a run may ask for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Warn about lessons whose `as_of` is older than this (the shell supplies today's month).
    pub stale: Option<super::month::Stale>,
}

/// Loads a whole course (a `course.yaml`, module folders, glossaries).
pub fn load(files: &[SourceFile]) -> Loaded {
    load_with(files, Options::default())
}

/// [`load`] with extra checks.
pub fn load_with(files: &[SourceFile], options: Options) -> Loaded {
    run(files, true, options)
}

/// Checks lesson, module and glossary files on their own (no `course.yaml` needed): each file's
/// own rules, ids, and glossary references when a glossary is among the files. Never a course.
pub fn load_parts(files: &[SourceFile]) -> Loaded {
    load_parts_with(files, Options::default())
}

/// [`load_parts`] with extra checks.
pub fn load_parts_with(files: &[SourceFile], options: Options) -> Loaded {
    let mut loaded = run(files, false, options);
    loaded.course = None;
    loaded
}

/// Files sort by folder depth, then path: `course.yaml` and the root glossary come first.
pub fn file_order(path: &str) -> (usize, &str) {
    (path.matches('/').count(), path)
}

fn split(path: &str) -> (&str, &str) {
    path.rsplit_once('/').unwrap_or(("", path))
}

/// The built-in course, for the learner program: each file unpacked just before it is read and
/// dropped after, so the whole course's text is never in memory at once.
pub fn load_builtin() -> Loaded {
    let mut packed: Vec<_> = super::source::builtin_each().collect();
    packed.sort_by(|a, b| file_order(a.path).cmp(&file_order(b.path)));
    let has_course = packed.iter().any(|p| p.path == "course.yaml");
    run_ordered(
        packed
            .into_iter()
            .map(|p| std::borrow::Cow::Owned(p.unpack())),
        has_course,
        true,
        Options::default(),
    )
}

fn run(files: &[SourceFile], course_mode: bool, options: Options) -> Loaded {
    // Course-level files first, then module folders: "the second id" is the one further down.
    let mut ordered: Vec<&SourceFile> = files.iter().collect();
    ordered.sort_by(|a, b| file_order(&a.path).cmp(&file_order(&b.path)));
    let has_course = files.iter().any(|f| f.path == "course.yaml");
    run_ordered(
        ordered.into_iter().map(std::borrow::Cow::Borrowed),
        has_course,
        course_mode,
        options,
    )
}

/// Reads `files` in the order given (see [`file_order`]).
fn run_ordered<'f>(
    files: impl Iterator<Item = std::borrow::Cow<'f, SourceFile>>,
    has_course: bool,
    course_mode: bool,
    options: Options,
) -> Loaded {
    let mut ctx = Ctx {
        stale: options.stale,
        ..Ctx::default()
    };
    let mut parts = Parts::default();
    for f in files {
        let f = f.as_ref();
        ctx.file = f.path.clone();
        let before = ctx.diags.len();
        let r = read(&mut ctx, &f.bytes);
        ctx.lines = r.text.lines().map(str::to_string).collect();
        decode(&mut ctx, &mut parts, f, r.root.as_ref(), course_mode);
        if r.broken {
            // A repaired file misses the lines we blanked: "missing" or "empty" would mislead.
            let tail = ctx.diags.split_off(before);
            let kept = tail.into_iter().filter(|d| {
                !matches!(
                    d.code,
                    "E011" | "E012" | "E030" | "W001" | "W002" | "W003" | "W009"
                )
            });
            ctx.diags.extend(kept);
        }
    }
    if course_mode && parts.course.is_none() && !has_course {
        ctx.diags
            .push(Diagnostic::new("course.yaml", 0, 0, "E003", vec![]));
    }
    check::cross(&mut ctx, &parts, course_mode);
    let stats = stats(&parts);
    let mut diagnostics = std::mem::take(&mut ctx.diags);
    // The ids' sites and the last file's lines go before the course is built: the learner
    // program's memory peaks while it builds.
    drop(ctx);
    // What stopped YAML from reading a file comes first: every other message, in that file or
    // another (a module "not found" because its module.yaml is broken), may be its consequence,
    // and the trainer should fix the cause before reading them.
    fn key(d: &Diagnostic) -> (bool, (usize, &str), usize, usize) {
        (!d.is_syntax(), file_order(&d.file), d.line, d.column)
    }
    diagnostics.sort_by(|a, b| key(a).cmp(&key(b)));
    // The same problem found twice (e.g. through an alias, or before and after a repair) is
    // said once.
    diagnostics.dedup();
    let has_errors = diagnostics.iter().any(|d| d.severity == Severity::Error);
    let course = if has_errors { None } else { build(parts) };
    Loaded {
        course,
        diagnostics,
        stats,
    }
}

fn decode(
    ctx: &mut Ctx,
    parts: &mut Parts,
    f: &SourceFile,
    root: Option<&super::yaml::Node>,
    course_mode: bool,
) {
    let Some(root) = root.filter(|r| !r.is_null()) else {
        return;
    };
    let (dir, name) = split(&f.path);
    let depth = f.path.matches('/').count();
    let top_level = ["course.yaml", "glossary.yaml", PRONUNCIATIONS];
    if course_mode && depth > 1 || course_mode && depth == 0 && !top_level.contains(&name) {
        ctx.at(root, "W007", vec![]);
        return;
    }
    match name {
        "course.yaml" => {
            if let Some(cf) = files::course(ctx, root) {
                parts.course = Some((f.path.clone(), cf.raw, cf.listed));
                parts.required = cf.required;
            }
        }
        "glossary.yaml" => {
            if let Some(g) = files::glossary(ctx, root) {
                parts.terms.extend(g.terms);
                parts.glossaries += 1;
            }
        }
        PRONUNCIATIONS if depth == 0 => files::pronunciations(ctx, root),
        "module.yaml" => {
            if let Some((m, listed)) = files::module(ctx, root) {
                let folder = parts.folders.entry(dir.to_string()).or_default();
                folder.module = Some((f.path.clone(), m, listed));
            }
        }
        _ => {
            if let Some(l) = files::lesson(ctx, root) {
                let folder = parts.folders.entry(dir.to_string()).or_default();
                folder.lessons.push((f.path.clone(), l));
            }
        }
    }
}

fn stats(parts: &Parts) -> Stats {
    let mut s = Stats {
        modules: parts
            .folders
            .values()
            .filter(|f| f.module.is_some())
            .count(),
        ..Stats::default()
    };
    for (_, l) in parts.folders.values().flat_map(|f| &f.lessons) {
        s.lessons += 1;
        s.pages += l.pages.len();
        for q in l.quiz.iter().flat_map(|q| &q.questions) {
            s.questions += 1;
            if let Some(i) = QuestionKindName::ALL.iter().position(|k| *k == q.kind) {
                s.by_kind[i] += 1;
            }
        }
    }
    s
}

/// Sort key for files and folders ordered by their numeric prefix (`2-x` before `10-x`).
pub fn prefix_key(name: &str) -> (u64, String) {
    let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
    (digits.parse().unwrap_or(u64::MAX), name.to_string())
}

fn build(parts: Parts) -> Option<Course> {
    let (_, rc, _) = parts.course?;
    let mut folders: Vec<(String, Folder)> = parts.folders.into_iter().collect();
    if rc.modules.is_empty() {
        folders.sort_by_key(|(dir, _)| prefix_key(dir));
    } else {
        folders.retain(|(_, f)| {
            f.module
                .as_ref()
                .is_some_and(|(_, m, _)| rc.modules.contains(&m.id))
        });
        folders.sort_by_key(|(_, f)| {
            let id = f.module.as_ref().map(|(_, m, _)| m.id.as_str());
            rc.modules.iter().position(|m| Some(m.as_str()) == id)
        });
    }
    let mut modules = Vec::new();
    for (_, folder) in folders {
        let Some((_, rm, _)) = folder.module else {
            continue;
        };
        let mut lessons = folder.lessons;
        if rm.lessons.is_empty() {
            lessons.sort_by_key(|(path, _)| prefix_key(split(path).1));
        } else {
            lessons.retain(|(_, l)| rm.lessons.contains(&l.id));
            lessons.sort_by_key(|(_, l)| rm.lessons.iter().position(|id| *id == l.id));
        }
        modules.push(Module {
            id: rm.id,
            title: rm.title,
            summary: rm.summary,
            lessons: lessons
                .into_iter()
                .map(|(_, l)| convert::lesson(l, &rc.defaults))
                .collect(),
        });
    }
    Some(Course {
        id: rc.id,
        title: rc.title,
        description: rc.description,
        required_modules: rc.required_modules,
        help_phone: rc.help_phone,
        modules,
        glossary: parts.terms.into_iter().map(convert::term).collect(),
    })
}
