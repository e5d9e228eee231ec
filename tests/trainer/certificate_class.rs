//! `hocso certificate --class`: the class's certificates as ONE PDF with a page per learner, in
//! Vietnamese name order, each page with the two signature blocks an office needs (trainer;
//! the commune's chairman with room for the stamp) and, in words, whom to ask to check the code.
#![allow(clippy::unwrap_used)]

use std::process::Command as Std;

use hocso::store::learners::Store;

use crate::certificate_cli::{code_in, hocso, learner, pdftotext, setup};

fn pages(pdf: &std::path::Path) -> usize {
    let info = Std::new("pdfinfo").arg(pdf).output().unwrap();
    let info = String::from_utf8(info.stdout).unwrap();
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no page count in {info}"))
}

/// The codes the run printed, page by page ("Trang 1: … (mã xác minh XXXXX-XXXXX)").
fn codes(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .filter(|l| l.trim_start().starts_with("Trang "))
        .map(code_in)
        .collect()
}

#[test]
fn the_class_prints_as_one_pdf_with_a_page_per_learner() {
    let data = setup();
    // setup() has Nguyễn Thị Hoa (finished) and Lê Văn Tám (not yet); two more finished.
    let store = Store::open(data.path()).unwrap();
    store
        .save(&learner("dang-van-binh-q1w2e3", "Đặng Văn Bình", true))
        .unwrap();
    store
        .save(&learner("le-thi-an-r4t5y6", "Lê Thị An", true))
        .unwrap();
    let pdf = data.path().join("ca-lop.pdf");
    let out = hocso(data.path())
        .args(["certificate", "--class", "--out"])
        .arg(&pdf)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("3 giấy chứng nhận; 1 học viên chưa đủ điều kiện"),
        "{stdout}"
    );
    assert_eq!(pages(&pdf), 3);
    // Nothing else was written: one file for the office to print.
    let pdfs = std::fs::read_dir(data.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "pdf")
        })
        .count();
    assert_eq!(pdfs, 1);

    let codes = codes(&stdout);
    assert_eq!(codes.len(), 3, "{stdout}");
    let text = pdftotext(&pdf);
    let sheets: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert_eq!(sheets.len(), 3);
    // By tên in Vietnamese order: An, Bình, Hoa.
    for (i, name) in ["Lê Thị An", "Đặng Văn Bình", "Nguyễn Thị Hoa"]
        .iter()
        .enumerate()
    {
        let page = sheets[i];
        assert!(
            page.contains(name),
            "page {}: {name} missing:\n{page}",
            i + 1
        );
        for want in [
            "GIẤY CHỨNG NHẬN",
            "(Ký, ghi rõ họ tên)",
            "CHỦ TỊCH",
            "(Ký tên, đóng dấu)",
            "Trần Văn Bình",
        ] {
            assert!(page.contains(want), "{want:?} missing:\n{page}");
        }
        // The two blocks side by side: the trainer on the left, the commune on the right.
        assert!(
            page.lines()
                .any(|l| l.contains("NGƯỜI HƯỚNG DẪN") && l.contains("TM. ỦY BAN NHÂN DÂN")),
            "{page}"
        );
        // How to check it, in words; no command line on the paper.
        let said = format!(
            "Mã xác nhận: {} — liên hệ UBND xã An Lão để kiểm tra",
            codes[i]
        );
        assert!(page.contains(&said), "{said:?} missing:\n{page}");
        assert!(!page.contains("hocso"), "{page}");
    }
    // Every code on the paper verifies.
    for code in &codes {
        let ok = hocso(data.path())
            .args(["certificate", "verify", code])
            .output()
            .unwrap();
        assert!(ok.status.success(), "{code}");
    }
    // Printing the class again registers nothing new: the same codes.
    let again = hocso(data.path())
        .args(["certificate", "--class", "--out"])
        .arg(&pdf)
        .output()
        .unwrap();
    assert_eq!(
        self::codes(&String::from_utf8(again.stdout).unwrap()),
        codes
    );
    assert_eq!(crate::certificate_cli::registered(data.path()), 3);

    // A page renders (the acceptance look at a page starts from this image).
    let png = data.path().join("trang");
    let st = Std::new("pdftoppm")
        .args(["-png", "-r", "40", "-f", "2", "-l", "2", "-singlefile"])
        .arg(&pdf)
        .arg(&png)
        .status()
        .unwrap();
    assert!(st.success());
    assert!(std::fs::metadata(png.with_extension("png")).unwrap().len() > 5_000);
}

