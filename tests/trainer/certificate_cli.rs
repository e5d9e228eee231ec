//! `hocso certificate`: a real PDF for a learner who passed the required modules, read back
//! with poppler's pdftotext and rendered with pdftoppm; the verification code accepted and
//! altered codes refused; a learner who has not finished gets what is missing, not a paper.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::Command as Std;

use assert_cmd::Command;
use hocso::course::load::load;
use hocso::course::source::builtin;
use hocso::progress::model::{LearnerFile, LessonProgress, LessonStatus, PROGRESS_FORMAT, Profile};
use hocso::store::learners::Store;
use hocso::trainer::unit::Unit;
use jiff::Timestamp;

pub(crate) fn hocso(data: &Path) -> Command {
    let mut c = Command::cargo_bin("hocso").unwrap();
    c.env("HOCSO_DATA_DIR", data)
        .env_remove("HOCSO_LANG")
        .env_remove("HOCSO_LESSONS");
    c
}

pub(crate) fn learner(id: &str, name: &str, finished: bool) -> LearnerFile {
    let course = load(&builtin()).course.unwrap();
    let mut lf = LearnerFile {
        format: PROGRESS_FORMAT,
        profile: Profile {
            id: id.into(),
            name: name.into(),
            birth_year: Some(1962),
            group: Some("Thôn Đông".into()),
            created: "2026-11-02T08:00:00Z".parse().unwrap(),
        },
        settings: Default::default(),
        courses: Default::default(),
    };
    let done: Timestamp = "2026-11-20T09:30:00Z".parse().unwrap();
    let progress = lf.courses.entry(course.id.clone()).or_default();
    for module in hocso::trainer::certificate::required(&course) {
        for (i, lesson) in module.lessons.iter().enumerate() {
            // The unfinished learner has not passed the last lesson of each required module.
            let passed = finished || i + 1 < module.lessons.len();
            progress.lessons.insert(
                lesson.id.clone(),
                LessonProgress {
                    status: if passed {
                        LessonStatus::Done
                    } else {
                        LessonStatus::InProgress
                    },
                    passed,
                    best_score: Some(if passed { 90 } else { 40 }),
                    completed: passed.then_some(done),
                    first_opened: Some(done),
                    ..Default::default()
                },
            );
        }
    }
    lf
}

pub(crate) fn setup() -> tempfile::TempDir {
    let data = tempfile::tempdir().unwrap();
    let store = Store::open(data.path()).unwrap();
    store
        .save(&learner("nguyen-thi-hoa-ab3k9z", "Nguyễn Thị Hoa", true))
        .unwrap();
    store
        .save(&learner("le-van-tam-x7y8z9", "Lê Văn Tám", false))
        .unwrap();
    hocso::trainer::unit::save(
        data.path(),
        &Unit {
            province: "Hải Phòng".into(),
            commune: "Xã An Lão".into(),
            class_name: "Lớp kỹ năng số tháng 11".into(),
            trainer: "Trần Văn Bình".into(),
            ..Unit::default()
        },
    )
    .unwrap();
    data
}

pub(crate) fn pdftotext(pdf: &Path) -> String {
    let out = Std::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) must be installed: .ci/run installs it");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

pub(crate) fn code_in(stdout: &str) -> String {
    let at = stdout.find("mã xác minh ").expect(stdout) + "mã xác minh ".len();
    stdout[at..at + 11].to_string()
}

#[test]
fn a_finished_learner_gets_a_printable_pdf_whose_code_verifies() {
    let data = setup();
    let pdf = data.path().join("hoa.pdf");
    let out = hocso(data.path())
        .args(["certificate", "--learner", "nguyen thi hoa", "--out"])
        .arg(&pdf)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let code = code_in(&stdout);
    assert_eq!(code.len(), 11);

    // The text comes back with its Vietnamese letters intact.
    let text = pdftotext(&pdf);
    for want in [
        "GIẤY CHỨNG NHẬN",
        "Nguyễn Thị Hoa",
        "Năm sinh: 1962",
        "Thôn Đông",
        "An toàn trên không gian mạng",
        "XÃ AN LÃO",
        "Lớp kỹ năng số tháng 11",
        "Trần Văn Bình",
        "Độc lập – Tự do – Hạnh phúc",
        "20/11/2026",
        code.as_str(),
    ] {
        assert!(text.contains(want), "{want:?} missing in:\n{text}");
    }
    // One A4 page.
    let info = Std::new("pdfinfo").arg(&pdf).output().unwrap();
    let info = String::from_utf8(info.stdout).unwrap();
    assert!(
        info.lines()
            .any(|l| l.starts_with("Pages:") && l.split_whitespace().nth(1) == Some("1")),
        "{info}"
    );
    assert!(
        info.contains("595.28 x 841.89") || info.contains("595.276 x 841.89"),
        "{info}"
    );
    // It renders.
    let png = data.path().join("hoa");
    let st = Std::new("pdftoppm")
        .args(["-png", "-r", "40", "-singlefile"])
        .arg(&pdf)
        .arg(&png)
        .status()
        .unwrap();
    assert!(st.success());
    assert!(std::fs::metadata(png.with_extension("png")).unwrap().len() > 5_000);

    // verify accepts the code as printed, and as typed loosely.
    let ok = hocso(data.path())
        .args([
            "certificate",
            "verify",
            &code.to_lowercase().replace('-', " "),
        ])
        .output()
        .unwrap();
    assert!(ok.status.success());
    let said = String::from_utf8(ok.stdout).unwrap();
    assert!(
        said.contains("HỢP LỆ") && said.contains("Nguyễn Thị Hoa"),
        "{said}"
    );
    assert!(said.contains("An toàn trên không gian mạng"), "{said}");

    // One character changed: refused.
    let mut forged: Vec<char> = code.chars().collect();
    forged[2] = if forged[2] == '7' { '8' } else { '7' };
    let forged: String = forged.into_iter().collect();
    let bad = hocso(data.path())
        .args(["certificate", "verify", &forged])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8(bad.stdout).unwrap().contains("KHÔNG"));

    // Printing again gives the same code (one register entry).
    let again = hocso(data.path())
        .args(["certificate", "--learner", "nguyen-thi-hoa-ab3k9z", "--out"])
        .arg(&pdf)
        .output()
        .unwrap();
    assert_eq!(code_in(&String::from_utf8(again.stdout).unwrap()), code);
}

