//! `hocso setup`, `hocso sync` and `hocso report --db` as a trainer and a provincial officer run
//! them, against a real PostgreSQL (common/pg.rs): plain Vietnamese messages and exit 1 for a
//! wrong password, an unreachable server and a database of a newer schema; province report
//! figures on data with known answers, in every format.
#![allow(clippy::unwrap_used)]

use crate::fake;
use crate::pg;

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use hocso::progress::model::LearnerFile;
use hocso::store::learners::Store;
use jiff::{SignedDuration, Timestamp};

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sample-course")
}

fn hocso(dir: Option<&Path>) -> Command {
    let mut c = Command::cargo_bin("hocso").unwrap();
    c.env_remove("HOCSO_DB")
        .env_remove("PGPASSWORD")
        .env_remove("HOCSO_DB_PASSWORD")
        .env_remove("HOCSO_DB_PASSWORD_FILE")
        .env("HOCSO_LANG", "vi")
        .arg("--lessons")
        .arg(sample());
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

fn setup(dir: &Path, commune: &str, class: &str) {
    let o = hocso(Some(dir))
        .args(["setup", "--province", "Hải Phòng", "--province-code", "31"])
        .args([
            "--commune",
            commune,
            "--class-name",
            class,
            "--trainer",
            "Cô Lan",
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains(commune), "{}", text(&o));
}

fn now() -> Timestamp {
    Timestamp::now()
}

fn days_ago(d: i64) -> Timestamp {
    now() - SignedDuration::from_hours(24 * d)
}

/// A learner who passed both lessons of the sample course at `when`, first try right.
fn passed_all(id: &str, when: Timestamp) -> LearnerFile {
    let mut f = fake::empty(id, id, when);
    let a = fake::attempt(
        &format!("{id}-1"),
        when,
        &[
            ("mau-q-mot", true),
            ("mau-q-dung-sai", true),
            ("mau-q-nhieu", true),
        ],
    );
    fake::add_attempt(&mut f, "mau", "mau-lam-quen", 70, a);
    let b = fake::attempt(
        &format!("{id}-2"),
        when,
        &[
            ("mau-q-go", true),
            ("mau-q-sap-xep", true),
            ("mau-q-noi", true),
        ],
    );
    fake::add_attempt(&mut f, "mau", "mau-tra-loi", 60, b);
    f
}

/// A learner who failed `mau-tra-loi` three times (wrong at `mau-q-go` each time): needs help.
fn struggling(id: &str, when: Timestamp) -> LearnerFile {
    let mut f = fake::empty(id, id, when);
    for i in 0..3 {
        let a = fake::attempt(
            &format!("{id}-{i}"),
            when + SignedDuration::from_mins(i),
            &[
                ("mau-q-go", false),
                ("mau-q-sap-xep", false),
                ("mau-q-noi", true),
            ],
        );
        fake::add_attempt(&mut f, "mau", "mau-tra-loi", 60, a);
    }
    f
}

fn folder(commune: &str, class: &str, learners: &[LearnerFile]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path(), commune, class);
    let store = Store::open(dir.path()).unwrap();
    for l in learners {
        store.save(l).unwrap();
    }
    dir
}

fn sync_ok(dir: &Path, url: &str) -> String {
    let o = hocso(Some(dir))
        .args(["sync", "--db", url])
        .env("HOCSO_DB_PASSWORD", pg::PASSWORD)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    text(&o)
}

#[test]
fn two_communes_in_one_province_report_with_known_figures() {
    let db = pg::cluster().new_db("province");
    let url = pg::cluster().url_nopw(&db);
    // An Lão: 3 learners, 2 passed everything (one of them 40 days ago), 1 needs help.
    let an_lao = folder(
        "Xã An Lão",
        "Lớp sáng",
        &[
            passed_all("an-lao-mot-aaaaaa", days_ago(2)),
            passed_all("an-lao-hai-aaaaaa", days_ago(40)),
            struggling("an-lao-ba-aaaaaa", days_ago(1)),
        ],
    );
    // Hồng Bàng: 2 learners, 1 passed everything, 1 opened nothing.
    let hong_bang = folder(
        "Phường Hồng Bàng",
        "Lớp 1",
        &[
            passed_all("hong-bang-mot-bbbbbb", days_ago(3)),
            fake::empty("hong-bang-hai-bbbbbb", "Hai", days_ago(100)),
        ],
    );
    let out = sync_ok(an_lao.path(), &url);
    assert!(out.contains("Đồng bộ xong"), "{out}");
    sync_ok(hong_bang.path(), &url);
    let status = hocso(Some(an_lao.path()))
        .args(["sync", "--status"])
        .output()
        .unwrap();
    assert!(
        text(&status).contains("Lần đồng bộ thành công gần nhất"),
        "{}",
        text(&status)
    );
    assert!(!text(&status).contains("chưa lần nào"));

    let o = hocso(None)
        .args(["report", "--db", &url, "--format", "json"])
        .env("HOCSO_DB_PASSWORD", pg::PASSWORD)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let units = v["units"].as_array().unwrap();
    assert_eq!(units.len(), 2);
    let (hb, al) = (&units[0], &units[1]); // ordered by commune: "Phường…" < "Xã…"
    assert_eq!(al["commune"], "Xã An Lão");
    assert_eq!(al["learners"], 3);
    assert_eq!(al["active_30_days"], 2);
    assert_eq!(al["course_completed"], 2);
    assert_eq!(al["modules_completed"], serde_json::json!([2]));
    assert_eq!(al["needs_help"], 1);
    // Lessons with a finished quiz: 2 + 2 + 1; passed: 4.
    assert_eq!(
        (al["lessons_passed"].as_i64(), al["lessons_tried"].as_i64()),
        (Some(4), Some(5))
    );
    assert_eq!(hb["learners"], 2);
    assert_eq!(hb["active_30_days"], 1);
    assert_eq!(hb["course_completed"], 1);
    assert_eq!(hb["needs_help"], 0);
    assert_eq!(v["total"]["learners"], 5);
    assert_eq!(v["total"]["course_completed"], 3);
    // Hardest: mau-q-go wrong at first try by 1 of 4 learners who answered it; mau-q-sap-xep same.
    let hardest = v["hardest"].as_array().unwrap();
    assert_eq!(hardest.len(), 2);
    assert_eq!(hardest[0]["question_id"], "mau-q-go");
    assert_eq!(
        (
            hardest[0]["learners"].as_i64(),
            hardest[0]["wrong_first"].as_i64()
        ),
        (Some(4), Some(1))
    );
    assert_eq!(hardest[0]["answers"], 6);

    // One commune only.
    let o = hocso(None)
        .args([
            "report",
            "--db",
            &url,
            "--unit",
            "Xã An Lão",
            "--format",
            "json",
        ])
        .env("HOCSO_DB_PASSWORD", pg::PASSWORD)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["units"].as_array().unwrap().len(), 1);
    assert_eq!(v["total"]["learners"], 3);

    // xlsx, read back: both communes and the total row.
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("tinh.xlsx");
    let o = hocso(None)
        .args(["report", "--db", &url, "--format", "xlsx", "--out"])
        .arg(&file)
        .env("HOCSO_DB_PASSWORD", pg::PASSWORD)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    use calamine::{Reader, Xlsx, open_workbook};
    let mut wb: Xlsx<_> = open_workbook(&file).unwrap();
    let sheet = wb.worksheet_range("Đơn vị").unwrap();
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(rows.len(), 4, "{rows:?}");
    assert_eq!(rows[1][2], "Phường Hồng Bàng");
    assert_eq!(rows[2][2], "Xã An Lão");
    assert_eq!(rows[3][2], "Tổng cộng");
    assert_eq!(rows[3][5], "5"); // learners
    assert!(wb.worksheet_range("Câu khó").unwrap().rows().count() == 3);

    // Table and CSV.
    let o = hocso(None)
        .args(["report", "--db", &url])
        .env("HOCSO_DB_PASSWORD", pg::PASSWORD)
        .output()
        .unwrap();
    let t = String::from_utf8_lossy(&o.stdout);
    assert!(
        t.contains("Xã An Lão") && t.contains("Phường Hồng Bàng") && t.contains("Tổng cộng"),
        "{t}"
    );
    let o = hocso(None)
        .args(["report", "--db", &url, "--format", "csv"])
        .env("HOCSO_DB_PASSWORD", pg::PASSWORD)
        .output()
        .unwrap();
    assert!(o.stdout.starts_with(&[0xEF, 0xBB, 0xBF]));
    assert_eq!(String::from_utf8_lossy(&o.stdout).lines().count(), 4);
}

