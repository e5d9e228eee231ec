//! Choices of `one`/`many` questions shown in an order shuffled per attempt (issue 25): the order
//! is stored with the attempt, so resume, a reopened file and a merged copy show it again; a retry
//! draws its own; `shuffle: false` and old files keep the file order; answers, feedback and both
//! renderings follow the shown order while naming choices by id.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;

use crate::common::*;
use hocso::app::{App, Screen};
use hocso::course::Course;
use hocso::course::load::load;
use hocso::course::source::from_dir;
use hocso::progress::merge::merge;
use hocso::progress::model::{Attempt, LearnerFile};
use hocso::quiz::Answer;
use hocso::ui::keymap::Key;
use hocso::ui::lang::Lang;
use hocso::ui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const LESSON: &str = "mau-lam-quen";
const ONE: &str = "mau-q-mot";
const MANY: &str = "mau-q-nhieu";
const ONE_FILE_ORDER: [&str; 3] = ["phai", "trai", "tat"];
const MANY_FILE_ORDER: [&str; 3] = ["goi", "chup", "cay"];

fn hoa() -> LearnerFile {
    learner("hoa-1", "Nguyễn Thị Hoa", Some(1960), Some("Thôn 2"))
}

/// An app with this course and random seed, Hoa's file `lf` open, on the map.
fn opened(course: Course, seed: u64, lf: LearnerFile) -> Driver {
    let mut d = Driver {
        app: App::new(course, vec![summary(&lf)], Lang::Vi, seed),
        now: t0(),
        effects: Vec::new(),
    };
    d.key(Key::Down);
    d.key(Key::Enter);
    d.open(lf);
    d
}

/// Reads the first lesson and stands on its first question.
fn at_first_question(course: Course, seed: u64) -> Driver {
    let mut d = opened(course, seed, hoa());
    d.keys(&[Key::Enter, Key::Right, Key::Right]);
    assert_eq!(on(&d).0, ONE);
    d
}

/// (question id, choice ids as listed) of the question on screen.
fn on(d: &Driver) -> (String, Vec<String>) {
    let Screen::Quiz(q) = &d.app.screen else {
        panic!("not on a question: {:?}", d.app.screen)
    };
    (q.question.clone(), q.input.shown.clone())
}

fn attempts(d: &Driver) -> &[Attempt] {
    &d.learner().courses["mau"].lessons[LESSON].attempts
}

fn ids(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn same_set(a: &[String], b: &[&str]) -> bool {
    let a: BTreeSet<&str> = a.iter().map(String::as_str).collect();
    a == b.iter().copied().collect()
}

/// The sample course with `shuffle: false` written on the first question, loaded from YAML.
fn course_with_fixed_first_question() -> Course {
    let dir = tempfile::tempdir().unwrap();
    let src = fixture_dir();
    std::fs::create_dir_all(dir.path().join("mau")).unwrap();
    std::fs::copy(src.join("course.yaml"), dir.path().join("course.yaml")).unwrap();
    for e in std::fs::read_dir(src.join("mau")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.path().join("mau").join(p.file_name().unwrap())).unwrap();
    }
    let lesson = dir.path().join("mau/01-lam-quen.yaml");
    let text = std::fs::read_to_string(&lesson).unwrap();
    let marked = text.replacen(
        "    - id: mau-q-mot\n      kind: one\n",
        "    - id: mau-q-mot\n      kind: one\n      shuffle: false\n",
        1,
    );
    assert_ne!(marked, text, "the fixture's first question moved");
    std::fs::write(&lesson, marked).unwrap();
    let loaded = load(&from_dir(dir.path()).unwrap());
    assert!(
        loaded.diagnostics.is_empty(),
        "shuffle: false is accepted: {:?}",
        loaded.diagnostics
    );
    loaded.course.expect("course loads")
}

#[test]
fn each_attempt_stores_a_shuffled_order_and_seeds_give_different_ones() {
    let mut seen = BTreeSet::new();
    let mut right_at = BTreeSet::new();
    for seed in 0..24 {
        let d = at_first_question(course(), seed);
        let (_, shown) = on(&d);
        assert!(same_set(&shown, &ONE_FILE_ORDER), "{shown:?}");
        // Stored with the attempt, for every shuffled question of it, as shown.
        let a = &attempts(&d)[0];
        assert_eq!(a.choices[ONE], shown);
        assert!(same_set(&a.choices[MANY], &MANY_FILE_ORDER));
        assert!(
            !a.choices.contains_key("mau-q-dung-sai"),
            "true/false is not shuffled"
        );
        right_at.insert(shown.iter().position(|c| c == "phai").unwrap());
        seen.insert(shown);
    }
    assert!(seen.len() >= 4, "only {} orders in 24 attempts", seen.len());
    assert_eq!(
        right_at.len(),
        3,
        "the right choice sits in every row some time"
    );
}

