//! `hocso validate` and `hocso schema` through the real binary: output lines, languages,
//! JSON, exit statuses, and the ways trainers really break lessons.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use tempfile::TempDir;

fn hocso() -> Command {
    let mut c = Command::cargo_bin("hocso").expect("binary");
    c.env_remove("HOCSO_LANG").env_remove("HOCSO_LESSONS");
    c.env("LANG", "en_US.UTF-8"); // the OS locale must not change the default language
    c
}

fn sample(name: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/sample-course/mau")
        .join(name);
    fs::read_to_string(p).expect("sample lesson")
}

#[test]
fn builtin_course_validates_clean_in_vietnamese() {
    hocso()
        .arg("validate")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Tóm tắt: "))
        .stdout(predicate::str::contains("0 lỗi, "));
}

#[test]
fn english_by_flag_or_environment() {
    hocso()
        .args(["validate", "--lang", "en"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Summary: "));
    hocso()
        .arg("validate")
        .env("HOCSO_LANG", "en")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("0 errors, "));
}

/// The sample lesson broken the ways trainers do, all in one file.
fn broken_lesson() -> String {
    sample("01-lam-quen.yaml")
        .replace(
            "title: \"Làm quen cách học\"",
            "titel: \"Làm quen cách học\"",
        ) // line 3
        .replace("minutes: 5", "minutes 5") // line 4: missing colon
        .replace("      kind: one\n", "\tkind: one\n") // line 29: tab
        .replace(
            "          correct: true\n        - id: trai",
            "        - id: trai",
        ) // no correct
        .replace("id: chup", "id: goi") // duplicate choice id
        .replace("      answer: false\n", "      answer:\n") // empty answer
}

#[test]
fn trainer_mistakes_each_get_one_vietnamese_line_and_all_are_reported() {
    let dir = TempDir::new().expect("tempdir");
    let file = dir.path().join("bai.yaml");
    fs::write(&file, broken_lesson()).expect("write");
    let out = hocso().arg("validate").arg(&file).output().expect("run");
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).expect("utf-8");
    let lines: Vec<&str> = stdout.lines().collect();
    let shown = file.display().to_string().replace('\\', "/");
    for (line, code) in [
        (3, "E010"),
        (4, "E001"),
        (29, "E006"),
        (31, "E026"),
        (46, "E028"),
        (56, "E025"),
    ] {
        let prefix = format!("{shown}:{line}:");
        let hits: Vec<_> = lines
            .iter()
            .filter(|l| l.starts_with(&prefix) && l.ends_with(&format!("[{code}]")))
            .collect();
        assert_eq!(hits.len(), 1, "{code} at line {line}:\n{stdout}");
        assert!(hits[0].contains(": lỗi: "), "{}", hits[0]);
    }
    assert!(lines.last().expect("summary").starts_with("Tóm tắt:"));
}

#[test]
fn utf16_file_is_told_to_save_as_utf8() {
    let dir = TempDir::new().expect("tempdir");
    let file = dir.path().join("bai.yaml");
    let mut bytes = vec![0xFF, 0xFE];
    for u in sample("02-tra-loi.yaml").encode_utf16() {
        bytes.extend(u.to_le_bytes());
    }
    fs::write(&file, bytes).expect("write");
    hocso()
        .arg("validate")
        .arg(&file)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(":1:1: lỗi: ").and(predicate::str::contains("UTF-8")))
        .stdout(predicate::str::contains("[E002]"));
}

#[test]
fn json_output_has_diagnostics_and_summary() {
    let dir = TempDir::new().expect("tempdir");
    let file = dir.path().join("bai.yaml");
    fs::write(&file, broken_lesson()).expect("write");
    let out = hocso()
        .args(["validate", "--format", "json", "--lang", "en"])
        .arg(&file)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let diags = v["diagnostics"].as_array().expect("array");
    assert!(diags.len() >= 6);
    for d in diags {
        for k in ["file", "line", "column", "severity", "code", "message"] {
            assert!(!d[k].is_null(), "{k} missing in {d}");
        }
    }
    assert_eq!(diags[0]["severity"], "error");
    let s = &v["summary"];
    assert_eq!(s["lessons"], 1);
    assert_eq!(s["by_kind"]["true_false"], 1);
    assert_eq!(
        s["errors"].as_u64().expect("n") as usize,
        diags.iter().filter(|d| d["severity"] == "error").count()
    );
}

#[test]
fn module_folder_alone_and_single_lesson_validate() {
    let mau = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sample-course/mau");
    hocso().arg("validate").arg(&mau).assert().code(0);
    hocso()
        .arg("validate")
        .arg(mau.join("02-tra-loi.yaml"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("1 bài"));
}

#[test]
fn usage_problems_exit_2() {
    hocso()
        .args(["validate", "khong-co-tep-nay.yaml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Không tìm thấy"));
    hocso()
        .args(["validate", "--format", "xml"])
        .assert()
        .code(2);
    hocso().args(["schema", "bai"]).assert().code(2);
}

#[test]
fn schema_prints_draft07_json() {
    for name in ["course", "module", "lesson", "glossary"] {
        let out = hocso().args(["schema", name]).output().expect("run");
        assert_eq!(out.status.code(), Some(0));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        assert_eq!(v["$schema"], "http://json-schema.org/draft-07/schema#");
    }
    let out = hocso().arg("schema").output().expect("run");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert!(
        v["properties"]["pages"].is_object(),
        "default is the lesson schema"
    );
}

#[test]
fn lessons_folder_from_environment_is_validated_when_no_path_given() {
    let dir = TempDir::new().expect("tempdir");
    fs::write(
        dir.path().join("course.yaml"),
        "format: 1\nid: k\ntitle: \"K\"\n",
    )
    .expect("write");
    hocso()
        .arg("validate")
        .env("HOCSO_LESSONS", dir.path())
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("Tóm tắt: 0 chương"));
    let out = hocso()
        .arg("validate")
        .env("HOCSO_LESSONS", dir.path().join("khong-co"))
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn huge_file_is_refused_quickly_with_e008() {
    let dir = TempDir::new().expect("tempdir");
    let file = dir.path().join("to.yaml");
    let mut text = String::from("id: to\ntitle: \"");
    text.push_str(&"a".repeat(20 * 1024 * 1024));
    text.push_str("\"\n");
    fs::write(&file, text).expect("write");
    hocso()
        .arg("validate")
        .arg(&file)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("[E008]"));
}

/// A trainer's slips in a real lesson (a part of this module so the Windows check runs them).
#[path = "validate_slips.rs"]
mod slips;
