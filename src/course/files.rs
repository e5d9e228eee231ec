//! Decoding the four kinds of lesson-format file (course, module, glossary, lesson) from a
//! YAML tree into the raw structs, collecting every problem.

use super::decode::{Ctx, Fields, Scope};
use super::question::question;
use super::raw::*;
use super::yaml::{Node, Value};

/// Fields of `course.yaml` ([`RawCourse`]).
pub const COURSE_KEYS: &[&str] = &[
    "format",
    "id",
    "title",
    "description",
    "modules",
    "required_modules",
    "help_phone",
    "defaults",
];
/// Fields of `defaults` ([`RawDefaults`]).
pub const DEFAULTS_KEYS: &[&str] = &["pass_mark", "order"];
/// Fields of `module.yaml` ([`RawModule`]).
pub const MODULE_KEYS: &[&str] = &["id", "title", "summary", "lessons"];
/// Fields of a lesson file ([`RawLesson`]).
pub const LESSON_KEYS: &[&str] = &[
    "id",
    "title",
    "minutes",
    "as_of",
    "sources",
    "objectives",
    "terms",
    "pages",
    "quiz",
];
/// Fields of a page ([`RawPage`]).
pub const PAGE_KEYS: &[&str] = &["title", "body", "alt"];
/// Fields of a quiz ([`RawQuiz`]).
pub const QUIZ_KEYS: &[&str] = &["pass_mark", "order", "questions"];
/// Fields of `glossary.yaml` ([`RawGlossary`]).
pub const GLOSSARY_KEYS: &[&str] = &["terms"];
/// Fields of a glossary term ([`RawTerm`]).
pub const TERM_KEYS: &[&str] = &[
    "id",
    "term",
    "definition",
    "english",
    "aliases",
    "say",
    "say_english",
];

const ORDERS: &[&str] = &["fixed", "shuffled"];

/// An id listed in an order (`modules` in course.yaml, `lessons` in module.yaml), with its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub id: String,
    pub line: usize,
    pub col: usize,
}

fn listed(ctx: &mut Ctx, f: &super::decode::Fields, key: &'static str) -> Vec<Listed> {
    ctx.texts(f, key)
        .into_iter()
        .map(|(id, n)| Listed {
            id: id.trim().to_string(),
            line: n.line,
            col: n.col,
        })
        .collect()
}

fn order(ctx: &mut Ctx, f: &super::decode::Fields) -> Option<QuizOrder> {
    ctx.choice(f, "order", ORDERS).map(|i| {
        if i == 0 {
            QuizOrder::Fixed
        } else {
            QuizOrder::Shuffled
        }
    })
}

/// `course.yaml` decoded, with the places of the module ids it lists.
pub struct CourseFile {
    pub raw: RawCourse,
    /// `modules`, in order.
    pub listed: Vec<Listed>,
    /// `required_modules`.
    pub required: Vec<Listed>,
}

/// Decodes `course.yaml`; also returns the listed module ids with positions.
pub fn course(ctx: &mut Ctx, node: &Node) -> Option<CourseFile> {
    let f = ctx.fields(node, COURSE_KEYS)?;
    let format = match f.present("format") {
        None => {
            ctx.missing(&f, "format");
            FORMAT_VERSION
        }
        Some(n) => match ctx.number(&f, "format", 1, u32::MAX) {
            Some(v) if v > FORMAT_VERSION => {
                let args = vec![
                    ("found", v.to_string()),
                    ("supported", FORMAT_VERSION.to_string()),
                ];
                ctx.at(n, "E035", args);
                v
            }
            v => v.unwrap_or(FORMAT_VERSION),
        },
    };
    let id = ctx.id(&f, None);
    let title = ctx.text(&f, "title", true).unwrap_or_default();
    let description = ctx.text(&f, "description", false).unwrap_or_default();
    let modules = listed(ctx, &f, "modules");
    let required = listed(ctx, &f, "required_modules");
    let help_phone = ctx
        .text(&f, "help_phone", false)
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty());
    let defaults = match f.present("defaults") {
        Some(n) => match ctx.fields(n, DEFAULTS_KEYS) {
            Some(df) => RawDefaults {
                pass_mark: ctx.number(&df, "pass_mark", 0, 100).map(|v| v as u8),
                order: order(ctx, &df),
            },
            None => RawDefaults::default(),
        },
        None => RawDefaults::default(),
    };
    let raw = RawCourse {
        format,
        id,
        title,
        description,
        modules: modules.iter().map(|l| l.id.clone()).collect(),
        required_modules: required.iter().map(|l| l.id.clone()).collect(),
        help_phone,
        defaults,
    };
    Some(CourseFile {
        raw,
        listed: modules,
        required,
    })
}

/// Decodes a `module.yaml`; also returns the listed lesson order with positions.
pub fn module(ctx: &mut Ctx, node: &Node) -> Option<(RawModule, Vec<Listed>)> {
    let f = ctx.fields(node, MODULE_KEYS)?;
    let id = ctx.id(&f, Some(Scope::Module));
    let title = ctx.text(&f, "title", true).unwrap_or_default();
    let summary = ctx.text(&f, "summary", false).unwrap_or_default();
    let lessons = listed(ctx, &f, "lessons");
    let raw = RawModule {
        id,
        title,
        summary,
        lessons: lessons.iter().map(|l| l.id.clone()).collect(),
    };
    Some((raw, lessons))
}

/// The course folder's pronunciation table, read by the read-aloud.
pub const PRONUNCIATIONS: &str = "phat-am.yaml";

/// A page longer than this is too long to read aloud (about ten minutes of speech for an older
/// learner who cannot stop it at a sentence): the voice gets it, but it should be split.
pub const SPOKEN_PAGE_MAX: usize = 8_000;

