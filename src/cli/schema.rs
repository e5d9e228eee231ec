//! `hocso schema [course|module|lesson|glossary]`: print the draft-07 JSON Schema of a
//! lesson-format file, built from the serde structs and their Vietnamese doc comments.
//!
//! Draft-07 because yaml-language-server (VS Code's YAML extension) validates it reliably;
//! schemars 1.x would otherwise emit draft 2020-12.

use schemars::JsonSchema;
use schemars::generate::SchemaSettings;

use super::{schema_guide, schema_rules};
use crate::course::raw::{RawCourse, RawGlossary, RawLesson, RawModule};
use crate::ui::lang::Lang;

/// The schema names `hocso schema` accepts; also the shipped `schemas/<name>.schema.json` files.
pub const NAMES: [&str; 4] = ["course", "module", "lesson", "glossary"];

fn generate<T: JsonSchema>() -> serde_json::Value {
    let mut v = SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<T>()
        .to_value();
    // What the validator accepts (schema_rules) and what the editor shows (schema_guide).
    schema_rules::widen(&mut v);
    schema_guide::describe_fields(&mut v);
    if let Some(defs) = v
        .get_mut("definitions")
        .and_then(serde_json::Value::as_object_mut)
    {
        for (name, def) in defs.iter_mut() {
            schema_rules::widen(def);
            schema_guide::describe_fields(def);
            schema_guide::enum_descriptions(def);
            if name == "cau-hoi"
                && let Some(o) = def.as_object_mut()
            {
                o.insert("allOf".into(), schema_rules::kind_rules());
                o.insert("defaultSnippets".into(), schema_guide::question_snippets());
            }
        }
    }
    v
}

/// The schema called `name` as a JSON value, if there is one.
pub fn schema(name: &str) -> Option<serde_json::Value> {
    match name {
        "course" => Some(generate::<RawCourse>()),
        "module" => Some(generate::<RawModule>()),
        "lesson" => Some(generate::<RawLesson>()),
        "glossary" => Some(generate::<RawGlossary>()),
        _ => None,
    }
}

/// The schema called `name` as pretty JSON with a final newline, exactly as shipped in `schemas/`.
pub fn schema_text(name: &str) -> Option<String> {
    let value = schema(name)?;
    serde_json::to_string_pretty(&value).ok().map(|s| s + "\n")
}

/// Prints the schema (`lesson` when no name is given); returns the exit status.
pub fn run(name: Option<&str>, lang: Lang) -> u8 {
    let name = name.unwrap_or("lesson");
    match schema_text(name) {
        Some(text) => {
            crate::out!("{text}");
            super::EXIT_OK
        }
        None => {
            let msg = rust_i18n::t!("validate.schema_unknown", locale = lang.code(), name = name);
            crate::errln!("{msg}");
            super::EXIT_USAGE
        }
    }
}
