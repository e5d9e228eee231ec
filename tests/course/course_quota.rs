//! The built-in course's size and the fairness of its answer choices (issue 25): enough lessons and
//! questions; the right choice of a "một ý" question is not given away by being the longest or by
//! coming first in the file; "Đúng" and "Sai" answers are balanced; every "chọn nhiều" has at
//! least two wrong choices; every lesson says when its facts were checked and against what, and
//! `hocso validate --stale 12` has nothing to say. The figures are printed (`--nocapture`).
#![allow(clippy::unwrap_used)]

use assert_cmd::Command;
use hocso::course::load::load;
use hocso::course::source::builtin;
use hocso::course::{Course, QuestionKind};

const MIN_LESSONS: usize = 70;
const MIN_QUESTIONS: usize = 520;
/// Share of "một ý" questions whose right choice is the longest (ties count as longest).
const MAX_LONGEST: f64 = 0.35;
/// Right choice first in the file, against what chance gives (Σ 1/n over the questions).
const MAX_FIRST_VS_CHANCE: f64 = 1.5;
const TRUE_SHARE: std::ops::RangeInclusive<f64> = 0.40..=0.60;
const MIN_WRONG_IN_MANY: usize = 2;

#[derive(Debug, Default)]
struct Figures {
    lessons: usize,
    questions: usize,
    one: usize,
    longest: usize,
    first: usize,
    /// Σ 1/n: how many "một ý" questions would have the right choice first by chance.
    first_by_chance: f64,
    true_false: usize,
    true_answers: usize,
    many: usize,
    /// "chọn nhiều" questions with fewer than two wrong choices.
    many_thin: Vec<String>,
    /// Lessons without `as_of` or without sources.
    undated: Vec<String>,
    as_of: std::collections::BTreeSet<String>,
}

fn figures(c: &Course) -> Figures {
    let mut f = Figures::default();
    for (_, l) in c.lessons() {
        f.lessons += 1;
        match &l.as_of {
            Some(m) if !l.sources.is_empty() => {
                f.as_of.insert(m.clone());
            }
            _ => f.undated.push(l.id.clone()),
        }
        for q in &l.quiz.questions {
            f.questions += 1;
            match &q.kind {
                QuestionKind::One { choices } => {
                    f.one += 1;
                    let len = |t: &str| t.chars().count();
                    let right = choices.iter().find(|ch| ch.correct).unwrap();
                    let others = choices.iter().filter(|ch| !ch.correct);
                    if others
                        .map(|ch| len(&ch.text))
                        .all(|n| n <= len(&right.text))
                    {
                        f.longest += 1;
                    }
                    if choices.first().is_some_and(|ch| ch.correct) {
                        f.first += 1;
                    }
                    f.first_by_chance += 1.0 / choices.len() as f64;
                }
                QuestionKind::Many { choices } => {
                    f.many += 1;
                    if choices.iter().filter(|ch| !ch.correct).count() < MIN_WRONG_IN_MANY {
                        f.many_thin.push(q.id.clone());
                    }
                }
                QuestionKind::TrueFalse { answer, .. } => {
                    f.true_false += 1;
                    f.true_answers += usize::from(*answer);
                }
                _ => {}
            }
        }
    }
    f
}

