//! Issue 14: a shared classroom folder is an untrusted place. The real binary against attacks:
//! simultaneous roster imports, escape codes in learner files, FIFOs and devices where files
//! should be, oversized files, symlinked learner files, file modes. Every run has a timeout, so
//! a hang fails the test instead of stopping the suite.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;

const LIMIT: Duration = Duration::from_secs(30);

fn hocso(data: &Path) -> Command {
    let mut c = Command::cargo_bin("hocso").unwrap();
    c.arg("--data-dir")
        .arg(data)
        .env_remove("HOCSO_LANG")
        .timeout(LIMIT);
    c
}

fn learner_files(data: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(data.join("learners"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy().into_owned();
            n.ends_with(".json") && !n.contains(".corrupt-") && !n.contains(".reset-")
        })
        .collect();
    v.sort();
    v
}

/// One learner created through the CLI, whose file then gets `name` and `group` written into it.
fn learner_named(data: &Path, name: &str, group: &str) -> (String, PathBuf) {
    let list = data.parent().unwrap().join("one.csv");
    std::fs::write(&list, "Họ tên,Năm sinh\nNguyễn Thị Hoa,1960\n").unwrap();
    hocso(data)
        .args(["roster", "import"])
        .arg(&list)
        .assert()
        .success();
    let file = learner_files(data).pop().unwrap();
    let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    v["profile"]["name"] = name.into();
    v["profile"]["group"] = group.into();
    std::fs::write(&file, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
    let id = file.file_stem().unwrap().to_string_lossy().into_owned();
    (id, file)
}

#[test]
fn ten_simultaneous_roster_imports_create_each_person_once() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let list = dir.path().join("lop.csv");
    let mut csv = String::from("Họ tên,Năm sinh,Thôn/lớp\n");
    for i in 0..50 {
        csv.push_str(&format!("Học Viên Số {i},19{:02},Thôn Đông\n", 40 + i));
    }
    std::fs::write(&list, csv).unwrap();
    std::fs::create_dir_all(&data).unwrap();
    let children: Vec<_> = (0..10)
        .map(|_| {
            std::process::Command::new(env!("CARGO_BIN_EXE_hocso"))
                .arg("--data-dir")
                .arg(&data)
                .args(["roster", "import"])
                .arg(&list)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    assert_eq!(learner_files(&data).len(), 50, "each person exactly once");
}

/// Bytes that must never reach a terminal from a file: ESC, BEL, CSI (C1), bidi override.
fn assert_clean(what: &str, out: &[u8]) {
    let text = String::from_utf8_lossy(out);
    for bad in [
        '\u{1b}', '\u{7}', '\u{9b}', '\u{9d}', '\u{202e}', '\u{200d}',
    ] {
        assert!(!text.contains(bad), "{what} printed {bad:?}:\n{text}");
    }
}

#[test]
fn escape_codes_in_learner_files_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let evil = "Hoa\u{1b}]52;c;ZXZpbA==\u{7}\u{1b}[2J\u{1b}]8;;http://x\u{1b}\\link\u{9b}31m\u{202e}abc\u{200d}";
    let (id, _) = learner_named(&data, evil, "Thôn\u{1b}[5mĐông\u{9d}");
    let runs: Vec<(&str, Vec<&str>, &str)> = vec![
        ("learners", vec!["learners"], ""),
        ("report table", vec!["report"], ""),
        ("report csv", vec!["report", "--format", "csv"], ""),
        ("report json", vec!["report", "--format", "json"], ""),
        (
            "learners reset prompt",
            vec!["learners", "reset", &id],
            "k\n",
        ),
    ];
    for (what, args, stdin) in runs {
        let out = hocso(&data)
            .args(&args)
            .write_stdin(stdin)
            .output()
            .unwrap();
        assert_clean(what, &out.stdout);
        assert_clean(what, &out.stderr);
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("Hoa"),
            "{what}: the name is still shown"
        );
    }
    let target = dir.path().join("hoa.json");
    let out = hocso(&data)
        .args(["export", "--learner", &id, "--out"])
        .arg(&target)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_clean("export message", &out.stdout);
    assert_clean("export message", &out.stderr);
}

#[test]
fn learners_cuts_long_names() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    learner_named(&data, &"Nguyễn ".repeat(50), "Thôn Đông");
    let out = hocso(&data).arg("learners").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let widest = text.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(widest < 120, "a 300-character name is cut:\n{text}");
    assert!(text.contains('…'));
}

#[test]
fn oversized_learner_file_is_refused_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (_, file) = learner_named(&data, "Hoa", "Đông");
    // A valid learner file of 20 MB (padding inside the JSON).
    let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    v["profile"]["group"] = "x".repeat(20 * 1024 * 1024).into();
    std::fs::write(&file, serde_json::to_vec(&v).unwrap()).unwrap();
    let out = hocso(&data).arg("learners").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("quá lớn"), "{text}");
}

