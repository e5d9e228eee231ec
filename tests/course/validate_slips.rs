//! The slips a trainer makes in Notepad or VS Code, or with text pasted from Word or Zalo, each
//! made in a copy of a real lesson (`lessons/lam-quen/02-vao-mang.yaml`): `hocso validate` names
//! the broken line first, says what is wrong, and its suggested fix, applied to the file as
//! printed, validates clean. Runs under Wine too (a part of `validate_cli`): no shell, no
//! fixed paths.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

fn hocso() -> Command {
    let mut c = Command::cargo_bin("hocso").expect("binary");
    c.env_remove("HOCSO_LANG").env_remove("HOCSO_LESSONS");
    c.env("LANG", "en_US.UTF-8");
    c
}

fn real(name: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("lessons/lam-quen")
        .join(name);
    fs::read_to_string(p).expect("real lesson")
}

/// The real lesson with `from` replaced by `to`, beside the module's glossary (it uses it).
fn broken(from: &str, to: &str) -> (TempDir, PathBuf) {
    let lesson = real("02-vao-mang.yaml");
    assert!(lesson.contains(from), "the lesson no longer has {from:?}");
    let dir = TempDir::new().expect("temp dir");
    fs::write(dir.path().join("glossary.yaml"), real("glossary.yaml")).expect("glossary");
    let file = dir.path().join("02-vao-mang.yaml");
    fs::write(&file, lesson.replacen(from, to, 1)).expect("write");
    (dir, file)
}

/// `hocso validate --format json FILE`: exit status and the diagnostics.
fn check(file: &Path) -> (i32, Vec<Value>) {
    let out = hocso()
        .args(["validate", "--format", "json"])
        .arg(file)
        .output()
        .expect("run");
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    let list = v["diagnostics"].as_array().expect("list").clone();
    (out.status.code().unwrap_or(-1), list)
}

/// `hocso validate FILE` as the trainer reads it.
fn printed(file: &Path) -> String {
    let out = hocso().arg("validate").arg(file).output().expect("run");
    String::from_utf8(out.stdout).expect("utf-8")
}

/// Rewrites the file as each printed fix says (lowest lines last, so line numbers hold).
fn apply_fixes(file: &Path, diags: &[Value]) {
    let text = fs::read_to_string(file).expect("read");
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let mut fixes: Vec<&Value> = diags.iter().map(|d| &d["fix"]).collect();
    fixes.sort_by_key(|f| std::cmp::Reverse(f["line"].as_u64()));
    for f in fixes {
        let from = f["line"].as_u64().expect("line") as usize - 1;
        let to = f["last_line"].as_u64().expect("last line") as usize;
        let new = f["text"]
            .as_str()
            .expect("text")
            .split('\n')
            .map(str::to_string);
        lines.splice(from..to, new);
    }
    fs::write(file, lines.join("\n")).expect("write");
}

/// 1-based line of the first line of `text` containing `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("no {needle:?}"))
}

/// One slip: what the trainer typed in place of what, the code, the line it is on (a piece of
/// it), and words the message must have.
struct Slip {
    from: &'static str,
    to: &'static str,
    code: &'static str,
    at: &'static str,
    says: &'static str,
}