/// Every limit the figures exceed, in words.
fn exceeded(f: &Figures) -> Vec<String> {
    let share = |a: usize, b: usize| a as f64 / b.max(1) as f64;
    let mut out = Vec::new();
    if f.lessons < MIN_LESSONS {
        out.push(format!("{} lessons, want ≥ {MIN_LESSONS}", f.lessons));
    }
    if f.questions < MIN_QUESTIONS {
        out.push(format!("{} questions, want ≥ {MIN_QUESTIONS}", f.questions));
    }
    if share(f.longest, f.one) > MAX_LONGEST {
        out.push(format!(
            "right choice longest in {}/{} một ý, want ≤ {MAX_LONGEST}",
            f.longest, f.one
        ));
    }
    if f.first as f64 > MAX_FIRST_VS_CHANCE * f.first_by_chance {
        out.push(format!(
            "right choice first in {}/{} một ý, chance gives {:.1}, want ≤ {MAX_FIRST_VS_CHANCE}×",
            f.first, f.one, f.first_by_chance
        ));
    }
    if !TRUE_SHARE.contains(&share(f.true_answers, f.true_false)) {
        out.push(format!(
            "\"Đúng\" in {}/{} đúng/sai, want {TRUE_SHARE:?}",
            f.true_answers, f.true_false
        ));
    }
    if !f.many_thin.is_empty() {
        out.push(format!(
            "chọn nhiều with < {MIN_WRONG_IN_MANY} wrong choices: {:?}",
            f.many_thin
        ));
    }
    if !f.undated.is_empty() {
        out.push(format!("lessons without as_of or sources: {:?}", f.undated));
    }
    if f.as_of.len() < 2 {
        out.push(format!("as_of is the same on every lesson: {:?}", f.as_of));
    }
    out
}

#[test]
fn builtin_course_meets_its_quota_and_fairness_limits() {
    let course = load(&builtin()).course.expect("built-in course loads");
    let f = figures(&course);
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    eprintln!(
        "course figures: {} lessons, {} questions; một ý: {}, right longest {} ({:.1} %), \
         right first in file {} ({:.1} %; chance {:.1}, limit {:.1}); đúng/sai: {}, \"Đúng\" {} \
         ({:.1} %); chọn nhiều: {}, with < 2 wrong: {}; as_of months: {:?}",
        f.lessons,
        f.questions,
        f.one,
        f.longest,
        pct(f.longest, f.one),
        f.first,
        pct(f.first, f.one),
        f.first_by_chance,
        MAX_FIRST_VS_CHANCE * f.first_by_chance,
        f.true_false,
        f.true_answers,
        pct(f.true_answers, f.true_false),
        f.many,
        f.many_thin.len(),
        f.as_of,
    );
    let bad = exceeded(&f);
    assert!(bad.is_empty(), "limits exceeded:\n{}", bad.join("\n"));
}

#[test]
fn the_limits_catch_an_unfair_course() {
    // The same checks on figures just past each limit: none may pass silently.
    let fair = Figures {
        lessons: MIN_LESSONS,
        questions: MIN_QUESTIONS,
        one: 100,
        longest: 35,
        first: 30,
        first_by_chance: 25.0,
        true_false: 10,
        true_answers: 5,
        many: 1,
        as_of: ["2026-01".into(), "2026-11".into()].into(),
        ..Figures::default()
    };
    assert!(exceeded(&fair).is_empty(), "{:?}", exceeded(&fair));
    let breaks: [fn(&mut Figures); 8] = [
        |f| f.lessons -= 1,
        |f| f.questions -= 1,
        |f| f.longest += 1,
        |f| f.first = 38,
        |f| f.true_answers = 7,
        |f| f.many_thin.push("q".into()),
        |f| f.undated.push("l".into()),
        |f| {
            f.as_of.pop_first();
        },
    ];
    for (i, b) in breaks.iter().enumerate() {
        let mut f = fair_copy(&fair);
        b(&mut f);
        assert_eq!(exceeded(&f).len(), 1, "break {i} not caught once: {f:?}");
    }
}

fn fair_copy(f: &Figures) -> Figures {
    Figures {
        many_thin: f.many_thin.clone(),
        undated: f.undated.clone(),
        as_of: f.as_of.clone(),
        ..*f
    }
}

#[test]
fn validate_stale_12_is_clean_on_the_shipped_lessons() {
    let lessons = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons");
    let out = Command::cargo_bin("hocso")
        .unwrap()
        .env_remove("HOCSO_LANG")
        .env_remove("HOCSO_LESSONS")
        .args(["validate", "--stale", "12"])
        .arg(&lessons)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        !stdout.contains("[W") && !stdout.contains("[E"),
        "validate --stale 12 reports:\n{stdout}"
    );
}
