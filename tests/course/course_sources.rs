//! Every fact in the built-in course is dated and traceable: each lesson file carries `as_of`
//! (the month its facts were last checked) and at least one source; learner-facing text carries
//! no "(cập nhật đến …)" tag; typed-answer questions stay rare (issue 12, review P2 and P12).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use hocso::course::load::load;
use hocso::course::model::{Lesson, QuestionKind};
use hocso::course::source::builtin;

/// The trainer-facing metadata of one lesson file, read straight from the YAML.
#[derive(serde::Deserialize)]
struct LessonMeta {
    id: String,
    as_of: Option<String>,
    #[serde(default)]
    sources: Vec<String>,
}

fn course() -> hocso::course::Course {
    load(&builtin()).course.expect("the built-in course loads")
}

/// Every lesson file under `lessons/` (module.yaml, glossary.yaml and course.yaml are not lessons).
fn lesson_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons");
    let mut files = Vec::new();
    for module in std::fs::read_dir(&root).expect("lessons/ is readable") {
        let module = module.expect("a directory entry").path();
        if !module.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&module).expect("a module folder is readable") {
            let file = file.expect("a directory entry").path();
            let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if name.ends_with(".yaml") && !matches!(name, "module.yaml" | "glossary.yaml") {
                files.push(file);
            }
        }
    }
    files.sort();
    files
}

/// Lesson id → its metadata, for every lesson file.
fn metadata() -> BTreeMap<String, (PathBuf, LessonMeta)> {
    lesson_files()
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("a lesson file is readable");
            let meta: LessonMeta =
                serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            (meta.id.clone(), (path, meta))
        })
        .collect()
}

fn is_year_month(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 7
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..].iter().all(u8::is_ascii_digit)
        && matches!(s[5..].parse::<u8>(), Ok(1..=12))
}

#[test]
fn every_lesson_of_the_course_has_as_of_and_a_source() {
    let course = course();
    let meta = metadata();
    let mut missing = Vec::new();
    for (_, lesson) in course.lessons() {
        let Some((path, m)) = meta.get(&lesson.id) else {
            missing.push(format!("{}: no lesson file with this id", lesson.id));
            continue;
        };
        match m.as_of.as_deref() {
            Some(month) if is_year_month(month) => {}
            Some(other) => missing.push(format!(
                "{}: as_of {other:?} is not YYYY-MM",
                path.display()
            )),
            None => missing.push(format!("{}: no as_of", path.display())),
        }
        if !m.sources.iter().any(|s| s.trim().chars().count() >= 10) {
            missing.push(format!("{}: no source", path.display()));
        }
        if m.sources.iter().any(|s| s.trim().is_empty()) {
            missing.push(format!("{}: an empty source", path.display()));
        }
    }
    assert!(course.lessons().count() >= 54, "the course lost lessons");
    assert!(
        missing.is_empty(),
        "lessons without date or source: {missing:#?}"
    );
}

/// Every piece of text a learner can see in a lesson, with where it is.
fn learner_texts(lesson: &Lesson) -> Vec<(String, &str)> {
    let mut out: Vec<(String, &str)> = vec![("title".into(), lesson.title.as_str())];
    out.extend(
        lesson
            .objectives
            .iter()
            .map(|o| ("objective".into(), o.as_str())),
    );
    for (i, page) in lesson.pages.iter().enumerate() {
        out.push((format!("page {} title", i + 1), page.title.as_str()));
        out.push((format!("page {}", i + 1), page.body.as_str()));
    }
    for q in &lesson.quiz.questions {
        out.push((q.id.clone(), q.prompt.as_str()));
        out.extend(q.explanation.iter().map(|e| (q.id.clone(), e.as_str())));
        out.extend(q.hints.iter().map(|h| (q.id.clone(), h.as_str())));
        match &q.kind {
            QuestionKind::One { choices } | QuestionKind::Many { choices } => {
                for c in choices {
                    out.push((q.id.clone(), c.text.as_str()));
                    out.extend(c.feedback.iter().map(|f| (q.id.clone(), f.as_str())));
                }
            }
            QuestionKind::TrueFalse { feedback, .. } => {
                out.extend(feedback.iter().map(|f| (q.id.clone(), f.as_str())));
            }
            QuestionKind::Order { items } => {
                out.extend(items.iter().map(|i| (q.id.clone(), i.text.as_str())));
            }
            QuestionKind::Match { pairs } => {
                for p in pairs {
                    out.push((q.id.clone(), p.left.as_str()));
                    out.push((q.id.clone(), p.right.as_str()));
                }
            }
            QuestionKind::Text { .. } => {}
        }
    }
    out
}

#[test]
fn no_learner_facing_update_tag() {
    // "(cập nhật đến 2026)" and the like go stale silently; the date lives in `as_of` instead.
    let course = course();
    let mut tagged = Vec::new();
    for (_, lesson) in course.lessons() {
        for (place, text) in learner_texts(lesson) {
            let lower = text.to_lowercase();
            if lower.contains("(cập nhật") || lower.contains("cập nhật đến 20") {
                tagged.push(format!("{} / {place}", lesson.id));
            }
        }
    }
    assert!(
        tagged.is_empty(),
        "learner text with an update tag: {tagged:#?}"
    );
}

#[test]
fn the_tag_check_sees_every_kind_of_learner_text() {
    // Guard for the test above: a tag planted anywhere a learner reads is found.
    let course = course();
    let (_, lesson) = course
        .lessons()
        .find(|(_, l)| {
            l.quiz
                .questions
                .iter()
                .any(|q| matches!(q.kind, QuestionKind::Match { .. }))
                && l.quiz
                    .questions
                    .iter()
                    .any(|q| matches!(q.kind, QuestionKind::TrueFalse { .. }))
        })
        .expect("a lesson with match and true/false questions");
    let mut planted = lesson.clone();
    for q in planted.quiz.questions.iter_mut() {
        if let QuestionKind::Match { pairs } = &mut q.kind {
            pairs[0].right.push_str(" (cập nhật đến 2026)");
            break;
        }
    }
    let found = learner_texts(&planted)
        .iter()
        .any(|(_, t)| t.contains("(cập nhật"));
    assert!(found, "a tag in a match pair is not seen");
}

#[test]
fn typed_questions_are_rare() {
    // Review P2: typed answers test keyboard skill more than understanding. At most one per
    // lesson, and no more than 1.5 per lesson over the course.
    let course = course();
    let mut lessons = 0usize;
    let mut typed = 0usize;
    let mut heavy = Vec::new();
    for (_, lesson) in course.lessons() {
        let n = lesson
            .quiz
            .questions
            .iter()
            .filter(|q| matches!(q.kind, QuestionKind::Text { .. }))
            .count();
        lessons += 1;
        typed += n;
        if n > 1 {
            heavy.push(format!("{}: {n} typed questions", lesson.id));
        }
    }
    assert!(lessons > 0);
    assert!(
        typed * 2 <= lessons * 3,
        "{typed} typed questions in {lessons} lessons (more than 1.5 per lesson)"
    );
    assert!(
        heavy.is_empty(),
        "lessons with more than one typed question: {heavy:#?}"
    );
}

#[test]
fn metadata_reader_rejects_bad_months() {
    assert!(is_year_month("2026-11"));
    assert!(!is_year_month("2026-13"));
    assert!(!is_year_month("2026-1"));
    assert!(!is_year_month("11-2026"));
    assert!(!is_year_month("2026/11"));
}
