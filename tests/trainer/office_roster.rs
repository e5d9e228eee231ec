//! Class lists as commune offices keep them (issue 10): an .xlsx written by a real xlsx writer
//! with title rows, merged cells, dates of birth as date cells and as text, an empty row, totals
//! and a signature block; CSVs in Windows-1258 with `;` and UTF-16 with BOM and tabs. Each row's
//! outcome is asserted, through the library and through `hocso roster import [--dry-run]`.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use assert_cmd::Command;
use encoding_rs::WINDOWS_1258;
use hocso::store::learners::Store;
use hocso::trainer::roster::{Skip, parse};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::compose;

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

fn person(name: &str, year: u16, group: &str) -> (String, Option<u16>, Option<String>) {
    (name.to_string(), Some(year), Some(group.to_string()))
}

/// The list a commune office keeps: two title rows (merged across), a blank row, the header
/// (STT, name, date of birth, thôn, phone, note), a thôn cell merged over three rows, dates of
/// birth as date cells and as text, an empty row mid-list, a numbered row with nobody in it, a
/// totals row and a signature block with the signers' names in the name column.
fn commune_xlsx() -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    ws.merge_range(0, 0, 0, 5, "UBND XÃ AN LÃO", &bold).unwrap();
    ws.merge_range(
        1,
        0,
        1,
        5,
        "DANH SÁCH HỌC VIÊN LỚP KỸ NĂNG SỐ THÁNG 11/2026",
        &bold,
    )
    .unwrap();
    for (c, h) in [
        "STT",
        "Họ và tên",
        "Ngày sinh",
        "Thôn",
        "Số điện thoại",
        "Ghi chú",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(3, c as u16, *h, &bold).unwrap();
    }
    let d = |y, m, day| ExcelDateTime::from_ymd(y, m, day).unwrap();
    // Rows 5–7 (1-based): one thôn cell spanning all three.
    ws.write_number(4, 0, 1).unwrap();
    ws.write_string(4, 1, "NGUYỄN VĂN AN").unwrap();
    ws.write_datetime_with_format(4, 2, d(1962, 5, 14), &date)
        .unwrap();
    ws.merge_range(4, 3, 6, 3, "Thôn Đông", &Format::new())
        .unwrap();
    ws.write_string(4, 4, "0912345678").unwrap();
    ws.write_number(5, 0, 2).unwrap();
    ws.write_string(5, 1, "Nguyễn Văn An").unwrap();
    ws.write_string(5, 2, "14/05/1990").unwrap();
    ws.write_string(5, 5, "con ông An").unwrap();
    ws.write_number(6, 0, 3).unwrap();
    ws.write_string(6, 1, "  Trần   Thị  Bích ").unwrap();
    ws.write_number(6, 2, 1958).unwrap();
    // Row 8 empty.
    ws.write_number(8, 0, 4).unwrap();
    ws.write_string(8, 1, "Lê Văn Cường").unwrap();
    ws.write_datetime_with_format(8, 2, d(1970, 1, 2), &date)
        .unwrap();
    ws.write_string(8, 3, "Thôn Tây").unwrap();
    ws.write_number(9, 0, 5).unwrap();
    ws.write_string(9, 1, "Phạm Thị Dung").unwrap();
    ws.write_string(9, 2, "14-5-1962").unwrap();
    ws.write_string(9, 3, "Thôn Tây").unwrap();
    ws.write_number(10, 0, 6).unwrap();
    ws.write_string(10, 1, "Hoàng Văn Em").unwrap();
    ws.write_string(10, 2, "1962-05-14").unwrap();
    ws.write_string(10, 3, "Thôn Tây").unwrap();
    ws.write_number(11, 0, 7).unwrap();
    ws.merge_range(12, 0, 12, 2, "Tổng cộng: 6 học viên", &bold)
        .unwrap();
    ws.write_string(14, 4, "An Lão, ngày 14 tháng 11 năm 2026")
        .unwrap();
    ws.write_string(15, 1, "Người lập biểu").unwrap();
    ws.write_string(15, 4, "CHỦ TỊCH UBND XÃ").unwrap();
    ws.write_string(16, 1, "Nguyễn Văn Bình").unwrap();
    ws.write_string(16, 4, "Trần Văn Chủ").unwrap();
    wb.save_to_buffer().unwrap()
}

fn commune_people() -> Vec<(String, Option<u16>, Option<String>)> {
    let mut v = vec![
        person("Nguyễn Văn An", 1962, "Thôn Đông"),
        person("Nguyễn Văn An", 1990, "Thôn Đông"),
        person("Trần Thị Bích", 1958, "Thôn Đông"),
        person("Lê Văn Cường", 1970, "Thôn Tây"),
        person("Phạm Thị Dung", 1962, "Thôn Tây"),
        person("Hoàng Văn Em", 1962, "Thôn Tây"),
    ];
    v.sort();
    v
}

