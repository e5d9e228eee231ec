//! Decoding and checking one quiz question: the fields shared by every kind, then the rules of
//! its kind (`one`, `many`, `true_false`, `text`, `order`, `match`).

use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;

use super::decode::{Ctx, Fields, Scope};
use super::raw::*;
use super::yaml::Node;

/// Fields of a question, as in [`RawQuestion`].
pub const QUESTION_KEYS: &[&str] = &[
    "id",
    "kind",
    "prompt",
    "explanation",
    "alt",
    "hints",
    "points",
    "choices",
    "shuffle",
    "answer",
    "feedback",
    "accept",
    "match_mode",
    "items",
    "pairs",
];
/// Fields of a choice ([`RawChoice`]).
pub const CHOICE_KEYS: &[&str] = &["id", "text", "correct", "feedback"];
/// Fields of an `order` item ([`RawItem`]).
pub const ITEM_KEYS: &[&str] = &["id", "text"];
/// Fields of a `match` pair ([`RawPair`]).
pub const PAIR_KEYS: &[&str] = &["id", "left", "right"];

const KIND_NAMES: &[&str] = &["one", "many", "true_false", "text", "order", "match"];
const MATCH_MODES: &[&str] = &["exact", "ignore_case", "ignore_diacritics"];
/// Fields that only some kinds use.
const KIND_SPECIFIC: &[&str] = &[
    "choices",
    "shuffle",
    "answer",
    "feedback",
    "accept",
    "match_mode",
    "items",
    "pairs",
];

fn kind_fields(kind: QuestionKindName) -> &'static [&'static str] {
    match kind {
        QuestionKindName::One | QuestionKindName::Many => &["choices", "shuffle"],
        QuestionKindName::TrueFalse => &["answer", "feedback"],
        QuestionKindName::Text => &["accept", "match_mode"],
        QuestionKindName::Order => &["items"],
        QuestionKindName::Match => &["pairs"],
    }
}

/// Lowercase, without tone and vowel marks, `đ` → `d`: how `ignore_diacritics` compares.
pub fn fold_diacritics(s: &str) -> String {
    s.nfd()
        .filter(|c| !('\u{0300}'..='\u{036F}').contains(c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            c => c,
        })
        .collect::<String>()
        .to_lowercase()
}

/// Reports ids repeated within one question (E025) and returns them.
fn local_ids(ctx: &mut Ctx, seen: &mut HashMap<String, usize>, id: &str, f: &Fields) {
    let Some(n) = f.get("id") else { return };
    if id.is_empty() {
        return;
    }
    if let Some(first) = seen.get(id) {
        let args = vec![("id", id.to_string()), ("first", first.to_string())];
        ctx.at(n, "E025", args);
    } else {
        seen.insert(id.to_string(), n.line);
    }
}

/// Reports the same text twice (E031) among `texts` (compared ignoring case and spaces).
fn distinct_texts(ctx: &mut Ctx, field: &'static str, texts: &[(String, &Node)]) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (t, n) in texts {
        let key = t.trim().to_lowercase();
        if key.is_empty() {
            continue;
        }
        if let Some(first) = seen.get(&key) {
            let args = vec![
                ("field", field.to_string()),
                ("text", t.trim().to_string()),
                ("first", first.to_string()),
            ];
            ctx.at(n, "E031", args);
        } else {
            seen.insert(key, n.line);
        }
    }
}

/// The field's problem is already reported — misspelled (E010 with this suggestion) or not a
/// list (E016) — so "too few" or "missing" would only repeat it, before its cause.
fn already_reported(f: &Fields, field: &str) -> bool {
    f.suggested.contains(&field)
        || f.present(field)
            .is_some_and(|n| !matches!(n.value, super::yaml::Value::Seq(_)))
}

fn too_few(ctx: &mut Ctx, f: &Fields, field: &'static str, count: usize) {
    if count < 2 && !already_reported(f, field) {
        let at = f.key_node(field).unwrap_or(f.node);
        let args = vec![("field", field.to_string()), ("count", count.to_string())];
        ctx.at(at, "E030", args);
    }
}

