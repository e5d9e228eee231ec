//! The built-in course loads without errors.

use hocso::course::diagnostic::Severity;
use hocso::course::load::load;
use hocso::course::source::builtin;

#[test]
fn builtin_course_loads_clean() {
    let loaded = load(&builtin());
    let errors: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let course = loaded.course.expect("course");
    assert!(!course.modules.is_empty());
    assert!(course.lessons().count() >= 2);
}
