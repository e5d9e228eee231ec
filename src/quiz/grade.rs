//! Grading one answer against one question, per question kind.

use crate::course::model::{MatchMode, Question, QuestionKind};

use super::Answer;
use super::answer::{fold_case, fold_diacritics, strip_outer_marks, tidy};

/// The verdict on one answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grade {
    pub correct: bool,
    /// For a text answer that was wrong only because of its accents: the accepted spelling, so
    /// the learner can be told kindly which marks to check.
    pub accents_differ: Option<String>,
}

impl Grade {
    fn plain(correct: bool) -> Grade {
        Grade {
            correct,
            accents_differ: None,
        }
    }
}

/// Grades `answer` against `question`. An answer of the wrong kind is simply wrong.
pub fn grade(question: &Question, answer: &Answer) -> Grade {
    match (&question.kind, answer) {
        (QuestionKind::One { choices }, Answer::One(id)) => {
            Grade::plain(choices.iter().any(|c| c.correct && &c.id == id))
        }
        (QuestionKind::Many { choices }, Answer::Many(ids)) => {
            let right = choices
                .iter()
                .all(|c| c.correct == ids.iter().any(|i| i == &c.id));
            Grade::plain(right && ids.iter().all(|i| choices.iter().any(|c| &c.id == i)))
        }
        (QuestionKind::TrueFalse { answer: want, .. }, Answer::TrueFalse(got)) => {
            Grade::plain(want == got)
        }
        (QuestionKind::Text { accept, match_mode }, Answer::Text(typed)) => {
            grade_text(accept, *match_mode, typed)
        }
        (QuestionKind::Order { items }, Answer::Order(ids)) => Grade::plain(
            items.len() == ids.len() && items.iter().zip(ids).all(|(i, id)| &i.id == id),
        ),
        (QuestionKind::Match { pairs }, Answer::Match(map)) => Grade::plain(
            pairs.len() == map.len()
                && pairs
                    .iter()
                    .all(|p| map.get(&p.id).is_some_and(|r| r == &p.id)),
        ),
        _ => Grade::plain(false),
    }
}

/// What is compared of a typed text: tidied, without the punctuation and quotes around it.
fn core(s: &str) -> String {
    tidy(strip_outer_marks(&tidy(s)))
}

