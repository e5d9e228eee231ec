//! `hocso learners`, `export`, `import` and `learners reset` on temp data folders (real binary).
#![allow(clippy::unwrap_used)]

use std::path::Path;

use assert_cmd::Command;
use hocso::progress::model::{Attempt, LessonProgress, LessonStatus, Place, Resume};
use hocso::store::learners::{NewLearner, Store};
use jiff::Timestamp;
use predicates::prelude::*;
use predicates::str::contains;

fn hocso(data: &Path) -> Command {
    let mut c = Command::cargo_bin("hocso").unwrap();
    c.arg("--data-dir")
        .arg(data)
        .env_remove("HOCSO_LANG")
        .env_remove("HOCSO_DATA_DIR");
    c
}

fn t(s: &str) -> Timestamp {
    s.parse().unwrap()
}

/// A learner with some history in data folder `dir`; returns the id.
fn seed(dir: &Path, name: &str, group: &str) -> String {
    let store = Store::open(dir).unwrap();
    let mut f = store
        .create(
            NewLearner {
                name: name.into(),
                birth_year: Some(1965),
                group: Some(group.into()),
            },
            t("2026-11-20T08:00:00Z"),
        )
        .unwrap();
    let course = f.courses.entry("cong-dan-so".into()).or_default();
    course.lessons.insert(
        "gioi-thieu".into(),
        LessonProgress {
            status: LessonStatus::Done,
            page: 4,
            seconds: 300,
            first_opened: Some(t("2026-11-20T08:01:00Z")),
            completed: Some(t("2026-11-20T08:06:00Z")),
            attempts: vec![Attempt {
                id: "att-1".into(),
                started: t("2026-11-20T08:04:00Z"),
                ended: Some(t("2026-11-20T08:06:00Z")),
                order: vec!["q1".into()],
                choices: Default::default(),
                answers: Default::default(),
                score: Some(100),
            }],
            best_score: Some(100),
            passed: true,
        },
    );
    course.resume = Some(Resume {
        lesson: "gioi-thieu".into(),
        place: Place::Page { page: 4 },
        at: t("2026-11-20T08:06:00Z"),
    });
    store.save(&f).unwrap();
    f.profile.id
}

#[test]
fn roster_lists_learners_with_details() {
    let tmp = tempfile::tempdir().unwrap();
    let id = seed(tmp.path(), "Nguyễn Thị Hoa", "Thôn Đông");
    hocso(tmp.path())
        .arg("learners")
        .assert()
        .success()
        .stdout(contains("Nguyễn Thị Hoa"))
        .stdout(contains("Thôn Đông, 1965"))
        .stdout(contains(id.as_str()))
        .stdout(contains("Bài xong"))
        // The built-in course has no lesson "gioi-thieu": reported, kept.
        .stdout(contains("không còn trong khóa học"));
}

#[test]
fn export_then_import_elsewhere_shows_same_progress_and_twice_changes_nothing() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let id = seed(a.path(), "Nguyễn Thị Hoa", "Thôn Đông");
    let out = a.path().join("usb").join("hoa.json");
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    // By name, accents and case ignored.
    hocso(a.path())
        .args(["export", "--learner", "nguyen thi hoa", "--out"])
        .arg(&out)
        .assert()
        .success()
        .stdout(contains("Đã xuất"));

    hocso(b.path())
        .arg("import")
        .arg(&out)
        .assert()
        .success()
        .stdout(contains("học viên mới"));
    let sa = Store::open(a.path()).unwrap();
    let sb = Store::open(b.path()).unwrap();
    assert_eq!(sa.load(&id).unwrap().file, sb.load(&id).unwrap().file);
    let roster = |d: &Path| {
        let o = hocso(d).arg("learners").output().unwrap();
        String::from_utf8(o.stdout).unwrap()
    };
    assert_eq!(roster(a.path()), roster(b.path()));

    let before = std::fs::read(sb.path_of(&id)).unwrap();
    hocso(b.path())
        .arg("import")
        .arg(&out)
        .assert()
        .success()
        .stdout(contains("không có gì mới"));
    assert_eq!(std::fs::read(sb.path_of(&id)).unwrap(), before);

    // Progress made on B comes back to A by merging, and A's own new work is kept.
    let mut fb = sb.load(&id).unwrap().file;
    fb.courses
        .get_mut("cong-dan-so")
        .unwrap()
        .lessons
        .insert("bai-2".into(), LessonProgress::default());
    sb.save(&fb).unwrap();
    let mut fa = sa.load(&id).unwrap().file;
    fa.courses
        .get_mut("cong-dan-so")
        .unwrap()
        .lessons
        .insert("bai-3".into(), LessonProgress::default());
    sa.save(&fa).unwrap();
    let back = b.path().join("back.json");
    hocso(b.path())
        .args(["export", "--learner", &id, "--out"])
        .arg(&back)
        .assert()
        .success();
    hocso(a.path())
        .arg("import")
        .arg(&back)
        .assert()
        .success()
        .stdout(contains("Đã gộp"));
    let merged = sa.load(&id).unwrap().file;
    let lessons = &merged.courses["cong-dan-so"].lessons;
    assert!(lessons.contains_key("bai-2") && lessons.contains_key("bai-3"));
}

