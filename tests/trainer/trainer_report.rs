//! `hocso report` on a generated class of 40 learners with known answers: every figure checked,
//! in JSON, in CSV read back (BOM, delimiter, neutralised cells) and in xlsx read back.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use calamine::{Data, Reader, Xlsx};
use hocso::progress::model::{AnswerRecord, Attempt, LearnerFile, LessonProgress, LessonStatus};
use hocso::quiz::Answer;
use hocso::store::learners::{NewLearner, Store};
use jiff::Timestamp;

fn course_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/report-course")
}

fn ts(secs: i64) -> Timestamp {
    Timestamp::from_second(1_790_000_000 + secs).unwrap()
}

fn attempt(id: String, at: i64, answers: &[(&str, bool)]) -> (Attempt, u8) {
    let right = answers.iter().filter(|(_, ok)| *ok).count();
    let score = (right * 100 / answers.len()) as u8;
    let mut map = BTreeMap::new();
    for (i, (q, ok)) in answers.iter().enumerate() {
        map.insert(
            q.to_string(),
            AnswerRecord {
                answer: Answer::TrueFalse(*ok),
                correct: *ok,
                hints: 0,
                shown: Vec::new(),
                at: ts(at + i as i64),
            },
        );
    }
    let a = Attempt {
        id,
        started: ts(at),
        ended: Some(ts(at + 10)),
        order: answers.iter().map(|(q, _)| q.to_string()).collect(),
        choices: Default::default(),
        answers: map,
        score: Some(score),
    };
    (a, score)
}

fn lesson(attempts: Vec<(Attempt, u8)>, pass_mark: u8, seconds: u64) -> LessonProgress {
    let best = attempts.iter().map(|(_, s)| *s).max();
    let passed = best.is_some_and(|b| b >= pass_mark);
    LessonProgress {
        status: if passed {
            LessonStatus::Done
        } else {
            LessonStatus::InProgress
        },
        page: 0,
        seconds,
        first_opened: attempts.first().map(|(a, _)| a.started),
        completed: if passed {
            attempts.last().and_then(|(a, _)| a.ended)
        } else {
            None
        },
        attempts: attempts.into_iter().map(|(a, _)| a).collect(),
        best_score: best,
        passed,
    }
}

/// Learner i: lesson A — i % 10 == 0 fails three times (both wrong); otherwise one attempt with
/// q1 right and q2 right only for odd i. Lesson B (i < 20): q3 right unless i % 5 == 0.
/// Time in lesson A: i minutes. Learner 39 also has a record for a lesson the course dropped.
fn make_class(data: &Path) -> Vec<LearnerFile> {
    let store = Store::open(data).unwrap();
    let mut files = Vec::new();
    for i in 0..40i64 {
        let name = match i {
            7 => "=SUM(A1:A9)".to_string(),
            8 => "Nguyễn Thị Hoa".to_string(),
            _ => format!("Học viên {i:02}"),
        };
        let new = NewLearner {
            name,
            birth_year: Some(1950 + i as u16),
            group: Some("Thôn Đông".into()),
        };
        let mut f = store.create(new, ts(0)).unwrap();
        let base = i * 1000;
        let a_attempts = if i % 10 == 0 {
            (0..3)
                .map(|k| {
                    attempt(
                        format!("a{i}-{k}"),
                        base + k * 100,
                        &[("q1", false), ("q2", false)],
                    )
                })
                .collect()
        } else {
            vec![attempt(
                format!("a{i}"),
                base,
                &[("q1", true), ("q2", i % 2 == 1)],
            )]
        };
        let course = f.courses.entry("lop-thu".into()).or_default();
        course
            .lessons
            .insert("bai-a".into(), lesson(a_attempts, 70, 60 * i as u64));
        if i < 20 {
            let b = vec![attempt(format!("b{i}"), base + 500, &[("q3", i % 5 != 0)])];
            course.lessons.insert("bai-b".into(), lesson(b, 70, 0));
        }
        if i == 39 {
            course
                .lessons
                .insert("bai-cu".into(), LessonProgress::default());
        }
        store.save(&f).unwrap();
        files.push(f);
    }
    files
}

