//! A learner file whose only fault is a number out of range (a birth year of 70000, a score of
//! −5 or 300, a page count past any integer) is still read: each such number is brought into
//! its field's range, or dropped when it has no sensible nearest value, and every field changed
//! is reported. Otherwise the whole learner would be set aside — by a read-only `report` too.
//! The file itself is not changed here; the next save writes the repaired numbers.

use serde_json::{Map, Value};

use crate::progress::model::LearnerFile;

/// What to do with a number out of range: clamp it into `lo..=hi`, or drop it (`None`).
#[derive(Clone, Copy)]
enum Rule {
    Clamp(u64, u64),
    Drop(u64, u64),
}

/// The numeric fields of a learner file, by name (the names are unique to numbers).
fn rule(key: &str) -> Option<Rule> {
    const U32: u64 = u32::MAX as u64;
    Some(match key {
        // A birth year has no nearest value that means anything: it is left out.
        "birth_year" => Rule::Drop(1, u64::from(u16::MAX)),
        "best_score" | "score" => Rule::Clamp(0, 100),
        "level" => Rule::Clamp(0, u64::from(u8::MAX)),
        "hints" | "page" | "reviews" | "review_misses" => Rule::Clamp(0, U32),
        "seconds" => Rule::Clamp(0, U32),
        _ => return None,
    })
}

/// The learner in `bytes` with its out-of-range numbers repaired, and a line per field changed
/// (`courses.c.lessons.l.best_score: 300 → 100`). `None` when the file has another fault, or
/// nothing to repair.
pub fn repair(bytes: &[u8]) -> Option<(LearnerFile, Vec<String>)> {
    let mut value: Value = serde_json::from_slice(bytes).ok()?;
    let mut changed = Vec::new();
    walk(&mut value, "", &mut changed);
    if changed.is_empty() {
        return None;
    }
    let file = serde_json::from_value(value).ok()?;
    Some((file, changed))
}

fn walk(v: &mut Value, at: &str, changed: &mut Vec<String>) {
    match v {
        Value::Object(map) => walk_map(map, at, changed),
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                walk(item, &format!("{at}[{i}]"), changed);
            }
        }
        _ => {}
    }
}

fn walk_map(map: &mut Map<String, Value>, at: &str, changed: &mut Vec<String>) {
    for (key, v) in map.iter_mut() {
        let here = if at.is_empty() {
            key.clone()
        } else {
            format!("{at}.{key}")
        };
        match (rule(key), &*v) {
            (Some(rule), Value::Number(n)) => {
                if let Some(fixed) = fix(rule, n) {
                    let shown = match &fixed {
                        Value::Null => "—".to_string(),
                        other => other.to_string(),
                    };
                    changed.push(format!("{here}: {n} → {shown}"));
                    *v = fixed;
                }
            }
            _ => walk(v, &here, changed),
        }
    }
}

/// The repaired value, `None` when `n` is already an integer in range.
fn fix(rule: Rule, n: &serde_json::Number) -> Option<Value> {
    let (lo, hi) = match rule {
        Rule::Clamp(lo, hi) | Rule::Drop(lo, hi) => (lo, hi),
    };
    if let Some(u) = n.as_u64()
        && (lo..=hi).contains(&u)
    {
        return None;
    }
    if let Rule::Drop(..) = rule {
        return Some(Value::Null);
    }
    // Negative, too large, or not a whole number: the nearest whole number in range.
    let f = n.as_f64().unwrap_or(0.0);
    let clamped = if f.is_nan() || f <= lo as f64 {
        lo
    } else if f >= hi as f64 {
        hi
    } else {
        f.round() as u64
    };
    Some(Value::from(clamped))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn each_number_out_of_range_is_repaired_and_named() {
        let bytes = br#"{"format":1,"profile":{"id":"hoa-abc234","name":"Hoa","birth_year":70000,
            "created":"2026-11-02T08:00:00Z"},"courses":{"c":{"lessons":{"l":{"page":-3,
            "seconds":1e300,"best_score":300}}}}}"#;
        let (file, changed) = repair(bytes).unwrap();
        assert_eq!(file.profile.birth_year, None);
        let l = &file.courses["c"].lessons["l"];
        assert_eq!(
            (l.page, l.seconds, l.best_score),
            (0, u64::from(u32::MAX), Some(100))
        );
        assert_eq!(changed.len(), 4, "{changed:?}");
        assert!(changed.contains(&"courses.c.lessons.l.best_score: 300 → 100".to_string()));
        assert!(changed.contains(&"profile.birth_year: 70000 → —".to_string()));
    }

    #[test]
    fn other_damage_is_not_hidden() {
        assert!(repair(b"{\"format\":1,").is_none());
        // Nothing out of range: not this module's business.
        assert!(repair(br#"{"format":1,"profile":{"id":"a","name":"A","created":"x"}}"#).is_none());
    }
}