#[test]
fn import_rejects_non_progress_files_and_bad_ids_get_fresh_ones() {
    let tmp = tempfile::tempdir().unwrap();
    let junk = tmp.path().join("junk.json");
    std::fs::write(&junk, "not json").unwrap();
    hocso(tmp.path())
        .arg("import")
        .arg(&junk)
        .assert()
        .code(1)
        .stderr(contains("không phải tệp tiến độ"));

    let evil = tmp.path().join("evil.json");
    std::fs::write(
        &evil,
        r#"{"format":1,"profile":{"id":"../../evil","name":"Evil\u001b[2J\u0007","created":"2026-11-20T08:00:00Z"}}"#,
    )
    .unwrap();
    hocso(tmp.path())
        .arg("import")
        .arg(&evil)
        .assert()
        .success();
    let store = Store::open(tmp.path()).unwrap();
    let (list, _) = store.list();
    assert_eq!(list.len(), 1);
    assert!(list[0].id.starts_with("evil-"));
    assert_eq!(list[0].name, "Evil[2J", "escape codes removed");
    assert!(!tmp.path().parent().unwrap().join("evil.json").exists());
}

#[test]
fn reset_keeps_a_backup_and_needs_confirmation() {
    let tmp = tempfile::tempdir().unwrap();
    let id = seed(tmp.path(), "Lê Văn Nam", "Lớp 1");
    // No confirmation (stdin empty): nothing changes.
    hocso(tmp.path())
        .args(["learners", "reset", "Lê Văn Nam"])
        .write_stdin("")
        .assert()
        .code(1);
    let store = Store::open(tmp.path()).unwrap();
    assert!(!store.load(&id).unwrap().file.courses.is_empty());
    // Typed "c": one lesson cleared, backup kept.
    hocso(tmp.path())
        .args(["learners", "reset", &id, "--lesson", "gioi-thieu"])
        .write_stdin("c\n")
        .assert()
        .success()
        .stdout(contains("Bản sao lưu"));
    let f = store.load(&id).unwrap().file;
    assert!(
        f.courses["cong-dan-so"].lessons.is_empty() && f.courses["cong-dan-so"].resume.is_none()
    );
    let backups: Vec<_> = std::fs::read_dir(store.dir())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".reset-"))
        .collect();
    assert_eq!(backups.len(), 1);
}

#[test]
fn same_names_need_the_id_and_bad_folder_is_explained() {
    let tmp = tempfile::tempdir().unwrap();
    seed(tmp.path(), "Hoa", "Thôn Đông");
    seed(tmp.path(), "Hoa", "Thôn Tây");
    hocso(tmp.path())
        .args(["export", "--learner", "Hoa"])
        .assert()
        .code(2)
        .stderr(contains("Thôn Tây"))
        .stderr(contains("mã học viên"));
    let file = tmp.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    hocso(&file)
        .arg("learners")
        .assert()
        .code(2)
        .stderr(contains("--data-dir"))
        .stderr(contains("a-file"));
}

#[test]
fn data_folder_comes_from_flag_then_env() {
    let by_env = tempfile::tempdir().unwrap();
    let by_flag = tempfile::tempdir().unwrap();
    seed(by_env.path(), "Theo biến môi trường", "A");
    seed(by_flag.path(), "Theo tham số", "B");
    let mut c = Command::cargo_bin("hocso").unwrap();
    c.env("HOCSO_DATA_DIR", by_env.path()).arg("learners");
    c.assert()
        .success()
        .stdout(contains("Theo biến môi trường"));
    let mut c = Command::cargo_bin("hocso").unwrap();
    c.env("HOCSO_DATA_DIR", by_env.path())
        .arg("--data-dir")
        .arg(by_flag.path())
        .arg("learners");
    c.assert()
        .success()
        .stdout(contains("Theo tham số"))
        .stdout(contains("Theo biến").not());
}
