//! Issue 28 item 7: a write-protected data folder (a USB copy, a read-only share) is readable by
//! `learners`, `report`, `export` and `certificate verify`; numbers out of range in a learner
//! file are repaired per field and reported, and a read-only command never sets a learner aside.
//!
//! Tests may run as root, where `chmod 0555` stops nothing. The folder is then made immutable
//! (`chattr +i`), which stops root too; if neither works here the test says so and still checks
//! what makes a read-only folder readable at all: the commands change nothing in it.
#![cfg(unix)]
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command as Std;
use std::time::{Duration, SystemTime};

use assert_cmd::Command;
use hocso::progress::model::{LessonProgress, LessonStatus};
use hocso::store::learners::{NewLearner, Store};
use hocso::trainer::certificate::code::{Contents, issue};

fn t0() -> jiff::Timestamp {
    "2026-11-30T08:00:00Z".parse().unwrap()
}

fn hocso(data: &Path) -> Command {
    let mut c = Command::cargo_bin("hocso").unwrap();
    c.arg("--data-dir")
        .arg(data)
        .env_remove("HOCSO_LANG")
        .env_remove("HOCSO_LESSONS")
        .timeout(Duration::from_secs(60));
    c
}

/// Every path under `dir` with its size and modification time.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (u64, SystemTime)> {
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        let m = e.metadata().unwrap();
        if m.is_dir() {
            out.extend(snapshot(&e.path()));
        }
        out.insert(e.path(), (m.len(), m.modified().unwrap()));
    }
    out
}

/// Tries to create a file in `dir`: true when the folder really refuses writes.
fn refuses_writes(dir: &Path) -> bool {
    let probe = dir.join(".probe");
    let ok = std::fs::write(&probe, b"x").is_ok();
    let _ = std::fs::remove_file(&probe);
    !ok
}

/// How the folder was made read-only.
enum Protect {
    Chmod,
    Immutable,
    None,
}

fn protect(data: &Path) -> Protect {
    let mut dirs = vec![data.to_path_buf()];
    for d in [data.join("learners"), data.join("certificates")] {
        dirs.push(d);
    }
    for d in &dirs {
        std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o555)).unwrap();
    }
    if dirs.iter().all(|d| refuses_writes(d)) {
        return Protect::Chmod;
    }
    // Root: chmod stops nothing. An immutable folder stops root too (where the filesystem and
    // the container allow it).
    let ok = Std::new("chattr")
        .arg("-R")
        .arg("+i")
        .arg(data)
        .status()
        .is_ok_and(|s| s.success());
    if ok && dirs.iter().all(|d| refuses_writes(d)) {
        return Protect::Immutable;
    }
    Protect::None
}

fn unprotect(data: &Path, how: &Protect) {
    if let Protect::Immutable = how {
        let _ = Std::new("chattr").arg("-R").arg("-i").arg(data).status();
    }
    for d in [
        data.join("learners"),
        data.join("certificates"),
        data.to_path_buf(),
    ] {
        let _ = std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o755));
    }
}

/// Undoes the protection even when an assertion fails (tempdir must be able to delete it).
struct Guard<'a>(&'a Path, Protect);

impl Drop for Guard<'_> {
    fn drop(&mut self) {
        unprotect(self.0, &self.1);
    }
}

