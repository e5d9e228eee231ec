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
    for dir in ["course", "quiz", "app", "progress"] {
        rust_files(&root.join(dir), &mut files);
    }
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
    for ctx in hocso::ui::keymap::all_contexts() {
        for b in hocso::ui::keymap::bindings(*ctx, false) {
            for lang in ["vi", "en"] {
                for k in [b.label, b.desc] {
                    let full = format!("tui.{k}");
                    assert_ne!(hocso::ui::translate(&full, lang), full, "{ctx:?} {lang}");
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// No import circles between files. Every `use crate::…`/`use super::…`/`use self::…`, every
// relative `use child::…` in a module file, and every inline `crate::…`/`super::…` path is
// resolved to the file that defines it (the longest prefix of the path that is a file). A module
// file re-exporting or calling its own children is structure, not a dependency: edges from a
// `mod.rs`/`lib.rs` into its own folder are left out. Test modules (`#[cfg(test)] mod tests`)
// may import anything and are not read.

mod cycles {
    use std::collections::{BTreeMap, BTreeSet};

    pub type Files = BTreeMap<String, String>;

    fn module_of(rel: &str) -> Vec<String> {
        let mut parts: Vec<String> = rel
            .trim_end_matches(".rs")
            .split('/')
            .map(String::from)
            .collect();
        if matches!(
            parts.last().map(String::as_str),
            Some("mod" | "lib" | "main")
        ) {
            parts.pop();
        }
        parts
    }

    fn is_module_file(rel: &str) -> bool {
        rel == "lib.rs" || rel == "main.rs" || rel.ends_with("/mod.rs")
    }

    fn file_for(files: &Files, segs: &[String]) -> String {
        for n in (1..=segs.len()).rev() {
            let base = segs[..n].join("/");
            for cand in [format!("{base}.rs"), format!("{base}/mod.rs")] {
                if files.contains_key(&cand) {
                    return cand;
                }
            }
        }
        "lib.rs".to_string()
    }

    /// `a::{b, c::{d, e}}` → `[a::b, a::c::d, a::c::e]`, each as segments.
    fn expand(tree: &str, prefix: &[String], out: &mut Vec<Vec<String>>) {
        let t: String = tree.chars().filter(|c| !c.is_whitespace()).collect();
        let t = t.as_str();
        if let Some(inner) = t.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
            let (mut depth, mut cur) = (0, String::new());
            for ch in inner.chars() {
                match ch {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => {}
                }
                if ch == ',' && depth == 0 {
                    if !cur.is_empty() {
                        expand(&cur, prefix, out);
                    }
                    cur.clear();
                } else {
                    cur.push(ch);
                }
            }
            if !cur.is_empty() {
                expand(&cur, prefix, out);
            }
            return;
        }
        if let Some(i) = t.find("::{") {
            let mut p = prefix.to_vec();
            p.extend(t[..i].split("::").map(String::from));
            expand(&t[i + 2..], &p, out);
            return;
        }
        let mut p = prefix.to_vec();
        p.extend(t.split("::").map(String::from));
        out.push(p);
    }

    fn strip_tests(text: &str) -> &str {
        match text.find("#[cfg(test)]\nmod tests") {
            Some(k) => &text[..k],
            None => text,
        }
    }

    /// The paths a file names: `use` trees and inline `crate::`/`super::` paths.
    fn paths_in(text: &str) -> Vec<Vec<String>> {
        let mut out = Vec::new();
        let code: String = text
            .lines()
            .map(|l| {
                if l.trim_start().starts_with("//") {
                    ""
                } else {
                    l
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        // `use` statements (possibly over several lines).
        let mut rest = code.as_str();
        while let Some(at) = find_use(rest) {
            let after = &rest[at..];
            let end = after.find(';').unwrap_or(after.len());
            let raw = after["use ".len()..end].to_string();
            // Drop `as alias` parts before expanding.
            let raw = drop_aliases(&raw);
            expand(&raw, &[], &mut out);
            rest = &after[end.min(after.len())..];
        }
        // Inline paths outside `use` lines.
        for line in code.lines() {
            let l = line.trim_start();
            if l.starts_with("use ")
                || l.starts_with("pub use ")
                || l.starts_with("pub(crate) use ")
            {
                continue;
            }
            for start in ["crate::", "super::"] {
                let mut from = 0;
                while let Some(i) = line[from..].find(start) {
                    let at = from + i;
                    from = at + start.len();
                    let before = line[..at].chars().next_back();
                    if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                        continue;
                    }
                    let segs: Vec<String> = line[at..]
                        .split("::")
                        .map(|s| {
                            s.chars()
                                .take_while(|c| c.is_alphanumeric() || *c == '_')
                                .collect::<String>()
                        })
                        .take_while(|s| !s.is_empty())
                        .collect();
                    out.push(segs);
                }
            }
        }
        out
    }

    fn find_use(s: &str) -> Option<usize> {
        let mut from = 0;
        while let Some(i) = s[from..].find("use ") {
            let at = from + i;
            let line_start = s[..at].rfind('\n').map_or(0, |n| n + 1);
            let lead = s[line_start..at].trim();
            if lead.is_empty() || lead == "pub" || lead.starts_with("pub(") {
                return Some(at);
            }
            from = at + 4;
        }
        None
    }

    fn drop_aliases(raw: &str) -> String {
        let mut out = String::new();
        let mut skip = false;
        let words: Vec<&str> = raw
            .split_inclusive(|c: char| c.is_whitespace() || c == ',' || c == '}')
            .collect();
        for w in words {
            if skip {
                // the alias itself; keep its separator
                skip = false;
                out.extend(w.chars().filter(|c| *c == ',' || *c == '}'));
                continue;
            }
            if w.trim() == "as" {
                skip = true;
                continue;
            }
            out.push_str(w);
        }
        out
    }

    /// File → files it depends on.
    pub fn edges(files: &Files) -> BTreeMap<String, BTreeSet<String>> {
        let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (rel, text) in files {
            let me = module_of(rel);
            for segs in paths_in(strip_tests(text)) {
                let Some(first) = segs.first() else { continue };
                let target: Vec<String> = match first.as_str() {
                    "crate" => segs[1..].to_vec(),
                    "super" => {
                        let mut base = me.clone();
                        let mut rest = segs.as_slice();
                        // In `a/b.rs` (module a::b) `super` is a; in `a/mod.rs` (module a) it is
                        // a's parent — the same rule: drop one segment per `super`.
                        while rest.first().is_some_and(|s| s == "super") {
                            base.pop();
                            rest = &rest[1..];
                        }
                        base.extend(rest.iter().cloned());
                        base
                    }
                    "self" => me.iter().chain(segs[1..].iter()).cloned().collect(),
                    child if is_module_file(rel) => {
                        let mut t = me.clone();
                        t.push(child.to_string());
                        let f = file_for(files, &t);
                        if f == *rel {
                            continue;
                        }
                        t.extend(segs[1..].iter().cloned());
                        t
                    }
                    _ => continue,
                };
                let target: Vec<String> = target.into_iter().filter(|s| s != "*").collect();
                let to = file_for(files, &target);
                if to == *rel {
                    continue;
                }
                // A module file into its own folder: structure, not a dependency.
                if is_module_file(rel) {
                    let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
                    if dir.is_empty() || to.starts_with(&format!("{dir}/")) {
                        continue;
                    }
                }
                edges.entry(rel.clone()).or_default().insert(to);
            }
        }
        edges
    }

    /// Strongly connected groups of two or more files (Tarjan), each with its edges.
    pub fn circles(files: &Files) -> Vec<Vec<String>> {
        let edges = edges(files);
        let nodes: Vec<&String> = files.keys().collect();
        let index_of: BTreeMap<&String, usize> =
            nodes.iter().enumerate().map(|(i, n)| (*n, i)).collect();
        let n = nodes.len();
        let (mut index, mut low, mut on) = (vec![usize::MAX; n], vec![0; n], vec![false; n]);
        let (mut stack, mut next, mut out) = (Vec::new(), 0, Vec::new());
        // Iterative Tarjan: (node, next edge to look at).
        for root in 0..n {
            if index[root] != usize::MAX {
                continue;
            }
            let mut work: Vec<(usize, usize)> = vec![(root, 0)];
            while let Some(&mut (v, ref mut ei)) = work.last_mut() {
                if *ei == 0 && index[v] == usize::MAX {
                    index[v] = next;
                    low[v] = next;
                    next += 1;
                    stack.push(v);
                    on[v] = true;
                }
                let succ: Vec<usize> = edges
                    .get(nodes[v])
                    .map(|s| s.iter().filter_map(|t| index_of.get(t).copied()).collect())
                    .unwrap_or_default();
                if *ei < succ.len() {
                    let w = succ[*ei];
                    *ei += 1;
                    if index[w] == usize::MAX {
                        work.push((w, 0));
                    } else if on[w] {
                        low[v] = low[v].min(index[w]);
                    }
                    continue;
                }
                work.pop();
                if let Some(&(parent, _)) = work.last() {
                    low[parent] = low[parent].min(low[v]);
                }
                if low[v] == index[v] {
                    let mut comp = Vec::new();
                    while let Some(w) = stack.pop() {
                        on[w] = false;
                        comp.push(nodes[w].clone());
                        if w == v {
                            break;
                        }
                    }
                    if comp.len() > 1 {
                        comp.sort();
                        let mut lines = comp.clone();
                        for a in &comp {
                            for b in edges.get(a).into_iter().flatten() {
                                if comp.contains(b) {
                                    lines.push(format!("  {a} -> {b}"));
                                }
                            }
                        }
                        out.push(lines);
                    }
                }
            }
        }
        out
    }
}

fn source_files() -> cycles::Files {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut paths = Vec::new();
    rust_files(&root, &mut paths);
    paths
        .into_iter()
        .map(|p| {
            let rel = p
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

#[test]
fn no_import_circles_between_files() {
    let files = source_files();
    assert!(files.len() > 100, "only {} files read", files.len());
    let edges = cycles::edges(&files);
    assert!(
        edges.values().map(|s| s.len()).sum::<usize>() > 200,
        "too few imports resolved"
    );
    let circles = cycles::circles(&files);
    assert!(
        circles.is_empty(),
        "files that import each other (untie them: move the shared part down, or pass it in):\n{}",
        circles
            .iter()
            .map(|c| c.join("\n"))
            .collect::<Vec<_>>()
            .join("\n\n")
    );
}

#[test]
fn the_circle_guard_sees_circles() {
    let f = |v: &[(&str, &str)]| -> cycles::Files {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };
    // Two siblings, one through a `use` tree, the other through an inline path.
    let two = f(&[
        ("lib.rs", "pub mod a;\npub mod b;\n"),
        ("a/mod.rs", "pub mod x;\npub mod y;\n"),
        ("a/x.rs", "use crate::{a::y::Y, b as bee};\npub struct X;\n"),
        ("a/y.rs", "pub struct Y;\nfn f() { let _ = super::x::X; }\n"),
        ("b.rs", "pub struct B;\n"),
    ]);
    assert_eq!(cycles::circles(&two).len(), 1, "{:?}", cycles::edges(&two));
    // A module file using its own children, and children using the module file: no circle.
    let facade = f(&[
        ("lib.rs", "pub mod a;\n"),
        ("a/mod.rs", "mod x;\npub use x::X;\npub struct M;\n"),
        ("a/x.rs", "use super::M;\npub struct X;\n"),
    ]);
    assert!(
        cycles::circles(&facade).is_empty(),
        "{:?}",
        cycles::edges(&facade)
    );
    // Three files in a ring across folders, with `super::super`.
    let ring = f(&[
        ("lib.rs", "pub mod a;\npub mod b;\n"),
        ("a/mod.rs", "pub mod x;\n"),
        ("a/x.rs", "use super::super::b::c::C;\n"),
        ("b/mod.rs", "pub mod c;\npub mod d;\n"),
        ("b/c.rs", "pub use super::d::D as Dee;\npub struct C;\n"),
        (
            "b/d.rs",
            "pub fn d() { crate::a::x::f(); }\n#[cfg(test)]\nmod tests { use crate::b::c::C; }\n",
        ),
    ]);
    let c = cycles::circles(&ring);
    assert_eq!(c.len(), 1, "{c:?}");
    assert!(
        c[0].iter().filter(|l| !l.starts_with(' ')).count() == 3,
        "{c:?}"
    );
}
