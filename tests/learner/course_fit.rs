//! The built-in course as a learner sees it at 80×24: every page fits the reader without
//! scrolling, every quiz is passable, every text is NFC.

use hocso::app::doc;
use hocso::app::reader::{body_height, body_width};
use hocso::course::load::load;
use hocso::course::model::QuestionKind;
use hocso::course::source::builtin;

fn course() -> hocso::course::Course {
    load(&builtin()).course.expect("the built-in course loads")
}

#[test]
fn every_page_fits_80x24_without_scrolling() {
    let course = course();
    let (width, height) = (body_width(80), body_height((80, 24)));
    let mut too_long = Vec::new();
    for (_, lesson) in course.lessons() {
        let terms: Vec<String> = lesson
            .terms
            .iter()
            .filter_map(|id| course.term(id))
            .flat_map(|t| std::iter::once(t.term.clone()).chain(t.aliases.iter().cloned()))
            .collect();
        for (i, page) in lesson.pages.iter().enumerate() {
            let lines = doc::render(&page.body, &terms, width).len();
            if lines > height {
                too_long.push(format!(
                    "{} page {} ({lines} > {height} lines)",
                    lesson.id,
                    i + 1
                ));
            }
        }
    }
    assert!(
        too_long.is_empty(),
        "pages that need scrolling at 80×24: {too_long:#?}"
    );
}

#[test]
fn every_question_can_be_answered_right() {
    // A passable quiz: each question has a right answer the learner can give on screen.
    for (_, lesson) in course().lessons() {
        assert!(
            lesson.quiz.questions.len() >= 6,
            "{}: fewer than 6 questions",
            lesson.id
        );
        for q in &lesson.quiz.questions {
            let ok = match &q.kind {
                QuestionKind::One { choices } => choices.iter().filter(|c| c.correct).count() == 1,
                QuestionKind::Many { choices } => choices.iter().any(|c| c.correct),
                QuestionKind::TrueFalse { .. } => true,
                QuestionKind::Text { accept, .. } => accept.iter().any(|a| !a.trim().is_empty()),
                // Numbers 1–9 pick items and partners on screen.
                QuestionKind::Order { items } => (2..=9).contains(&items.len()),
                QuestionKind::Match { pairs } => (2..=9).contains(&pairs.len()),
            };
            assert!(ok, "{} / {} cannot be answered right", lesson.id, q.id);
            assert!(q.explanation.is_some(), "{} has no explanation", q.id);
        }
    }
}

#[test]
fn every_module_meets_the_course_quotas() {
    use hocso::course::model::QuestionKindName;
    let course = course();
    assert!(
        course.modules.len() >= 10,
        "{} modules",
        course.modules.len()
    );
    let lessons = course.lessons().count();
    assert!(lessons >= 62, "{lessons} lessons");
    let total: usize = course.lessons().map(|(_, l)| l.quiz.questions.len()).sum();
    assert!(total >= 450, "{total} questions");
    for m in &course.modules {
        let kinds: std::collections::BTreeSet<QuestionKindName> = m
            .lessons
            .iter()
            .flat_map(|l| l.quiz.questions.iter().map(|q| q.kind.name()))
            .collect();
        assert_eq!(kinds.len(), 6, "{} uses only {kinds:?}", m.id);
        let questions: usize = m.lessons.iter().map(|l| l.quiz.questions.len()).sum();
        // The optional primer (M0) and the final review are smaller by design.
        let (min_lessons, min_questions) = match m.id.as_str() {
            "lam-quen" => (4, 20),
            "tong-hop" => (1, 10),
            _ => (5, 30),
        };
        assert!(
            m.lessons.len() >= min_lessons,
            "{}: {} lessons",
            m.id,
            m.lessons.len()
        );
        assert!(
            questions >= min_questions,
            "{}: {questions} questions",
            m.id
        );
        for l in &m.lessons {
            let min_pages = if m.id == "tong-hop" { 2 } else { 3 };
            // One sitting: at most 7 short pages (a page longer than the screen is split in two
            // rather than scrolled, which is what the 7th page is for).
            assert!(
                (min_pages..=7).contains(&l.pages.len()),
                "{}: {} pages",
                l.id,
                l.pages.len()
            );
        }
    }
}
