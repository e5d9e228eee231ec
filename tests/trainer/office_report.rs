//! The printable report for a class of 40 (issue 10): `--format xlsx` read back with calamine
//! (sheets, status next to the name, titles never ids, option counts) and its page setup read
//! from the written file's XML; `--table questions`, `--learner`, `--since` / `--until`.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use calamine::{Data, Reader, Xlsx};
use hocso::progress::model::{AnswerRecord, Attempt, LessonProgress, LessonStatus};
use hocso::quiz::Answer;
use hocso::store::learners::{NewLearner, Store};
use jiff::Timestamp;

fn course_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/office-course")
}

fn ts(secs: i64) -> Timestamp {
    Timestamp::from_second(1_790_000_000 + secs).unwrap()
}

fn attempt(id: String, at: i64, answers: Vec<(&str, Answer, bool)>) -> Attempt {
    let right = answers.iter().filter(|a| a.2).count();
    let score = (right * 100 / answers.len()) as u8;
    let mut map = BTreeMap::new();
    for (i, (q, answer, correct)) in answers.iter().enumerate() {
        map.insert(
            q.to_string(),
            AnswerRecord {
                answer: answer.clone(),
                correct: *correct,
                hints: 0,
                shown: Vec::new(),
                at: ts(at + i as i64),
            },
        );
    }
    Attempt {
        id,
        started: ts(at),
        ended: Some(ts(at + 10)),
        order: answers.iter().map(|a| a.0.to_string()).collect(),
        choices: Default::default(),
        answers: map,
        score: Some(score),
    }
}

fn lesson(attempts: Vec<Attempt>, pass_mark: u8) -> LessonProgress {
    let best = attempts.iter().filter_map(|a| a.score).max();
    let passed = best.is_some_and(|b| b >= pass_mark);
    LessonProgress {
        status: if passed {
            LessonStatus::Done
        } else {
            LessonStatus::InProgress
        },
        page: 0,
        seconds: 300,
        first_opened: attempts.first().map(|a| a.started),
        completed: passed
            .then(|| attempts.last().and_then(|a| a.ended))
            .flatten(),
        attempts,
        best_score: best,
        passed,
    }
}

const FAMILY: [&str; 5] = ["Nguyễn Văn", "Trần Thị", "Lê Văn", "Phạm Thị", "Hoàng Văn"];
const GIVEN: [&str; 8] = ["An", "Bình", "Cúc", "Dung", "Đức", "Hoa", "Lan", "Minh"];

pub(crate) fn name(i: usize) -> String {
    format!("{} {}", FAMILY[i % 5], GIVEN[i / 5])
}

/// Learner i: lesson A — i % 10 == 0 fails three times (q1 "Nhắn tin", q2 false); otherwise one
/// attempt, q1 "Chụp ảnh" (wrong) when i % 4 == 1, else "Gọi điện", q2 true. Lesson B (i < 20):
/// q3 right unless i % 5 == 0. Learners 2, 3 and 6 also pass lesson C (so finish the course).
pub(crate) fn make_class(data: &Path) {
    let store = Store::open(data).unwrap();
    for i in 0..40usize {
        let new = NewLearner {
            name: name(i),
            birth_year: Some(1950 + i as u16),
            group: Some(if i < 20 { "Thôn Đông" } else { "Thôn Tây" }.into()),
        };
        let mut f = store.create(new, ts(0)).unwrap();
        let base = i as i64 * 1000;
        let a = if i % 10 == 0 {
            (0..3)
                .map(|k| {
                    attempt(
                        format!("a{i}-{k}"),
                        base + k * 100,
                        vec![
                            ("q1", Answer::One("b".into()), false),
                            ("q2", Answer::TrueFalse(false), false),
                        ],
                    )
                })
                .collect()
        } else {
            let q1 = if i % 4 == 1 { "c" } else { "a" };
            vec![attempt(
                format!("a{i}"),
                base,
                vec![
                    ("q1", Answer::One(q1.into()), q1 == "a"),
                    ("q2", Answer::TrueFalse(true), true),
                ],
            )]
        };
        let course = f.courses.entry("lop-ky-nang".into()).or_default();
        course.lessons.insert("bai-a".into(), lesson(a, 70));
        if i < 20 {
            let ok = i % 5 != 0;
            let b = vec![attempt(
                format!("b{i}"),
                base + 500,
                vec![("q3", Answer::TrueFalse(ok), ok)],
            )];
            course.lessons.insert("bai-b".into(), lesson(b, 70));
        }
        if [2, 3, 6].contains(&i) {
            let c = vec![attempt(
                format!("c{i}"),
                base + 700,
                vec![("q4", Answer::TrueFalse(true), true)],
            )];
            course.lessons.insert("bai-c".into(), lesson(c, 70));
        }
        store.save(&f).unwrap();
    }
    std::fs::write(data.join("learners/hong-abc123.json"), b"{ not json").unwrap();
}

