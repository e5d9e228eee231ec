//! Lesson files → checked [`Course`]. The one entry point is [`load`].
//!
//! FIRST CUT: parses with serde-saphyr and converts; the full collecting checker replaces the
//! internals (see the course engine issue) but keeps this signature.

use std::collections::BTreeMap;

use super::diagnostic::{Diagnostic, Severity};
use super::model::*;
use super::raw::*;
use super::source::SourceFile;
use super::text::cleaned;

/// What loading produced: the course when there were no errors, and every problem found.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub course: Option<Course>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    /// Number of diagnostics of this severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

fn parse<T: serde::de::DeserializeOwned>(f: &SourceFile, diags: &mut Vec<Diagnostic>) -> Option<T> {
    let text = match std::str::from_utf8(&f.bytes) {
        Ok(t) => t.strip_prefix('\u{FEFF}').unwrap_or(t),
        Err(e) => {
            diags.push(Diagnostic {
                file: f.path.clone(),
                line: 0,
                column: 0,
                severity: Severity::Error,
                code: "E002",
                args: vec![("offset", e.valid_up_to().to_string())],
            });
            return None;
        }
    };
    match serde_saphyr::from_str::<T>(text) {
        Ok(v) => Some(v),
        Err(e) => {
            let (line, column) = e
                .location()
                .map(|l| (l.line() as usize, l.column() as usize))
                .unwrap_or((0, 0));
            diags.push(Diagnostic {
                file: f.path.clone(),
                line,
                column,
                severity: Severity::Error,
                code: "E001",
                args: vec![("detail", e.to_string())],
            });
            None
        }
    }
}

fn file_error(file: &str, code: &'static str, args: Vec<(&'static str, String)>) -> Diagnostic {
    Diagnostic {
        file: file.to_string(),
        line: 0,
        column: 0,
        severity: Severity::Error,
        code,
        args,
    }
}

/// Loads a course from its files.
pub fn load(files: &[SourceFile]) -> Loaded {
    let mut diags = Vec::new();
    let course_file = files.iter().find(|f| f.path == "course.yaml");
    let raw_course: Option<RawCourse> = match course_file {
        Some(f) => parse(f, &mut diags),
        None => {
            diags.push(file_error("course.yaml", "E003", vec![]));
            None
        }
    };

    // Module folder → (module file, lesson files).
    let mut folders: BTreeMap<&str, (Option<&SourceFile>, Vec<&SourceFile>)> = BTreeMap::new();
    let mut glossaries = Vec::new();
    for f in files {
        let Some((dir, name)) = f.path.rsplit_once('/') else {
            if f.path == "glossary.yaml" {
                glossaries.push(f);
            }
            continue;
        };
        let entry = folders.entry(dir).or_default();
        match name {
            "module.yaml" => entry.0 = Some(f),
            "glossary.yaml" => glossaries.push(f),
            _ => entry.1.push(f),
        }
    }

    let defaults = raw_course
        .as_ref()
        .map(|c| c.defaults.clone())
        .unwrap_or_default();
    let mut modules = Vec::new();
    for (dir, (module_file, lesson_files)) in &folders {
        let Some(mf) = module_file else {
            diags.push(file_error(dir, "E004", vec![]));
            continue;
        };
        let Some(rm) = parse::<RawModule>(mf, &mut diags) else {
            continue;
        };
        let mut lessons = Vec::new();
        for lf in lesson_files {
            if let Some(rl) = parse::<RawLesson>(lf, &mut diags) {
                lessons.push(convert_lesson(rl, &defaults));
            }
        }
        if !rm.lessons.is_empty() {
            let order = &rm.lessons;
            lessons.sort_by_key(|l| {
                order
                    .iter()
                    .position(|id| *id == l.id)
                    .unwrap_or(usize::MAX)
            });
        }
        modules.push(Module {
            id: cleaned(&rm.id),
            title: cleaned(&rm.title),
            summary: cleaned(&rm.summary),
            lessons,
        });
    }
    if let Some(rc) = &raw_course
        && !rc.modules.is_empty()
    {
        for id in &rc.modules {
            if !modules.iter().any(|m| &m.id == id) {
                diags.push(file_error("course.yaml", "E005", vec![("id", id.clone())]));
            }
        }
        modules.retain(|m| rc.modules.contains(&m.id));
        modules.sort_by_key(|m| rc.modules.iter().position(|id| *id == m.id));
    }

    let mut glossary = Vec::new();
    for g in glossaries {
        if let Some(rg) = parse::<RawGlossary>(g, &mut diags) {
            glossary.extend(rg.terms.into_iter().map(|t| Term {
                id: cleaned(&t.id),
                term: cleaned(&t.term),
                definition: cleaned(&t.definition),
                english: t.english.as_deref().map(cleaned),
                aliases: t.aliases.iter().map(|a| cleaned(a)).collect(),
            }));
        }
    }

    let has_errors = diags.iter().any(|d| d.severity == Severity::Error);
    let course = match (raw_course, has_errors) {
        (Some(rc), false) => Some(Course {
            id: cleaned(&rc.id),
            title: cleaned(&rc.title),
            description: cleaned(&rc.description),
            modules,
            glossary,
        }),
        _ => None,
    };
    Loaded {
        course,
        diagnostics: diags,
    }
}