#[test]
fn commune_xlsx_rows_each_have_their_outcome() {
    let r = parse(&commune_xlsx(), true, 2026).unwrap();
    assert_eq!(r.header_line, 4);
    let rows: Vec<(usize, &str, Option<u16>, Option<&str>)> = r
        .rows
        .iter()
        .map(|r| (r.line, r.name.as_str(), r.birth_year, r.group.as_deref()))
        .collect();
    assert_eq!(
        rows,
        vec![
            (5, "Nguyễn Văn An", Some(1962), Some("Thôn Đông")),
            (6, "Nguyễn Văn An", Some(1990), Some("Thôn Đông")),
            (7, "Trần Thị Bích", Some(1958), Some("Thôn Đông")),
            (9, "Lê Văn Cường", Some(1970), Some("Thôn Tây")),
            (10, "Phạm Thị Dung", Some(1962), Some("Thôn Tây")),
            (11, "Hoàng Văn Em", Some(1962), Some("Thôn Tây")),
        ]
    );
    let skipped: Vec<(usize, Skip)> = r
        .skipped
        .iter()
        .map(|s| (s.line, s.reason.clone()))
        .collect();
    assert_eq!(
        skipped,
        vec![
            (12, Skip::NoPerson),
            (13, Skip::Total),
            (15, Skip::Signature),
            (16, Skip::Signature),
            (17, Skip::Signature),
        ]
    );
    assert_eq!(r.problems().count(), 0);
}

