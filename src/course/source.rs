//! Where lesson files come from: the course built into the binary, or a folder on disk.

use std::path::Path;

use include_dir::{Dir, include_dir};

static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/lessons");

/// One lesson-format file, with its path relative to the course folder (`/`-separated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    pub path: String,
    pub bytes: Vec<u8>,
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
                bytes: f.contents().to_vec(),
            });
        }
    }
    for d in dir.dirs() {
        collect_embedded(d, out);
    }
}

/// Every lesson-format file under `dir` (two levels: the course folder and its module folders).
pub fn from_dir(dir: &Path) -> std::io::Result<Vec<SourceFile>> {
    let mut out = Vec::new();
    walk(dir, "", 0, &mut out)?;
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

fn walk(dir: &Path, prefix: &str, depth: usize, out: &mut Vec<SourceFile>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let rel = format!("{prefix}{name}");
        let ty = entry.file_type()?;
        if ty.is_dir() && depth == 0 {
            walk(&entry.path(), &format!("{rel}/"), depth + 1, out)?;
        } else if ty.is_file() && is_yaml(&rel) {
            out.push(SourceFile {
                path: rel,
                bytes: read_capped(&entry.path())?,
            });
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

/// Reads a file, but never more than one byte past the loader's size cap: enough for the loader
/// to say "too large" without a huge file filling memory.
pub fn read_capped(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let limit = super::yaml::MAX_FILE_BYTES as u64 + 1;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(limit)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}
