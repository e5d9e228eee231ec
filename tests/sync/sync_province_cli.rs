//! The real binary as the province and a commune use it: `hocso province init/add-unit`, the
//! connection string handed over through `hocso setup --db`, then `hocso sync`; and the sync
//! path's own files (a FIFO as `sync-state.json`, a stale session note, `sslmode=disable`).
#![allow(clippy::unwrap_used)]

use crate::pg;
use crate::syncing;

use std::path::Path;
use std::process::Output;
use std::time::Duration;

use assert_cmd::Command;
use hocso::store::learners::Store;
use syncing::{folder, t0, unit_of};

fn hocso(dir: Option<&Path>) -> Command {
    let mut c = Command::cargo_bin("hocso").unwrap();
    c.env_remove("HOCSO_DB")
        .env_remove("PGPASSWORD")
        .env_remove("HOCSO_DB_PASSWORD")
        .env_remove("HOCSO_DB_PASSWORD_FILE")
        .env("HOCSO_LANG", "vi")
        .timeout(Duration::from_secs(60));
    if let Some(d) = dir {
        c.arg("--data-dir").arg(d);
    }
    c
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn the_province_hands_a_unit_its_own_connection_string() {
    let db = pg::cluster().new_db("province_cli");
    let owner = pg::cluster().url(&db);
    // A class of an older setup synced with the owner's role: told what the province must do.
    let old = folder(
        &unit_of("Xã An Lão", "Lớp sáng"),
        &[crate::fake::empty("hoa-aaaaa", "Nguyễn Thị Hoa", t0())],
    );
    let o = hocso(Some(old.path()))
        .args(["sync", "--db", &owner])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("tài khoản chủ"), "{}", text(&o));

    let o = hocso(None)
        .args(["province", "init", "--db", &owner])
        .output()
        .unwrap();
    let t = text(&o);
    assert!(o.status.success(), "{t}");
    assert!(t.contains("1 đơn vị chưa có tài khoản riêng"), "{t}");
    assert!(t.contains("hocso province add-unit"), "{t}");
    // Safe to run again.
    let o = hocso(None)
        .args(["province", "init", "--db", &owner])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));

    // Printed once on screen…
    let unit_args = [
        "--province",
        "Hải Phòng",
        "--province-code",
        "31",
        "--commune",
        "Xã An Lão",
    ];
    let o = hocso(None)
        .args(["province", "add-unit", "--db", &owner])
        .args(unit_args)
        .output()
        .unwrap();
    let t = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(t.matches("postgresql://hocso_xa_").count(), 1, "{t}");
    // …or written to a file only its owner can read (a new password: the printed one stops).
    let secret = tempfile::tempdir().unwrap();
    let file = secret.path().join("an-lao.txt");
    let o = hocso(None)
        .args(["province", "add-unit", "--db", &owner])
        .args(unit_args)
        .arg("--out")
        .arg(&file)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let url = std::fs::read_to_string(&file).unwrap().trim().to_string();
    assert!(!text(&o).contains(&url), "{}", text(&o));
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // The commune records it; the password goes to db-password, the sync works and no longer
    // warns; the other class of the commune receives Hoa.
    let class = folder(&unit_of("Xã An Lão", "Lớp chiều"), &[]);
    let o = hocso(Some(class.path()))
        .args(["setup", "--db", &url])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let o = hocso(Some(class.path())).args(["sync"]).output().unwrap();
    let t = text(&o);
    assert!(o.status.success(), "{t}");
    assert!(!t.contains("tài khoản chủ"), "{t}");
    assert_eq!(
        Store::open(class.path()).unwrap().learner_ids(),
        vec!["hoa-aaaaa".to_string()]
    );
    // The same string for another commune is refused, plainly.
    let other = folder(&unit_of("Xã Bạch Đằng", "Lớp 1"), &[]);
    let o = hocso(Some(other.path()))
        .args(["sync", "--db", &url])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains("Chuỗi kết nối này là của đơn vị"),
        "{}",
        text(&o)
    );
    let o = hocso(None)
        .args(["province", "init", "--db", &owner])
        .output()
        .unwrap();
    assert!(
        text(&o).contains("Mọi đơn vị đã có tài khoản riêng"),
        "{}",
        text(&o)
    );
    // A unit's string is not the owner's: province commands refuse it.
    let o = hocso(None)
        .args(["province", "init", "--db", &url])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
}

