// Rebuild when UI strings or the built-in course change: rust-i18n reads the strings at compile
// time, and this script packs the course; cargo would not notice edits on its own.
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=locales");
    println!("cargo:rerun-if-changed=lessons");
    // Linux (glibc): pack the position-independent program's relative relocations (DT_RELR).
    // The loader then reads a few KB at start instead of a 550 KB table, and the program keeps
    // its address-space randomisation. ld uses it only where glibc supports it (2.36 and later);
    // an older toolchain ignores the option.
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
    pack_course();
}

/// The built-in course, each lesson-format file deflated on its own (src/course/source.rs).
/// Unpacked, its 0.9 MB of YAML were all paged into memory when the program read them at start;
/// deflated they are a fifth of that, and each file is unpacked only while it is read.
fn pack_course() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons");
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    let mut files = Vec::new();
    walk(&root, "", &mut files);
    files.sort();
    let mut index = String::from("&[\n");
    for (i, rel) in files.iter().enumerate() {
        let raw = std::fs::read(root.join(rel)).expect("read a lesson file");
        // Raw deflate at the highest level (src/course/source.rs unpacks it).
        let packed = miniz_oxide::deflate::compress_to_vec(&raw, 10);
        let name = out.join(format!("lesson-{i}.deflate"));
        std::fs::write(&name, packed).expect("write the packed lesson file");
        index.push_str(&format!(
            "    ({rel:?}, {}, include_bytes!({:?})),\n",
            raw.len(),
            name.display().to_string()
        ));
    }
    index.push_str("]\n");
    std::fs::write(out.join("builtin_course.rs"), index).expect("write the course index");
}

/// Every file under `dir` whose name the loader reads (`.yaml`/`.yml`), `/`-separated.
fn walk(dir: &Path, prefix: &str, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).expect("read the lessons folder") {
        let entry = entry.expect("read the lessons folder");
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = format!("{prefix}{name}");
        if entry.file_type().expect("file type").is_dir() {
            walk(&entry.path(), &format!("{rel}/"), out);
        } else {
            let lower = rel.to_ascii_lowercase();
            if lower.ends_with(".yaml") || lower.ends_with(".yml") {
                out.push(rel);
            }
        }
    }
}
