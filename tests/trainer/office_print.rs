//! The printed workbook (issue 24 item 5): the class report converted with LibreOffice
//! (`soffice --headless --convert-to pdf`, installed by `tools/test`), then read back with
//! poppler: the page count, every learner's name and status, every question, the totals and
//! the certificate column are on the pages — nothing cut off or lost between pages.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::Command as Std;

use crate::office_report::{hocso, make_class, name};

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn pdf_text(pdf: &Path, args: &[&str]) -> String {
    let out = Std::new("pdftotext")
        .args(args)
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) must be installed: tools/test installs it");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_class_report_prints_whole_through_libreoffice() {
    let dir = tempfile::tempdir().unwrap();
    make_class(dir.path());
    // Learner 2 finished the course and got a certificate.
    hocso(dir.path())
        .args(["certificate", "--learner"])
        .arg(name(2))
        .arg("--out")
        .arg(dir.path().join("giay.pdf"))
        .assert()
        .success();
    let xlsx = dir.path().join("lop.xlsx");
    hocso(dir.path())
        .args([
            "report",
            "--format",
            "xlsx",
            "--title",
            "Lớp 01 — Xã An Lão",
            "--out",
        ])
        .arg(&xlsx)
        .assert()
        .success();
    // A separate LibreOffice profile: tests run in parallel and a shared one locks.
    let profile = dir.path().join("lo-profile");
    let out = Std::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&xlsx)
        .output()
        .expect("soffice (libreoffice-calc) must be installed: tools/test installs it");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = dir.path().join("lop.pdf");
    let info = Std::new("pdfinfo").arg(&pdf).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout).into_owned();
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(info.contains("841.89 x 595."), "A4 landscape: {info}");
    // Overview on one page; "Tiến độ" (two modules, one group) two pages tall for 40
    // learners at full size; "Câu hỏi" one page.
    assert_eq!(pages, 4, "{info}");

    let overview = squash(&pdf_text(&pdf, &["-f", "1", "-l", "1", "-layout"]));
    for i in 0..40 {
        assert!(
            overview.contains(&squash(&name(i))),
            "{} not on page 1",
            name(i)
        );
    }
    for status in ["✓Hoànthành", "⚠Cầngiúp", "◐Đanghọc", "✗Tệphỏng"] {
        assert!(overview.contains(status), "{status} not on page 1");
    }
    assert!(overview.contains(&squash("Giấy chứng nhận")));
    // Learner 2's row: status, year, thôn, figures, last time, certificate (its first line may
    // print above the name's line, the cell being two lines tall).
    let at = overview.find(&squash(&name(2))).unwrap();
    let before: Vec<char> = overview[..at].chars().collect();
    let row: String = before[before.len().saturating_sub(15)..]
        .iter()
        .copied()
        .chain(overview[at..].chars().take(75))
        .collect();
    assert!(
        row.contains("✓Hoànthành") && row.contains("✓Đãcấpgiấy"),
        "{row}"
    );
    // The damaged file's long name is printed whole (wrapped), not cut at the column's edge.
    let damaged = std::fs::read_dir(dir.path().join("learners"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with("hong-abc123.corrupt"))
        .unwrap();
    let raw = squash(&pdf_text(&pdf, &["-f", "1", "-l", "1", "-raw"]));
    assert!(raw.contains(&damaged), "{damaged} cut: {raw}");
    assert!(
        overview.contains(&squash(
            "Tổng cộng: 41 học viên · hoàn thành: 3 · cần giúp: 4 · đã cấp giấy chứng nhận: 1"
        )),
        "{overview}"
    );

    // "Tiến độ": every name once over its two pages, the headings repeated on both.
    let grid: Vec<String> = (2..=3)
        .map(|p| {
            let p = p.to_string();
            squash(&pdf_text(&pdf, &["-f", &p, "-l", &p, "-raw"]))
        })
        .collect();
    for i in 0..40 {
        let n = squash(&name(i));
        assert_eq!(
            grid.iter().filter(|g| g.contains(&n)).count(),
            1,
            "{} on the grid pages",
            name(i)
        );
    }
    for g in &grid {
        for heading in [
            "Làm quen điện thoại",
            "Mã OTP là gì",
            "Dùng điện thoại thông minh",
        ] {
            assert!(g.contains(&squash(heading)), "{heading} not in {g}");
        }
        assert!(g.contains("Lớp01—XãAnLão"), "the page header: {g}");
    }

    // "Câu hỏi": each question's whole text, and each option, printed (wrapped, not cut).
    let questions = squash(&pdf_text(&pdf, &["-f", "4", "-l", "4", "-raw"]));
    for text in [
        "Nút nào để gọi điện?",
        "Mật khẩu nên dài.",
        "✗ Nút Nhắn tin: 4",
    ] {
        assert!(
            questions.contains(&squash(text)),
            "{text} not in {questions}"
        );
    }
}
