//! A real lesson broken the ways trainers break lessons: each mistake alone gives exactly one
//! diagnostic, with the right code on the right line.

use hocso::course::load::load_parts;
use hocso::course::source::SourceFile;

const LESSON: &str = include_str!("../fixtures/sample-course/mau/01-lam-quen.yaml");
const LESSON2: &str = include_str!("../fixtures/sample-course/mau/02-tra-loi.yaml");

fn only(bytes: Vec<u8>) -> Vec<(usize, &'static str)> {
    let l = load_parts(&[SourceFile {
        path: "bai.yaml".into(),
        bytes: bytes.into(),
    }]);
    l.diagnostics.iter().map(|d| (d.line, d.code)).collect()
}

fn broken(text: &str, from: &str, to: &str) -> Vec<u8> {
    assert!(text.contains(from), "sample changed: {from:?} not found");
    text.replacen(from, to, 1).into_bytes()
}

#[test]
fn the_sample_is_clean() {
    assert_eq!(only(LESSON.into()), []);
    assert_eq!(only(LESSON2.into()), []);
}

#[test]
fn tab_indentation() {
    let b = broken(LESSON, "      kind: one\n", "\tkind: one\n");
    assert_eq!(only(b), [(29, "E006")]);
}

#[test]
fn tab_indentation_of_a_list_item() {
    let b = broken(LESSON, "        - id: trai\n", "\t- id: trai\n");
    assert_eq!(only(b), [(35, "E006")]);
}

#[test]
fn missing_colon() {
    assert_eq!(
        only(broken(LESSON, "minutes: 5", "minutes 5")),
        [(4, "E001")]
    );
}

#[test]
fn missing_colon_inside_a_question() {
    let b = broken(LESSON, "      kind: one\n", "      kind one\n");
    assert_eq!(only(b), [(29, "E001")]);
}

#[test]
fn misspelled_field() {
    let b = broken(LESSON, "title: \"Làm quen", "titel: \"Làm quen");
    let d = only(b);
    assert_eq!(d, [(3, "E010")]);
}

#[test]
fn answer_given_by_id_on_a_choice_question() {
    let b = broken(LESSON, "          correct: true\n", "");
    let b = broken(
        std::str::from_utf8(&b).expect("utf-8"),
        "      kind: one\n",
        "      kind: one\n      answer: phai\n",
    );
    assert_eq!(only(b), [(30, "E038")]);
}

#[test]
fn true_false_answer_in_words() {
    let b = broken(LESSON, "      answer: false", "      answer: sai");
    assert_eq!(only(b), [(47, "E015")]);
}

#[test]
fn duplicate_choice_id() {
    assert_eq!(only(broken(LESSON, "id: chup", "id: goi")), [(57, "E025")]);
}

#[test]
fn duplicate_question_id() {
    let b = broken(LESSON, "id: mau-q-nhieu", "id: mau-q-mot");
    assert_eq!(only(b), [(50, "E023")]);
}

#[test]
fn empty_answer() {
    assert_eq!(
        only(broken(LESSON, "      answer: false", "      answer:")),
        [(47, "E028")]
    );
    let b = broken(
        LESSON2,
        r#"accept: ["OTP", "mã OTP"]"#,
        r#"accept: ["OTP", ""]"#,
    );
    assert_eq!(only(b), [(25, "E012")]);
}

#[test]
fn unclosed_quote() {
    let b = broken(
        LESSON,
        "title: \"Làm quen cách học\"",
        "title: \"Làm quen cách học",
    );
    assert_eq!(only(b), [(3, "E007")]);
}

#[test]
fn saved_as_utf16() {
    let mut bytes = vec![0xFF, 0xFE];
    for u in LESSON.encode_utf16() {
        bytes.extend(u.to_le_bytes());
    }
    assert_eq!(only(bytes), [(1, "E002")]);
}

#[test]
fn several_mistakes_are_all_reported() {
    let text = LESSON
        .replacen("minutes: 5", "minutes 5", 1)
        .replacen("      kind: one\n", "\tkind: one\n", 1)
        .replacen("id: chup", "id: goi", 1)
        .replacen("      answer: false", "      answer:", 1);
    let d = only(text.into_bytes());
    for want in [(4, "E001"), (29, "E006"), (47, "E028"), (57, "E025")] {
        assert!(d.contains(&want), "{want:?} missing from {d:?}");
    }
}

/// The full report a trainer sees for a lesson with several mistakes, in both languages.
#[test]
fn full_report_snapshot() {
    use hocso::cli::validate::{format_line, summary_line};
    use hocso::course::diagnostic::Severity;
    use hocso::ui::lang::Lang;
    let text = LESSON
        .replacen("title: \"Làm quen", "titel: \"Làm quen", 1)
        .replacen("minutes: 5", "minutes 5", 1)
        .replacen("      kind: one\n", "\tkind: one\n", 1)
        .replacen("id: chup", "id: goi", 1)
        .replacen("      answer: false", "      answer:", 1);
    let loaded = load_parts(&[SourceFile {
        path: "01-lam-quen.yaml".into(),
        bytes: text.into_bytes().into(),
    }]);
    let errors = loaded.count(Severity::Error);
    let warnings = loaded.count(Severity::Warning);
    for (lang, name) in [(Lang::Vi, "report_vi"), (Lang::En, "report_en")] {
        let mut report: Vec<String> = loaded
            .diagnostics
            .iter()
            .map(|d| format_line(d, lang))
            .collect();
        report.push(summary_line(&loaded.stats, errors, warnings, lang));
        insta::assert_snapshot!(name, report.join("\n"));
    }
}
