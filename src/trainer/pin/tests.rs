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
    set_with(dir.path(), "246802", CHEAP).unwrap();
    let text = std::fs::read_to_string(dir.path().join(FILE)).unwrap();
    assert!(!text.contains("246802") && text.contains("$argon2id$"));
    assert_eq!(check(dir.path(), "246802", t(0), "vi"), Check::Right);
    assert!(matches!(
        check(dir.path(), "135791", t(1), "vi"),
        Check::Wrong { .. }
    ));
    set_with(dir.path(), "135791", CHEAP).unwrap();
    assert_eq!(check(dir.path(), "135791", t(2), "vi"), Check::Right);
    assert!(clear(dir.path()).unwrap());
    assert!(!clear(dir.path()).unwrap());
}

#[test]
fn short_or_non_digit_pins_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    for bad in ["1", "123", "1234", "abcdef", "123 456", "1234567890123"] {
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
    set_with(dir.path(), "246802", CHEAP).unwrap();
    for i in 0..FREE_TRIES {
        let c = check(dir.path(), "000000", t(i64::from(i)), "vi");
        let expect = wait_after(i + 1);
        assert_eq!(c, Check::Wrong { wait: expect });
    }
    // Even the right PIN is not checked while waiting: the counter is in the data folder,
    // so a new prompt (or a new process) waits too.
    let c = check(dir.path(), "246802", t(3), "vi");
    assert!(matches!(c, Check::Wait { .. }), "{c:?}");
    assert!(c.message("vi").unwrap().contains("giây"));
    assert_eq!(check(dir.path(), "246802", t(3 + 5), "vi"), Check::Right);
    // Waits grow and stop growing.
    assert!(wait_after(4) > wait_after(3));
    assert_eq!(wait_after(100), MAX_WAIT);
}

#[test]
fn a_broken_pin_file_lets_nobody_in() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(FILE), "{ not json").unwrap();
    assert!(is_set(dir.path()));
    let c = check(dir.path(), "246802", t(0), "vi");
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
        "format": 1, "salt": "ab", "rounds": 10, "hash": digest_v1("ab", "246802", 10)
    });
    std::fs::write(dir.path().join(FILE), old.to_string()).unwrap();
    assert!(matches!(
        check(dir.path(), "1111", t(0), "vi"),
        Check::Wrong { .. }
    ));
    assert_eq!(check(dir.path(), "246802", t(1), "vi"), Check::Right);
    let text = std::fs::read_to_string(dir.path().join(FILE)).unwrap();
    assert!(text.contains("$argon2id$"), "{text}");
    assert_eq!(check(dir.path(), "246802", t(2), "vi"), Check::Right);
}

#[test]
fn a_four_digit_pin_set_earlier_is_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    write_v2(dir.path(), &hash("2468", CHEAP).unwrap()).unwrap();
    assert_eq!(check(dir.path(), "2468", t(0), "vi"), Check::Right);
}

#[test]
fn parallel_prompts_each_use_a_try() {
    let dir = tempfile::tempdir().unwrap();
    set_with(dir.path(), "246802", CHEAP).unwrap();
    let path = dir.path();
    let checks: Vec<Check> = std::thread::scope(|s| {
        // All wrong: a right PIN among them would reset the count when it is checked (as it
        // must), and let the wrong ones after it try again — the test would pass or fail by
        // which thread ran first.
        let hs: Vec<_> = (0..8)
            .map(|_| s.spawn(move || check(path, "000000", t(0), "vi")))
            .collect();
        hs.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let checked = checks
        .iter()
        .filter(|c| matches!(c, Check::Right | Check::Wrong { .. }))
        .count();
    // Three free tries, then everyone waits: never eight checks at once.
    assert!(checked <= FREE_TRIES as usize + 1, "{checks:?}");
    assert!(
        checks.iter().any(|c| matches!(c, Check::Wait { .. })),
        "{checks:?}"
    );
}

#[test]
fn a_counter_that_cannot_be_written_checks_nothing_and_leaves_no_temp_files() {
    let dir = tempfile::tempdir().unwrap();
    set_with(dir.path(), "246802", CHEAP).unwrap();
    std::fs::create_dir(dir.path().join(TRIES_FILE)).unwrap();
    for i in 0..10 {
        let c = check(dir.path(), "246802", t(i), "vi");
        assert!(matches!(c, Check::Broken { .. }), "{c:?}");
        assert!(c.message("vi").unwrap().contains("trainer-pin-tries.json"));
    }
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_planted_costly_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    // Within each single bound but four times the work of the default: refused.
    let heavy = Cost {
        m_kib: 128 * 1024,
        t: 6,
        p: 1,
    };
    let phc = |c: Cost| {
        format!(
            "$argon2id$v=19$m={},t={},p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA",
            c.m_kib, c.t
        )
    };
    write_v2(dir.path(), &phc(heavy)).unwrap();
    let c = check(dir.path(), "246802", t(0), "vi");
    assert!(matches!(c, Check::Broken { .. }), "{c:?}");
    // The default cost itself is accepted.
    write_v2(dir.path(), &phc(COST)).unwrap();
    assert_eq!(status(dir.path(), "vi"), Check::Right);
}