#[test]
fn a_damaged_learner_file_is_not_called_a_lesson_file() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (_, file) = learner_named(&data, "Hoa", "Đông");
    std::fs::write(&file, "{ hỏng").unwrap();
    let out = hocso(&data).arg("learners").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("tệp tiến độ của học viên"), "{text}");
    assert!(!text.contains("tệp bài học"), "{text}");
}

#[cfg(unix)]
mod unix {
    use super::*;
    use std::os::unix::fs::{PermissionsExt, symlink};

    fn mkfifo(path: &Path) {
        let ok = std::process::Command::new("mkfifo")
            .arg(path)
            .status()
            .unwrap();
        assert!(ok.success());
    }

    #[test]
    fn fifo_and_dev_zero_learner_files_hang_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let (id, _) = learner_named(&data, "Hoa", "Đông");
        mkfifo(&data.join("learners/an-fifo23.json"));
        symlink("/dev/zero", data.join("learners/binh-zero23.json")).unwrap();
        // Each command ends (the timeout would fail it) and names the refused files.
        let out = hocso(&data).arg("learners").output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("Hoa"), "{text}");
        assert!(text.contains("an-fifo23.json") && text.contains("binh-zero23.json"));
        assert!(text.contains("không phải một tệp bình thường"), "{text}");
        hocso(&data).arg("report").assert().success();
        let target = dir.path().join("out.json");
        hocso(&data)
            .args(["export", "--learner", &id, "--out"])
            .arg(&target)
            .assert()
            .success();
        // import of a FIFO, and of /dev/zero itself.
        let fifo = dir.path().join("in.json");
        mkfifo(&fifo);
        for f in [fifo.as_path(), Path::new("/dev/zero")] {
            let out = hocso(&data).arg("import").arg(f).output().unwrap();
            assert_eq!(out.status.code(), Some(1));
            assert!(String::from_utf8_lossy(&out.stderr).contains("không phải một tệp"));
        }
    }

    #[test]
    fn preview_and_validate_refuse_fifos_and_go_on() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let fifo = dir.path().join("bai.yaml");
        mkfifo(&fifo);
        let out = hocso(&data).arg("preview").arg(&fifo).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("Không đọc được tệp"), "{err}");
        assert!(!err.contains("Không thấy"), "not 'not found': {err}");
        // validate: the FIFO is reported, the good lesson beside it still checked.
        let course = dir.path().join("khoa");
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sample-course");
        copy_dir(&src, &course);
        let module = std::fs::read_dir(&course)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.is_dir())
            .unwrap();
        mkfifo(&module.join("99-ong-dan.yaml"));
        let out = hocso(&data).arg("validate").arg(&course).output().unwrap();
        let (o, e) = (
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
        );
        assert!(e.contains("99-ong-dan.yaml"), "{e}");
        assert!(o.contains("bài"), "the summary is still printed: {o}");
        assert_eq!(out.status.code(), Some(2));
    }

    fn copy_dir(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let p = e.unwrap().path();
            let t = to.join(p.file_name().unwrap());
            if p.is_dir() {
                copy_dir(&p, &t);
            } else {
                std::fs::copy(&p, &t).unwrap();
            }
        }
    }

    fn umask() -> u32 {
        let out = std::process::Command::new("sh")
            .args(["-c", "umask"])
            .output()
            .unwrap();
        u32::from_str_radix(String::from_utf8_lossy(&out.stdout).trim(), 8).unwrap()
    }

    #[test]
    fn saved_files_get_the_umask_mode_and_symlinks_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let (id, file) = learner_named(&data, "Hoa", "Đông");
        let want = 0o666 & !umask();
        // An attacker's 0777 on the old file is not carried over to the new one (an import
        // that changes the thôn/lớp replaces the file and writes a .bak).
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o777)).unwrap();
        let changed = |group: &str| {
            let mut v: serde_json::Value =
                serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
            v["profile"]["group"] = group.into();
            let p = dir.path().join(format!("{group}.json"));
            std::fs::write(&p, serde_json::to_vec(&v).unwrap()).unwrap();
            p
        };
        let first = changed("Ấp Mới");
        hocso(&data).arg("import").arg(&first).assert().success();
        assert_eq!(learner_files(&data).len(), 1, "{id} replaced, not added");
        let bak = file.with_extension("json.bak");
        assert!(bak.exists());
        let mode = std::fs::metadata(&bak).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, want, "{}", bak.display());
        for f in learner_files(&data) {
            let mode = std::fs::metadata(&f).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, want, "{}", f.display());
        }
        // A learner file that is a symlink: refused with a message, link and target untouched.
        let elsewhere = dir.path().join("elsewhere.json");
        std::fs::copy(&file, &elsewhere).unwrap();
        std::fs::remove_file(&file).unwrap();
        symlink(&elsewhere, &file).unwrap();
        let before = std::fs::read(&elsewhere).unwrap();
        let import = changed("Ở Xóm Trên");
        let out = hocso(&data).arg("import").arg(&import).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("liên kết"), "{err}");
        assert!(
            std::fs::symlink_metadata(&file)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read(&elsewhere).unwrap(), before);
    }
}
