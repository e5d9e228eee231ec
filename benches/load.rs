//! Loading and checking a course of 1,000 generated lessons (10 modules × 100). Target: ≤ 1 s.

use criterion::{Criterion, criterion_group, criterion_main};
use hocso::course::load::load;
use hocso::course::source::SourceFile;

fn lesson(m: usize, l: usize) -> String {
    format!(
        r#"# yaml-language-server: $schema=../../schemas/lesson.schema.json
id: bai-{m}-{l}
title: "Bài {l} của chương {m}: Giữ an toàn khi dùng điện thoại"
minutes: 5
objectives:
  - "Biết giữ kín mã OTP."
terms: [ma-otp]
pages:
  - title: "Mã OTP là gì?"
    body: |
      **Mã OTP** là dãy số gửi qua tin nhắn để xác nhận chính bác đang làm.

      - Không đọc mã cho ai.
      - Không bấm vào đường link lạ.

      > **Lưu ý:** Ngân hàng không bao giờ hỏi mã OTP qua điện thoại.
  - title: "Khi có người gọi hỏi mã"
    body: |
      1. Không đọc mã.
      2. Tắt máy.
      3. Tự gọi lại số tổng đài in trên thẻ.
quiz:
  pass_mark: 70
  questions:
    - id: q-{m}-{l}-mot
      kind: one
      prompt: "Ai được biết mã OTP của bác?"
      explanation: "Mã OTP chỉ dành cho chính bác."
      hints: ["Nghĩ xem mã này để làm gì."]
      choices:
        - id: a
          text: "Chỉ mình bác"
          correct: true
        - id: b
          text: "Nhân viên ngân hàng gọi tới"
          feedback: "Ngân hàng không bao giờ hỏi mã."
    - id: q-{m}-{l}-dung-sai
      kind: true_false
      prompt: "Công an có thể hỏi mã OTP qua điện thoại."
      answer: false
      feedback: "Không ai được hỏi mã OTP của bác."
      explanation: "Ai hỏi mã OTP đều là lừa đảo."
    - id: q-{m}-{l}-go
      kind: text
      prompt: "Mật khẩu dùng một lần viết tắt là gì?"
      accept: ["OTP"]
      explanation: "OTP: one-time password."
    - id: q-{m}-{l}-xep
      kind: order
      prompt: "Sắp xếp các bước:"
      explanation: "Giữ mã trước, rồi tắt máy, rồi tự kiểm tra."
      items:
        - {{id: giu, text: "Không đọc mã"}}
        - {{id: tat, text: "Tắt máy"}}
        - {{id: goi, text: "Tự gọi tổng đài"}}
"#
    )
}

fn course() -> Vec<SourceFile> {
    let mut files = vec![
        SourceFile {
            path: "course.yaml".into(),
            bytes: b"format: 1\nid: bench\ntitle: \"Bench\"\n".to_vec().into(),
        },
        SourceFile {
            path: "glossary.yaml".into(),
            bytes: "terms:\n  - id: ma-otp\n    term: \"mã OTP\"\n    definition: \"Mã dùng một lần.\"\n"
                .as_bytes()
                .to_vec()
                .into(),
        },
    ];
    for m in 0..10 {
        files.push(SourceFile {
            path: format!("{m:02}-chuong/module.yaml"),
            bytes: format!("id: chuong-{m}\ntitle: \"Chương {m}\"\n")
                .into_bytes()
                .into(),
        });
        for l in 0..100 {
            files.push(SourceFile {
                path: format!("{m:02}-chuong/{l:03}-bai.yaml"),
                bytes: lesson(m, l).into_bytes().into(),
            });
        }
    }
    files
}

fn bench(c: &mut Criterion) {
    let files = course();
    let loaded = load(&files);
    assert!(
        loaded.diagnostics.is_empty(),
        "{:?}",
        &loaded.diagnostics[..3.min(loaded.diagnostics.len())]
    );
    assert_eq!(loaded.stats.lessons, 1000);
    let mut group = c.benchmark_group("load");
    group.sample_size(10);
    group.bench_function("1000 lessons", |b| {
        b.iter(|| load(std::hint::black_box(&files)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
