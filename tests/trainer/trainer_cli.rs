//! `hocso roster import|template` and `hocso new lesson` through the real binary on temp folders.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use assert_cmd::Command;
use hocso::store::learners::Store;

fn hocso(data: &Path) -> Command {
    let mut c = Command::cargo_bin("hocso").unwrap();
    c.arg("--data-dir").arg(data).env_remove("HOCSO_LANG");
    c
}

fn learners(data: &Path) -> Vec<(String, Option<u16>, Option<String>)> {
    let (list, problems) = Store::open(data).unwrap().list();
    assert!(problems.is_empty(), "{problems:?}");
    let mut v: Vec<_> = list
        .into_iter()
        .map(|s| (s.name, s.birth_year, s.group))
        .collect();
    v.sort();
    v
}

#[test]
fn tricky_roster_imports_once() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    // BOM, ';', an empty line, an NFD name, a duplicate (accents/case/spacing differ), a name
    // starting with '=', two same names told apart by year and thôn.
    let list = "\u{FEFF}Họ và tên;Năm sinh;Thôn/Lớp\r\n\
        Nguye\u{0302}\u{0303}n Văn An;1960;Thôn Đông\r\n\
        \r\n\
        nguyen  van an;1960;thon dong\r\n\
        Nguyễn Văn An;1962;Thôn Đông\r\n\
        Nguyễn Văn An;1960;Thôn Tây\r\n\
        =HYPERLINK(\"x\");1970;Thôn Nam\r\n";
    let file = dir.path().join("lop.csv");
    std::fs::write(&file, list).unwrap();
    hocso(&data)
        .args(["roster", "import"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "Đã thêm 4 học viên; 1 người đã có sẵn",
        ));
    let expected = vec![
        (
            "=HYPERLINK(\"x\")".to_string(),
            Some(1970),
            Some("Thôn Nam".to_string()),
        ),
        (
            "Nguyễn Văn An".to_string(),
            Some(1960),
            Some("Thôn Tây".to_string()),
        ),
        (
            "Nguyễn Văn An".to_string(),
            Some(1960),
            Some("Thôn Đông".to_string()),
        ),
        (
            "Nguyễn Văn An".to_string(),
            Some(1962),
            Some("Thôn Đông".to_string()),
        ),
    ];
    assert_eq!(learners(&data), expected);
    assert!(
        learners(&data)
            .iter()
            .all(|(n, _, _)| unicode_normalization::is_nfc(n))
    );

    // Same list again, this time without BOM and with commas: nothing new.
    let plain = list.trim_start_matches('\u{FEFF}').replace(';', ",");
    std::fs::write(&file, plain).unwrap();
    hocso(&data)
        .args(["roster", "import"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "Đã thêm 0 học viên; 5 người đã có sẵn",
        ));
    assert_eq!(learners(&data), expected);
}

#[test]
fn roster_problems_name_their_lines() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let file = dir.path().join("lop.csv");
    std::fs::write(&file, "Năm sinh,Thôn\n1960,Đông\n").unwrap();
    hocso(&data)
        .args(["roster", "import"])
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "dòng 1: không thấy cột \"Họ tên\"",
        ));

    std::fs::write(
        &file,
        "Họ tên,Năm sinh,Thôn\nAn,1960,Đông\nBình\nCúc,19x0,Tây\n,1970,Tây\n",
    )
    .unwrap();
    // Everyone with a name is in (a short row, a year that does not read); only the row with
    // no name needs fixing.
    hocso(&data)
        .args(["roster", "import"])
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("lop.csv:5: chưa có họ tên"))
        .stdout(predicates::str::contains("năm sinh „19x0“ không đọc được"))
        .stdout(predicates::str::contains("Đã thêm 3 học viên"));

    std::fs::write(&file, b"H\xe1 t\xean\nAn\n").unwrap();
    hocso(&data)
        .args(["roster", "import"])
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("CSV UTF-8"));
}

#[test]
fn template_round_trips_through_excel_formats() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let csv = dir.path().join("mau.csv");
    hocso(&data)
        .args(["roster", "template", "--out"])
        .arg(&csv)
        .assert()
        .success();
    let bytes = std::fs::read(&csv).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBFH\xE1\xBB\x8D t\xC3\xAAn,"));
    // Refuses to overwrite.
    hocso(&data)
        .args(["roster", "template", "--out"])
        .arg(&csv)
        .assert()
        .code(2);

    // Fill the xlsx template with a reader-independent writer, then import it.
    let xlsx = dir.path().join("lop.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["Họ tên", "Năm sinh", "Thôn/lớp"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "Trần Thị Bích").unwrap();
    ws.write_number(1, 1, 1958).unwrap();
    ws.write_string(1, 2, "Lớp A").unwrap();
    wb.save(&xlsx).unwrap();
    hocso(&data)
        .args(["roster", "import"])
        .arg(&xlsx)
        .assert()
        .success();
    assert_eq!(
        learners(&data),
        vec![(
            "Trần Thị Bích".to_string(),
            Some(1958),
            Some("Lớp A".to_string())
        )]
    );
}

#[test]
fn new_lesson_validates_clean() {
    let dir = tempfile::tempdir().unwrap();
    let module = dir.path().join("an-toan");
    hocso(dir.path())
        .args(["new", "lesson"])
        .arg(&module)
        .arg("Mật khẩu mạnh")
        .assert()
        .success();
    hocso(dir.path())
        .args(["new", "lesson"])
        .arg(&module)
        .arg("Mã OTP")
        .assert()
        .success();
    let first = module.join("01-mat-khau-manh.yaml");
    let second = module.join("02-ma-otp.yaml");
    assert!(first.is_file() && second.is_file());
    let text = std::fs::read_to_string(&first).unwrap();
    assert!(text.starts_with("# yaml-language-server: $schema="));
    let month = text
        .lines()
        .find_map(|l| l.strip_prefix("as_of: \""))
        .expect("as_of line");
    assert!(hocso::course::meta::Month::parse(month.trim_end_matches('"')).is_some());
    assert!(text.contains("\nsources: []\n"));
    for kind in ["one", "many", "true_false", "text", "order", "match"] {
        assert!(text.contains(&format!("kind: {kind}\n")), "{kind}");
    }
    for f in [&first, &second] {
        hocso(dir.path())
            .arg("validate")
            .arg(f)
            .assert()
            .success()
            // The one warning: the template leaves `sources` for the trainer to fill in.
            .stdout(predicates::str::contains("0 lỗi, 1 cảnh báo"))
            .stdout(predicates::str::contains("`sources`"))
            .stdout(predicates::str::contains("[W009]"));
    }
}
