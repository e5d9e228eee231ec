//! Contracts that keep the lesson format, its schema, its decoder and its messages in step:
//! shipped schemas equal the generated ones, the decoder accepts exactly the schema's fields,
//! every diagnostic code has a message in both languages, shipped files name their schema.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use hocso::cli::schema::{NAMES, schema, schema_text};
use hocso::cli::validate::describe;
use hocso::course::diagnostic::{CODES, Diagnostic};
use hocso::course::{files, question};
use hocso::ui::lang::Lang;
use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn shipped_schemas_equal_generated_ones() {
    for name in NAMES {
        let path = root().join(format!("schemas/{name}.schema.json"));
        let shipped = fs::read_to_string(&path).expect("shipped schema");
        let generated = schema_text(name).expect("known schema");
        assert!(
            shipped == generated,
            "{} is stale: run `cargo run -- schema {name} > schemas/{name}.schema.json`",
            path.display()
        );
    }
}

fn properties(v: &Value) -> BTreeSet<String> {
    v["properties"]
        .as_object()
        .expect("properties")
        .keys()
        .cloned()
        .collect()
}

fn keys(k: &[&str]) -> BTreeSet<String> {
    k.iter().map(|s| s.to_string()).collect()
}

#[test]
fn decoder_accepts_exactly_the_schema_fields() {
    let course = schema("course").expect("course");
    assert_eq!(properties(&course), keys(files::COURSE_KEYS));
    assert_eq!(
        properties(&course["definitions"]["mac-dinh"]),
        keys(files::DEFAULTS_KEYS)
    );
    let module = schema("module").expect("module");
    assert_eq!(properties(&module), keys(files::MODULE_KEYS));
    let glossary = schema("glossary").expect("glossary");
    assert_eq!(properties(&glossary), keys(files::GLOSSARY_KEYS));
    assert_eq!(
        properties(&glossary["definitions"]["thuat-ngu"]),
        keys(files::TERM_KEYS)
    );
    let lesson = schema("lesson").expect("lesson");
    let defs = &lesson["definitions"];
    assert_eq!(properties(&lesson), keys(files::LESSON_KEYS));
    assert_eq!(properties(&defs["trang"]), keys(files::PAGE_KEYS));
    assert_eq!(properties(&defs["bai-kiem-tra"]), keys(files::QUIZ_KEYS));
    assert_eq!(properties(&defs["cau-hoi"]), keys(question::QUESTION_KEYS));
    assert_eq!(properties(&defs["lua-chon"]), keys(question::CHOICE_KEYS));
    assert_eq!(properties(&defs["muc-sap-xep"]), keys(question::ITEM_KEYS));
    assert_eq!(properties(&defs["cap-noi"]), keys(question::PAIR_KEYS));
}

fn is_vietnamese(s: &str) -> bool {
    s.chars()
        .any(|c| "ăâđêôơưáàảãạếềểễệốồổỗộớờởỡợúùủũụứừửữựíìỉĩịýỳỷỹỵéèẻẽẹóòỏõọ".contains(c))
}

/// Trainers see titles in the editor: Vietnamese, never a Rust type name like `RawLesson`.
#[test]
fn schemas_show_no_rust_names_and_guide_the_author() {
    for name in NAMES {
        let s = schema(name).expect("schema");
        let text = s.to_string();
        assert!(!text.contains("Raw"), "{name}: a Rust type name is visible");
        assert!(
            is_vietnamese(s["title"].as_str().unwrap_or_default()),
            "{name}"
        );
        for (def, d) in s["definitions"].as_object().into_iter().flatten() {
            let title = d["title"].as_str().unwrap_or_default();
            assert!(
                is_vietnamese(title) || title.contains("Chương"),
                "{name}/{def}: {title}"
            );
        }
    }
    let lesson = schema("lesson").expect("lesson");
    let q = &lesson["definitions"]["cau-hoi"];
    let snippets = q["defaultSnippets"].as_array().expect("snippets");
    let kinds: Vec<&str> = snippets
        .iter()
        .map(|s| s["body"]["kind"].as_str().expect("kind"))
        .collect();
    assert_eq!(
        kinds,
        ["one", "many", "true_false", "text", "order", "match"]
    );
    assert_eq!(q["allOf"].as_array().expect("per-kind rules").len(), 6);
    let kind = &lesson["definitions"]["loai-cau-hoi"];
    assert_eq!(kind["enum"].as_array().expect("enum").len(), 6);
    assert_eq!(
        kind["enumDescriptions"]
            .as_array()
            .expect("descriptions")
            .len(),
        6
    );
    let prompt = q["properties"]["prompt"]["markdownDescription"]
        .as_str()
        .expect("markdown");
    assert!(prompt.contains("```yaml\nprompt:"), "{prompt}");
}

#[test]
fn schemas_are_draft07_with_vietnamese_descriptions_on_every_field() {
    for name in NAMES {
        let s = schema(name).expect("schema");
        assert_eq!(s["$schema"], "http://json-schema.org/draft-07/schema#");
        let mut objects = vec![s.clone()];
        if let Some(defs) = s["definitions"].as_object() {
            objects.extend(defs.values().cloned());
        }
        for obj in objects {
            let Some(props) = obj["properties"].as_object() else {
                continue;
            };
            for (field, p) in props {
                let d = p["description"].as_str().unwrap_or_default();
                assert!(
                    is_vietnamese(d),
                    "{name}: field {field} lacks a Vietnamese description"
                );
            }
        }
    }
}