const SLIPS: &[Slip] = &[
    Slip {
        from: "text: \"Bật chế độ máy bay\"",
        to: "text: \"Bác nói \"xin chào\" rồi\"",
        code: "E043",
        at: "xin chào",
        says: "ngoặc kép",
    },
    Slip {
        from: "text: \"Bật chế độ máy bay\"",
        to: "text: 'Bác nói 'xin chào' rồi'",
        code: "E043",
        at: "xin chào",
        says: "loại ngoặc kia",
    },
    Slip {
        from: "text: \"Bật chế độ máy bay\"",
        to: "text:\u{a0}\"Bật chế độ máy bay\"",
        code: "E044",
        at: "Bật chế độ máy bay",
        says: "dấu cách không ngắt",
    },
    Slip {
        from: "          text: \"Bật chế độ máy bay\"",
        to: "\u{a0}         text: \"Bật chế độ máy bay\"",
        code: "E044",
        at: "Bật chế độ máy bay",
        says: "Word hoặc Zalo",
    },
    Slip {
        from: "text: \"Bật chế độ máy bay\"",
        to: "text: Bật chế độ máy bay:\n          - Mở Cài đặt\n          - Bật Chế độ máy bay",
        code: "E046",
        at: "Bật chế độ máy bay:",
        says: "`|`",
    },
    Slip {
        from: "text: \"Bật chế độ máy bay\"",
        to: "text: Các bước\n            - Mở Zalo\n            - Bấm gọi",
        code: "E046",
        at: "text: Các bước",
        says: "một dòng",
    },
    Slip {
        from: "      prompt: \"Sắp xếp các bước nối điện thoại với Wi-Fi nhà mình:\"",
        to: "      prompt: Sắp xếp các bước:\n        - Mở Zalo\n        - Chọn bạn",
        code: "E046",
        at: "Sắp xếp các bước:",
        says: "`|`",
    },
    Slip {
        from: "        - id: c\n          text: \"Bật chế độ máy bay\"",
        to: "        * id: c\n          text: \"Bật chế độ máy bay\"",
        code: "E045",
        at: "* id: c",
        says: "`-`",
    },
    Slip {
        from: "      explanation: \"Máy phải bật Wi-Fi thì mới thấy danh sách tên mạng. Nối xong một lần, lần sau máy tự nhớ.\"",
        to: "      explanation: Mở trang # 1 của ứng dụng",
        code: "E042",
        at: "Mở trang # 1",
        says: "học viên chỉ thấy \"Mở trang\"",
    },
    Slip {
        from: "          text: \"Bật chế độ máy bay\"",
        to: "\t  text: \"Bật chế độ máy bay\"",
        code: "E006",
        at: "Bật chế độ máy bay",
        says: "gõ 10 dấu cách",
    },
    Slip {
        from: "      kind: one\n",
        to: "      kind one\n",
        code: "E001",
        at: "kind one",
        says: "dấu hai chấm",
    },
    Slip {
        from: "        - id: c\n",
        to: "         - id: c\n",
        code: "E047",
        at: "         - id: c",
        says: "thụt đúng 8 dấu cách",
    },
    Slip {
        from: "          feedback: \"Chế độ máy bay làm ngược lại: nó tắt mọi kết nối.\"",
        to: "        feedback: \"Chế độ máy bay làm ngược lại: nó tắt mọi kết nối.\"",
        code: "E047",
        at: "        feedback: \"Chế độ máy bay làm ngược lại",
        says: "thụt đúng 10 dấu cách",
    },
    Slip {
        from: "  - \"Nói được hai cách cho điện thoại vào mạng Internet.\"\n  - \"Nối",
        to: "  • \"Nói được hai cách cho điện thoại vào mạng Internet.\"\n  • \"Nối",
        code: "E045",
        at: "• \"Nói được",
        says: "`-`",
    },
];