#[test]
fn out_naming_a_folder_puts_the_class_file_inside_it() {
    let data = setup();
    let dir = data.path().join("giay");
    std::fs::create_dir(&dir).unwrap();
    let out = hocso(data.path())
        .args(["certificate", "--class", "--out"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(out.status.success());
    let file = dir.join("giay-chung-nhan-ca-lop.pdf");
    assert_eq!(pages(&file), 1);
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("giay-chung-nhan-ca-lop.pdf")
    );
}

/// Every word of every page within the inner frame (30 pt from each edge), as poppler places it.
fn words_outside_the_frame(pdf: &std::path::Path) -> Vec<String> {
    let out = Std::new("pdftotext")
        .args(["-bbox", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    let html = String::from_utf8(out.stdout).unwrap();
    let attr = |line: &str, name: &str| -> f32 {
        let at = line.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        line[at..].split('"').next().unwrap().parse().unwrap()
    };
    html.lines()
        .filter(|l| l.trim_start().starts_with("<word "))
        .filter(|l| {
            attr(l, "xMin") < 30.0
                || attr(l, "yMin") < 30.0
                || attr(l, "xMax") > 595.28 - 30.0
                || attr(l, "yMax") > 841.89 - 30.0
        })
        .map(|l| l.trim().to_string())
        .collect()
}

#[test]
fn a_learner_who_finished_every_module_still_gets_the_signatures_and_the_code_on_the_page() {
    use hocso::progress::model::{LessonProgress, LessonStatus};
    let data = setup();
    // Every lesson of every module of the built-in course passed, not only the required ones.
    let course = hocso::course::load::load(&hocso::course::source::builtin())
        .course
        .unwrap();
    let mut all = learner("tran-van-ca-z9x8c7", "Trần Văn Cả", true);
    let done: jiff::Timestamp = "2026-11-20T09:30:00Z".parse().unwrap();
    let progress = all.courses.get_mut(&course.id).unwrap();
    for lesson in course.modules.iter().flat_map(|m| &m.lessons) {
        progress.lessons.insert(
            lesson.id.clone(),
            LessonProgress {
                status: LessonStatus::Done,
                passed: true,
                best_score: Some(90),
                completed: Some(done),
                first_opened: Some(done),
                ..Default::default()
            },
        );
    }
    Store::open(data.path()).unwrap().save(&all).unwrap();
    let pdf = data.path().join("ca-lop.pdf");
    let out = hocso(data.path())
        .args(["certificate", "--class", "--out"])
        .arg(&pdf)
        .output()
        .unwrap();
    assert!(out.status.success());
    let codes = codes(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(pages(&pdf), 2);
    let text = pdftotext(&pdf);
    let page = text
        .split('\u{c}')
        .find(|p| p.contains("Trần Văn Cả"))
        .unwrap();
    assert!(
        course.modules.len() > 8,
        "the longest list of the built-in course"
    );
    for m in &course.modules {
        let start: String = m.title.chars().take(18).collect();
        assert!(page.contains(&start), "{start:?} missing:\n{page}");
    }
    for want in [
        "CHỦ TỊCH",
        "(Ký tên, đóng dấu)",
        "Trần Văn Bình",
        "Mã xác nhận:",
    ] {
        assert!(page.contains(want), "{want:?} missing:\n{page}");
    }
    assert!(codes.iter().any(|c| page.contains(c.as_str())), "{page}");
    let outside = words_outside_the_frame(&pdf);
    assert!(
        outside.is_empty(),
        "off the page or over the frame: {outside:?}"
    );
}