/// The `validate.*` keys of every locale file of `lang` (several areas add codes).
fn locale_keys(lang: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for e in fs::read_dir(root().join("locales")).expect("locales") {
        let path = e.expect("entry").path();
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        if !name.ends_with(&format!(".{lang}.yml")) {
            continue;
        }
        let text = fs::read_to_string(&path).expect("locale file");
        let v: serde_json::Value = serde_saphyr::from_str(&text).expect("locale parses");
        let Some(table) = v["validate"].as_object() else {
            continue;
        };
        for (k, v) in table {
            assert!(v.is_string(), "{name}: {k} is not a quoted string");
            assert!(out.insert(k.clone()), "{name}: {k} is defined twice");
        }
    }
    out
}

#[test]
fn every_code_has_a_message_in_both_locales() {
    let vi = locale_keys("vi");
    let en = locale_keys("en");
    assert_eq!(vi, en, "locales differ in keys");
    for (code, _) in CODES {
        assert!(vi.contains(*code), "no message for {code}");
        let d = Diagnostic::new("x.yaml", 1, 1, code, vec![]);
        let (mvi, men) = (describe(&d, Lang::Vi), describe(&d, Lang::En));
        // Compiled in (not the key echoed back) and really translated.
        assert!(!mvi.contains("validate."), "{code}: {mvi}");
        assert!(!men.contains("validate."), "{code}: {men}");
        assert_ne!(mvi, men, "{code} is not translated");
    }
}

fn shipped_yaml(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in fs::read_dir(dir).expect("lessons folder") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            shipped_yaml(&p, out);
        } else if p.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(p);
        }
    }
}

#[test]
fn every_shipped_file_names_its_schema_on_the_first_line() {
    let lessons = root().join("lessons");
    let mut all = Vec::new();
    shipped_yaml(&lessons, &mut all);
    assert!(!all.is_empty());
    for p in all {
        let text = fs::read_to_string(&p).expect("read");
        let first = text.lines().next().unwrap_or_default();
        let rel = first
            .strip_prefix("# yaml-language-server: $schema=")
            .unwrap_or_else(|| panic!("{}: first line must name the schema", p.display()));
        let name = p.file_name().expect("name").to_string_lossy();
        let kind = match name.as_ref() {
            "course.yaml" => "course",
            "module.yaml" => "module",
            "glossary.yaml" => "glossary",
            _ => "lesson",
        };
        assert!(
            rel.ends_with(&format!("schemas/{kind}.schema.json")) && !rel.starts_with('/'),
            "{}: expected a relative path to {kind}.schema.json, got {rel}",
            p.display()
        );
        let target = p.parent().expect("dir").join(rel);
        assert!(target.is_file(), "{}: {rel} does not exist", p.display());
    }
}

fn guide() -> String {
    fs::read_to_string(root().join("lessons/README.md")).expect("trainer's guide")
}

#[test]
fn guide_lists_every_code() {
    let g = guide();
    for (code, _) in CODES {
        assert!(
            g.contains(&format!("| {code} |")),
            "lessons/README.md does not list {code}"
        );
    }
}

#[test]
fn guide_example_lesson_is_clean() {
    let g = guide();
    let start = g
        .find("<!-- example-lesson -->\n````yaml\n")
        .expect("example marker");
    let body = &g[start..];
    let body = &body[body.find('\n').expect("nl") + 1..];
    let body = &body[body.find('\n').expect("nl") + 1..];
    let end = body.find("\n````").expect("end of example");
    let example = &body[..=end];
    let loaded = hocso::course::load::load_parts(&[hocso::course::source::SourceFile {
        path: "01-ma-otp.yaml".into(),
        bytes: example.as_bytes().to_vec().into(),
    }]);
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    assert_eq!(loaded.stats.by_kind, [1, 1, 1, 1, 1, 1]);
}

#[test]
fn course_core_has_no_terminal_i18n_or_file_access() {
    // Every file below src/course, the folders of its modules' tests included.
    let mut files = Vec::new();
    let mut dirs = vec![root().join("src/course")];
    while let Some(dir) = dirs.pop() {
        for e in fs::read_dir(&dir).expect("src/course") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                dirs.push(p);
            } else {
                files.push(p);
            }
        }
    }
    assert!(files.len() > 10, "{files:?}");
    for p in files {
        let text = fs::read_to_string(&p).expect("read");
        let name = p.file_name().expect("name").to_string_lossy().into_owned();
        for banned in ["ratatui::", "crossterm::", "rust_i18n::", " t!("] {
            assert!(!text.contains(banned), "{name} uses {banned}");
        }
        // Only `source.rs` (the shell part that finds the files) may touch the file system.
        if name != "source.rs" {
            assert!(!text.contains("std::fs"), "{name} touches files");
        }
    }
}