#[test]
fn each_slip_is_named_at_its_line_and_its_fix_validates() {
    for s in SLIPS {
        let (_dir, file) = broken(s.from, s.to);
        // Saved by Notepad: the same message, and a fix without a stray `\r` in it.
        let lf = fs::read_to_string(&file).expect("read");
        fs::write(&file, lf.replace('\n', "\r\n")).expect("write");
        let (_, diags) = check(&file);
        let fix = diags[0]["fix"]["text"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert!(
            !fix.is_empty() && !fix.contains('\r'),
            "{}: {diags:#?}",
            s.code
        );
        assert!(!printed(&file).contains('\u{FFFD}'), "{}", s.code);
        fs::write(&file, &lf).expect("write");

        let text = fs::read_to_string(&file).expect("read");
        let line = line_of(&text, s.at);
        let (code, diags) = check(&file);
        let what = format!("{} ({:?})", s.code, s.to);
        assert_eq!(code, 1, "{what}: an error, so the lesson is not used as is");
        // One message: the slip itself, not a trail of what it broke.
        assert_eq!(diags.len(), 1, "{what}: {diags:#?}");
        let d = &diags[0];
        assert_eq!(d["code"], s.code, "{what}: {d:#?}");
        assert_eq!(d["line"], line, "{what}: {d:#?}");
        // What the trainer reads: the place first, the message in Vietnamese, the fix.
        let out = printed(&file);
        let first = out.lines().next().expect("a line");
        assert!(
            first.contains(&format!("02-vao-mang.yaml:{line}:")) && first.contains(" lỗi: "),
            "{what}: {out}"
        );
        assert!(out.contains(s.says), "{what}: {out}");
        assert!(
            out.contains("Sửa dòng") && out.contains(&format!("[{}]", s.code)),
            "{what}: {out}"
        );
        // Fixed as printed: clean, and the text the trainer meant is kept.
        apply_fixes(&file, &diags);
        let (code, after) = check(&file);
        assert_eq!((code, after.len()), (0, 0), "{what}: {after:#?}");
    }
}

#[test]
fn the_fix_for_a_quote_keeps_the_quote_and_a_list_keeps_its_lines() {
    let (_dir, file) = broken(
        "text: \"Bật chế độ máy bay\"",
        "text: \"Bác nói \"xin chào\" rồi\"",
    );
    let (_, diags) = check(&file);
    assert_eq!(
        diags[0]["fix"]["text"].as_str().map(str::trim_start),
        Some("text: 'Bác nói \"xin chào\" rồi'")
    );
    let (_dir, file) = broken(
        "text: \"Bật chế độ máy bay\"",
        "text: Các bước\n          - Mở Zalo\n          - Bấm gọi",
    );
    let (_, diags) = check(&file);
    let fix = diags[0]["fix"]["text"].as_str().expect("fix");
    assert_eq!(
        fix,
        "          text: |\n            Các bước\n            - Mở Zalo\n            - Bấm gọi"
    );
    // Printed with its indentation, as it goes in the file.
    let out = printed(&file);
    assert!(
        out.contains(&format!("thành các dòng dưới đây. [E046]\n{fix}\n")),
        "{out}"
    );
}

#[test]
fn the_broken_line_comes_before_what_it_breaks() {
    // The correct choice's `correct: true` broken (a bracket never closed): the question's
    // one-correct check, on a line above, fails because of it.
    let (_dir, file) = broken(
        "          text: \"Dữ liệu di động (4G, 5G) từ sim trong máy chị\"\n          correct: true",
        "          text: \"Dữ liệu di động (4G, 5G) từ sim trong máy chị\"\n          correct: [true",
    );
    let text = fs::read_to_string(&file).expect("read");
    let broken_line = line_of(&text, "correct: [true");
    let (code, diags) = check(&file);
    assert_eq!(code, 1);
    assert!(
        diags
            .iter()
            .any(|d| d["line"].as_u64() < Some(broken_line as u64)),
        "a consequence above the cause: {diags:#?}"
    );
    assert_eq!(diags[0]["line"], broken_line, "{diags:#?}");
    let out = printed(&file);
    assert!(
        out.lines()
            .next()
            .is_some_and(|l| l.contains(&format!(":{broken_line}:"))),
        "{out}"
    );
}

#[test]
fn several_slips_in_one_file_each_at_its_own_line_and_all_fixes_together_validate() {
    let lesson = real("02-vao-mang.yaml");
    let dir = TempDir::new().expect("temp dir");
    fs::write(dir.path().join("glossary.yaml"), real("glossary.yaml")).expect("glossary");
    let file = dir.path().join("02-vao-mang.yaml");
    // A list that adds a line when fixed comes first: the lines after it must keep their
    // numbers in every later message.
    let slips = [
        (
            "          text: \"Bật chế độ máy bay\"",
            "          text: Các bước:\n          - Mở Zalo\n          - Bấm gọi",
            "text: Các bước:",
            "E046",
        ),
        (
            "          text: \"Bluetooth để bắt mạng từ máy người bên cạnh\"",
            "          text: \"Bác nói \"Bluetooth\" là được\"",
            "Bác nói",
            "E043",
        ),
        ("      kind: one\n", "      kind one\n", "kind one", "E001"),
        (
            "      kind: match\n",
            "      kind:\u{a0}match\n",
            "kind:\u{a0}match",
            "E044",
        ),
    ];
    let mut text = lesson.clone();
    for (from, to, _, _) in &slips {
        assert!(text.contains(from), "{from}");
        text = text.replacen(from, to, 1);
    }
    fs::write(&file, &text).expect("write");
    let (code, diags) = check(&file);
    assert_eq!(code, 1);
    let found: Vec<(u64, &str)> = diags
        .iter()
        .map(|d| {
            (
                d["line"].as_u64().expect("line"),
                d["code"].as_str().expect("code"),
            )
        })
        .collect();
    let mut expected: Vec<(u64, &str)> = slips
        .iter()
        .map(|(_, _, at, code)| (line_of(&text, at) as u64, *code))
        .collect();
    expected.sort();
    assert_eq!(found, expected, "{diags:#?}");
    apply_fixes(&file, &diags);
    let (code, after) = check(&file);
    assert_eq!((code, after.len()), (0, 0), "{after:#?}");
}

/// A course folder whose module.yaml is broken: course.yaml's "module not found" and the
/// lessons' "folder without module.yaml" follow from it, so they come after it; a field
/// without its colon on the line above the error is fixed there, and then nothing follows.
#[test]
fn in_a_course_the_broken_file_comes_before_the_files_it_breaks() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sample-course");
    let dir = TempDir::new().expect("temp dir");
    fs::create_dir(dir.path().join("mau")).expect("folder");
    for f in [
        "course.yaml",
        "mau/01-lam-quen.yaml",
        "mau/02-tra-loi.yaml",
        "mau/glossary.yaml",
    ] {
        fs::copy(sample.join(f), dir.path().join(f)).expect("copy");
    }
    let module = fs::read_to_string(sample.join("mau/module.yaml")).expect("module");
    let write = |text: &str| fs::write(dir.path().join("mau/module.yaml"), text).expect("write");

    // A bracket never closed: no known fix, the module is lost, others complain.
    write(&module.replacen("id: mau", "id: [mau", 1));
    let (code, diags) = check(dir.path());
    assert_eq!(code, 1);
    assert!(diags.len() > 1, "{diags:#?}");
    assert!(
        diags[0]["file"]
            .as_str()
            .is_some_and(|f| f.ends_with("mau/module.yaml")),
        "{diags:#?}"
    );
    let out = printed(dir.path());
    assert!(
        out.lines()
            .next()
            .is_some_and(|l| l.contains("mau/module.yaml:2:")),
        "{out}"
    );

    // `id mau`: named on its own line with the fix, and nothing else.
    write(&module.replacen("id: mau", "id mau", 1));
    let (_, diags) = check(dir.path());
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(
        (diags[0]["line"].as_u64(), diags[0]["code"].as_str()),
        (Some(2), Some("E001"))
    );
    assert_eq!(diags[0]["fix"]["text"], "id: mau");
}
