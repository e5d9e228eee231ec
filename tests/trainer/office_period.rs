//! Reports that say what they mean (issue 24 item 4): with a period every learner keeps the
//! overall status and adds "trong kỳ: N bài, M phút"; needing help shows whatever the period;
//! the period is printed in the terminal table, the CSV's first line and the xlsx title; a
//! reversed period is refused; names in Vietnamese order or the class list's order.
#![allow(clippy::unwrap_used)]

use calamine::{Reader, Xlsx};

use crate::office_report::{hocso, make_class, name, text};

fn run(data: &std::path::Path, args: &[&str]) -> String {
    let out = hocso(data).arg("report").args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_period_keeps_the_overall_status_and_adds_what_was_done_in_it() {
    let dir = tempfile::tempdir().unwrap();
    make_class(dir.path());
    // All the class's work was on 21–22 September 2026; the period is the week after.
    let week = ["--since", "28/09/2026", "--until", "2026-10-04"];
    let table = run(dir.path(), &week);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(
        lines[0], "Từ ngày 28/09/2026 đến ngày 04/10/2026",
        "{table}"
    );
    // Learner 2 finished the whole course the week before: still 3/3, nothing in the period.
    let i = lines.iter().position(|l| l.starts_with(&name(2))).unwrap();
    assert!(lines[i].contains("3/3"), "{}", lines[i]);
    assert_eq!(lines[i + 1].trim(), "trong kỳ: 0 bài, 0 phút");
    // Learner 10 failed lesson A three times: "Cần giúp" whatever the period.
    let i = lines.iter().position(|l| l.starts_with(&name(10))).unwrap();
    assert!(lines[i].contains("CẦN GIÚP"), "{}", lines[i]);
    for l in &lines {
        assert!(unicode_width::UnicodeWidthStr::width(*l) <= 80, "{l}");
    }

    // The days the class worked: everything counts in the period too.
    let table = run(
        dir.path(),
        &["--since", "2026-09-21", "--until", "2026-09-22"],
    );
    let i = table.lines().position(|l| l.starts_with(&name(2))).unwrap();
    let in_period = table.lines().nth(i + 1).unwrap().trim().to_string();
    assert_eq!(in_period, "trong kỳ: 3 bài, 15 phút");

    // CSV: the period on the first line, a "Trong kỳ" column.
    let csv = run(dir.path(), &["--format", "csv", "--since", "28/09/2026"]);
    let first = csv.trim_start_matches('\u{feff}').lines().next().unwrap();
    assert!(first.starts_with("Từ ngày 28/09/2026 đến nay"), "{first}");
    let header = csv.lines().nth(1).unwrap();
    assert!(header.ends_with("Trong kỳ"), "{header}");
    let row = csv.lines().find(|l| l.starts_with(&name(2))).unwrap();
    assert!(row.ends_with(",\"trong kỳ: 0 bài, 0 phút\""), "{row}");

    // xlsx: the period under the title, the overall status and the column.
    let path = dir.path().join("ky.xlsx");
    hocso(dir.path())
        .args(["report", "--format", "xlsx", "--out"])
        .arg(&path)
        .args(week)
        .assert()
        .success();
    let mut wb: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let o = wb.worksheet_range("Tổng quan lớp").unwrap();
    assert_eq!(
        text(o.get((1, 0))),
        "Từ ngày 28/09/2026 đến ngày 04/10/2026"
    );
    let row = (4..o.height() as u32)
        .find(|r| text(o.get((*r as usize, 1))) == name(2))
        .unwrap() as usize;
    assert_eq!(text(o.get((row, 2))), "✓ Hoàn thành");
    let col = (0..o.width())
        .find(|c| text(o.get((3, *c))) == "Trong kỳ")
        .unwrap();
    assert_eq!(text(o.get((row, col))), "trong kỳ: 0 bài, 0 phút");
    let row10 = (4..o.height())
        .find(|r| text(o.get((*r, 1))) == name(10))
        .unwrap();
    assert_eq!(text(o.get((row10, 2))), "⚠ Cần giúp");
}

#[test]
fn a_reversed_period_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    make_class(dir.path());
    hocso(dir.path())
        .args(["report", "--since", "2026-10-04", "--until", "28/09/2026"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "Ngày bắt đầu (--since 2026-10-04) ở sau ngày kết thúc (--until 28/09/2026)",
        ));
    // The same day at both ends is one day, not reversed.
    run(
        dir.path(),
        &["--since", "2026-09-21", "--until", "21/09/2026"],
    );
}