#[test]
fn a_fifo_as_sync_state_hangs_nothing() {
    let dir = folder(&unit_of("Xã An Lão", "Lớp sáng"), &[]);
    let state = dir.path().join("sync-state.json");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&state)
            .status()
            .unwrap()
            .success()
    );
    let o = hocso(Some(dir.path()))
        .args(["sync", "--status"])
        .timeout(Duration::from_secs(10))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("chưa lần nào"), "{}", text(&o));
    // A full sync too (the FIFO is replaced by the real state at the end).
    let db = pg::cluster().new_db("fifo_state");
    let o = hocso(Some(dir.path()))
        .args(["sync", "--db", &pg::cluster().url(&db)])
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
}

#[test]
fn sslmode_disable_to_another_machine_warns_every_time() {
    let dir = folder(&unit_of("Xã An Lão", "Lớp sáng"), &[]);
    for _ in 0..2 {
        let o = hocso(Some(dir.path()))
            .args([
                "sync",
                "--db",
                "postgresql://hocso@may-chu.invalid/hocso?sslmode=disable",
            ])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1));
        assert!(text(&o).contains("sslmode=disable"), "{}", text(&o));
    }
    let o = hocso(Some(dir.path()))
        .args(["sync", "--db", "postgresql://hocso@may-chu.invalid/hocso"])
        .output()
        .unwrap();
    assert!(!text(&o).contains("sslmode=disable"), "{}", text(&o));
    // Saved with `setup --db`: said then, and at every sync using the saved URL; `report --db`
    // says it too.
    let url = "postgresql://hocso@may-chu.invalid/hocso?sslmode=disable";
    let o = hocso(Some(dir.path()))
        .args(["setup", "--db", url])
        .output()
        .unwrap();
    assert!(text(&o).contains("sslmode=disable"), "{}", text(&o));
    for _ in 0..2 {
        let o = hocso(Some(dir.path())).arg("sync").output().unwrap();
        assert_eq!(o.status.code(), Some(1));
        assert!(text(&o).contains("sslmode=disable"), "{}", text(&o));
    }
    let o = hocso(Some(dir.path()))
        .args(["report", "--db", url])
        .output()
        .unwrap();
    assert!(text(&o).contains("sslmode=disable"), "{}", text(&o));
}

#[test]
fn a_session_note_left_by_a_killed_sync_does_not_block_later_syncs() {
    let db = pg::cluster().new_db("stale_note");
    let hoa = crate::fake::empty("hoa-aaaaa", "Nguyễn Thị Hoa", t0());
    let a = folder(
        &unit_of("Xã An Lão", "Lớp sáng"),
        std::slice::from_ref(&hoa),
    );
    syncing::sync(a.path(), &db);
    // Class B was pulling Hoa when it was killed: her file is not there yet, her note is.
    let b = folder(&unit_of("Xã An Lão", "Lớp chiều"), &[]);
    let note = hocso::store::lock::LockInfo {
        host: "may-lop".into(),
        pid: 999_999,
        since: t0(),
        seen: t0(),
        phone: false,
    };
    let learners = b.path().join("learners");
    std::fs::create_dir_all(&learners).unwrap();
    std::fs::write(
        learners.join("hoa-aaaaa.session"),
        serde_json::to_vec(&note).unwrap(),
    )
    .unwrap();
    let s = syncing::sync(b.path(), &db);
    assert!(s.busy.is_empty(), "{s:?}");
    assert_eq!(s.new_here, 1);
    assert!(!learners.join("hoa-aaaaa.session").exists());
}