fn hocso(data: &Path) -> Command {
    let mut c = Command::cargo_bin("hocso").unwrap();
    c.arg("--data-dir")
        .arg(data)
        .arg("--lessons")
        .arg(course_dir());
    c.env_remove("HOCSO_LANG");
    c
}

#[test]
fn json_report_has_every_figure() {
    let dir = tempfile::tempdir().unwrap();
    let files = make_class(dir.path());
    let out = hocso(dir.path())
        .args(["report", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["lessons_total"], 3);
    let learners = v["learners"].as_array().unwrap();
    assert_eq!(learners.len(), 40);
    // The four who failed lesson A three times come first, flagged.
    let help: Vec<&str> = learners
        .iter()
        .take_while(|l| l["needs_help"] == true)
        .map(|l| l["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        help,
        ["Học viên 00", "Học viên 10", "Học viên 20", "Học viên 30"]
    );
    assert!(learners[4..].iter().all(|l| l["needs_help"] == false));
    let by_id = |i: usize| {
        learners
            .iter()
            .find(|l| l["id"] == files[i].profile.id.as_str())
            .unwrap()
    };
    // i=1: A 100 (passed), B 100 (passed): 2 lessons, module 1 passed.
    assert_eq!(by_id(1)["lessons_done"], 2);
    assert_eq!(by_id(1)["modules_passed"], 1);
    assert_eq!(by_id(1)["average_best_score"], 100.0);
    assert_eq!(by_id(1)["seconds"], 60);
    // i=2: A 50 (failed once), B 100.
    assert_eq!(by_id(2)["lessons_done"], 1);
    assert_eq!(by_id(2)["average_best_score"], 75.0);
    assert_eq!(by_id(2)["modules_passed"], 0);
    // i=5: A 100, B 0.
    assert_eq!(by_id(5)["lessons_done"], 1);
    assert_eq!(by_id(5)["average_best_score"], 50.0);
    // i=25: A only.
    assert_eq!(by_id(25)["lessons_done"], 1);
    assert_eq!(by_id(25)["average_best_score"], 100.0);
    assert_eq!(by_id(25)["seconds"], 1500);
    assert_eq!(by_id(10)["struggling_with"], serde_json::json!(["bai-a"]));
    assert_eq!(by_id(39)["orphaned"], serde_json::json!(["bai-cu"]));
    assert_eq!(by_id(38)["orphaned"], serde_json::json!([]));
    // Last activity: the last answer of learner 3 (lesson B at 3500 + 0 s).
    assert_eq!(
        by_id(3)["last_activity"],
        serde_json::json!(ts(3510).to_string())
    );

    let q = |id: &str| {
        v["questions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|q| q["question_id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(
        (
            q("q1")["learners"].clone(),
            q("q1")["wrong_first"].clone(),
            q("q1")["answers"].clone()
        ),
        (40.into(), 4.into(), 48.into())
    );
    assert_eq!(
        (
            q("q2")["learners"].clone(),
            q("q2")["wrong_first"].clone(),
            q("q2")["answers"].clone()
        ),
        (40.into(), 20.into(), 48.into())
    );
    assert_eq!(
        (
            q("q3")["learners"].clone(),
            q("q3")["wrong_first"].clone(),
            q("q3")["answers"].clone()
        ),
        (20.into(), 4.into(), 20.into())
    );
    assert!(
        v["questions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|q| q["question_id"] != "q4")
    );
    let hardest: Vec<&str> = v["hardest"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["question_id"].as_str().unwrap())
        .collect();
    assert_eq!(hardest, ["q2", "q3", "q1"]);
}

#[test]
fn csv_report_opens_in_excel_terms() {
    let dir = tempfile::tempdir().unwrap();
    make_class(dir.path());
    let out_file = dir.path().join("bao-cao.csv");
    hocso(dir.path())
        .args(["report", "--format", "csv", "--delimiter", ";", "--out"])
        .arg(&out_file)
        .assert()
        .success();
    let bytes = std::fs::read(&out_file).unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "UTF-8 BOM for Excel");
    // The first line says what the report covers, then the table.
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    let (period, table) = text.split_once('\n').unwrap();
    assert!(
        period.starts_with("Toàn bộ thời gian học, tính đến ngày"),
        "{period}"
    );
    let mut r = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(table.as_bytes());
    let headers = r.headers().unwrap().clone();
    assert_eq!(&headers[0], "Họ tên");
    assert_eq!(&headers[3], "Số bài đã xong");
    let rows: Vec<csv::StringRecord> = r.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 40);
    assert!(
        rows.iter().all(|r| r.len() == headers.len()),
        "one column per field"
    );
    assert!(
        rows.iter().any(|r| &r[0] == "'=SUM(A1:A9)"),
        "formula neutralised"
    );
    let hoa = rows.iter().find(|r| &r[0] == "Nguyễn Thị Hoa").unwrap();
    assert_eq!(&hoa[1], "1958, Thôn Đông");
    assert_eq!(&hoa[3], "1"); // A 50 (even), B 100
    assert_eq!(&hoa[4], "3");
    assert_eq!(&hoa[7], "8"); // minutes
    assert_eq!(&rows[0][9], "CẦN GIÚP");

    // The question table, comma-separated.
    let out = hocso(dir.path())
        .args(["report", "--format", "csv", "--table", "questions"])
        .output()
        .unwrap();
    let text = std::str::from_utf8(&out.stdout[3..]).unwrap();
    let mut r = csv::Reader::from_reader(text.split_once('\n').unwrap().1.as_bytes());
    let rows: Vec<csv::StringRecord> = r.records().map(|r| r.unwrap()).collect();
    let q2 = rows.iter().find(|r| &r[2] == "q2").unwrap();
    assert_eq!((&q2[4], &q2[5], &q2[6]), ("40", "20", "50"));
}

#[test]
fn xlsx_report_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    make_class(dir.path());
    let path = dir.path().join("bao-cao.xlsx");
    hocso(dir.path())
        .args(["report", "--format", "xlsx", "--out"])
        .arg(&path)
        .assert()
        .success();
    let mut wb: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    assert_eq!(wb.sheet_names(), ["Tổng quan lớp", "Tiến độ", "Câu hỏi"]);
    let learners = wb.worksheet_range("Tổng quan lớp").unwrap();
    // Three title rows, the header, 40 learners, the totals row.
    assert_eq!(learners.height(), 45);
    assert!(
        matches!(learners.get((44, 0)), Some(Data::String(s)) if s.starts_with("Tổng cộng: 40 học viên"))
    );
    assert_eq!(learners.get((3, 1)), Some(&Data::String("Họ tên".into())));
    let row_of = |name: &str| {
        (4..44)
            .find(|r| learners.get((*r, 1)) == Some(&Data::String(name.into())))
            .unwrap()
    };
    let hoa = row_of("Nguyễn Thị Hoa");
    assert_eq!(learners.get((hoa, 5)), Some(&Data::String("1/3".into())));
    assert_eq!(learners.get((hoa, 7)), Some(&Data::Float(75.0)));
    // Text that looks like a formula is stored as text, not a formula.
    let f = row_of("=SUM(A1:A9)");
    assert_eq!(
        learners.get((f, 1)),
        Some(&Data::String("=SUM(A1:A9)".into()))
    );
    let questions = wb.worksheet_range("Câu hỏi").unwrap();
    assert_eq!(questions.get((4, 3)), Some(&Data::String("Câu hai".into())));
}

#[test]
fn table_fits_80_columns_and_damaged_files_show() {
    let dir = tempfile::tempdir().unwrap();
    make_class(dir.path());
    std::fs::write(dir.path().join("learners/hong-abc123.json"), b"{ not json").unwrap();
    let out = hocso(dir.path()).arg("report").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for line in text.lines() {
        assert!(
            unicode_width::UnicodeWidthStr::width(line) <= 80,
            "too wide: {line:?}"
        );
    }
    assert!(text.contains("TỆP HỎNG"), "{text}");
    assert!(text.contains("Học viên 00"));
    assert!(text.contains("câu hỏi khó nhất"));
}