/// `answer_habit`: the question used `answer` instead of `correct` (already reported), so a
/// missing correct choice is not reported again.
fn choices(
    ctx: &mut Ctx,
    f: &Fields,
    kind: QuestionKindName,
    answer_habit: bool,
) -> Vec<RawChoice> {
    let mut out = Vec::new();
    let mut ids = HashMap::new();
    let mut texts = Vec::new();
    let mut silent_wrong = Vec::new();
    for node in ctx.list(f, "choices") {
        let Some(cf) = ctx.fields(node, CHOICE_KEYS) else {
            continue;
        };
        let id = ctx.id(&cf, None);
        local_ids(ctx, &mut ids, &id, &cf);
        let text = ctx.text(&cf, "text", true).unwrap_or_default();
        if let Some(n) = cf.get("text") {
            texts.push((text.clone(), n));
        }
        let correct = ctx.boolean(&cf, "correct").unwrap_or(false);
        let feedback = ctx.text(&cf, "feedback", false);
        if !correct && feedback.as_deref().is_none_or(|s| s.trim().is_empty()) {
            silent_wrong.push((node, id.clone()));
        }
        out.push(RawChoice {
            id,
            text,
            correct,
            feedback,
        });
    }
    distinct_texts(ctx, "choices", &texts);
    too_few(ctx, f, "choices", out.len());
    let correct = out.iter().filter(|c| c.correct).count();
    // With no correct choice marked, "wrong choice without feedback" would flag every choice.
    if correct > 0 || !answer_habit {
        for (node, id) in silent_wrong {
            ctx.at(node, "W003", vec![("id", id)]);
        }
    }
    let at = f.key_node("choices").unwrap_or(f.node);
    match kind {
        _ if answer_habit && correct == 0 => {}
        _ if already_reported(f, "choices") => {}
        QuestionKindName::One if correct != 1 && !out.is_empty() => {
            ctx.at(at, "E026", vec![("count", correct.to_string())]);
        }
        QuestionKindName::Many if correct == 0 && !out.is_empty() => ctx.at(at, "E027", vec![]),
        _ => {}
    }
    out
}

fn items(ctx: &mut Ctx, f: &Fields) -> Vec<RawItem> {
    let mut out = Vec::new();
    let mut ids = HashMap::new();
    let mut texts = Vec::new();
    for node in ctx.list(f, "items") {
        let Some(itf) = ctx.fields(node, ITEM_KEYS) else {
            continue;
        };
        let id = ctx.id(&itf, None);
        local_ids(ctx, &mut ids, &id, &itf);
        let text = ctx.text(&itf, "text", true).unwrap_or_default();
        if let Some(n) = itf.get("text") {
            texts.push((text.clone(), n));
        }
        out.push(RawItem { id, text });
    }
    distinct_texts(ctx, "items", &texts);
    too_few(ctx, f, "items", out.len());
    out
}

fn pairs(ctx: &mut Ctx, f: &Fields) -> Vec<RawPair> {
    let mut out = Vec::new();
    let mut ids = HashMap::new();
    let (mut lefts, mut rights) = (Vec::new(), Vec::new());
    for node in ctx.list(f, "pairs") {
        let Some(pf) = ctx.fields(node, PAIR_KEYS) else {
            continue;
        };
        let id = ctx.id(&pf, None);
        local_ids(ctx, &mut ids, &id, &pf);
        let left = ctx.text(&pf, "left", true).unwrap_or_default();
        let right = ctx.text(&pf, "right", true).unwrap_or_default();
        if let Some(n) = pf.get("left") {
            lefts.push((left.clone(), n));
        }
        if let Some(n) = pf.get("right") {
            rights.push((right.clone(), n));
        }
        out.push(RawPair { id, left, right });
    }
    distinct_texts(ctx, "left", &lefts);
    distinct_texts(ctx, "right", &rights);
    too_few(ctx, f, "pairs", out.len());
    out
}

fn accepted(ctx: &mut Ctx, f: &Fields, mode: Option<MatchMode>) -> Vec<String> {
    let accept = ctx.texts(f, "accept");
    // Empty entries were reported one by one; only a list with no entries at all is E029.
    let entries = match f.present("accept").map(|n| &n.value) {
        Some(super::yaml::Value::Seq(items)) => items.len(),
        _ => 0,
    };
    if accept.is_empty() && entries == 0 && !already_reported(f, "accept") {
        ctx.at(f.key_node("accept").unwrap_or(f.node), "E029", vec![]);
    }
    if mode == Some(MatchMode::IgnoreDiacritics) {
        let mut seen: Vec<(String, &str)> = Vec::new();
        for (a, n) in &accept {
            let folded = fold_diacritics(a.trim());
            match seen.iter().find(|(f, _)| *f == folded) {
                Some((_, first)) => {
                    let args = vec![("text", a.trim().to_string()), ("other", first.to_string())];
                    ctx.at(n, "W004", args);
                }
                None => seen.push((folded, a.trim())),
            }
        }
    }
    accept.into_iter().map(|(a, _)| a).collect()
}

