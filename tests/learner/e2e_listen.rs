//! A blind learner's path by ear: plain mode through a pipe (what a screen reader gets) and
//! read-aloud through a `HOCSO_TTS` capture script, on the real binary.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

struct Piped {
    child: Child,
    stdin: ChildStdin,
    out: Arc<Mutex<String>>,
    capture: std::path::PathBuf,
}

impl Piped {
    fn start(data: &Path) -> Piped {
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sample-course");
        let capture = data.join("said.txt");
        let script = data.join("tts.sh");
        std::fs::write(
            &script,
            format!(
                "#!/bin/sh\ncat >> '{}'\necho '~~' >> '{}'\n",
                capture.display(),
                capture.display()
            ),
        )
        .unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        let mut child = Command::new(env!("CARGO_BIN_EXE_hocso"))
            .arg("--plain")
            .arg("--lessons")
            .arg(&fixture)
            .env("HOCSO_DATA_DIR", data)
            .env("HOCSO_TTS", &script)
            .env_remove("HOCSO_LANG")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let out = Arc::new(Mutex::new(String::new()));
        let o = out.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = stdout.read(&mut buf) {
                if n == 0 {
                    break;
                }
                o.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        Piped {
            child,
            stdin,
            out,
            capture,
        }
    }

    fn wait(&self, what: &str, from: usize, f: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let all = self.out.lock().unwrap().clone();
            if f(&all[from.min(all.len())..]) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "waiting for {what:?}; output:\n{all}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Types a line and waits until `what` is printed after it.
    fn line(&mut self, line: &str, what: &str) {
        let from = self.out.lock().unwrap().len();
        writeln!(self.stdin, "{line}").unwrap();
        self.wait(what, from, |s| s.contains(what));
    }

    /// `n`: waits until the voice was given text containing `what`.
    fn hear(&mut self, what: &str) -> String {
        writeln!(self.stdin, "n").unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let said = std::fs::read_to_string(&self.capture).unwrap_or_default();
            if said.contains(what) && said.trim_end().ends_with("~~") {
                std::fs::remove_file(&self.capture).unwrap();
                return said;
            }
            assert!(
                Instant::now() < deadline,
                "not heard {what:?}; said:\n{said}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

#[test]
fn a_blind_learner_passes_every_question_kind_by_words_and_by_ear() {
    let data = tempfile::tempdir().unwrap();
    let mut s = Piped::start(data.path());
    s.wait("picker", 0, |o| o.contains("Người học mới"));
    s.line("0", "Họ và tên");
    s.line("Tư Nghe", "Năm sinh");
    s.line("1960", "Thôn / lớp");
    s.line("", "Chương 1: ");
    s.line("?", "o: ôn tập; k: kết quả");
    s.line("1", "Lưu ý: Trả lời sai không sao cả.");
    s.line("", "Trang 2 trên 2.");
    s.line("", "Câu 1 trên 3.");
    // Choices are shuffled per attempt: find each by its text, and say numbers as words.
    let q = s.hear("Mũi tên phải.");
    let listed = |s: &Piped, text: &str| crate::common::listed_number(&s.out.lock().unwrap(), text);
    let word = |n: &str| match n {
        "1" => "một",
        "2" => "hai",
        "3" => "ba",
        other => panic!("choice {other}"),
    };
    let (right, wrong) = (listed(&s, "Mũi tên phải"), listed(&s, "Mũi tên trái"));
    assert!(
        q.contains(&format!("Ý {}: Mũi tên phải.", word(&right))),
        "{q}"
    );
    assert!(q.contains("Câu một trên ba."), "{q}");
    s.line(&wrong, &format!("Bác chọn ý {wrong}: Mũi tên trái."));
    let fb = s.hear("Chưa đúng.");
    assert!(
        fb.contains(&format!("Đáp án đúng là ý {}: Mũi tên phải.", word(&right))),
        "{fb}"
    );
    assert!(fb.contains("Vì sao: "), "{fb}");
    s.line("", "Câu 2 trên 3.");
    s.line("2", "Đúng rồi.");
    s.line("", "Câu 3 trên 3.");
    s.line("", "Bác chọn ít nhất một ý");
    let (a, b) = (listed(&s, "Gọi video"), listed(&s, "Chụp ảnh"));
    s.line(&format!("{a} {b}"), "Đúng rồi.");
    s.line("", "câu để đạt");
    s.line("", "d: nghe lại danh sách bài");
    let map = s.hear("Chương một:");
    assert!(map.contains("Bài hai: Các kiểu câu hỏi"), "{map}");
    s.line("d", "Bài 2: Các kiểu câu hỏi");
    s.line("2", "Trang 1 trên 2.");
    s.line("", "Trang 2 trên 2.");
    s.line("", "Câu 1 trên 3.");
    s.line("OTP", "Bác gõ: OTP.");
    s.line("", "Câu 2 trên 3.");
    s.line("3 1", "Cần xếp đủ 3 bước, bác mới xếp 2.");
    s.line("1 1 2", "Mỗi số chỉ gõ một lần");
    // Steps are shown shuffled too: a wrong order is the right one reversed, by their texts.
    let (first, second, third) = (
        listed(&s, "Không đọc mã cho người gọi"),
        listed(&s, "Tắt máy"),
        listed(&s, "Tự gọi lại số tổng đài"),
    );
    s.line(&format!("{third} {second} {first}"), "Chưa đúng.");
    s.line("", "Câu 3 trên 3.");
    s.line("1a", "Cần ghép đủ 3 dòng, bác mới ghép 1.");
    s.line("1 a", "Ghép mỗi số với một chữ");
    s.line("1a 2b 3c", "Vì sao: ");
    s.line("", "câu để đạt");
    drop(s.stdin);
    let status = s.child.wait().unwrap();
    assert!(status.success());
    let out = s.out.lock().unwrap().clone();
    for mark in ["(*)", "+--", "<-", "Chưa hiểu lệnh này"] {
        assert!(!out.contains(mark), "{mark:?} in:\n{out}");
    }
    let framed = out.lines().find(|l| l.trim_start().starts_with('|'));
    assert!(framed.is_none(), "{framed:?}");
    // The map was listed in full once and on `d` only, not after every lesson.
    assert_eq!(out.matches("Bài 2: Các kiểu câu hỏi").count(), 2, "{out}");
}