#[test]
fn wrong_password_says_so_in_vietnamese_and_exits_1() {
    let db = pg::cluster().new_db("wrongpw");
    let dir = folder("Xã An Lão", "Lớp sáng", &[]);
    let o = hocso(Some(dir.path()))
        .args(["sync", "--db", &pg::cluster().url_nopw(&db)])
        .env("HOCSO_DB_PASSWORD", "khong-dung")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let t = text(&o);
    assert!(t.contains("sai tên người dùng hoặc mật khẩu"), "{t}");
    assert!(t.contains("chưa lần nào"), "{t}");
    assert!(
        !t.contains("khong-dung"),
        "the password must never be printed: {t}"
    );
}

#[test]
fn an_unreachable_server_says_so_and_exits_1() {
    let dir = folder("Xã An Lão", "Lớp sáng", &[]);
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let o = hocso(Some(dir.path()))
        .args([
            "sync",
            "--db",
            &format!("postgresql://hocso@127.0.0.1:{port}/hocso"),
        ])
        .env("HOCSO_DB_PASSWORD", "x")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains("Không kết nối được máy chủ"),
        "{}",
        text(&o)
    );
}

#[test]
fn a_database_of_a_newer_schema_is_left_alone() {
    let db = pg::cluster().new_db("newer");
    let url = pg::cluster().url_nopw(&db);
    let dir = folder("Xã An Lão", "Lớp sáng", &[]);
    sync_ok(dir.path(), &url);
    pg::cluster()
        .admin(&db)
        .batch_execute(
            "INSERT INTO refinery_schema_history (version, name, applied_on, checksum) \
             VALUES (999, 'from_the_future', '2030-01-01', '0')",
        )
        .unwrap();
    for args in [
        vec!["sync", "--db", url.as_str()],
        vec!["report", "--db", url.as_str()],
    ] {
        let o = hocso(Some(dir.path()))
            .args(&args)
            .env("HOCSO_DB_PASSWORD", pg::PASSWORD)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1), "{}", text(&o));
        assert!(text(&o).contains("bản hocso mới hơn"), "{}", text(&o));
    }
}