/// A pronunciation says one word or sign; longer than this it is a mistake (pasted text) that
/// would be read out at every place the word appears.
pub const SPOKEN_ENTRY_MAX: usize = 200;

fn long_args(chars: usize, max: usize) -> Vec<(&'static str, String)> {
    vec![("chars", chars.to_string()), ("max", max.to_string())]
}

/// Checks a course folder's pronunciation table (`phat-am.yaml`, `word: "cách đọc"`): entries
/// too long to read aloud. The read-aloud loads it on its own; a table it cannot read is
/// left out there, so only its size is checked here.
pub fn pronunciations(ctx: &mut Ctx, root: &Node) {
    let Value::Map(entries) = &root.value else {
        return;
    };
    for (_, v) in entries {
        if let Some(said) = v.scalar() {
            let chars = said.chars().count();
            if chars > SPOKEN_ENTRY_MAX {
                ctx.at(v, "W016", long_args(chars, SPOKEN_ENTRY_MAX));
            }
        }
    }
}

/// Decodes a `glossary.yaml`.
pub fn glossary(ctx: &mut Ctx, node: &Node) -> Option<RawGlossary> {
    let f = ctx.fields(node, GLOSSARY_KEYS)?;
    if f.get("terms").is_none() {
        ctx.missing(&f, "terms");
    }
    let mut terms = Vec::new();
    for n in ctx.list(&f, "terms") {
        let Some(tf) = ctx.fields(n, TERM_KEYS) else {
            continue;
        };
        terms.push(RawTerm {
            id: ctx.id(&tf, Some(Scope::Term)),
            term: ctx.text(&tf, "term", true).unwrap_or_default(),
            definition: ctx.text(&tf, "definition", true).unwrap_or_default(),
            english: ctx.text(&tf, "english", false),
            aliases: ctx.texts(&tf, "aliases").into_iter().map(|a| a.0).collect(),
            say: said(ctx, &tf, "say"),
            say_english: said(ctx, &tf, "say_english"),
        });
    }
    Some(RawGlossary { terms })
}

/// A pronunciation: letters a Vietnamese voice does not say as written (f, j, w, z) would be
/// spelled out, which is what the field is there to avoid.
fn said(ctx: &mut Ctx, f: &Fields, key: &'static str) -> Option<String> {
    let s = ctx.text(f, key, false)?;
    if s.to_lowercase().contains(['f', 'j', 'w', 'z'])
        && let Some(n) = f.get(key)
    {
        ctx.at(n, "W018", vec![("text", s.clone())]);
    }
    Some(s)
}

/// Decodes a lesson file.
pub fn lesson(ctx: &mut Ctx, node: &Node) -> Option<RawLesson> {
    let f = ctx.fields(node, LESSON_KEYS)?;
    let id = ctx.id(&f, Some(Scope::Lesson));
    let title = ctx.text(&f, "title", true).unwrap_or_default();
    let minutes = ctx.number(&f, "minutes", 1, 600);
    let (as_of, sources) = super::meta::lesson_meta(ctx, &f);
    let objectives = ctx
        .texts(&f, "objectives")
        .into_iter()
        .map(|o| o.0)
        .collect();
    let mut terms = Vec::new();
    for (t, n) in ctx.texts(&f, "terms") {
        let t = t.trim().to_string();
        ctx.site(n, Scope::TermRef, &t);
        terms.push(t);
    }
    let page_nodes = ctx.list(&f, "pages");
    if page_nodes.is_empty() && f.present("pages").is_none_or(|p| p.scalar().is_none()) {
        ctx.missing(&f, "pages");
    }
    let mut pages = Vec::new();
    for n in page_nodes {
        if let Some(pf) = ctx.fields(n, PAGE_KEYS) {
            let body = ctx.text(&pf, "body", true).unwrap_or_default();
            let alt: Vec<String> = ctx.texts(&pf, "alt").into_iter().map(|(a, _)| a).collect();
            // A drawn screen with nothing to say instead is silent to a blind learner.
            if super::spoken::drawn_screens(&body) > alt.len() {
                ctx.at(pf.key_node("body").unwrap_or(n), "W015", vec![]);
            }
            let chars = body.chars().count();
            if chars > SPOKEN_PAGE_MAX {
                ctx.at(
                    pf.key_node("body").unwrap_or(n),
                    "W016",
                    long_args(chars, SPOKEN_PAGE_MAX),
                );
            }
            pages.push(RawPage {
                title: ctx.text(&pf, "title", true).unwrap_or_default(),
                body,
                alt,
            });
        }
    }
    let quiz = match f.present("quiz") {
        Some(qn) => ctx.fields(qn, QUIZ_KEYS).map(|qf| {
            let pass_mark = ctx.number(&qf, "pass_mark", 0, 100).map(|v| v as u8);
            let order = order(ctx, &qf);
            let nodes = ctx.list(&qf, "questions");
            let not_a_list = qf
                .present("questions")
                .is_some_and(|n| !matches!(n.value, super::yaml::Value::Seq(_)));
            if nodes.is_empty() && !not_a_list && !qf.suggested.contains(&"questions") {
                ctx.at(f.key_node("quiz").unwrap_or(qn), "W001", vec![]);
            }
            let mut questions = Vec::new();
            for n in nodes {
                questions.extend(question(ctx, n));
            }
            RawQuiz {
                pass_mark,
                order,
                questions,
            }
        }),
        None => {
            ctx.at(f.key_node("quiz").unwrap_or(node), "W001", vec![]);
            None
        }
    };
    Some(RawLesson {
        id,
        title,
        minutes,
        as_of,
        sources,
        objectives,
        terms,
        pages,
        quiz,
    })
}