pub(crate) fn hocso(data: &Path) -> Command {
    let mut c = Command::cargo_bin("hocso").unwrap();
    c.arg("--data-dir")
        .arg(data)
        .arg("--lessons")
        .arg(course_dir())
        .env_remove("HOCSO_LANG");
    c
}

pub(crate) fn text(d: Option<&Data>) -> String {
    match d {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(f)) => f.to_string(),
        _ => String::new(),
    }
}

fn zip_entry(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn xlsx_for_forty_prints_on_one_page_with_status_next_to_name() {
    let dir = tempfile::tempdir().unwrap();
    make_class(dir.path());
    let path = dir.path().join("bao-cao.xlsx");
    hocso(dir.path())
        .args([
            "report",
            "--format",
            "xlsx",
            "--title",
            "Lớp kỹ năng số — Xã An Lão",
            "--out",
        ])
        .arg(&path)
        .assert()
        .success();
    let mut wb: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    assert_eq!(wb.sheet_names(), ["Tổng quan lớp", "Tiến độ", "Câu hỏi"]);

    let o = wb.worksheet_range("Tổng quan lớp").unwrap();
    assert_eq!(text(o.get((0, 0))), "Lớp kỹ năng số — Xã An Lão");
    assert!(
        text(o.get((1, 0))).starts_with("Toàn bộ thời gian"),
        "{:?}",
        o.get((1, 0))
    );
    assert!(text(o.get((2, 0))).contains("Kỹ năng số cho bà con"));
    assert_eq!(text(o.get((3, 1))), "Họ tên");
    assert_eq!(text(o.get((3, 2))), "Tình trạng");
    let mut statuses = BTreeMap::new();
    for r in 4..4 + 41 {
        let (who, status) = (text(o.get((r, 1))), text(o.get((r, 2))));
        statuses.insert(who, status);
    }
    assert_eq!(statuses.len(), 41);
    for i in 0..40 {
        let want = match i {
            _ if i % 10 == 0 => "⚠ Cần giúp",
            2 | 3 | 6 => "✓ Hoàn thành",
            _ => "◐ Đang học",
        };
        assert_eq!(
            statuses.get(&name(i)).map(String::as_str),
            Some(want),
            "{}: {statuses:?}",
            name(i)
        );
    }
    let damaged = statuses.iter().find(|(k, _)| k.starts_with("hong-abc123"));
    assert_eq!(
        damaged.map(|d| d.1.as_str()),
        Some("✗ Tệp hỏng"),
        "{statuses:?}"
    );
    // Those who need help come first; their notes name the lesson by its title.
    let firsts: Vec<String> = (4..9).map(|r| text(o.get((r, 2)))).collect();
    assert!(firsts.iter().all(|s| s != "◐ Đang học"), "{firsts:?}");
    let help = (4..45)
        .find(|r| text(o.get((*r, 2))) == "⚠ Cần giúp")
        .unwrap();
    // Column 10 is "Giấy chứng nhận", then the notes.
    assert_eq!(text(o.get((3, 10))), "Giấy chứng nhận");
    assert_eq!(
        text(o.get((help, 11))),
        "Chưa đạt sau 3 lần trở lên: Dùng điện thoại thông minh"
    );

    // Progress grid: module and lesson titles, scores, ◐ for started.
    let g = wb.worksheet_range("Tiến độ").unwrap();
    assert_eq!(text(g.get((3, 2))), "Làm quen điện thoại");
    assert_eq!(text(g.get((4, 2))), "Dùng điện thoại thông minh");
    assert_eq!(text(g.get((4, 4))), "Mã OTP là gì");
    let row_of = |n: &str| {
        (5..g.height() as u32)
            .find(|r| text(g.get((*r as usize, 1))) == n)
            .unwrap()
    };
    let r = row_of(&name(2)) as usize;
    assert_eq!(g.get((r, 2)), Some(&Data::Float(100.0)));
    assert_eq!(g.get((r, 4)), Some(&Data::Float(100.0)));
    let r = row_of(&name(0)) as usize;
    assert_eq!(text(g.get((r, 2))), "◐");
    assert_eq!(text(g.get((r, 4))), "");

    // Questions: the hardest first, options counted at the first try.
    let q = wb.worksheet_range("Câu hỏi").unwrap();
    assert_eq!(text(q.get((4, 0))), "1");
    assert_eq!(text(q.get((4, 2))), "Dùng điện thoại thông minh");
    assert_eq!(text(q.get((4, 3))), "Nút nào để gọi điện?");
    assert_eq!(
        (
            text(q.get((4, 4))),
            text(q.get((4, 5))),
            text(q.get((4, 6)))
        ),
        ("40".into(), "14".into(), "35".into())
    );
    assert_eq!(
        text(q.get((4, 7))),
        "✓ Nút Gọi điện: 26\n✗ Nút Nhắn tin: 4\n✗ Nút Chụp ảnh: 10"
    );
    assert_eq!(text(q.get((5, 3))), "Mật khẩu nên dài.");
    assert_eq!(text(q.get((6, 3))), "Có thể tắt tiếng chuông.");
    assert_eq!(text(q.get((6, 7))), "✓ Đúng: 36\n✗ Sai: 4");

    // No id anywhere a person reads.
    for sheet in ["Tổng quan lớp", "Tiến độ", "Câu hỏi"] {
        let range = wb.worksheet_range(sheet).unwrap();
        for cell in range.used_cells() {
            let s = text(Some(cell.2));
            for id in ["bai-a", "bai-b", "bai-c", "q1", "q2", "lop-ky-nang", "m1"] {
                assert!(!s.contains(id), "{sheet}: {s:?} shows the id {id}");
            }
            assert!(!s.contains("nguyen-van"), "{sheet}: learner id in {s:?}");
        }
    }

    // Page setup, as written: print area (with the totals row and the certificate column) and
    // header rows repeated, A4 landscape, fit to one page; the grid repeats STT and name.
    let workbook = zip_entry(&path, "xl/workbook.xml");
    assert!(
        workbook.contains(
            r#"<definedName name="_xlnm.Print_Area" localSheetId="0">'Tổng quan lớp'!$A$1:$L$46</definedName>"#
        ),
        "{workbook}"
    );
    assert!(
        workbook.contains(
            r#"<definedName name="_xlnm.Print_Titles" localSheetId="1">'Tiến độ'!$A:$B,'Tiến độ'!$4:$5</definedName>"#
        ),
        "{workbook}"
    );
    assert!(
        workbook.contains(
            r#"<definedName name="_xlnm.Print_Titles" localSheetId="0">'Tổng quan lớp'!$4:$4</definedName>"#
        ),
        "{workbook}"
    );
    let sheet = zip_entry(&path, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains(r#"<pageSetUpPr fitToPage="1"/>"#), "{sheet}");
    let setup = sheet
        .split("<pageSetup ")
        .nth(1)
        .unwrap()
        .split("/>")
        .next()
        .unwrap();
    assert!(setup.contains(r#"paperSize="9""#), "{setup}");
    assert!(setup.contains(r#"orientation="landscape""#), "{setup}");
    // fitToWidth and fitToHeight default to 1 when absent.
    assert!(
        !setup.contains("fitToWidth=") || setup.contains(r#"fitToWidth="1""#),
        "{setup}"
    );
    assert!(
        !setup.contains("fitToHeight=") || setup.contains(r#"fitToHeight="1""#),
        "{setup}"
    );
    assert!(
        sheet.contains(r#"<pane xSplit="2" ySplit="4" topLeftCell="C5""#),
        "{sheet}"
    );
}

#[test]
fn questions_table_and_one_learner_on_screen() {
    let dir = tempfile::tempdir().unwrap();
    make_class(dir.path());
    let out = hocso(dir.path())
        .args(["report", "--table", "questions"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("Toàn bộ thời gian học, tính đến ngày"),
        "the period first: {text}"
    );
    assert!(
        lines[3].contains("35%") && lines[3].contains("Nút nào để gọi điện?"),
        "{text}"
    );
    assert!(lines[4].contains("✗ Nút Nhắn tin: 4"), "{text}");
    assert!(
        !text.contains("Họ tên"),
        "the learners table instead: {text}"
    );
    for line in &lines {
        assert!(unicode_width::UnicodeWidthStr::width(*line) <= 80, "{line}");
    }

    let out = hocso(dir.path())
        .args(["report", "--learner"])
        .arg(name(10))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("◐ Dùng điện thoại thông minh"), "{text}");
    assert_eq!(text.matches("Lần ").count(), 4, "{text}");
    assert!(
        text.contains("✗ sai: Nút nào để gọi điện? — đã trả lời: Nút Nhắn tin"),
        "{text}"
    );
    assert!(
        text.contains("✗ sai: Mật khẩu nên dài. — đã trả lời: Sai"),
        "{text}"
    );
    let out = hocso(dir.path())
        .args(["report", "--learner"])
        .arg(name(1))
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("✓ đúng: Có thể tắt tiếng chuông. — đã trả lời: Đúng"),
        "{text}"
    );
    assert!(text.contains("✗ sai: Nút nào để gọi điện? — đã trả lời: Nút Chụp ảnh"));
}

#[test]
fn since_and_until_limit_the_report_to_a_window() {
    let dir = tempfile::tempdir().unwrap();
    make_class(dir.path());
    let json = |args: &[&str]| -> serde_json::Value {
        let out = hocso(dir.path())
            .args(["report", "--format", "json"])
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let done = |v: &serde_json::Value| -> u64 {
        v["learners"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["lessons_done"].as_u64().unwrap())
            .sum()
    };
    let in_period = |v: &serde_json::Value| -> u64 {
        v["in_period"]
            .as_object()
            .unwrap()
            .values()
            .map(|p| p["lessons_done"].as_u64().unwrap())
            .sum()
    };
    let all = json(&[]);
    assert!(done(&all) > 0);
    assert!(all.get("in_period").is_none());
    // Everything happened on 21–22 September 2026; a window before or after it holds nothing
    // new, and every learner keeps what they have done overall.
    for window in [&["--until", "2026-09-01"][..], &["--since", "01/01/2027"]] {
        let v = json(window);
        assert_eq!(in_period(&v), 0, "{window:?}");
        assert_eq!(done(&v), done(&all), "{window:?}");
        assert!(v["questions"].as_array().unwrap().is_empty());
    }
    let v = json(&["--since", "2026-09-01", "--until", "2026-10-31"]);
    assert_eq!(in_period(&v), done(&all));
    assert_eq!(done(&v), done(&all));
    hocso(dir.path())
        .args(["report", "--since", "hôm qua"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("2026-11-30 hoặc 30/11/2026"));
}
