//! Where lesson files come from: the course built into the binary, or a folder on disk.

use std::path::Path;

use include_dir::{Dir, include_dir};

static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/lessons");

/// One lesson-format file, with its path relative to the course folder (`/`-separated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    pub path: String,
    /// Borrowed for the built-in course (no copy of it on the heap), owned for files on disk.
    pub bytes: std::borrow::Cow<'static, [u8]>,
}

/// True for the file names the loader reads.
pub fn is_yaml(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".yaml") || lower.ends_with(".yml")
}

/// The built-in course's files.
pub fn builtin() -> Vec<SourceFile> {
    let mut out = Vec::new();
    collect_embedded(&BUILTIN, &mut out);
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

fn collect_embedded(dir: &Dir<'static>, out: &mut Vec<SourceFile>) {
    for f in dir.files() {
        let path = f.path().to_string_lossy().replace('\\', "/");
        if is_yaml(&path) {
            out.push(SourceFile {
                path,
                bytes: std::borrow::Cow::Borrowed(f.contents()),
            });
        }
    }
    for d in dir.dirs() {
        collect_embedded(d, out);
    }
}

/// Every lesson-format file under `dir` (two levels: the course folder and its module folders).
/// The first file that cannot be read fails the whole folder (see [`from_dir_lenient`]).
pub fn from_dir(dir: &Path) -> std::io::Result<Vec<SourceFile>> {
    let (files, mut unreadable) = from_dir_lenient(dir)?;
    match unreadable.is_empty() {
        true => Ok(files),
        false => Err(unreadable.swap_remove(0).1),
    }
}

/// A file that could not be read, and why.
pub type Unreadable = (std::path::PathBuf, std::io::Error);

/// Like [`from_dir`], but files that cannot be read (permissions, a FIFO or device in their
/// place, too large) are returned beside the others instead of stopping the walk: `hocso
/// validate` reports them and goes on. Only an unreadable `dir` itself is an error.
pub fn from_dir_lenient(dir: &Path) -> std::io::Result<(Vec<SourceFile>, Vec<Unreadable>)> {
    let mut out = Vec::new();
    let mut bad = Vec::new();
    walk(dir, "", 0, &mut out, &mut bad)?;
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok((out, bad))
}

fn walk(
    dir: &Path,
    prefix: &str,
    depth: usize,
    out: &mut Vec<SourceFile>,
    bad: &mut Vec<Unreadable>,
) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let rel = format!("{prefix}{name}");
        let path = entry.path();
        let ty = entry.file_type()?;
        if ty.is_dir() && depth == 0 {
            if let Err(e) = walk(&path, &format!("{rel}/"), depth + 1, out, bad) {
                bad.push((path, e));
            }
        } else if is_yaml(&rel) && !ty.is_dir() {
            // Links, FIFOs and devices named *.yaml are judged by the safe reader.
            match read_capped(&path) {
                Ok(bytes) => out.push(SourceFile {
                    path: rel,
                    bytes: bytes.into(),
                }),
                Err(e) => bad.push((path, e)),
            }
        }
    }
    Ok(())
}

/// The course the TUI should use: the folder given by `--lessons`/`HOCSO_LESSONS`, or the
/// built-in one when `None`.
pub fn select(dir: Option<&Path>) -> std::io::Result<Vec<SourceFile>> {
    match dir {
        Some(d) => from_dir(d),
        None => Ok(builtin()),
    }
}

/// Reads a lesson-format file through the safe reader (regular files only, never blocking),
/// but never more than one byte past the loader's size cap: enough for the loader to say "too
/// large" without a huge file filling memory.
pub fn read_capped(path: &Path) -> std::io::Result<Vec<u8>> {
    let is_glossary = path
        .file_name()
        .is_some_and(|n| n.eq_ignore_ascii_case("glossary.yaml"));
    let kind = if is_glossary {
        crate::store::safe_read::Kind::Glossary
    } else {
        crate::store::safe_read::Kind::Lesson
    };
    crate::store::safe_read::read_head(path, kind)
}
