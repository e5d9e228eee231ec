//! The progress store on real temp folders: create, list, load, save, backups, damaged files,
//! newer formats, unsafe names, session locks within one process.
#![allow(clippy::unwrap_used)]

use std::fs;

use hocso::progress::model::LessonProgress;
use hocso::store::learners::{NewLearner, Problem, Store, StoreError};
use hocso::store::lock::LockError;
use jiff::Timestamp;

fn now() -> Timestamp {
    "2026-11-26T08:00:00Z".parse().unwrap()
}

fn new(name: &str) -> NewLearner {
    NewLearner {
        name: name.into(),
        birth_year: Some(1968),
        group: Some("Thôn Đông".into()),
    }
}

#[test]
fn create_list_load_save() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let mut hoa = store.create(new("Nguyễn Thị Hoa"), now()).unwrap();
    assert!(
        hoa.profile.id.starts_with("nguyen-thi-hoa-"),
        "{}",
        hoa.profile.id
    );
    assert!(store.path_of(&hoa.profile.id).is_file());
    let (list, problems) = store.list();
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].name, "Nguyễn Thị Hoa");
    assert_eq!(list[0].group.as_deref(), Some("Thôn Đông"));

    hoa.courses.entry("c".into()).or_default().lessons.insert(
        "l1".into(),
        LessonProgress {
            page: 3,
            ..Default::default()
        },
    );
    store.save(&hoa).unwrap();
    let loaded = store.load(&hoa.profile.id).unwrap();
    assert!(loaded.problems.is_empty());
    assert_eq!(loaded.file, hoa);
    // The previous version is kept as .bak.
    let bak = store.dir().join(format!("{}.json.bak", hoa.profile.id));
    let bak: hocso::progress::model::LearnerFile =
        serde_json::from_slice(&fs::read(bak).unwrap()).unwrap();
    assert!(bak.courses.is_empty());
}

#[test]
fn damaged_file_is_set_aside_and_backup_restored() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let mut f = store.create(new("Lê Văn Nam"), now()).unwrap();
    f.profile.birth_year = Some(1970);
    store.save(&f).unwrap(); // .bak = first version
    let id = f.profile.id.clone();
    fs::write(store.path_of(&id), b"{\"format\": 1, \"profile\": {tru").unwrap();

    let loaded = store.load(&id).unwrap();
    assert_eq!(
        loaded.file.profile.birth_year,
        Some(1968),
        "restored from .bak"
    );
    assert!(matches!(
        loaded.problems[..],
        [Problem::SetAside { .. }, Problem::Restored { .. }]
    ));
    let aside = loaded.problems[0].path().unwrap().to_path_buf();
    assert!(
        aside
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .contains(".corrupt-")
    );
    assert_eq!(
        fs::read(&aside).unwrap(),
        b"{\"format\": 1, \"profile\": {tru"
    );
    assert!(loaded.problems[1].message("vi").contains("khôi phục"));

    // The trainer still sees the set-aside file in the list; the learner is listed too.
    let (list, problems) = store.list();
    assert_eq!(list.len(), 1);
    assert!(
        problems
            .iter()
            .any(|p| matches!(p, Problem::SetAside { path, .. } if *path == aside))
    );
}

#[test]
fn damaged_file_without_backup_is_reported_not_reset() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let f = store.create(new("Trần B"), now()).unwrap();
    let id = f.profile.id.clone();
    fs::write(store.path_of(&id), b"garbage").unwrap();
    let err = store.load(&id).unwrap_err();
    let StoreError::Corrupt { quarantined, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(fs::read(quarantined).unwrap(), b"garbage");
    assert!(err.message("vi").contains("không xóa"));
    let (list, problems) = store.list();
    assert!(list.is_empty());
    assert_eq!(problems.len(), 1);
}