#[test]
fn resume_and_a_reopened_file_show_the_stored_order_whatever_the_seed() {
    let mut d = at_first_question(course(), 3);
    let (_, first) = on(&d);
    // Leave on question 1: "Tiếp tục" comes back to it in the same order.
    d.key(Key::Char('q'));
    d.key(Key::Char('t'));
    assert_eq!(on(&d), (ONE.to_string(), first.clone()));
    // Answer it, go on to the many question, and remember its order.
    d.keys(&[d.choice("phai"), Key::Enter, Key::Enter]);
    d.keys(&[Key::Char('2'), Key::Enter, Key::Enter]);
    let (q, many) = on(&d);
    assert_eq!(q, MANY);
    d.key(Key::Char('q'));
    // Another run of the program (another seed) on the saved file: the same order, from the file.
    let saved = d.learner().clone();
    let json = serde_json::to_string(&saved).unwrap();
    let reread: LearnerFile = serde_json::from_str(&json).unwrap();
    for seed in [0, 99, 12345] {
        let mut d2 = opened(course(), seed, reread.clone());
        d2.key(Key::Char('t'));
        assert_eq!(on(&d2), (MANY.to_string(), many.clone()), "seed {seed}");
    }
}

#[test]
fn a_retry_draws_its_own_order_and_keeps_it() {
    // Find a seed whose retry order differs from the first attempt's, to see that it is drawn.
    let mut differs = false;
    for seed in 0..12 {
        let mut d = at_first_question(course(), seed);
        let (_, first) = on(&d);
        d.keys(&[d.choice("trai"), Key::Enter, Key::Enter]);
        d.keys(&[Key::Char('2'), Key::Enter, Key::Enter]);
        d.keys(&[d.choice("goi"), d.choice("chup"), Key::Enter, Key::Enter]);
        assert!(matches!(d.app.screen, Screen::Summary(_)));
        d.key(Key::Char('r'));
        let (q, retry) = on(&d);
        assert_eq!(q, ONE);
        let a = attempts(&d);
        assert_eq!(a.len(), 2);
        assert_eq!(
            a[1].choices[ONE], retry,
            "the retry's order is stored with it"
        );
        assert_eq!(a[0].choices[ONE], first, "the first attempt keeps its own");
        // Leave and come back into the retry: its order, not the first attempt's.
        d.key(Key::Char('q'));
        d.key(Key::Char('t'));
        assert_eq!(on(&d).1, retry);
        differs |= retry != first;
    }
    assert!(differs, "a retry never drew a new order");
}

#[test]
fn merged_copies_keep_one_order_per_attempt() {
    let mut d = at_first_question(course(), 5);
    d.key(Key::Char('q'));
    let usb = d.learner().clone();
    let order = usb.courses["mau"].lessons[LESSON].attempts[0]
        .choices
        .clone();
    // The PC copy went on: question 1 answered. The USB copy is older.
    d.key(Key::Char('t'));
    d.keys(&[d.choice("phai"), Key::Enter, Key::Char('q')]);
    let pc = d.learner().clone();
    let choices = |lf: &LearnerFile| {
        lf.courses["mau"].lessons[LESSON].attempts[0]
            .choices
            .clone()
    };
    assert_eq!(choices(&merge(&pc, &usb)), order);
    assert_eq!(choices(&merge(&usb, &pc)), order);
    // A copy written by an older hocso (no stored orders) does not wipe them.
    let mut old = usb.clone();
    for a in &mut old
        .courses
        .get_mut("mau")
        .unwrap()
        .lessons
        .get_mut(LESSON)
        .unwrap()
        .attempts
    {
        a.choices.clear();
    }
    assert_eq!(choices(&merge(&pc, &old)), order);
    assert_eq!(choices(&merge(&old, &pc)), order);
    // Two copies that disagree (an edited file): one whole set wins, the same either way round.
    let mut edited = usb.clone();
    let a = &mut edited
        .courses
        .get_mut("mau")
        .unwrap()
        .lessons
        .get_mut(LESSON)
        .unwrap()
        .attempts[0];
    a.choices.get_mut(ONE).unwrap().reverse();
    let ab = choices(&merge(&pc, &edited));
    assert_eq!(ab, choices(&merge(&edited, &pc)));
    assert!(ab == order || ab == choices(&edited));
    // The merged file resumes in the order it kept: question 2, then the many question.
    let mut d2 = opened(course(), 77, merge(&old, &pc));
    d2.key(Key::Char('t'));
    assert_eq!(on(&d2).0, "mau-q-dung-sai");
    d2.keys(&[Key::Char('2'), Key::Enter, Key::Enter]);
    assert_eq!(on(&d2), (MANY.to_string(), order[MANY].clone()));
}