#[test]
fn setup_records_the_unit_and_the_database_and_keeps_a_password_private() {
    let dir = tempfile::tempdir().unwrap();
    let o = hocso(Some(dir.path())).args(["sync"]).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("hocso setup"), "{}", text(&o));
    setup(dir.path(), "Xã An Lão", "Lớp sáng");
    let o = hocso(Some(dir.path()))
        .args(["setup", "--db", "postgresql://hocso:bimat@may-chu/hocso"])
        .output()
        .unwrap();
    // A connection string from `hocso province add-unit`: the password goes to db-password
    // (owner-only), sync.json keeps the URL without it.
    assert!(o.status.success(), "{}", text(&o));
    let pw = dir.path().join("db-password");
    assert_eq!(std::fs::read_to_string(&pw).unwrap(), "bimat\n");
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&pw).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let settings = std::fs::read_to_string(dir.path().join("sync.json")).unwrap();
    assert!(!settings.contains("bimat"), "{settings}");
    assert!(
        settings.contains("postgresql://hocso@may-chu/hocso"),
        "{settings}"
    );
    let o = hocso(Some(dir.path()))
        .args([
            "setup",
            "--db",
            "postgresql://hocso@may-chu/hocso",
            "--class-name",
            "Lớp chiều",
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let o = hocso(Some(dir.path()))
        .args(["setup", "--show"])
        .output()
        .unwrap();
    let t = text(&o);
    assert!(
        t.contains("Xã An Lão")
            && t.contains("Lớp chiều")
            && t.contains("postgresql://hocso@may-chu/hocso"),
        "{t}"
    );
    let unit = hocso::trainer::unit::load(dir.path()).unwrap().unwrap();
    assert_eq!(unit.province_code.as_deref(), Some("31"));
    assert_eq!(unit.trainer, "Cô Lan");
    // Without a terminal and without options, setup explains instead of waiting for input.
    let o = hocso(Some(dir.path())).args(["setup"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
}
