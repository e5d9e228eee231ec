//! Fixture tests: every file or folder under `tests/fixtures/invalid/` gives exactly the
//! diagnostics it announces (code and line), every valid fixture gives none, and every code has
//! a fixture.
//!
//! Announcing: a comment `# <- E010` on the offending line (several codes allowed), a line
//! `# expect: E007 4` for problems a comment cannot sit on, a sidecar `NAME.expect` (`CODE LINE`
//! lines) for files that are not text, and an `expect` file (`CODE FILE LINE`) in folders.

use std::fs;
use std::path::{Path, PathBuf};

use hocso::course::diagnostic::{CODES, Diagnostic};
use hocso::course::load::{Loaded, load, load_parts};
use hocso::course::source::{SourceFile, from_dir};

type Expect = (String, usize, String);

fn fixtures(kind: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(kind)
}

fn announced(file: &str, bytes: &[u8], out: &mut Vec<Expect>) {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    for (i, line) in text.lines().enumerate() {
        if let Some((_, codes)) = line.split_once("# <- ") {
            for code in codes.split_whitespace() {
                out.push((file.to_string(), i + 1, code.to_string()));
            }
        }
        if let Some(rest) = line.strip_prefix("# expect: ") {
            let mut parts = rest.split_whitespace();
            let code = parts.next().expect("code").to_string();
            let at: usize = parts.next().expect("line").parse().expect("line number");
            out.push((file.to_string(), at, code));
        }
    }
}

fn actual(loaded: &Loaded) -> Vec<Expect> {
    let mut v: Vec<Expect> = loaded
        .diagnostics
        .iter()
        .map(|d: &Diagnostic| (d.file.clone(), d.line, d.code.to_string()))
        .collect();
    v.sort();
    v
}

/// Loads one fixture and returns (expected, actual).
fn run_fixture(path: &Path) -> (Vec<Expect>, Vec<Expect>) {
    let mut expected = Vec::new();
    let loaded = if path.is_dir() {
        let files = from_dir(path).expect("read fixture folder");
        for f in &files {
            announced(&f.path, &f.bytes, &mut expected);
        }
        if let Ok(text) = fs::read_to_string(path.join("expect")) {
            for l in text.lines().filter(|l| !l.trim().is_empty()) {
                let p: Vec<&str> = l.split_whitespace().collect();
                expected.push((
                    p[1].to_string(),
                    p[2].parse().expect("line"),
                    p[0].to_string(),
                ));
            }
        }
        load(&files)
    } else {
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let bytes = fs::read(path).expect("read fixture");
        announced(&name, &bytes, &mut expected);
        if let Ok(text) = fs::read_to_string(path.with_extension("expect")) {
            for l in text.lines().filter(|l| !l.trim().is_empty()) {
                let p: Vec<&str> = l.split_whitespace().collect();
                expected.push((name.clone(), p[1].parse().expect("line"), p[0].to_string()));
            }
        }
        load_parts(&[SourceFile {
            path: name,
            bytes: bytes.into(),
        }])
    };
    expected.sort();
    let mut actual = actual(&loaded);
    // Lesson metadata (`as_of`, `sources`) is announced only by the fixtures about it.
    let name = path.file_name().expect("name").to_string_lossy();
    if !name.starts_with("W009") {
        actual.retain(|(_, _, code)| code != "W009");
    }
    (expected, actual)
}

fn entries(kind: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(fixtures(kind))
        .expect("fixtures folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir() || p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    v.sort();
    v
}

#[test]
fn every_invalid_fixture_gives_exactly_its_announced_diagnostics() {
    let mut failures = Vec::new();
    for path in entries("invalid") {
        let (expected, actual) = run_fixture(&path);
        assert!(!expected.is_empty(), "{} announces nothing", path.display());
        if expected != actual {
            failures.push(format!(
                "{}\n  expected {expected:?}\n  actual   {actual:?}",
                path.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn fixture_names_start_with_the_code_they_test() {
    for path in entries("invalid") {
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let (expected, _) = run_fixture(&path);
        assert!(
            expected
                .iter()
                .any(|(_, _, code)| name.starts_with(code.as_str())),
            "{name} does not announce its own code"
        );
    }
}

/// Codes checked by generated input rather than a fixture file: E008 in `validate_robust.rs`,
/// W010 (needs today's month, `--stale N`) in `lesson_meta.rs`.
const GENERATED: &[&str] = &["E008", "W010"];

#[test]
fn every_code_has_a_fixture() {
    let names: Vec<String> = entries("invalid")
        .iter()
        .map(|p| p.file_name().expect("name").to_string_lossy().into_owned())
        .collect();
    for (code, _) in CODES {
        assert!(
            GENERATED.contains(code) || names.iter().any(|n| n.starts_with(code)),
            "no fixture for {code}"
        );
    }
}

#[test]
fn valid_fixtures_give_no_diagnostics() {
    for path in entries("valid") {
        let (_, actual) = run_fixture(&path);
        assert!(actual.is_empty(), "{}: {actual:?}", path.display());
    }
}

#[test]
fn valid_course_orders_modules_by_numeric_prefix_and_merges_glossaries() {
    let files = from_dir(&fixtures("valid").join("khoa-day-du")).expect("read");
    let course = load(&files).course.expect("course loads");
    let ids: Vec<&str> = course.modules.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["b", "c"]);
    assert!(course.term("otp").is_some() && course.term("app").is_some());
    let quiz = &course.modules[0].lessons[0].quiz;
    assert_eq!(quiz.pass_mark, 80);
    assert_eq!(quiz.order, hocso::course::QuizOrder::Shuffled);
}

#[test]
fn every_message_has_all_its_placeholders_filled() {
    use hocso::cli::validate::describe;
    use hocso::ui::lang::Lang;
    for path in entries("invalid") {
        let loaded = if path.is_dir() {
            load(&from_dir(&path).expect("read"))
        } else {
            let bytes = fs::read(&path).expect("read");
            load_parts(&[SourceFile {
                path: "x.yaml".into(),
                bytes: bytes.into(),
            }])
        };
        for d in &loaded.diagnostics {
            for lang in [Lang::Vi, Lang::En] {
                let m = describe(d, lang);
                assert!(!m.contains("%{"), "{}: {m}", d.code);
            }
        }
    }
}
