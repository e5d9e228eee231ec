//! Class lists the way offices make them (issue 24): the national motto above a two-row merged
//! header ("Họ và tên" over "Họ đệm | Tên"), a numbering row, "Thôn/Tổ dân phố" merged over rows,
//! an old thôn column that is not read, a learner whose note says "Trưởng thôn", years written as
//! "khoảng 1955" and "1955?", a totals row and a signature block; and a workbook with a sheet per
//! class and a summary sheet. Written with rust_xlsxwriter here; the same files converted to .xls
//! and .ods by LibreOffice are committed under `tests/fixtures/office/` (regenerate with
//! `cargo test --test trainer write_office_fixtures -- --ignored`, then
//! `soffice --headless --convert-to xls|ods`).
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use hocso::store::learners::Store;
use hocso::trainer::roster::{Skip, parse, parse_all};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet};

fn hocso(data: &Path) -> Command {
    let mut c = Command::cargo_bin("hocso").unwrap();
    c.arg("--data-dir").arg(data).env_remove("HOCSO_LANG");
    c
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/office")
}

type Person = (&'static str, &'static str, Option<u16>, &'static str);

/// The eleven learners of the motto list: họ đệm, tên, year, thôn.
pub const MOTTO_PEOPLE: [Person; 11] = [
    ("Nguyễn Văn", "An", Some(1958), "Thôn Đông"),
    ("Trần Thị", "Bích", Some(1961), "Thôn Đông"),
    ("Lê Văn", "Cường", Some(1955), "Thôn Đông"),
    ("Phạm Thị", "Dung", Some(1955), "Thôn Tây"),
    ("Hoàng Văn", "Em", Some(1962), "Thôn Tây"),
    ("Vũ Thị", "Giang", Some(1964), "Thôn Tây"),
    ("Đặng Văn", "Hải", Some(1950), "TDP Bắc Sơn"),
    ("Bùi Thị", "Hoa", Some(1966), "TDP Bắc Sơn"),
    ("Đỗ Văn", "Khánh", Some(1959), "TDP Bắc Sơn"),
    ("Lý Thị", "Lan", Some(1957), "TDP Bắc Sơn"),
    ("Ngô Văn", "Minh", None, "Thôn Nam"),
];

fn header(ws: &mut Worksheet, top: u32, place: &str) {
    let bold = Format::new().set_bold();
    ws.merge_range(top, 0, top + 1, 0, "STT", &bold).unwrap();
    ws.merge_range(top, 1, top, 2, "Họ và tên", &bold).unwrap();
    ws.write_string_with_format(top + 1, 1, "Họ đệm", &bold)
        .unwrap();
    ws.write_string_with_format(top + 1, 2, "Tên", &bold)
        .unwrap();
    ws.merge_range(top, 3, top + 1, 3, "Năm sinh", &bold)
        .unwrap();
    ws.merge_range(top, 4, top + 1, 4, place, &bold).unwrap();
    ws.merge_range(top, 5, top + 1, 5, "Thôn/Xóm cũ", &bold)
        .unwrap();
    ws.merge_range(top, 6, top + 1, 6, "Ghi chú", &bold)
        .unwrap();
    for c in 0..7u16 {
        ws.write_string(top + 2, c, format!("({})", c + 1)).unwrap();
    }
}

fn people(ws: &mut Worksheet, first: u32, list: &[Person]) -> u32 {
    let mut r = first;
    // Thôn cells merged over the learners of the same thôn, as offices do.
    let mut i = 0;
    while i < list.len() {
        let place = list[i].3;
        let n = list[i..].iter().take_while(|p| p.3 == place).count() as u32;
        if n > 1 {
            ws.merge_range(
                r + i as u32,
                4,
                r + i as u32 + n - 1,
                4,
                place,
                &Format::new(),
            )
            .unwrap();
        } else {
            ws.write_string(r + i as u32, 4, place).unwrap();
        }
        i += n as usize;
    }
    for (i, (ho, ten, year, _)) in list.iter().enumerate() {
        ws.write_number(r, 0, (i + 1) as f64).unwrap();
        ws.write_string(r, 1, *ho).unwrap();
        ws.write_string(r, 2, *ten).unwrap();
        match (i, year) {
            // The ways an office writes a year: a number, "khoảng 1955", "1955?", a date.
            (2, Some(y)) => ws
                .write_string(r, 3, format!("khoảng {y}"))
                .map(|_| ())
                .unwrap(),
            (3, Some(y)) => ws.write_string(r, 3, format!("{y}?")).map(|_| ()).unwrap(),
            (4, Some(y)) => ws
                .write_datetime_with_format(
                    r,
                    3,
                    ExcelDateTime::from_ymd(*y, 3, 8).unwrap(),
                    &Format::new().set_num_format("dd/mm/yyyy"),
                )
                .map(|_| ())
                .unwrap(),
            (_, Some(y)) => ws.write_number(r, 3, f64::from(*y)).map(|_| ()).unwrap(),
            (_, None) => ws.write_string(r, 3, "không rõ").map(|_| ()).unwrap(),
        }
        ws.write_string(r, 5, "Xóm 3").unwrap();
        r += 1;
    }
    // The third learner is the thôn's head: the note must not end the list.
    ws.write_string(first + 2, 6, "Trưởng thôn").unwrap();
    r
}

fn signature(ws: &mut Worksheet, mut r: u32, n: usize) {
    ws.write_string(r, 1, format!("Tổng cộng: {n} học viên"))
        .unwrap();
    r += 2;
    ws.write_string(r, 4, "An Lão, ngày 14 tháng 11 năm 2026")
        .unwrap();
    r += 1;
    ws.write_string(r, 1, "NGƯỜI LẬP BIỂU").unwrap();
    ws.write_string(r, 4, "TM. UBND XÃ").unwrap();
    r += 1;
    ws.write_string(r, 4, "CHỦ TỊCH").unwrap();
    r += 1;
    ws.write_string(r, 1, "(Ký, ghi rõ họ tên)").unwrap();
    ws.write_string(r, 4, "(Ký tên, đóng dấu)").unwrap();
    r += 4;
    ws.write_string(r, 1, "Nguyễn Thị").unwrap();
    ws.write_string(r, 2, "Thu").unwrap();
    ws.write_string(r, 4, "Trần Văn Bình").unwrap();
}

fn motto(ws: &mut Worksheet) {
    let bold = Format::new().set_bold();
    ws.merge_range(0, 0, 0, 2, "UBND XÃ AN LÃO", &bold).unwrap();
    ws.merge_range(0, 3, 0, 6, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", &bold)
        .unwrap();
    ws.merge_range(1, 3, 1, 6, "Độc lập - Tự do - Hạnh phúc", &bold)
        .unwrap();
    ws.merge_range(
        3,
        0,
        3,
        6,
        "DANH SÁCH HỌC VIÊN LỚP BÌNH DÂN HỌC VỤ SỐ",
        &bold,
    )
    .unwrap();
}

/// The motto + two-row header + merged thôn + signature list.
pub fn motto_xlsx() -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Danh sách").unwrap();
    motto(ws);
    header(ws, 5, "Thôn/Tổ dân phố");
    let end = people(ws, 8, &MOTTO_PEOPLE);
    signature(ws, end, MOTTO_PEOPLE.len());
    wb.save_to_buffer().unwrap()
}

/// One sheet per class ("Thôn/TDP" as the place header there) and a summary sheet.
pub fn two_class_xlsx() -> Vec<u8> {
    let mut wb = Workbook::new();
    for (name, list) in [
        ("Lớp 01", &MOTTO_PEOPLE[..6]),
        ("Lớp 02", &MOTTO_PEOPLE[6..]),
    ] {
        let ws = wb.add_worksheet().set_name(name).unwrap();
        motto(ws);
        header(ws, 5, "Thôn/TDP");
        let end = people(ws, 8, list);
        signature(ws, end, list.len());
    }
    let ws = wb.add_worksheet().set_name("Tổng hợp").unwrap();
    ws.write_string(0, 0, "TỔNG HỢP SỐ HỌC VIÊN").unwrap();
    for (r, (lop, n)) in [("Lớp 01", 6), ("Lớp 02", 5), ("Cộng", 11)]
        .iter()
        .enumerate()
    {
        ws.write_string(r as u32 + 2, 0, *lop).unwrap();
        ws.write_number(r as u32 + 2, 1, f64::from(*n)).unwrap();
    }
    wb.save_to_buffer().unwrap()
}

fn expected(list: &[Person]) -> Vec<(String, Option<u16>, Option<String>)> {
    let mut v: Vec<_> = list
        .iter()
        .map(|(ho, ten, y, g)| (format!("{ho} {ten}"), *y, Some(g.to_string())))
        .collect();
    v.sort();
    v
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
#[ignore = "writes the committed fixtures; run by hand, then convert with LibreOffice"]
fn write_office_fixtures() {
    std::fs::create_dir_all(fixtures()).unwrap();
    std::fs::write(fixtures().join("motto.xlsx"), motto_xlsx()).unwrap();
    std::fs::write(fixtures().join("two-classes.xlsx"), two_class_xlsx()).unwrap();
    std::fs::write(fixtures().join("updated.xlsx"), updated_xlsx()).unwrap();
}

#[test]
fn the_motto_list_reads_whole_with_thon_and_notes() {
    let r = parse(&motto_xlsx(), true, 2026).unwrap();
    let got: Vec<_> = r
        .rows
        .iter()
        .map(|p| (p.name.clone(), p.birth_year, p.group.clone()))
        .collect();
    let mut sorted = got.clone();
    sorted.sort();
    assert_eq!(sorted, expected(&MOTTO_PEOPLE), "{r:#?}");
    // "không rõ" leaves the year empty with a note; nobody is left out.
    assert_eq!(r.rows[10].year_note.as_deref(), Some("không rõ"));
    assert_eq!(r.problems().count(), 0, "{:?}", r.skipped);
    // The two header rows and the numbering row are header, not learners.
    assert!(
        r.skipped
            .iter()
            .all(|s| s.line > 8 || s.reason == Skip::Header)
    );
    let signature: Vec<_> = r
        .skipped
        .iter()
        .filter(|s| s.reason == Skip::Signature)
        .map(|s| s.text.as_str())
        .collect();
    assert!(
        signature.iter().any(|t| t.contains("Nguyễn Thị | Thu")),
        "{signature:?}"
    );
    assert!(signature.iter().any(|t| t.contains("ngày 14 tháng 11")));
    assert_eq!(r.unused_columns, ["Thôn/Xóm cũ"]);
}

#[test]
fn place_headers_are_the_thon_column() {
    use hocso::trainer::roster::{Column, rows::column_of};
    for h in [
        "Thôn/Tổ dân phố",
        "Thôn/TDP",
        "Tổ dân phố",
        "Ấp",
        "Bản",
        "Khu phố",
        "Tổ",
        "Xóm",
        "Buôn",
        "Làng",
        "Khối",
        "THON/TO DAN PHO",
        "Thôn, xóm",
    ] {
        assert_eq!(column_of(h), Some(Column::Group), "{h}");
    }
    assert_eq!(column_of("Thôn/Xóm cũ"), None);
    assert!(hocso::trainer::roster::rows::looks_like_place(
        "Thôn/Xóm cũ"
    ));
    assert!(hocso::trainer::roster::rows::looks_like_place("Địa chỉ"));
    assert!(!hocso::trainer::roster::rows::looks_like_place("Ghi chú"));
}

/// The same list as .xls and .ods (converted by LibreOffice) reads the same, merged thôn
/// included (for .ods from the file's own merge marks, which calamine does not read).
#[test]
fn xls_and_ods_read_like_xlsx() {
    for ext in ["xls", "ods"] {
        let bytes = std::fs::read(fixtures().join(format!("motto.{ext}"))).unwrap();
        assert!(hocso::trainer::roster::is_workbook(&bytes), "{ext}");
        let r = parse(&bytes, true, 2026).unwrap();
        let mut got: Vec<_> = r
            .rows
            .iter()
            .map(|p| (p.name.clone(), p.birth_year))
            .collect();
        got.sort();
        let mut want: Vec<_> = expected(&MOTTO_PEOPLE)
            .into_iter()
            .map(|(n, y, _)| (n, y))
            .collect();
        want.sort();
        assert_eq!(got, want, "{ext}");
        assert_eq!(r.problems().count(), 0, "{ext}");
        let groups: Vec<_> = r.rows.iter().map(|p| p.group.clone()).collect();
        assert!(groups.iter().all(Option::is_some), "{ext}: {groups:?}");
    }
}

#[test]
fn every_class_sheet_is_read_and_the_summary_skipped() {
    let sheets = parse_all(&two_class_xlsx(), true, 2026).unwrap();
    let summary: Vec<_> = sheets
        .iter()
        .map(|s| {
            (
                s.name.clone().unwrap(),
                s.roster.as_ref().map(|r| r.rows.len()).ok(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("Lớp 01".to_string(), Some(6)),
            ("Lớp 02".to_string(), Some(5)),
            ("Tổng hợp".to_string(), None)
        ]
    );
}

#[test]
fn setup_and_import_work_as_the_first_commands_on_a_new_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("lop-moi").join("du-lieu");
    let out = hocso(&data)
        .args(["setup", "--province", "Hải Phòng", "--commune", "Xã An Lão"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("Đã tạo thư mục dữ liệu mới") && err.contains("du-lieu"),
        "{err}"
    );
    assert!(data.join("unit.json").is_file());

    let list = tmp.path().join("motto.xlsx");
    std::fs::write(&list, motto_xlsx()).unwrap();
    let fresh = tmp.path().join("khac");
    let out = hocso(&fresh)
        .args(["roster", "import"])
        .arg(&list)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("khac"));
    assert!(text.contains("Sheet „Danh sách“: 11 học viên"), "{text}");
    assert!(text.contains("cột „Thôn/Xóm cũ“ không được đọc"), "{text}");
    assert!(
        text.contains("năm sinh „không rõ“ không đọc được"),
        "{text}"
    );
    assert_eq!(learners(&fresh), expected(&MOTTO_PEOPLE));
}

#[test]
fn a_workbook_imports_every_class_or_the_sheet_asked_for() {
    let tmp = tempfile::tempdir().unwrap();
    let list = tmp.path().join("two.xlsx");
    std::fs::write(&list, two_class_xlsx()).unwrap();
    let data = tmp.path().join("a");
    let out = hocso(&data)
        .args(["roster", "import"])
        .arg(&list)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("Sheet „Lớp 01“: 6 học viên"), "{text}");
    assert!(text.contains("Sheet „Lớp 02“: 5 học viên"), "{text}");
    assert!(
        text.contains("Sheet „Tổng hợp“: không có cột họ tên"),
        "{text}"
    );
    assert_eq!(learners(&data).len(), 11);

    let data = tmp.path().join("b");
    let out = hocso(&data)
        .args(["roster", "import", "--sheet", "lop 02"])
        .arg(&list)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(learners(&data), expected(&MOTTO_PEOPLE[6..]));
    let out = hocso(&data)
        .args(["roster", "import", "--sheet", "Lớp 9"])
        .arg(&list)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Lớp 01, Lớp 02, Tổng hợp"));
}

/// The list a week later: Lý → Lí, Hoàng Văn Em moved to Thôn Nam, Vũ Thị Giang left.
pub fn updated_xlsx() -> Vec<u8> {
    let mut list: Vec<Person> = MOTTO_PEOPLE.to_vec();
    list[9].0 = "Lí Thị";
    list[4].3 = "Thôn Nam";
    list.remove(5);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Danh sách").unwrap();
    motto(ws);
    header(ws, 5, "Thôn/Tổ dân phố");
    let end = people(ws, 8, &list);
    signature(ws, end, list.len());
    wb.save_to_buffer().unwrap()
}

#[test]
fn an_updated_list_corrects_people_and_names_the_leavers() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("d");
    let first = tmp.path().join("motto.xlsx");
    std::fs::write(&first, motto_xlsx()).unwrap();
    hocso(&data)
        .args(["roster", "import"])
        .arg(&first)
        .assert()
        .code(0);
    let ids_before: Vec<_> = {
        let (l, _) = Store::open(&data).unwrap().list();
        let mut v: Vec<_> = l.into_iter().map(|s| s.id).collect();
        v.sort();
        v
    };
    let list = tmp.path().join("updated.xlsx");
    std::fs::write(&list, updated_xlsx()).unwrap();
    for args in [
        &["--dry-run"][..],
        &["--dry-run", "--update"],
        &["--update"],
    ] {
        let out = hocso(&data)
            .args(["roster", "import"])
            .args(args)
            .arg(&list)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{text}");
        let line = |who: &str| {
            text.lines()
                .find(|l| l.contains(who))
                .unwrap_or_default()
                .to_string()
        };
        let maybe = match args {
            ["--dry-run"] => "có thể là người đã có",
            ["--dry-run", "--update"] => "sẽ sửa theo danh sách mới",
            _ => "đã sửa người đã có",
        };
        assert!(
            line("Lí Thị Lan").contains(maybe) && line("Lí Thị Lan").contains("Lý Thị Lan"),
            "{text}"
        );
        assert!(
            line("Hoàng Văn Em").contains(maybe) && line("Hoàng Văn Em").contains("Thôn Tây"),
            "{text}"
        );
        // Only an update of the same list speaks for the people not on it.
        assert_eq!(
            text.contains(
                "Không có trong danh sách mới (vẫn giữ, không xóa): Vũ Thị Giang (1964, Thôn Tây)"
            ),
            args.contains(&"--update"),
            "{args:?}: {text}"
        );
    }
    let (after, _) = Store::open(&data).unwrap().list();
    let mut ids_after: Vec<_> = after.iter().map(|s| s.id.clone()).collect();
    ids_after.sort();
    assert_eq!(ids_after, ids_before, "nobody added, nobody deleted");
    assert!(after.iter().any(|s| s.name == "Lí Thị Lan"));
    assert!(
        after
            .iter()
            .any(|s| s.name == "Hoàng Văn Em" && s.group.as_deref() == Some("Thôn Nam"))
    );
}
