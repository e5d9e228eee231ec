//! Guards on UI strings: every key exists in both languages, every value is quoted (rust-i18n
//! silently drops values like `No`, `on`, `1.10`), and every key was compiled into the binary.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

fn flatten(prefix: &str, v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&key, v, out);
            }
        }
        _ => {
            out.insert(prefix.to_string());
        }
    }
}

/// `(area, locale) → keys` for every `locales/<area>.<locale>.yml`.
fn locale_files() -> Vec<(String, String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
    let mut files = Vec::new();
    for e in std::fs::read_dir(dir).expect("locales folder") {
        let path = e.expect("entry").path();
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let Some(stem) = name.strip_suffix(".yml") else {
            continue;
        };
        let (area, locale) = stem
            .rsplit_once('.')
            .expect("files are named <area>.<locale>.yml");
        files.push((
            area.to_string(),
            locale.to_string(),
            std::fs::read_to_string(&path).expect("read"),
        ));
    }
    files.sort();
    files
}

fn keys(text: &str) -> BTreeSet<String> {
    let v: Value = serde_saphyr::from_str(text).expect("locale file is valid YAML");
    let mut out = BTreeSet::new();
    flatten("", &v, &mut out);
    out
}

#[test]
fn every_area_has_the_same_keys_in_vi_and_en() {
    let files = locale_files();
    let areas: BTreeSet<&str> = files.iter().map(|(a, _, _)| a.as_str()).collect();
    assert!(areas.contains("core"), "found {areas:?}");
    for area in areas {
        let get = |loc: &str| {
            files
                .iter()
                .find(|(a, l, _)| a == area && l == loc)
                .map(|(_, _, t)| keys(t))
                .unwrap_or_else(|| panic!("locales/{area}.{loc}.yml is missing"))
        };
        let (vi, en) = (get("vi"), get("en"));
        let only_vi: Vec<_> = vi.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&vi).collect();
        assert!(
            only_vi.is_empty() && only_en.is_empty(),
            "{area}: only in vi {only_vi:?}, only in en {only_en:?}"
        );
    }
}

#[test]
fn every_value_is_quoted() {
    for (area, locale, text) in locale_files() {
        for (n, line) in text.lines().enumerate() {
            let t = line.trim_start();
            if t.starts_with('#') || t.is_empty() {
                continue;
            }
            let Some((_, value)) = t.split_once(": ") else {
                continue;
            };
            let value = value.trim();
            assert!(
                value.starts_with('"') || value.starts_with('\''),
                "locales/{area}.{locale}.yml:{}: quote the value: {line}",
                n + 1
            );
        }
    }
}

#[test]
fn every_key_is_compiled_in_for_both_languages() {
    for (_, locale, text) in locale_files() {
        for key in keys(&text) {
            // The library's own backend, without falling back to Vietnamese.
            let got = hocso::_rust_i18n_backend().translate(&locale, &key);
            let got = got.unwrap_or_else(|| panic!("{key} missing from the {locale} build (unquoted value? build.rs rerun-if-changed?)"));
            assert!(!got.trim().is_empty(), "{key} is empty in {locale}");
        }
    }
}

#[test]
fn every_ui_string_is_nfc() {
    for (area, locale, text) in locale_files() {
        assert!(
            unicode_normalization::is_nfc(&text),
            "locales/{area}.{locale}.yml is not NFC"
        );
    }
}