/// Decodes one question; `None` when its kind is unknown (the problem is reported).
pub fn question(ctx: &mut Ctx, node: &Node) -> Option<RawQuestion> {
    let f = ctx.fields(node, QUESTION_KEYS)?;
    let id = ctx.id(&f, Some(Scope::Question));
    let kind = match ctx.choice(&f, "kind", KIND_NAMES) {
        Some(i) => Some(QuestionKindName::ALL[i]),
        None => {
            if f.present("kind").is_none() {
                ctx.missing(&f, "kind");
            }
            None
        }
    };
    let prompt = ctx.text(&f, "prompt", true).unwrap_or_default();
    let explanation = ctx.text(&f, "explanation", false);
    let hints = ctx.texts(&f, "hints").into_iter().map(|(h, _)| h).collect();
    let alt: Vec<String> = ctx.texts(&f, "alt").into_iter().map(|(a, _)| a).collect();
    // A drawn screen in the question is often what the learner must read to answer.
    let drawn = super::spoken::drawn_screens(&prompt)
        + explanation
            .as_deref()
            .map_or(0, super::spoken::drawn_screens);
    if drawn > alt.len() {
        ctx.at(f.key_node("prompt").unwrap_or(node), "W017", vec![]);
    }
    let points = ctx.number(&f, "points", 1, 100);
    let kind = kind?;
    let belongs = kind_fields(kind);
    // `answer: b` on a choice question: a habit from other quiz formats, with its own advice.
    let answer_habit = matches!(kind, QuestionKindName::One | QuestionKindName::Many)
        && f.key_node("answer").is_some();
    if let Some(k) = f.key_node("answer").filter(|_| answer_habit) {
        ctx.at(k, "E038", vec![("kind", kind.as_str().into())]);
    }
    for key in KIND_SPECIFIC {
        let reported = answer_habit && *key == "answer";
        if !belongs.contains(key)
            && !reported
            && let Some(k) = f.key_node(key)
        {
            let args = vec![("field", key.to_string()), ("kind", kind.as_str().into())];
            ctx.at(k, "E032", args);
        }
    }
    let mut q = RawQuestion {
        id,
        kind,
        prompt,
        explanation,
        alt,
        hints,
        points,
        choices: Vec::new(),
        shuffle: None,
        answer: None,
        feedback: None,
        accept: Vec::new(),
        match_mode: None,
        items: Vec::new(),
        pairs: Vec::new(),
    };
    match kind {
        QuestionKindName::One | QuestionKindName::Many => {
            q.choices = choices(ctx, &f, kind, answer_habit);
            q.shuffle = ctx.boolean(&f, "shuffle");
        }
        QuestionKindName::TrueFalse => {
            q.answer = ctx.boolean(&f, "answer");
            if f.present("answer").is_none() && !f.suggested.contains(&"answer") {
                ctx.at(f.key_node("answer").unwrap_or(node), "E028", vec![]);
            }
            q.feedback = ctx.text(&f, "feedback", false);
        }
        QuestionKindName::Text => {
            q.match_mode = ctx.choice(&f, "match_mode", MATCH_MODES).map(|i| match i {
                0 => MatchMode::Exact,
                2 => MatchMode::IgnoreDiacritics,
                _ => MatchMode::IgnoreCase,
            });
            q.accept = accepted(ctx, &f, q.match_mode);
        }
        QuestionKindName::Order => q.items = items(ctx, &f),
        QuestionKindName::Match => q.pairs = pairs(ctx, &f),
    }
    if q.explanation.as_deref().is_none_or(|e| e.trim().is_empty()) {
        ctx.at(node, "W002", vec![("id", q.id.clone())]);
    }
    Some(q)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_drops_marks_and_d() {
        assert_eq!(fold_diacritics("Điện Thoại"), "dien thoai");
        assert_eq!(fold_diacritics("má"), fold_diacritics("mà"));
    }
}
