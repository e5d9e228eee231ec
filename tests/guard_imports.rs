//! Guards: the pure core imports no terminal or i18n crate; every UI string key exists in both
//! languages and was compiled in.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn pure_core_has_no_terminal_or_i18n_imports() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    for dir in ["course", "quiz", "app"] {
        rust_files(&root.join(dir), &mut files);
    }
    files.push(root.join("progress/model.rs"));
    files.push(root.join("progress/merge.rs"));
    files.push(root.join("progress/review.rs"));
    files.push(root.join("progress/change.rs"));
    // The loader and sources read files but must not draw either.
    let mut checked = 0;
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        for banned in [
            "ratatui",
            "crossterm",
            "rust_i18n",
            "std::fs",
            "Timestamp::now",
            "SystemTime",
            "TimeZone::system",
        ] {
            let hit = text
                .lines()
                .any(|l| !l.trim_start().starts_with("//") && l.contains(banned));
            let allowed = banned == "std::fs" && f.ends_with("source.rs");
            assert!(!hit || allowed, "{} uses {banned}", f.display());
        }
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} files checked");
}

fn keys(prefix: &str, v: &serde_json::Value, out: &mut BTreeSet<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, v) in m {
                keys(&format!("{prefix}{k}."), v, out);
            }
        }
        _ => {
            out.insert(prefix.trim_end_matches('.').to_string());
        }
    }
}

fn locale_keys(file: &str) -> BTreeSet<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("locales")
        .join(file);
    let text = std::fs::read_to_string(path).unwrap();
    let v: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
    let mut out = BTreeSet::new();
    keys("", &v, &mut out);
    out
}

#[test]
fn tui_locales_have_the_same_keys_and_all_are_compiled_in() {
    let vi = locale_keys("tui.vi.yml");
    let en = locale_keys("tui.en.yml");
    assert_eq!(
        vi.symmetric_difference(&en).collect::<Vec<_>>(),
        Vec::<&String>::new()
    );
    for k in &vi {
        for lang in ["vi", "en"] {
            let got = hocso::ui::translate(k, lang);
            assert_ne!(&got, k, "{k} missing in {lang} (unquoted value?)");
            assert!(!got.is_empty());
        }
    }
}

#[test]
fn every_keymap_binding_is_described_in_both_languages() {
    for ctx in hocso::keymap::all_contexts() {
        for b in hocso::keymap::bindings(*ctx, false) {
            for lang in ["vi", "en"] {
                for k in [b.label, b.desc] {
                    let full = format!("tui.{k}");
                    assert_ne!(hocso::ui::translate(&full, lang), full, "{ctx:?} {lang}");
                }
            }
        }
    }
}