#[test]
fn damaged_file_found_by_list_is_repaired() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let f = store.create(new("Hà"), now()).unwrap();
    store.save(&f).unwrap();
    let mut g = f.clone();
    g.profile.group = Some("Lớp 2".into());
    store.save(&g).unwrap();
    fs::write(store.path_of(&f.profile.id), b"").unwrap(); // e.g. truncated by a bad USB copy
    let (list, problems) = store.list();
    assert_eq!(list.len(), 1);
    assert!(
        problems
            .iter()
            .any(|p| matches!(p, Problem::Restored { .. })),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| matches!(p, Problem::SetAside { .. })),
        "{problems:?}"
    );
}

#[test]
fn newer_format_is_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let f = store.create(new("Mai"), now()).unwrap();
    let path = store.path_of(&f.profile.id);
    let newer = br#"{"format": 99, "profile": "something new"}"#;
    fs::write(&path, newer).unwrap();
    assert!(matches!(
        store.load(&f.profile.id),
        Err(StoreError::NewerFormat { format: 99, .. })
    ));
    assert!(matches!(
        store.save(&f),
        Err(StoreError::NewerFormat { .. })
    ));
    assert_eq!(fs::read(&path).unwrap(), newer);
    let (list, problems) = store.list();
    assert!(list.is_empty());
    assert!(matches!(
        problems[..],
        [Problem::NewerFormat { format: 99, .. }]
    ));
}

#[test]
fn unsafe_names_stay_inside_and_never_collide() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let store = Store::open(&data).unwrap();
    let long = "Đ".repeat(300);
    let names = [
        "../../etc/passwd",
        "CON",
        "NUL.txt",
        "   ",
        "",
        "😀",
        "a\u{0}\u{7}b",
        &long,
        "CON",
        "CON",
    ];
    let mut ids = std::collections::BTreeSet::new();
    for n in names {
        let f = store.create(new(n), now()).unwrap();
        assert!(
            ids.insert(f.profile.id.clone()),
            "collision {}",
            f.profile.id
        );
        assert_eq!(store.path_of(&f.profile.id).parent().unwrap(), store.dir());
    }
    // Nothing outside the learners folder.
    assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
    assert_eq!(fs::read_dir(&data).unwrap().count(), 1);
    let (list, problems) = store.list();
    assert_eq!(list.len(), names.len());
    assert!(problems.is_empty());
    // Control characters never reach the display name.
    assert!(list.iter().all(|l| !l.name.chars().any(char::is_control)));
    // Path-like ids are refused before touching the disk.
    for bad in ["../../etc/passwd", "..", "CON.json", "a/b"] {
        assert!(matches!(store.load(bad), Err(StoreError::BadId { .. })));
        assert!(matches!(store.lock(bad, now()), Err(LockError::BadId)));
    }
}

#[test]
fn second_lock_in_same_process_is_refused_then_free_after_drop() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let f = store.create(new("Hoa"), now()).unwrap();
    let id = &f.profile.id;
    let first = store.lock(id, now()).unwrap();
    let err = store.lock(id, now()).unwrap_err();
    let LockError::Held { info: Some(info) } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(info.pid, std::process::id());
    assert!(err.message("vi").contains(&info.host));
    // take_over never steals a live session.
    assert!(matches!(
        store.take_over(id, now()),
        Err(LockError::Held { .. })
    ));
    drop(first);
    let again = store.lock(id, now()).unwrap();
    drop(again);
}