/// Two learners with progress, one of them with numbers out of range written into its file,
/// and a certificate issued. Returns (data folder, id of the learner with bad numbers, code).
fn folder(tmp: &Path) -> (PathBuf, String, String) {
    let data = tmp.join("data");
    let store = Store::open(&data).unwrap();
    let mut ids = Vec::new();
    for name in ["Nguyễn Thị Hoa", "Lê Văn Tám"] {
        let mut lf = store
            .create(
                NewLearner {
                    name: name.into(),
                    birth_year: Some(1960),
                    group: Some("Thôn Đông".into()),
                },
                t0(),
            )
            .unwrap();
        lf.courses
            .entry("cong-dan-so".into())
            .or_default()
            .lessons
            .insert(
                "bai-mot".into(),
                LessonProgress {
                    status: LessonStatus::Done,
                    passed: true,
                    best_score: Some(90),
                    completed: Some(t0()),
                    first_opened: Some(t0()),
                    ..Default::default()
                },
            );
        store.save(&lf).unwrap();
        ids.push(lf.profile.id.clone());
    }
    let bad = ids[1].clone();
    let path = store.path_of(&bad);
    let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    v["profile"]["birth_year"] = serde_json::json!(70000);
    v["courses"]["cong-dan-so"]["lessons"]["bai-mot"]["best_score"] = serde_json::json!(300);
    v["courses"]["cong-dan-so"]["lessons"]["bai-mot"]["seconds"] = serde_json::json!(-5);
    std::fs::write(&path, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
    let issued = issue(
        &data,
        Contents {
            learner_id: ids[0].clone(),
            name: "Nguyễn Thị Hoa".into(),
            birth_year: Some(1960),
            group: None,
            course: "Công dân số".into(),
            modules: vec![],
            unit: "Xã An Lão".into(),
            trainer: "Trần Văn Bình".into(),
            issued: "2026-11-30".into(),
        },
    )
    .unwrap();
    (data, bad, issued.code)
}

fn text(o: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn a_write_protected_folder_reads_and_bad_numbers_are_repaired_per_field() {
    let tmp = tempfile::tempdir().unwrap();
    let (data, bad, code) = folder(tmp.path());
    let out = tmp.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let before = snapshot(&data);
    let guard = Guard(&data, protect(&data));
    if let Protect::None = guard.1 {
        eprintln!(
            "note: this machine cannot make a folder read-only for this user; checking that nothing in it changes"
        );
    }

    // `learners`: both listed (the one with bad numbers too), the repair said per field.
    let o = hocso(&data).arg("learners").output().unwrap();
    let said = text(&o);
    assert!(o.status.success(), "{said}");
    assert!(
        said.contains("Nguyễn Thị Hoa") && said.contains("Lê Văn Tám"),
        "{said}"
    );
    assert!(
        said.contains(&bad) && said.contains("best_score: 300 → 100"),
        "{said}"
    );
    assert!(said.contains("birth_year: 70000"), "{said}");

    // `report` to a file outside the folder.
    let o = hocso(&data)
        .args(["report", "--format", "csv", "--out"])
        .arg(out.join("lop.csv"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let csv = std::fs::read_to_string(out.join("lop.csv")).unwrap();
    assert!(
        csv.contains("Lê Văn Tám") && csv.contains("Nguyễn Thị Hoa"),
        "{csv}"
    );
    // The learner is in the report with its own row, and no "damaged file" row beside it.
    let row = csv
        .lines()
        .find(|l| l.starts_with("Lê Văn Tám"))
        .unwrap_or_else(|| panic!("no row for the learner with bad numbers:\n{csv}"));
    assert!(row.contains(&bad) && !row.contains("300"), "{row}");
    assert!(!csv.contains("TỆP HỎNG"), "{csv}");

    // `export` of each learner to a file outside the folder.
    for (who, file) in [("Nguyễn Thị Hoa", "hoa.json"), (bad.as_str(), "tam.json")] {
        let o = hocso(&data)
            .args(["export", "--learner", who, "--out"])
            .arg(out.join(file))
            .output()
            .unwrap();
        assert!(o.status.success(), "{who}: {}", text(&o));
    }
    let tam: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("tam.json")).unwrap()).unwrap();
    assert_eq!(
        tam["courses"]["cong-dan-so"]["lessons"]["bai-mot"]["best_score"],
        100
    );
    assert!(tam["profile"]["birth_year"].is_null());

    // `certificate verify`.
    let o = hocso(&data)
        .args(["certificate", "verify", &code])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("HỢP LỆ"), "{}", text(&o));

    // Nothing in the folder was created, moved, set aside or rewritten.
    drop(guard);
    assert_eq!(snapshot(&data), before);
}

#[test]
fn a_file_with_bad_numbers_opened_for_writing_is_repaired_not_set_aside() {
    let tmp = tempfile::tempdir().unwrap();
    let (data, bad, _) = folder(tmp.path());
    let store = Store::open(&data).unwrap();
    let loaded = store.load(&bad).unwrap();
    assert_eq!(loaded.file.profile.birth_year, None);
    let l = &loaded.file.courses["cong-dan-so"].lessons["bai-mot"];
    assert_eq!((l.best_score, l.seconds), (Some(100), 0));
    let said: Vec<String> = loaded.problems.iter().map(|p| p.message("vi")).collect();
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(said[0].contains("best_score: 300 → 100"), "{said:?}");
    // Nothing was set aside.
    let aside: Vec<_> = std::fs::read_dir(store.dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("corrupt"))
        .collect();
    assert_eq!(aside, Vec::<String>::new());
}
