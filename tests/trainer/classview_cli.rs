//! `hocso class pin set|clear` and `hocso preview` (without a terminal) through the real binary.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use assert_cmd::Command;
use hocso::trainer::pin::Check;
use predicates::prelude::*;

fn check(data: &Path, pin: &str, secs: i64) -> Check {
    let at = jiff::Timestamp::from_second(1_800_000_000 + secs).unwrap();
    hocso::trainer::pin::check(data, pin, at, "vi")
}

fn hocso(data: &Path) -> Command {
    let mut c = Command::cargo_bin("hocso").unwrap();
    c.arg("--data-dir").arg(data).env_remove("HOCSO_LANG");
    c
}

#[test]
fn pin_is_read_twice_stored_hashed_replaced_and_cleared() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    hocso(&data)
        .args(["class", "pin", "set"])
        .write_stdin("246802\n135791\n")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("không giống nhau"));
    assert!(
        !hocso::trainer::pin::is_set(&data),
        "a mismatch changes nothing"
    );

    hocso(&data)
        .args(["class", "pin", "set"])
        .write_stdin("246802\n246802\n")
        .assert()
        .success()
        .stdout(predicate::str::contains("Đã đặt mã PIN"));
    let stored = std::fs::read_to_string(data.join("trainer-pin.json")).unwrap();
    assert!(!stored.contains("246802"), "{stored}");
    assert_eq!(check(&data, "246802", 0), Check::Right);

    hocso(&data)
        .args(["--lang", "en", "class", "pin", "set", "--pin", "999999"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Trainer PIN set"));
    assert_eq!(check(&data, "999999", 1), Check::Right);
    assert!(
        matches!(check(&data, "246802", 2), Check::Wrong { .. }),
        "setting a PIN resets it"
    );
    // Fewer than six digits (new PINs), or letters, are refused.
    for bad in ["1", "123", "1234", "12345", "abcdef"] {
        hocso(&data)
            .args(["class", "pin", "set", "--pin", bad])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("ít nhất 6 chữ số"));
    }

    hocso(&data)
        .args(["class", "pin", "set", "--pin", "  "])
        .assert()
        .code(2);
    hocso(&data)
        .args(["class", "pin", "clear"])
        .assert()
        .success();
    assert!(!hocso::trainer::pin::is_set(&data));
}

#[test]
fn preview_of_a_broken_file_without_watch_prints_the_problems() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let file = dir.path().join("bai.yaml");
    std::fs::write(&file, "id: bai\ntitle: \"Bài\"\npages: 3\n").unwrap();
    hocso(&data)
        .arg("preview")
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("bai.yaml:3"))
        .stderr(predicate::str::contains("--watch"));
    assert!(!data.exists(), "preview never creates the data folder");
}
