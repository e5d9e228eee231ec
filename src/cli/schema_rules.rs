//! The JSON Schema says what `hocso validate` accepts, not what serde's types would: schemars
//! describes the Rust fields, these rules widen and narrow them to the validator's behaviour.
//!
//! - Text fields take any scalar (`text: 1.10`, `text: yes`, `"false"`): hocso keeps the text as
//!   written (and warns where another tool would read it differently). Required text must not
//!   be blank; optional text may be `null`.
//! - Whole numbers may be quoted (`minutes: "10"`), booleans written `True` or `"true"`.
//! - Lists and optional sections may be written empty (`objectives:`), except `pages`.
//! - Each question kind's own rules (`if`/`then` on `kind`): the fields it needs, the fields it
//!   must not have, how many choices/items/pairs, one correct choice for `one`.
//!
//! What no schema can say (ids unique across a question or a course, glossary terms that exist
//! in another file, the same text twice) is listed in `tests/schema_agreement.rs`.

use serde_json::{Map, Value, json};

/// Required text: any scalar but `null`, not blank.
fn required_text() -> Value {
    json!({"anyOf": [
        {"type": "string", "pattern": "\\S"},
        {"type": ["number", "boolean"]}
    ]})
}

/// Optional text: any scalar (a missing or `null` value is simply absent).
fn optional_text() -> Value {
    json!({"type": ["string", "number", "boolean", "null"]})
}

/// `true`/`false`, as YAML writes them or quoted, in any case.
fn boolean() -> Value {
    json!({"anyOf": [
        {"type": "boolean"},
        {"type": "string", "pattern": "^\\s*([Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee])\\s*$"}
    ]})
}

/// The text `true` (any case, quoted or not): a correct choice.
fn is_true() -> Value {
    json!({"anyOf": [
        {"const": true},
        {"type": "string", "pattern": "^\\s*[Tt][Rr][Uu][Ee]\\s*$"}
    ]})
}

/// Regular-expression pieces matching exactly the numbers `1..=max` written without leading zeros.
fn one_to(max: u64) -> Vec<String> {
    let digits: Vec<u8> = max.to_string().bytes().map(|b| b - b'0').collect();
    let d = digits.len();
    let mut out: Vec<String> = (1..d)
        .map(|len| format!("[1-9]{}", "[0-9]".repeat(len - 1)))
        .collect();
    let prefix = |i: usize| {
        digits[..i]
            .iter()
            .map(|c| c.to_string())
            .collect::<String>()
    };
    for (i, &digit) in digits.iter().enumerate().take(d) {
        let lower = u8::from(i == 0);
        if digit > lower {
            let hi = digit - 1;
            let class = if hi == lower {
                hi.to_string()
            } else {
                format!("[{lower}-{hi}]")
            };
            out.push(format!("{}{class}{}", prefix(i), "[0-9]".repeat(d - i - 1)));
        }
    }
    out.push(max.to_string());
    out
}

/// A regular expression (no anchors) matching the decimal numbers `min..=max`, `min` 0 or 1.
fn range_regex(min: u64, max: u64) -> String {
    let mut pieces = if max == 0 { Vec::new() } else { one_to(max) };
    if min == 0 {
        pieces.insert(0, "0".to_string());
    }
    pieces.join("|")
}

/// A whole number in `min..=max`, written as a number or as quoted digits (Rust's `u32` parsing
/// accepts a leading `+` and leading zeros, so the validator does too).
fn number(min: u64, max: u64) -> Value {
    let pattern = format!("^\\s*\\+?0*({})\\s*$", range_regex(min, max));
    json!({"anyOf": [
        {"type": "integer", "minimum": min, "maximum": max},
        {"type": "string", "pattern": pattern}
    ]})
}

fn with_null(mut v: Value) -> Value {
    if let Some(any) = v.get_mut("anyOf").and_then(Value::as_array_mut) {
        if !any.iter().any(|s| s["type"] == "null") {
            any.push(json!({"type": "null"}));
        }
        return v;
    }
    json!({"anyOf": [v, {"type": "null"}]})
}

fn type_is(prop: &Value, name: &str) -> bool {
    match &prop["type"] {
        Value::String(t) => t == name,
        Value::Array(ts) => ts.iter().any(|t| t == name),
        _ => false,
    }
}

/// Keeps the words (description, title, default) of `old`, with the rule of `new`.
fn keep_words(old: &Value, mut new: Value) -> Value {
    if let (Some(o), Some(n)) = (old.as_object(), new.as_object_mut()) {
        for key in ["description", "title", "default"] {
            if let Some(v) = o.get(key) {
                n.insert(key.to_string(), v.clone());
            }
        }
    }
    new
}

/// Fields that must not be empty even though serde has a default for them.
const NOT_NULLABLE: &[&str] = &["pages"];

