//! Trainer-facing lesson metadata: `as_of` (the month the facts were last checked) and `sources`.
//!
//! Learners never see these. The validator checks the month's form, warns when a lesson has no
//! `as_of` or no source, and, when asked (`hocso validate --stale N`), warns about lessons checked
//! more than N months ago. The current month is passed in by the shell: the core reads no clock.

use super::decode::{Ctx, Fields};
pub use super::month::{Month, Stale};

/// Decodes a lesson's `as_of` and `sources`, reporting a malformed month (E039), a missing one or
/// no source (W009), and a stale month when the run asks for it (W010).
pub fn lesson_meta(ctx: &mut Ctx, f: &Fields) -> (Option<String>, Vec<String>) {
    let as_of = ctx.text(f, "as_of", false).map(|s| s.trim().to_string());
    let sources: Vec<String> = ctx
        .texts(f, "sources")
        .into_iter()
        .map(|(s, _)| s.trim().to_string())
        .collect();
    let as_of = match (as_of, f.present("as_of")) {
        (Some(text), Some(node)) => match Month::parse(&text) {
            Some(month) => {
                if let Some(stale) = ctx.stale
                    && month.months_until(stale.today) > i64::from(stale.months)
                {
                    let args = vec![
                        ("as_of", text.clone()),
                        ("months", stale.months.to_string()),
                    ];
                    ctx.at(node, "W010", args);
                }
                Some(text)
            }
            None => {
                ctx.at(node, "E039", vec![("value", text)]);
                None
            }
        },
        (None, Some(_)) => None, // wrong type: already reported
        _ => {
            let at = f.key_node("as_of").unwrap_or(f.node);
            ctx.at(at, "W009", vec![("field", "as_of".into())]);
            None
        }
    };
    if sources.is_empty() {
        let at = f.key_node("sources").unwrap_or(f.node);
        ctx.at(at, "W009", vec![("field", "sources".into())]);
    }
    (as_of, sources)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_parse_only_in_the_documented_form() {
        assert_eq!(
            Month::parse("2026-11"),
            Some(Month {
                year: 2026,
                month: 11
            })
        );
        for bad in [
            "2026-13",
            "2026-00",
            "2026-1",
            "26-11",
            "2026/11",
            "2026-11-01",
            "",
            "abcd-ef",
        ] {
            assert_eq!(Month::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn months_between() {
        let a = Month {
            year: 2025,
            month: 11,
        };
        let b = Month {
            year: 2026,
            month: 11,
        };
        assert_eq!(a.months_until(b), 12);
        assert_eq!(b.months_until(a), -12);
        assert_eq!(a.to_string(), "2025-11");
    }
}