#[test]
fn answers_feedback_and_both_renderings_follow_the_shown_order_by_id() {
    let mut rows_of_right = BTreeSet::new();
    for seed in 0..16 {
        let mut d = at_first_question(course(), seed);
        let (_, shown) = on(&d);
        let row = |id: &str| (shown.iter().position(|c| c == id).unwrap() + 1).to_string();
        let right_row = row("phai");
        rows_of_right.insert(right_row.clone());
        // Plain mode lists the same order, numbered 1..n.
        let plain = hocso::ui::plain::screen(&d.app).join("\n");
        assert_eq!(listed_number(&plain, "Mũi tên phải"), right_row);
        assert_eq!(listed_number(&plain, "Mũi tên trái"), row("trai"));
        // The wrong choice, by the number it is listed under: recorded by id, with the order.
        d.keys(&[d.choice("trai"), Key::Enter]);
        let a = &attempts(&d)[0].answers[ONE];
        assert_eq!(a.answer, Answer::One("trai".into()));
        assert!(!a.correct);
        assert_eq!(a.shown, shown);
        // The full screen marks the right choice on its own row, whatever that row is, and the
        // feedback is the one written for the choice picked.
        let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
        let theme = Theme::new(d.app.theme, false);
        term.draw(|f| hocso::ui::render(&d.app, theme, f.area(), f.buffer_mut()))
            .unwrap();
        let screen = term.backend().to_string();
        let want = format!("✓ ( ) {right_row}. Mũi tên phải ← đáp án đúng");
        assert!(screen.contains(&want), "{screen}");
        let wrong = format!("✗ (•) {}. Mũi tên trái", row("trai"));
        assert!(screen.contains(&wrong), "{screen}");
        let feedback = &screen[screen.find("Chưa đúng").unwrap()..];
        assert!(
            feedback.contains("Mũi tên trái là để quay lại trang trước."),
            "{screen}"
        );
    }
    assert_eq!(rows_of_right.len(), 3, "the right choice was in every row");
}

#[test]
fn shuffle_false_and_old_files_keep_the_file_order() {
    let fixed = course_with_fixed_first_question();
    for seed in 0..12 {
        let mut d = at_first_question(fixed.clone(), seed);
        assert_eq!(on(&d).1, ids(&ONE_FILE_ORDER), "seed {seed}");
        let a = &attempts(&d)[0];
        assert!(!a.choices.contains_key(ONE));
        assert!(
            a.choices.contains_key(MANY),
            "other questions still shuffle"
        );
        // Pressing 1 is the first choice of the file.
        d.keys(&[Key::Char('1'), Key::Enter]);
        let r = &attempts(&d)[0].answers[ONE];
        assert_eq!(r.answer, Answer::One("phai".into()));
        assert!(r.shown.is_empty());
    }
    // A learner file from before shuffling: an attempt without stored orders.
    let mut d = at_first_question(course(), 1);
    d.key(Key::Char('q'));
    let mut old = d.learner().clone();
    let lessons = &mut old.courses.get_mut("mau").unwrap().lessons;
    lessons.get_mut(LESSON).unwrap().attempts[0].choices.clear();
    let json = serde_json::to_string(&old).unwrap();
    assert!(
        !json.contains("\"choices\""),
        "nothing written for an attempt without orders"
    );
    let mut d2 = opened(course(), 4, serde_json::from_str(&json).unwrap());
    d2.key(Key::Char('t'));
    assert_eq!(on(&d2), (ONE.to_string(), ids(&ONE_FILE_ORDER)));
    d2.keys(&[Key::Char('1'), Key::Enter]);
    let a = &d2.learner().courses["mau"].lessons[LESSON].attempts[0];
    assert_eq!(a.answers[ONE].answer, Answer::One("phai".into()));
}