#[test]
fn a_learner_who_has_not_finished_is_told_what_is_missing() {
    let data = setup();
    let pdf = data.path().join("tam.pdf");
    let out = hocso(data.path())
        .args(["certificate", "--learner", "Lê Văn Tám", "--out"])
        .arg(&pdf)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("chưa đủ điều kiện"), "{err}");
    assert!(err.contains("An toàn trên không gian mạng"), "{err}");
    assert!(!pdf.exists());
}

#[test]
fn the_whole_class_at_once_one_file_each_with_split() {
    let data = setup();
    let dir = data.path().join("giay");
    let out = hocso(data.path())
        .args(["certificate", "--class", "--split", "--out"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("1 giấy chứng nhận; 1 học viên chưa đủ điều kiện"),
        "{stdout}"
    );
    let files: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert_eq!(files.len(), 1);
    assert!(
        dir.join("giay-chung-nhan-nguyen-thi-hoa-ab3k9z.pdf")
            .exists()
    );
}

/// The register's entries, as `verify` reads them.
pub(crate) fn registered(data: &Path) -> usize {
    hocso::trainer::certificate::code::register(data)
        .unwrap()
        .len()
}

#[test]
fn a_long_name_shrinks_or_wraps_and_a_blank_or_pasted_name_is_refused() {
    let data = setup();
    let store = Store::open(data.path()).unwrap();
    let long = "Tôn Nữ Thị Huyền Trang Công Tằng Tôn Nữ Diệu Hạnh Phương Thảo Bảo Ngọc Hoàng Anh";
    store.save(&learner("ton-nu-aaaaaa", long, true)).unwrap();
    store.save(&learner("blank-bbbbbb", "   ", true)).unwrap();
    let pasted = "Nguyễn Văn An ".repeat(715);
    store
        .save(&learner("pasted-cccccc", pasted.trim(), true))
        .unwrap();

    // Long but real: every word printed, inside the page (pdftotext -layout keeps the lines).
    let pdf = data.path().join("long.pdf");
    let out = hocso(data.path())
        .args(["certificate", "--learner", "ton-nu-aaaaaa", "--out"])
        .arg(&pdf)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = pdftotext(&pdf);
    let printed: Vec<&str> = text.split_whitespace().collect();
    let name_words: Vec<&str> = long.split_whitespace().collect();
    assert!(
        printed
            .windows(name_words.len())
            .any(|w| w == name_words.as_slice()),
        "name not printed whole:\n{text}"
    );
    assert_eq!(registered(data.path()), 1);

    // Blank and pasted names: refused with the next step, nothing registered, no file.
    for (id, says) in [
        ("blank-bbbbbb", "chưa có tên"),
        ("pasted-cccccc", "không vừa giấy chứng nhận"),
    ] {
        let pdf = data.path().join(format!("{id}.pdf"));
        let out = hocso(data.path())
            .args(["certificate", "--learner", id, "--out"])
            .arg(&pdf)
            .output()
            .unwrap();
        assert!(!out.status.success());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(says) && stderr.contains(id), "{stderr}");
        assert!(!pdf.exists());
    }
    assert_eq!(
        registered(data.path()),
        1,
        "a refused name is never registered"
    );

    // The whole class: the two refused, the others printed, and the run says it failed.
    let dir = data.path().join("giay");
    let out = hocso(data.path())
        .args(["certificate", "--class", "--split", "--out"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(dir.join("giay-chung-nhan-ton-nu-aaaaaa.pdf").exists());
    assert!(!dir.join("giay-chung-nhan-blank-bbbbbb.pdf").exists());
    assert!(!dir.join("giay-chung-nhan-pasted-cccccc.pdf").exists());
}

#[test]
fn verify_says_when_the_secret_is_missing() {
    let data = setup();
    let pdf = data.path().join("hoa.pdf");
    let out = hocso(data.path())
        .args(["certificate", "--learner", "nguyen thi hoa", "--out"])
        .arg(&pdf)
        .output()
        .unwrap();
    assert!(out.status.success());
    let code = code_in(&String::from_utf8(out.stdout).unwrap());
    std::fs::remove_file(data.path().join("certificates/secret.key")).unwrap();
    let out = hocso(data.path())
        .args(["certificate", "verify", &code])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("có trong sổ cấp") && said.contains("thiếu khóa bí mật"),
        "{said}"
    );
    assert!(!said.contains("KHÔNG có trong sổ cấp"), "{said}");
    assert!(said.contains("secret.key"), "{said}");
}