/// One field's schema, rewritten to what the validator accepts.
fn field(name: &str, prop: &Value, required: bool) -> Value {
    let nullable = !required || (type_is(prop, "array") && !NOT_NULLABLE.contains(&name));
    if let Some(pattern) = prop.get("pattern").and_then(Value::as_str) {
        // A text with a form (`as_of`): spaces around it are trimmed by the validator.
        let inner = pattern.trim_start_matches('^').trim_end_matches('$');
        let mut p = prop.clone();
        p["pattern"] = Value::String(format!("^\\s*{inner}\\s*$"));
        return p;
    }
    let rule = if name == "format" {
        // Newer formats are refused (E035): only this build's.
        let v = u64::from(crate::course::raw::FORMAT_VERSION);
        number(v, v)
    } else if type_is(prop, "string") {
        if required {
            required_text()
        } else {
            optional_text()
        }
    } else if type_is(prop, "integer") {
        let min = prop["minimum"].as_u64().unwrap_or(0);
        let max = prop["maximum"].as_u64().unwrap_or(u64::from(u32::MAX));
        number(min, max)
    } else if type_is(prop, "boolean") {
        boolean()
    } else if type_is(prop, "array") {
        let mut arr = json!({"type": "array", "items": prop["items"].clone()});
        if prop["items"]["type"] == "string" {
            arr["items"] = required_text();
        }
        if let Some(m) = prop.get("minItems") {
            arr["minItems"] = m.clone();
        }
        arr
    } else {
        // A nested section or a named value (`$ref`, possibly already allowing null).
        let mut p = prop.clone();
        if let Some(o) = p.as_object_mut() {
            for key in ["description", "title", "default"] {
                o.remove(key);
            }
        }
        // A bare `$ref` ignores its siblings in draft-07: keep it wrapped so the words show.
        match p.get("$ref") {
            Some(_) => json!({"allOf": [p]}),
            None => p,
        }
    };
    let rule = if nullable { with_null(rule) } else { rule };
    keep_words(prop, rule)
}

/// Rewrites every field of an object schema (`properties` + `required`).
pub fn widen(object: &mut Value) {
    let required: Vec<String> = object["required"]
        .as_array()
        .map(|r| {
            r.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let Some(props) = object.get_mut("properties").and_then(Value::as_object_mut) else {
        return;
    };
    let names: Vec<String> = props.keys().cloned().collect();
    for name in names {
        if let Some(p) = props.get(&name) {
            let rewritten = field(&name, p, required.contains(&name));
            props.insert(name, rewritten);
        }
    }
}

/// Fields used only by some kinds, as in `course::question`.
const KIND_FIELDS: &[(&str, &[&str])] = &[
    ("one", &["choices", "shuffle"]),
    ("many", &["choices", "shuffle"]),
    ("true_false", &["answer", "feedback"]),
    ("text", &["accept", "match_mode"]),
    ("order", &["items"]),
    ("match", &["pairs"]),
];
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

/// Longest `one` question whose single correct choice the schema checks exactly.
const ONE_CHECKED: usize = 12;

/// A list of choices with exactly one `correct: true` (draft-07 has no `maxContains`: one
/// alternative per position of the correct choice).
fn exactly_one_correct() -> Value {
    let correct =
        json!({"type": "object", "required": ["correct"], "properties": {"correct": is_true()}});
    let wrong = json!({"not": correct.clone()});
    let mut alternatives: Vec<Value> = (0..ONE_CHECKED)
        .map(|i| {
            let mut items = vec![wrong.clone(); i];
            items.push(correct.clone());
            json!({"items": items, "additionalItems": wrong.clone()})
        })
        .collect();
    // Beyond the checked length, one correct among the first choices is enough.
    alternatives.push(json!({"items": vec![wrong.clone(); ONE_CHECKED]}));
    json!({"allOf": [{"contains": correct}, {"anyOf": alternatives}]})
}

/// What a question of `kind` must have and must not have.
fn kind_rule(kind: &str, own: &[&str]) -> Value {
    let mut props = Map::new();
    for f in KIND_SPECIFIC.iter().filter(|f| !own.contains(*f)) {
        props.insert((*f).to_string(), Value::Bool(false));
    }
    let at_least = |n: u64| json!({"type": "array", "minItems": n});
    let (required, extra): (Vec<&str>, Vec<(&str, Value)>) = match kind {
        "one" => (
            vec!["choices"],
            vec![(
                "choices",
                json!({"allOf": [at_least(2), exactly_one_correct()],
                       "errorMessage": "Câu `one` cần ít nhất 2 lựa chọn và đúng MỘT lựa chọn `correct: true`."}),
            )],
        ),
        "many" => (
            vec!["choices"],
            vec![(
                "choices",
                json!({"allOf": [at_least(2), {"contains": {"type": "object", "required": ["correct"], "properties": {"correct": is_true()}}}],
                       "errorMessage": "Câu `many` cần ít nhất 2 lựa chọn và ít nhất một lựa chọn `correct: true`."}),
            )],
        ),
        "true_false" => (vec!["answer"], vec![("answer", boolean())]),
        "text" => (vec!["accept"], vec![("accept", at_least(1))]),
        "order" => (vec!["items"], vec![("items", at_least(2))]),
        "match" => (vec!["pairs"], vec![("pairs", at_least(2))]),
        _ => (vec![], vec![]),
    };
    for (k, v) in extra {
        props.insert(k.to_string(), v);
    }
    json!({
        "if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
        "then": {"required": required, "properties": props}
    })
}

/// The per-kind rules, for the question definition's `allOf`.
pub fn kind_rules() -> Value {
    Value::Array(
        KIND_FIELDS
            .iter()
            .map(|(kind, own)| kind_rule(kind, own))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_patterns_cover_the_range_exactly() {
        assert_eq!(range_regex(1, 600), "[1-9]|[1-9][0-9]|[1-5][0-9][0-9]|600");
        assert_eq!(range_regex(0, 100), "0|[1-9]|[1-9][0-9]|100");
        assert_eq!(range_regex(1, 1), "1");
        // Checked against every number with a real validator in tests/schema_agreement.rs.
    }
}