#[test]
fn note_from_dead_session_is_stale_and_can_be_taken_over() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let f = store.create(new("Hoa"), now()).unwrap();
    let id = &f.profile.id;
    // A note left by a crashed process on this host (no OS lock held any more).
    let host = gethostname::gethostname().to_string_lossy().into_owned();
    let note = format!(
        r#"{{"host":"{host}","pid":999999,"since":"2026-11-26T07:00:00Z","seen":"2026-11-26T07:59:00Z"}}"#
    );
    fs::write(store.dir().join(format!("{id}.session")), &note).unwrap();
    assert!(matches!(
        store.lock(id, now()),
        Err(LockError::Stale { .. })
    ));
    let lock = store.take_over(id, now()).unwrap();
    assert_eq!(lock.info().pid, std::process::id());
    drop(lock);

    // Another PC's fresh note counts as held; an old one as stale.
    let other = r#"{"host":"PC-LOP-2","pid":42,"since":"2026-11-26T07:00:00Z","seen":"2026-11-26T07:59:00Z"}"#;
    fs::write(store.dir().join(format!("{id}.session")), other).unwrap();
    let err = store.lock(id, now()).unwrap_err();
    assert!(matches!(&err, LockError::Held { info: Some(i) } if i.host == "PC-LOP-2"));
    assert!(err.message("vi").contains("PC-LOP-2"));
    let later: Timestamp = "2026-11-26T10:00:00Z".parse().unwrap();
    assert!(matches!(
        store.lock(id, later),
        Err(LockError::Stale { .. })
    ));
}

#[test]
fn old_temp_files_of_killed_saves_are_swept_fresh_ones_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let old = store.dir().join(".hoa-abc234.json.Ab12Cd");
    let fresh = store.dir().join(".hoa-abc234.json.Zz99Yy");
    let other = store.dir().join(".someone-elses-file");
    for p in [&old, &fresh, &other] {
        fs::write(p, "half a save").unwrap();
    }
    let two_days_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(48 * 3600);
    fs::File::options()
        .write(true)
        .open(&old)
        .unwrap()
        .set_modified(two_days_ago)
        .unwrap();
    fs::File::options()
        .write(true)
        .open(&other)
        .unwrap()
        .set_modified(two_days_ago)
        .unwrap();
    Store::open(tmp.path()).unwrap();
    assert!(!old.exists());
    assert!(fresh.exists() && other.exists());
}

#[test]
fn touch_refreshes_the_note_at_most_once_a_minute() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let id = store.create(new("Hoa"), now()).unwrap().profile.id;
    let mut lock = store.lock(&id, now()).unwrap();
    let later = |s: i64| {
        now()
            .checked_add(jiff::SignedDuration::from_secs(s))
            .unwrap()
    };
    lock.touch(later(30)).unwrap();
    assert_eq!(lock.info().seen, now());
    lock.touch(later(90)).unwrap();
    assert_eq!(lock.info().seen, later(90));
    let note = fs::read_to_string(store.dir().join(format!("{id}.session"))).unwrap();
    assert!(note.contains(&later(90).to_string()), "{note}");
}

#[test]
fn a_file_caught_mid_replacement_is_read_again_not_quarantined() {
    // Another PC is replacing the file: the first read sees half of it, the second the new file.
    let dir = tempfile::tempdir().expect("tempdir");
    let store = hocso::store::learners::Store::open(dir.path()).expect("store");
    let new = hocso::store::learners::NewLearner {
        name: "Trần Văn Ba".into(),
        birth_year: None,
        group: None,
    };
    let file = store
        .create(new, jiff::Timestamp::from_second(1_790_000_000).expect("t"))
        .expect("create");
    let path = store.path_of(&file.profile.id);
    let good = std::fs::read(&path).expect("read");
    std::fs::write(&path, &good[..good.len() / 2]).expect("half");
    let _ = std::fs::remove_file(
        dir.path()
            .join(format!("learners/{}.json.bak", file.profile.id)),
    );
    let writer = {
        let path = path.clone();
        std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(30));
            std::fs::write(&path, good).expect("write");
        })
    };
    let loaded = store
        .load(&file.profile.id)
        .expect("read again after the other PC finished");
    writer.join().expect("writer");
    assert_eq!(loaded.file.profile.name, "Trần Văn Ba");
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let aside = std::fs::read_dir(dir.path().join("learners"))
        .expect("dir")
        .flatten()
        .any(|e| e.file_name().to_string_lossy().contains(".corrupt-"));
    assert!(!aside, "nothing moved aside");
}
