//! Guard: the command line and the shells print only through the terminal-safe text function
//! (`hocso::ui::safe_text`: `outln!`, `errln!`, `out!`, `err!`, `Out`, `write_stdout`), so text from
//! a file (a learner's name, a lesson) can never carry escape codes to a terminal. Any other way
//! of printing in these sources fails this test.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

fn rust_files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_file() {
        out.push(path.to_path_buf());
        return;
    }
    for e in std::fs::read_dir(path).unwrap() {
        rust_files(&e.unwrap().path(), out);
    }
}

/// Ways of printing that bypass `safe_text` (the macro names are matched as whole words, so
/// `outln!` and `errln!` do not count).
const BANNED: &[&str] = &[
    "println!",
    "print!",
    "eprintln!",
    "eprint!",
    "dbg!",
    "stdout()",
    "stderr()",
    "io::stdout",
    "io::stderr",
];

fn offends(line: &str, banned: &str) -> bool {
    let code = line.split("//").next().unwrap_or("");
    code.match_indices(banned).any(|(at, _)| {
        // `eprintln!` contains `println!`; `crate::outln!` is fine: the character before a
        // banned macro name must not continue an identifier.
        at == 0
            || !code[..at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

#[test]
fn cli_and_shells_print_only_through_safe_text() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    for p in [
        "cli",
        "trainer",
        "front/mod.rs",
        "front/class.rs",
        "front/course.rs",
        "front/plain.rs",
        "front/preview.rs",
        "front/reach.rs",
        "front/save.rs",
        "front/web",
        "main.rs",
        "store/classroom.rs",
    ] {
        if src.join(p).exists() {
            rust_files(&src.join(p), &mut files);
        }
    }
    assert!(files.len() >= 12, "only {} files found", files.len());
    let mut found = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        for (i, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            for b in BANNED {
                if offends(line, b) {
                    found.push(format!("{}:{}: {}", f.display(), i + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "print through hocso::ui::safe_text (outln!/errln!/Out) instead:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_guard_catches_what_it_should() {
    assert!(offends("    println!(\"{}\", name);", "println!"));
    assert!(offends("let o = std::io::stdout();", "stdout()"));
    assert!(!offends("    crate::outln!(\"{}\", name);", "println!"));
    assert!(!offends("    crate::errln!(\"x\");", "eprintln!"));
    assert!(!offends("// println!(\"a comment\")", "println!"));
}
