//! Guard (issue 28, deliverable 5): every file hocso reads — from the data folder, a lesson
//! folder or the command line — goes through the one safe reader (`hocso::store::safe_read`:
//! regular files only, size caps, never blocking). Any other way of opening a file for reading
//! in these sources fails this test; the few exceptions say why.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

fn rust_files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_file() {
        if path.extension().is_some_and(|e| e == "rs") {
            out.push(path.to_path_buf());
        }
        return;
    }
    for e in std::fs::read_dir(path).unwrap() {
        rust_files(&e.unwrap().path(), out);
    }
}

/// Ways of reading a file that bypass the safe reader.
const BANNED: &[&str] = &[
    "fs::read(",
    "fs::read_to_string(",
    "File::open(",
    ".read(true)",
    "read_to_end(",
];

/// (file, pattern, why it is not a read of a file's contents).
const ALLOWED: &[(&str, &str, &str)] = &[
    ("src/store/safe_read.rs", "", "the safe reader itself"),
    (
        "src/store/lock.rs",
        ".read(true)",
        "opens the lock file only to lock it",
    ),
    (
        "src/trainer/roster/ods.rs",
        "",
        "reads an entry of an .ods already in memory (the file came through the safe reader), capped",
    ),
    (
        "src/store/folder_lock.rs",
        ".read(true)",
        "opens the lock file only to lock it",
    ),
];

fn allowed(file: &str, banned: &str) -> bool {
    ALLOWED
        .iter()
        .any(|(f, p, _)| *f == file && (p.is_empty() || banned.starts_with(p)))
}

#[test]
fn every_file_read_goes_through_the_safe_reader() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    assert!(files.len() > 100, "sources found: {}", files.len());
    let mut offences = Vec::new();
    for f in &files {
        let rel = f
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if rel.ends_with("/tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(f).unwrap();
        for (n, line) in text.lines().enumerate() {
            // Unit tests at the end of a file read their own temp files.
            if line.trim_start().starts_with("#[cfg(test)]") {
                break;
            }
            let code = line.split("//").next().unwrap_or("");
            for b in BANNED {
                if code.contains(b) && !allowed(&rel, b) {
                    offences.push(format!("{rel}:{}: {}", n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        offences.is_empty(),
        "read through store::safe_read instead:\n{}",
        offences.join("\n")
    );
}

/// The guard itself finds a bypass.
#[test]
fn the_guard_sees_a_raw_read() {
    let code = "let b = std::fs::read(&path)?;";
    assert!(BANNED.iter().any(|b| code.contains(b)));
    assert!(!allowed("src/trainer/pin/mod.rs", "fs::read("));
}