#[test]
fn commune_xlsx_dry_run_writes_nothing_then_imports_each_person_once() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let file = dir.path().join("danh-sach.xlsx");
    std::fs::write(&file, commune_xlsx()).unwrap();

    let out = hocso(&data)
        .args(["roster", "import", "--dry-run"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let line = |n: &str| {
        text.lines()
            .find(|l| l.starts_with(&format!("{n} ")))
            .unwrap_or_else(|| panic!("no line {n} in {text}"))
            .to_string()
    };
    assert!(
        line("5").contains("Nguyễn Văn An (1962, Thôn Đông)") && line("5").ends_with("sẽ thêm")
    );
    assert!(
        line("6").contains("Nguyễn Văn An (1990, Thôn Đông)") && line("6").ends_with("sẽ thêm")
    );
    assert!(
        line("13").contains("Tổng cộng: 6 học viên")
            && line("13").ends_with("bỏ qua vì là dòng tổng cộng")
    );
    assert!(line("16").ends_with("bỏ qua vì là phần ký tên cuối danh sách"));
    assert!(line("17").contains("Nguyễn Văn Bình"));
    assert!(line("12").ends_with("bỏ qua vì không có họ tên"));
    assert!(
        text.contains(
            "Chạy thử, chưa ghi gì: sẽ thêm 6 học viên; 0 người đã có sẵn; 5 dòng bỏ qua"
        ),
        "{text}"
    );
    assert!(learners(&data).is_empty(), "a dry run wrote learners");

    let out = hocso(&data)
        .args(["roster", "import"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.lines()
            .any(|l| l.starts_with("5 ") && l.ends_with("đã thêm")),
        "{text}"
    );
    assert!(
        text.contains("Đã thêm 6 học viên; 0 người đã có sẵn"),
        "{text}"
    );
    assert_eq!(learners(&data), commune_people());
    // The phone number and the note were never stored.
    for e in std::fs::read_dir(data.join("learners")).unwrap() {
        let body = std::fs::read_to_string(e.unwrap().path()).unwrap();
        assert!(
            !body.contains("0912345678") && !body.contains("con ông An"),
            "{body}"
        );
    }

    // Again: everybody is already here.
    let out = hocso(&data)
        .args(["roster", "import"])
        .arg(&file)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text.lines().filter(|l| l.ends_with("đã có")).count(),
        6,
        "{text}"
    );
    assert_eq!(learners(&data), commune_people());
}

/// Text as Excel on Vietnamese Windows writes it in code page 1258: base letters with ˆ ˘ ơ ư
/// precomposed where the code page has them, tone marks as combining characters.
fn windows_1258(text: &str) -> Vec<u8> {
    let encodable = |c: char| !WINDOWS_1258.encode(&c.to_string()).2;
    let mut out = String::new();
    let mut chars = text.nfd().peekable();
    while let Some(mut base) = chars.next() {
        let mut marks = Vec::new();
        while let Some(&m) = chars.peek() {
            if !unicode_normalization::char::is_combining_mark(m) {
                break;
            }
            marks.push(m);
            chars.next();
        }
        while let Some(i) = marks
            .iter()
            .position(|m| compose(base, *m).is_some_and(encodable))
        {
            base = compose(base, marks.remove(i)).unwrap();
        }
        out.push(base);
        out.extend(marks);
    }
    let (bytes, _, errors) = WINDOWS_1258.encode(&out);
    assert!(!errors, "not encodable: {text}");
    bytes.into_owned()
}

#[test]
fn windows_1258_csv_with_semicolons() {
    let list = "DANH SÁCH LỚP HỌC KỸ NĂNG SỐ;;;\r\n\
        ;;;\r\n\
        STT;Họ và tên;Năm sinh;Thôn\r\n\
        1;Nguyễn Thị Hoa;1958;Thôn Đông\r\n\
        2;ĐẶNG VĂN ĐỨC;1960;Thôn Tây\r\n\
        3;Ngô Thị Huyền Trang;1975;Thôn Tây\r\n\
        ;Tổng cộng: 3 người;;\r\n";
    let bytes = windows_1258(list);
    assert!(std::str::from_utf8(&bytes).is_err());
    let r = parse(&bytes, false, 2026).unwrap();
    let names: Vec<&str> = r.rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(
        names,
        ["Nguyễn Thị Hoa", "Đặng Văn Đức", "Ngô Thị Huyền Trang"]
    );
    assert!(names.iter().all(|n| unicode_normalization::is_nfc(n)));
    assert_eq!(r.rows[0].line, 4);
    assert_eq!(r.rows[1].group.as_deref(), Some("Thôn Tây"));
    assert_eq!(
        r.skipped
            .iter()
            .map(|s| (s.line, s.reason.clone()))
            .collect::<Vec<_>>(),
        vec![(7, Skip::Total)]
    );

    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let file = dir.path().join("lop.csv");
    std::fs::write(&file, &bytes).unwrap();
    hocso(&data)
        .args(["roster", "import"])
        .arg(&file)
        .assert()
        .success();
    assert_eq!(
        learners(&data),
        vec![
            person("Nguyễn Thị Hoa", 1958, "Thôn Đông"),
            person("Ngô Thị Huyền Trang", 1975, "Thôn Tây"),
            person("Đặng Văn Đức", 1960, "Thôn Tây"),
        ]
    );
}

#[test]
fn utf16_unicode_text_with_tabs() {
    let list = "Danh sách lớp\t\t\t\r\n\
        STT\tHọ tên\tNgày tháng năm sinh\tThôn/lớp\r\n\
        1\tVũ Thị Lan\t14/05/1962\tLớp A\r\n\
        2\tNgô Văn Nam\t1-1-1955\tLớp A\r\n\
        3\tBùi Văn Tư\t31/02/1960\tLớp A\r\n\
        4\t\t\t\r\n\
        \t\tNgười lập danh sách\t\r\n";
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(list.encode_utf16().flat_map(u16::to_le_bytes));
    let (decoded, _, _) = encoding_rs::UTF_16LE.decode(&bytes);
    assert_eq!(decoded, list);
    let r = parse(&bytes, false, 2026).unwrap();
    let rows: Vec<(usize, &str, Option<u16>)> = r
        .rows
        .iter()
        .map(|r| (r.line, r.name.as_str(), r.birth_year))
        .collect();
    assert_eq!(
        rows,
        vec![
            (3, "Vũ Thị Lan", Some(1962)),
            (4, "Ngô Văn Nam", Some(1955)),
            (5, "Bùi Văn Tư", None),
        ]
    );
    // Nobody is left out for a year that does not read: it is left empty, and shown.
    assert_eq!(r.rows[2].year_note.as_deref(), Some("31/02/1960"));
    assert_eq!(
        r.skipped
            .iter()
            .map(|s| (s.line, s.reason.clone()))
            .collect::<Vec<_>>(),
        vec![(6, Skip::NoPerson), (7, Skip::Signature),]
    );

    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let file = dir.path().join("lop.txt");
    std::fs::write(&file, &bytes).unwrap();
    hocso(&data)
        .args(["roster", "import"])
        .arg(&file)
        .assert()
        .code(0)
        .stdout(predicates::str::contains(
            "năm sinh „31/02/1960“ không đọc được nên để trống",
        ));
    assert_eq!(learners(&data).len(), 3);
}

#[test]
fn an_undeterminable_encoding_gets_the_save_as_utf8_advice() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("lop.csv");
    // UTF-16 without a BOM: nothing says what it is.
    let bytes: Vec<u8> = "Họ tên,Năm sinh\nAn,1960\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    std::fs::write(&file, bytes).unwrap();
    hocso(&dir.path().join("data"))
        .args(["roster", "import"])
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("CSV UTF-8"));
}
