//! Where lesson files come from: the course built into the binary, or a folder on disk.

use std::path::Path;

/// The built-in course: (path, unpacked size, deflated bytes) per lesson-format file, sorted by
/// path (written by build.rs). Deflated, the course maps a fifth of its pages into memory.
static BUILTIN: &[(&str, usize, &[u8])] = include!(concat!(env!("OUT_DIR"), "/builtin_course.rs"));

/// One lesson-format file, with its path relative to the course folder (`/`-separated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    pub path: String,
    /// Owned (files on disk and the unpacked built-in course); a `Cow` so callers may lend
    /// bytes they already hold.
    pub bytes: std::borrow::Cow<'static, [u8]>,
}

/// True for the file names the loader reads.
pub fn is_yaml(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".yaml") || lower.ends_with(".yml")
}

/// The built-in course's files, all unpacked at once (for the commands; the learner program
/// reads them one by one through [`builtin_each`]).
pub fn builtin() -> Vec<SourceFile> {
    builtin_each().map(|f| f.unpack()).collect()
}

/// A built-in file, still deflated.
#[derive(Debug, Clone, Copy)]
pub struct Packed {
    pub path: &'static str,
    size: usize,
    data: &'static [u8],
}

impl Packed {
    /// The file's bytes. The data was packed by build.rs from the same files, so it unpacks;
    /// were it ever cut short, the loader would report the file as broken YAML.
    pub fn unpack(&self) -> SourceFile {
        let mut bytes = vec![0; self.size];
        let n = miniz_oxide::inflate::decompress_slice_iter_to_slice(
            &mut bytes,
            std::iter::once(self.data),
            false,
            true,
        )
        .unwrap_or(0);
        bytes.truncate(n);
        SourceFile {
            path: self.path.to_string(),
            bytes: bytes.into(),
        }
    }
}

/// The built-in course's files, sorted by path, each unpacked only when asked.
pub fn builtin_each() -> impl Iterator<Item = Packed> {
    BUILTIN
        .iter()
        .map(|&(path, size, data)| Packed { path, size, data })
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
