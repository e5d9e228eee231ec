//! One person, one learner (issue 10): an export of someone this PC knows from the class list
//! joins that learner; two different people with one name stay two; `learners merge A B`.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::path::Path;

use assert_cmd::Command;
use hocso::progress::model::{AnswerRecord, Attempt, LearnerFile, LessonProgress, LessonStatus};
use hocso::quiz::Answer;
use hocso::store::learners::{NewLearner, Store};
use jiff::Timestamp;

fn hocso(data: &Path) -> Command {
    let mut c = Command::cargo_bin("hocso").unwrap();
    c.arg("--data-dir").arg(data).env_remove("HOCSO_LANG");
    c
}

fn ts(s: i64) -> Timestamp {
    Timestamp::from_second(1_790_000_000 + s).unwrap()
}

/// A passed lesson `lesson` with one attempt `attempt`.
fn studied(f: &mut LearnerFile, lesson: &str, attempt: &str, at: i64) {
    let mut answers = BTreeMap::new();
    answers.insert(
        "q1".to_string(),
        AnswerRecord {
            answer: Answer::TrueFalse(true),
            correct: true,
            hints: 0,
            shown: Vec::new(),
            at: ts(at + 1),
        },
    );
    let lp = LessonProgress {
        status: LessonStatus::Done,
        page: 1,
        seconds: 120,
        first_opened: Some(ts(at)),
        completed: Some(ts(at + 5)),
        attempts: vec![Attempt {
            id: attempt.into(),
            started: ts(at),
            ended: Some(ts(at + 5)),
            order: vec!["q1".into()],
            choices: Default::default(),
            answers,
            score: Some(100),
        }],
        best_score: Some(100),
        passed: true,
    };
    f.courses
        .entry("cong-dan-so".into())
        .or_default()
        .lessons
        .insert(lesson.into(), lp);
}

fn all(data: &Path) -> Vec<LearnerFile> {
    let (mut files, problems) = Store::open(data).unwrap().load_all();
    assert!(problems.is_empty(), "{problems:?}");
    files.sort_by_key(|f| (f.profile.birth_year, f.profile.id.clone()));
    files
}

/// An export of `name` made on another PC ("at home") with one lesson studied.
fn export_from_home(
    dir: &Path,
    name: &str,
    year: u16,
    group: &str,
    lesson: &str,
) -> std::path::PathBuf {
    let home = dir.join(format!("home-{year}"));
    let store = Store::open(&home).unwrap();
    let new = NewLearner {
        name: name.into(),
        birth_year: Some(year),
        group: Some(group.into()),
    };
    let mut f = store.create(new, ts(-100)).unwrap();
    studied(&mut f, lesson, &format!("home-{lesson}"), 0);
    store.save(&f).unwrap();
    let out = dir.join(format!("export-{year}.json"));
    hocso(&home)
        .args(["export", "--learner", &f.profile.id, "--out"])
        .arg(&out)
        .assert()
        .success();
    out
}

#[test]
fn an_export_of_a_listed_person_joins_them_and_namesakes_stay_apart() {
    let dir = tempfile::tempdir().unwrap();
    let office = dir.path().join("office");
    let list = dir.path().join("lop.csv");
    std::fs::write(
        &list,
        "Họ tên;Năm sinh;Thôn\nNguyễn Thị Hoa;1958;Thôn Đông\nNguyễn Thị Hoa;1975;Thôn Đông\n",
    )
    .unwrap();
    hocso(&office)
        .args(["roster", "import"])
        .arg(&list)
        .assert()
        .success();
    let listed = all(&office);
    assert_eq!(listed.len(), 2);
    // The one born in 1958 also studied at the office.
    let store = Store::open(&office).unwrap();
    let mut hoa58 = listed[0].clone();
    studied(&mut hoa58, "bai-office", "office-1", 50);
    store.save(&hoa58).unwrap();

    // At home she wrote her name without accents and in lower case.
    let export = export_from_home(dir.path(), "nguyen thi hoa", 1958, "thon dong", "bai-home");
    let out = hocso(&office).arg("import").arg(&export).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("đã gộp tiến độ vào đó, không tạo người thứ hai"),
        "{text}"
    );
    assert!(text.contains(&hoa58.profile.id), "{text}");
    let after = all(&office);
    assert_eq!(after.len(), 2, "a second learner was made");
    let joined = &after[0];
    assert_eq!(joined.profile.id, hoa58.profile.id);
    assert_eq!(joined.profile.name, "Nguyễn Thị Hoa");
    let lessons = &joined.courses["cong-dan-so"].lessons;
    assert!(lessons.contains_key("bai-office") && lessons.contains_key("bai-home"));
    // Her namesake born in 1975 is untouched.
    assert_eq!(after[1], listed[1]);

    // The same export again changes nothing.
    let out = hocso(&office).arg("import").arg(&export).output().unwrap();
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("không có gì mới")
    );
    assert_eq!(all(&office), after);

    // A third Nguyễn Thị Hoa, born 1990, is a different person: a new learner.
    let other = export_from_home(dir.path(), "Nguyễn Thị Hoa", 1990, "Thôn Đông", "bai-x");
    let out = hocso(&office).arg("import").arg(&other).output().unwrap();
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("Đã thêm học viên mới")
    );
    assert_eq!(all(&office).len(), 3);
}

#[test]
fn learners_merge_joins_two_files_of_one_person_and_keeps_backups() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let store = Store::open(data).unwrap();
    let mut a = store
        .create(
            NewLearner {
                name: "Lê Văn Tám".into(),
                birth_year: Some(1950),
                group: Some("Thôn Bắc".into()),
            },
            ts(0),
        )
        .unwrap();
    studied(&mut a, "bai-1", "a-1", 10);
    store.save(&a).unwrap();
    let mut b = store
        .create(
            NewLearner {
                name: "Le Van Tam".into(),
                birth_year: None,
                group: None,
            },
            ts(-50),
        )
        .unwrap();
    studied(&mut b, "bai-2", "b-1", 20);
    store.save(&b).unwrap();

    hocso(data)
        .args(["learners", "merge", &a.profile.id, &b.profile.id, "--yes"])
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "Đã gộp Le Van Tam vào Lê Văn Tám",
        ));
    let files = all(data);
    assert_eq!(files.len(), 1);
    let m = &files[0];
    assert_eq!(m.profile.id, a.profile.id);
    assert_eq!(
        (m.profile.name.as_str(), m.profile.birth_year),
        ("Lê Văn Tám", Some(1950))
    );
    assert_eq!(m.profile.created, ts(-50));
    let lessons = &m.courses["cong-dan-so"].lessons;
    assert!(lessons.contains_key("bai-1") && lessons.contains_key("bai-2"));
    let backups: Vec<String> = std::fs::read_dir(data.join("learners"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".merge-"))
        .collect();
    assert_eq!(backups.len(), 2, "{backups:?}");
    assert!(backups.iter().any(|n| n.starts_with(&b.profile.id)));
    assert!(!store.path_of(&b.profile.id).exists());

    // The same learner twice is refused.
    hocso(data)
        .args(["learners", "merge", &a.profile.id, &a.profile.id, "--yes"])
        .assert()
        .code(2);
}
