//! The built-in course loads with no errors and no warnings, and all its text is NFC.

use hocso::course::load::load;
use hocso::course::source::builtin;
use hocso::course::{Course, QuestionKind};
use unicode_normalization::is_nfc;

fn all_text(c: &Course) -> Vec<&str> {
    let mut v = vec![c.id.as_str(), &c.title, &c.description];
    for t in &c.glossary {
        v.extend([t.id.as_str(), &t.term, &t.definition]);
        v.extend(t.english.as_deref());
        v.extend(t.aliases.iter().map(String::as_str));
    }
    for m in &c.modules {
        v.extend([m.id.as_str(), &m.title, &m.summary]);
        for l in &m.lessons {
            v.extend([l.id.as_str(), &l.title]);
            v.extend(l.objectives.iter().map(String::as_str));
            for p in &l.pages {
                v.extend([p.title.as_str(), &p.body]);
            }
            for q in &l.quiz.questions {
                v.extend([q.id.as_str(), &q.prompt]);
                v.extend(q.explanation.as_deref());
                v.extend(q.hints.iter().map(String::as_str));
                match &q.kind {
                    QuestionKind::One { choices } | QuestionKind::Many { choices } => {
                        for ch in choices {
                            v.extend([ch.id.as_str(), &ch.text]);
                            v.extend(ch.feedback.as_deref());
                        }
                    }
                    QuestionKind::TrueFalse { feedback, .. } => v.extend(feedback.as_deref()),
                    QuestionKind::Text { accept, .. } => {
                        v.extend(accept.iter().map(String::as_str))
                    }
                    QuestionKind::Order { items } => {
                        v.extend(items.iter().flat_map(|i| [i.id.as_str(), &i.text]))
                    }
                    QuestionKind::Match { pairs } => v.extend(
                        pairs
                            .iter()
                            .flat_map(|p| [p.id.as_str(), &p.left, &p.right]),
                    ),
                }
            }
        }
    }
    v
}

#[test]
fn builtin_course_loads_without_errors_or_warnings() {
    let loaded = load(&builtin());
    // Every lesson carries its `as_of` and sources now: no diagnostics at all.
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    let course = loaded.course.expect("course");
    assert!(!course.modules.is_empty());
    assert!(course.lessons().count() >= 2);
    assert_eq!(loaded.stats.lessons, course.lessons().count());
    for (_, l) in course.lessons() {
        assert!(!l.pages.is_empty(), "{} has no pages", l.id);
        assert!(!l.quiz.questions.is_empty(), "{} has no questions", l.id);
        for t in &l.terms {
            assert!(course.term(t).is_some(), "{}: unknown term {t}", l.id);
        }
    }
}

#[test]
fn builtin_course_text_is_nfc_and_has_no_tabs_or_controls() {
    let course = load(&builtin()).course.expect("course");
    for s in all_text(&course) {
        assert!(is_nfc(s), "not NFC: {s}");
        assert!(
            !s.chars().any(|c| c.is_control() && c != '\n'),
            "control character in: {s}"
        );
    }
}

#[test]
fn builtin_files_are_nfc_on_disk() {
    for f in builtin() {
        let text = std::str::from_utf8(&f.bytes).expect("utf-8");
        assert!(is_nfc(text), "{} is not NFC on disk", f.path);
    }
}

/// The built-in course is stored deflated and the learner program unpacks it file by file
/// (`load_builtin`): every file comes back byte for byte as it is in `lessons/`, and the course
/// and its diagnostics are the ones a load of the folder itself gives.
#[test]
fn the_packed_course_is_the_lessons_folder() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons");
    let on_disk = hocso::course::source::from_dir(&root).expect("lessons/ reads");
    let packed = hocso::course::source::builtin();
    assert_eq!(packed, on_disk);
    assert!(packed.len() > 50, "only {} files", packed.len());
    let streamed = hocso::course::load::load_builtin();
    let whole = hocso::course::load::load(&on_disk);
    assert!(streamed.course.is_some());
    assert_eq!(streamed.course, whole.course);
    assert_eq!(streamed.diagnostics, whole.diagnostics);
}
