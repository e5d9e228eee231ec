//! No input makes the loader panic or run away: alias bombs, deep nesting, huge files, random
//! bytes, truncated lessons; and decomposed (NFD) Vietnamese loads as NFC.

use hocso::course::load::{Loaded, load, load_parts};
use hocso::course::source::{SourceFile, builtin, from_dir};
use unicode_normalization::{UnicodeNormalization, is_nfc};

fn one(name: &str, bytes: Vec<u8>) -> Loaded {
    load_parts(&[SourceFile {
        path: name.to_string(),
        bytes: bytes.into(),
    }])
}

fn codes(l: &Loaded) -> Vec<&'static str> {
    l.diagnostics.iter().map(|d| d.code).collect()
}

#[test]
fn billion_laughs_is_refused_with_e009() {
    let mut s = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 9].join(", ");
        s.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    assert_eq!(codes(&one("bom.yaml", s.into_bytes())), ["E009"]);
}

#[test]
fn ten_thousand_deep_nesting_is_refused_with_e009() {
    let flow = "[".repeat(10_000) + &"]".repeat(10_000);
    assert_eq!(codes(&one("flow.yaml", flow.into_bytes())), ["E009"]);
    let block = "- ".repeat(10_000) + "x\n";
    assert_eq!(codes(&one("block.yaml", block.into_bytes())), ["E009"]);
    let mapping: String = (0..10_000).map(|_| "a: ").collect::<String>() + "x\n";
    assert!(!one("map.yaml", mapping.into_bytes()).diagnostics.is_empty());
}

#[test]
fn twenty_megabyte_file_is_refused_with_e008() {
    let mut s = String::from("id: to\ntitle: \"");
    s.push_str(&"a".repeat(20 * 1024 * 1024));
    s.push_str("\"\n");
    let l = one("to.yaml", s.into_bytes());
    assert_eq!(codes(&l), ["E008"]);
    assert_eq!(l.diagnostics[0].arg("limit_kb"), Some("1024"));
}

#[test]
fn random_bytes_give_diagnostics_not_panics() {
    let mut rng = fastrand::Rng::with_seed(20_261_126);
    for _ in 0..300 {
        let len = rng.usize(0..2000);
        let bytes: Vec<u8> = (0..len).map(|_| rng.u8(..)).collect();
        let l = one("rac.yaml", bytes);
        assert!(!l.diagnostics.is_empty());
    }
    // Random printable YAML-ish text: exercises the parser and the repair loop harder.
    let alphabet: Vec<char> = "ab: -[]{}\"'#&*!|>\n\t  ,?đư".chars().collect();
    for _ in 0..300 {
        let len = rng.usize(0..600);
        let text: String = (0..len)
            .map(|_| alphabet[rng.usize(..alphabet.len())])
            .collect();
        let l = one("rac.yaml", text.into_bytes());
        assert!(!l.diagnostics.is_empty(), "random text passed as a lesson");
    }
}

#[test]
fn truncated_lessons_never_panic() {
    // Every file of the sample course (all six kinds, glossary, module and course files) cut at
    // ~200 points each; the whole course is loaded each time, so cross-file checks run too. (The
    // 54-lesson built-in course would mean ~50,000 loads: too slow for a debug test run.)
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sample-course");
    let sample = from_dir(&dir).expect("sample course");
    assert!(sample.len() >= 5);
    for f in &sample {
        let step = (f.bytes.len() / 200).max(1);
        for cut in (0..f.bytes.len()).step_by(step) {
            let mut files = sample.clone();
            for g in &mut files {
                if g.path == f.path {
                    g.bytes.to_mut().truncate(cut);
                }
            }
            let l = load(&files);
            assert!(
                l.course.is_some() || !l.diagnostics.is_empty(),
                "{} cut at {cut}",
                f.path
            );
        }
    }
    // And each built-in lesson cut once in the middle, against the whole built-in course.
    let builtin = builtin();
    for (i, f) in builtin.iter().enumerate().step_by(7) {
        let mut files = builtin.clone();
        let half = files[i].bytes.len() / 2;
        files[i].bytes.to_mut().truncate(half);
        let l = load(&files);
        assert!(
            l.course.is_some() || !l.diagnostics.is_empty(),
            "{} cut at {half}",
            f.path
        );
    }
}

#[test]
fn nfd_input_loads_as_nfc() {
    let nfc = builtin();
    let nfd: Vec<SourceFile> = nfc
        .iter()
        .map(|f| SourceFile {
            path: f.path.clone(),
            bytes: std::str::from_utf8(&f.bytes)
                .expect("utf-8")
                .nfd()
                .collect::<String>()
                .into_bytes()
                .into(),
        })
        .collect();
    assert_ne!(nfc, nfd, "the sample must contain Vietnamese letters");
    let a = load(&nfc).course.expect("nfc loads");
    let b = load(&nfd).course.expect("nfd loads");
    assert_eq!(a, b);
    assert!(is_nfc(&b.modules[0].lessons[0].pages[0].body));
}

#[test]
fn bom_and_crlf_are_accepted() {
    let mut files = builtin();
    for f in &mut files {
        let text = std::str::from_utf8(&f.bytes)
            .expect("utf-8")
            .replace('\n', "\r\n");
        f.bytes = [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat().into();
    }
    let l = load(&files);
    // W009 (lesson metadata not written yet) is content's business, not the encoding's.
    let diags: Vec<_> = l.diagnostics.iter().filter(|d| d.code != "W009").collect();
    assert!(diags.is_empty(), "{diags:?}");
    let course = l.course.expect("course");
    assert!(!course.modules[0].lessons[0].pages[0].body.contains('\r'));
}
