//! Unit tests of the trainer PIN: hashing, old files, waits, failing closed.
#![allow(clippy::unwrap_used)]

use super::*;

const CHEAP: Cost = Cost {
    m_kib: 64,
    t: 1,
    p: 1,
};

fn t(secs: i64) -> Timestamp {
    Timestamp::from_second(1_800_000_000 + secs).unwrap()
}

#[test]
fn set_check_replace_clear() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(check(dir.path(), "1", t(0), "vi"), Check::NotSet);
    set_with(dir.path(), "2468", CHEAP).unwrap();
    let text = std::fs::read_to_string(dir.path().join(FILE)).unwrap();
    assert!(!text.contains("2468") && text.contains("$argon2id$"));
    assert_eq!(check(dir.path(), "2468", t(0), "vi"), Check::Right);
    assert!(matches!(
        check(dir.path(), "1357", t(1), "vi"),
        Check::Wrong { .. }
    ));
    set_with(dir.path(), "1357", CHEAP).unwrap();
    assert_eq!(check(dir.path(), "1357", t(2), "vi"), Check::Right);
    assert!(clear(dir.path()).unwrap());
    assert!(!clear(dir.path()).unwrap());
}

#[test]
fn short_or_non_digit_pins_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    for bad in ["1", "123", "abcd", "12 34", "1234567890123"] {
        assert!(matches!(
            set_with(dir.path(), bad, CHEAP),
            Err(SetError::Invalid)
        ));
    }
    assert!(!is_set(dir.path()));
}

#[test]
fn wrong_tries_make_the_next_wait_and_survive_reopening() {
    let dir = tempfile::tempdir().unwrap();
    set_with(dir.path(), "2468", CHEAP).unwrap();
    for i in 0..FREE_TRIES {
        let c = check(dir.path(), "0000", t(i64::from(i)), "vi");
        let expect = wait_after(i + 1);
        assert_eq!(c, Check::Wrong { wait: expect });
    }
    // Even the right PIN is not checked while waiting: the counter is in the data folder,
    // so a new prompt (or a new process) waits too.
    let c = check(dir.path(), "2468", t(3), "vi");
    assert!(matches!(c, Check::Wait { .. }), "{c:?}");
    assert!(c.message("vi").unwrap().contains("giây"));
    assert_eq!(check(dir.path(), "2468", t(3 + 5), "vi"), Check::Right);
    // Waits grow and stop growing.
    assert!(wait_after(4) > wait_after(3));
    assert_eq!(wait_after(100), MAX_WAIT);
}

#[test]
fn a_broken_pin_file_lets_nobody_in() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(FILE), "{ not json").unwrap();
    assert!(is_set(dir.path()));
    let c = check(dir.path(), "2468", t(0), "vi");
    assert!(matches!(c, Check::Broken { .. }));
    assert!(c.message("vi").unwrap().contains("hocso class pin set"));
    assert!(matches!(status(dir.path(), "vi"), Check::Broken { .. }));
}

#[cfg(unix)]
#[test]
fn a_dangling_link_lets_nobody_in() {
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(dir.path().join("gone"), dir.path().join(FILE)).unwrap();
    assert!(matches!(status(dir.path(), "vi"), Check::Broken { .. }));
    assert!(matches!(
        check(dir.path(), "", t(0), "vi"),
        Check::Broken { .. }
    ));
}

#[test]
fn old_sha256_files_still_work_and_become_argon2() {
    let dir = tempfile::tempdir().unwrap();
    let old = serde_json::json!({
        "format": 1, "salt": "ab", "rounds": 10, "hash": digest_v1("ab", "2468", 10)
    });
    std::fs::write(dir.path().join(FILE), old.to_string()).unwrap();
    assert!(matches!(
        check(dir.path(), "1111", t(0), "vi"),
        Check::Wrong { .. }
    ));
    assert_eq!(check(dir.path(), "2468", t(1), "vi"), Check::Right);
    let text = std::fs::read_to_string(dir.path().join(FILE)).unwrap();
    assert!(text.contains("$argon2id$"), "{text}");
    assert_eq!(check(dir.path(), "2468", t(2), "vi"), Check::Right);
}