fn convert_lesson(rl: RawLesson, defaults: &RawDefaults) -> Lesson {
    let quiz = rl.quiz.unwrap_or(RawQuiz {
        pass_mark: None,
        order: None,
        questions: Vec::new(),
    });
    Lesson {
        id: cleaned(&rl.id),
        title: cleaned(&rl.title),
        minutes: rl.minutes,
        objectives: rl.objectives.iter().map(|s| cleaned(s)).collect(),
        terms: rl.terms.iter().map(|s| cleaned(s)).collect(),
        pages: rl
            .pages
            .iter()
            .map(|p| Page {
                title: cleaned(&p.title),
                body: cleaned(&p.body),
            })
            .collect(),
        quiz: Quiz {
            pass_mark: quiz
                .pass_mark
                .or(defaults.pass_mark)
                .unwrap_or(DEFAULT_PASS_MARK)
                .min(100),
            order: quiz.order.or(defaults.order).unwrap_or(QuizOrder::Fixed),
            questions: quiz.questions.into_iter().map(convert_question).collect(),
        },
    }
}

fn convert_question(q: RawQuestion) -> Question {
    let choices = || {
        q.choices
            .iter()
            .map(|c| Choice {
                id: cleaned(&c.id),
                text: cleaned(&c.text),
                correct: c.correct,
                feedback: c.feedback.as_deref().map(cleaned),
            })
            .collect()
    };
    let kind = match q.kind {
        QuestionKindName::One => QuestionKind::One { choices: choices() },
        QuestionKindName::Many => QuestionKind::Many { choices: choices() },
        QuestionKindName::TrueFalse => QuestionKind::TrueFalse {
            answer: q.answer.unwrap_or(true),
            feedback: q.feedback.as_deref().map(cleaned),
        },
        QuestionKindName::Text => QuestionKind::Text {
            accept: q.accept.iter().map(|s| cleaned(s)).collect(),
            match_mode: q.match_mode.unwrap_or_default(),
        },
        QuestionKindName::Order => QuestionKind::Order {
            items: q
                .items
                .iter()
                .map(|i| Item {
                    id: cleaned(&i.id),
                    text: cleaned(&i.text),
                })
                .collect(),
        },
        QuestionKindName::Match => QuestionKind::Match {
            pairs: q
                .pairs
                .iter()
                .map(|p| Pair {
                    id: cleaned(&p.id),
                    left: cleaned(&p.left),
                    right: cleaned(&p.right),
                })
                .collect(),
        },
    };
    Question {
        id: cleaned(&q.id),
        prompt: cleaned(&q.prompt),
        explanation: q.explanation.as_deref().map(cleaned),
        hints: q.hints.iter().map(|s| cleaned(s)).collect(),
        points: q.points.unwrap_or(1),
        kind,
    }
}