fn grade_text(accept: &[String], mode: MatchMode, typed: &str) -> Grade {
    let typed = core(typed);
    let key = |s: &str| match mode {
        MatchMode::Exact => core(s),
        MatchMode::IgnoreCase => fold_case(&core(s)),
        MatchMode::IgnoreDiacritics => fold_case(&fold_diacritics(&core(s))),
    };
    if accept.iter().any(|a| key(a) == key(&typed)) {
        return Grade::plain(true);
    }
    // Wrong as the question wants it; was it right but for the accents?
    let loose = |s: &str| fold_case(&fold_diacritics(&core(s)));
    let near = accept
        .iter()
        .find(|a| !typed.is_empty() && loose(a) == loose(&typed));
    Grade {
        correct: false,
        accents_differ: near.cloned(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::course::model::{Choice, Item, Pair};
    use rstest::rstest;
    use std::collections::BTreeMap;

    fn q(kind: QuestionKind) -> Question {
        Question {
            id: "q".into(),
            prompt: "?".into(),
            explanation: None,
            alt: vec![],
            hints: vec![],
            points: 1,
            shuffle_choices: true,
            kind,
        }
    }

    fn choices() -> Vec<Choice> {
        ["a", "b", "c"]
            .iter()
            .map(|id| Choice {
                id: (*id).into(),
                text: id.to_uppercase(),
                correct: *id != "c",
                feedback: None,
            })
            .collect()
    }

    fn text(accept: &[&str], mode: MatchMode) -> Question {
        q(QuestionKind::Text {
            accept: accept.iter().map(|s| s.to_string()).collect(),
            match_mode: mode,
        })
    }

    #[rstest]
    #[case("điện thoại", MatchMode::IgnoreCase, "Điện  Thoại ", true, false)]
    #[case("điện thoại", MatchMode::IgnoreCase, "dien thoai", false, true)]
    #[case("điện thoại", MatchMode::IgnoreDiacritics, "DIEN THOAI", true, false)]
    #[case("điện thoại", MatchMode::Exact, "Điện thoại", false, true)]
    #[case("mã", MatchMode::IgnoreCase, "má", false, true)]
    #[case("mã", MatchMode::IgnoreCase, "ba", false, false)]
    #[case("OTP", MatchMode::IgnoreDiacritics, "otp", true, false)]
    #[case("mã", MatchMode::IgnoreCase, "ma\u{0303}", true, false)]
    fn grades_text(
        #[case] accept: &str,
        #[case] mode: MatchMode,
        #[case] typed: &str,
        #[case] correct: bool,
        #[case] accents: bool,
    ) {
        let g = grade(&text(&[accept], mode), &Answer::Text(typed.into()));
        assert_eq!(g.correct, correct);
        assert_eq!(g.accents_differ.is_some(), accents);
    }

    /// Issue 12: punctuation and quotes around a typed answer do not make it wrong, in every
    /// match mode; the answer itself is kept as typed (grading does not change it).
    #[rstest]
    #[case("OTP", MatchMode::IgnoreCase, "OTP.")]
    #[case("OTP", MatchMode::Exact, "  OTP. ")]
    #[case("Dừng lại", MatchMode::IgnoreCase, "\"Dừng lại!\"")]
    #[case("Dừng lại", MatchMode::IgnoreDiacritics, "“dung lai!”")]
    #[case("10/10", MatchMode::Exact, "10/10.")]
    #[case("\"Dừng lại!\"", MatchMode::IgnoreCase, "dừng lại")]
    fn forgives_punctuation_and_quotes_around_answers(
        #[case] accept: &str,
        #[case] mode: MatchMode,
        #[case] typed: &str,
    ) {
        let answer = Answer::Text(typed.into());
        assert!(grade(&text(&[accept], mode), &answer).correct, "{typed}");
        assert_eq!(answer, Answer::Text(typed.into()));
    }

    #[rstest]
    #[case("10/10", "10/1")]
    #[case("OTP", "OT.P")]
    #[case("Dừng lại", "Dừng")]
    fn inner_marks_and_other_words_still_count(#[case] accept: &str, #[case] typed: &str) {
        let g = grade(
            &text(&[accept], MatchMode::IgnoreCase),
            &Answer::Text(typed.into()),
        );
        assert!(!g.correct, "{typed}");
    }

    #[test]
    fn grades_one_and_many() {
        let one = q(QuestionKind::One { choices: choices() });
        assert!(grade(&one, &Answer::One("a".into())).correct);
        assert!(!grade(&one, &Answer::One("c".into())).correct);
        let many = q(QuestionKind::Many { choices: choices() });
        assert!(grade(&many, &Answer::Many(vec!["a".into(), "b".into()])).correct);
        assert!(!grade(&many, &Answer::Many(vec!["a".into()])).correct);
        assert!(
            !grade(
                &many,
                &Answer::Many(vec!["a".into(), "b".into(), "c".into()])
            )
            .correct
        );
        assert!(!grade(&many, &Answer::One("a".into())).correct);
    }

    #[test]
    fn grades_true_false_order_match() {
        let tf = q(QuestionKind::TrueFalse {
            answer: false,
            feedback: None,
        });
        assert!(grade(&tf, &Answer::TrueFalse(false)).correct);
        assert!(!grade(&tf, &Answer::TrueFalse(true)).correct);
        let items: Vec<Item> = ["x", "y"]
            .iter()
            .map(|i| Item {
                id: (*i).into(),
                text: (*i).into(),
            })
            .collect();
        let order = q(QuestionKind::Order { items });
        assert!(grade(&order, &Answer::Order(vec!["x".into(), "y".into()])).correct);
        assert!(!grade(&order, &Answer::Order(vec!["y".into(), "x".into()])).correct);
        let pairs: Vec<Pair> = ["p", "r"]
            .iter()
            .map(|i| Pair {
                id: (*i).into(),
                left: (*i).into(),
                right: i.to_uppercase(),
            })
            .collect();
        let m = q(QuestionKind::Match { pairs });
        let good: BTreeMap<_, _> = [("p", "p"), ("r", "r")]
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        let bad: BTreeMap<_, _> = [("p", "r"), ("r", "p")]
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert!(grade(&m, &Answer::Match(good)).correct);
        assert!(!grade(&m, &Answer::Match(bad)).correct);
    }
}