#[test]
fn names_in_vietnamese_order_or_the_list_order() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("d");
    let list = dir.path().join("lop.csv");
    // The office's list order, nobody needing help.
    let people = [
        "Hoàng Văn Em",
        "Đỗ Thị Hoa",
        "Dương Thị Hoa",
        "Hồ Thị Hoa",
        "Đặng Văn Hải",
        "Hà Thị Hoa",
        "Trần Thị Ánh",
        "Lê Văn Anh",
    ];
    let mut csv = String::from("Họ tên;Năm sinh\n");
    for p in people {
        csv.push_str(&format!("{p};1960\n"));
    }
    std::fs::write(&list, csv).unwrap();
    hocso(&data)
        .args(["roster", "import"])
        .arg(&list)
        .assert()
        .success();
    let order = |args: &[&str]| -> Vec<String> {
        let csv = run(&data, &[&["--format", "csv"][..], args].concat());
        csv.lines()
            .skip(2)
            .map(|l| l.split(',').next().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        order(&[]),
        [
            "Lê Văn Anh",
            "Trần Thị Ánh",
            "Hoàng Văn Em",
            "Đặng Văn Hải",
            "Dương Thị Hoa",
            "Đỗ Thị Hoa",
            "Hà Thị Hoa",
            "Hồ Thị Hoa",
        ]
    );
    assert_eq!(order(&["--order", "list"]), people);
    hocso(&data)
        .args(["report", "--order", "abc"])
        .assert()
        .code(2);
}

fn pdftotext(pdf: &std::path::Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) must be installed: .ci/run installs it");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn one_learner_as_a_one_page_learning_record_in_xlsx_and_pdf() {
    let dir = tempfile::tempdir().unwrap();
    make_class(dir.path());
    let xlsx = dir.path().join("phieu.xlsx");
    let pdf = dir.path().join("phieu.pdf");
    // A week after the class's work: the overall status stays, the period adds nothing.
    for (format, path) in [("xlsx", &xlsx), ("pdf", &pdf)] {
        hocso(dir.path())
            .args(["report", "--learner"])
            .arg(name(2))
            .args(["--since", "28/09/2026", "--format", format, "--out"])
            .arg(path)
            .assert()
            .success();
    }
    let mut wb: Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    let sheet = wb.sheet_names()[0].clone();
    assert!(sheet.starts_with("Phiếu học tập"), "{sheet}");
    let r = wb.worksheet_range(&sheet).unwrap();
    let cells: Vec<String> = (0..r.height())
        .flat_map(|row| (0..2).map(move |c| (row, c)))
        .map(|at| text(r.get(at)))
        .collect();
    assert_eq!(cells[0], "PHIẾU HỌC TẬP");
    assert!(cells.iter().any(|c| c.starts_with(&name(2))), "{cells:?}");
    assert!(cells.iter().any(|c| c.starts_with("Từ ngày 28/09/2026")));
    let summary = cells.iter().find(|c| c.starts_with("Bài đã xong")).unwrap();
    assert!(
        summary.contains("3/3") && summary.contains("✓ Hoàn thành"),
        "{summary}"
    );
    assert!(summary.ends_with("trong kỳ: 0 bài, 0 phút"), "{summary}");
    assert!(cells.iter().any(|c| c == "✓ 100%"), "{cells:?}");

    let pages = std::process::Command::new("pdfinfo")
        .arg(&pdf)
        .output()
        .unwrap();
    let info = String::from_utf8_lossy(&pages.stdout);
    assert!(
        info.lines()
            .any(|l| l.starts_with("Pages:") && l.ends_with(" 1")),
        "{info}"
    );
    let words = pdftotext(&pdf);
    for expected in [
        "PHIẾU HỌC TẬP",
        name(2).as_str(),
        "✓ Hoàn thành",
        "trong kỳ: 0 bài, 0 phút",
        "✓ 100%",
        "Mã OTP là gì",
    ] {
        assert!(words.contains(expected), "{expected} not in {words}");
    }

    // Without --out there is nothing to write to: said, not silently ignored.
    hocso(dir.path())
        .args(["report", "--learner"])
        .arg(name(2))
        .args(["--format", "xlsx"])
        .assert()
        .code(2);
}
