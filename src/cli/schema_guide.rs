//! What VS Code shows a trainer while typing (yaml-language-server reads these from the schema):
//! a short YAML example under each field (`markdownDescription`), a description for each value of
//! `kind`, `order` and `match_mode` (`enumDescriptions`), and complete questions of every kind to
//! insert in a question list (`defaultSnippets`). All in Vietnamese.

use serde_json::{Value, json};

/// A short example for a field of a definition (or of the root, `""`).
fn example(field: &str) -> Option<&'static str> {
    Some(match field {
        "format" => "format: 1",
        "id" => "id: ma-otp",
        "title" => "title: \"Giữ kín mã OTP\"",
        "description" => "description: \"Khóa học kỹ năng số cơ bản cho bà con.\"",
        "summary" => "summary: \"Nhận biết lừa đảo, giữ kín mật khẩu và mã OTP.\"",
        "modules" => "modules:\n  - lam-quen\n  - an-toan",
        "lessons" => "lessons:\n  - ma-otp\n  - lua-dao",
        "defaults" => "defaults:\n  pass_mark: 70\n  order: fixed",
        "pass_mark" => "pass_mark: 70",
        "order" => "order: fixed",
        "minutes" => "minutes: 10",
        "as_of" => "as_of: \"2026-11\"",
        "sources" => {
            "sources:\n  - \"Luật Giao dịch điện tử số 20/2023/QH15 (vbpl.vn, xem ngày 20/11/2026)\""
        }
        "objectives" => "objectives:\n  - \"Biết mã OTP là gì.\"",
        "terms" => "terms: [ma-otp]",
        "pages" => {
            "pages:\n  - title: \"Mã OTP là gì?\"\n    body: |\n      **Mã OTP** là dãy số ngân hàng gửi qua tin nhắn."
        }
        "body" => "body: |\n  Đoạn văn thứ nhất, có **chữ đậm**.\n\n  - Ý một\n  - Ý hai",
        "quiz" => {
            "quiz:\n  questions:\n    - id: otp-1\n      kind: true_false\n      prompt: \"Ngân hàng hỏi mã OTP qua điện thoại.\"\n      answer: false"
        }
        "questions" => "questions:\n  - id: otp-1\n    kind: one\n    prompt: \"...\"",
        "kind" => "kind: one",
        "prompt" => "prompt: \"Ai được biết mã OTP của bác?\"",
        "explanation" => "explanation: \"Mã OTP như chìa khóa nhà: chỉ chủ nhà giữ.\"",
        "hints" => "hints:\n  - \"Mã này dùng để xác nhận chính bác.\"",
        "points" => "points: 2",
        "choices" => {
            "choices:\n  - id: a\n    text: \"Chỉ mình bác\"\n    correct: true\n  - id: b\n    text: \"Nhân viên ngân hàng\"\n    feedback: \"Ngân hàng không bao giờ hỏi mã OTP.\""
        }
        "answer" => "answer: false",
        "feedback" => "feedback: \"Ngân hàng không bao giờ gọi hỏi mã OTP.\"",
        "accept" => "accept: [\"OTP\", \"mã OTP\"]",
        "match_mode" => "match_mode: ignore_diacritics",
        "items" => {
            "items:\n  - id: khong-doc\n    text: \"Không đọc mã\"\n  - id: tat-may\n    text: \"Tắt máy\""
        }
        "pairs" => {
            "pairs:\n  - id: khoa-the\n    left: \"Thẻ bị khóa\"\n    right: \"Tổng đài ngân hàng\""
        }
        "text" => "text: \"Chỉ mình bác\"",
        "correct" => "correct: true",
        "left" => "left: \"Thẻ bị khóa\"",
        "right" => "right: \"Tổng đài ngân hàng\"",
        "term" => "term: \"mã OTP\"",
        "definition" => "definition: \"Dãy số gửi qua tin nhắn, chỉ dùng một lần.\"",
        "english" => "english: \"one-time password\"",
        "aliases" => "aliases: [\"OTP\"]",
        _ => return None,
    })
}

/// Adds `markdownDescription` (the description plus an example) to every field of an object.
pub fn describe_fields(object: &mut Value) {
    let Some(props) = object.get_mut("properties").and_then(Value::as_object_mut) else {
        return;
    };
    for (name, p) in props.iter_mut() {
        let Some(d) = p.get("description").and_then(Value::as_str) else {
            continue;
        };
        let mut md = d.to_string();
        if let Some(ex) = example(name) {
            md.push_str(&format!("\n\n**Ví dụ:**\n\n```yaml\n{ex}\n```"));
        }
        if let Some(o) = p.as_object_mut() {
            o.insert("markdownDescription".into(), Value::String(md));
        }
    }
}

/// Turns a `oneOf` of documented constants (how schemars writes a Rust enum) into `enum` with
/// `enumDescriptions`, which VS Code shows beside each value in completion.
pub fn enum_descriptions(def: &mut Value) {
    let Some(one_of) = def.get("oneOf").and_then(Value::as_array).cloned() else {
        return;
    };
    let mut values = Vec::new();
    let mut descriptions = Vec::new();
    for v in &one_of {
        let (Some(c), Some(d)) = (v.get("const"), v.get("description").and_then(Value::as_str))
        else {
            return;
        };
        values.push(c.clone());
        descriptions.push(Value::String(d.to_string()));
    }
    if let Some(o) = def.as_object_mut() {
        o.remove("oneOf");
        o.insert("type".into(), json!("string"));
        o.insert("enum".into(), Value::Array(values));
        o.insert(
            "enumDescriptions".into(),
            Value::Array(descriptions.clone()),
        );
        o.insert(
            "markdownEnumDescriptions".into(),
            Value::Array(descriptions),
        );
    }
}

fn snippet(label: &str, description: &str, body: Value) -> Value {
    json!({"label": label, "description": description, "body": body})
}

/// Complete questions, one per kind, offered when the trainer starts a new item in `questions`.
pub fn question_snippets() -> Value {
    let wrong = |id: &str, text: &str| json!({"id": id, "text": text, "feedback": "${4:Vì sao lựa chọn này sai.}"});
    json!([
        snippet(
            "Câu chọn một (one)",
            "Học viên chọn MỘT đáp án đúng",
            json!({
                "id": "${1:ma-cau-hoi}", "kind": "one", "prompt": "${2:Câu hỏi?}",
                "choices": [
                    {"id": "a", "text": "${3:Đáp án đúng}", "correct": true},
                    wrong("b", "Đáp án sai")
                ],
                "explanation": "${5:Giải thích thêm một điều.}"
            })
        ),
        snippet(
            "Câu chọn nhiều (many)",
            "Học viên chọn TẤT CẢ đáp án đúng",
            json!({
                "id": "${1:ma-cau-hoi}", "kind": "many", "prompt": "${2:Những ý nào đúng? (chọn tất cả ý đúng)}",
                "choices": [
                    {"id": "a", "text": "${3:Ý đúng}", "correct": true},
                    {"id": "b", "text": "Ý đúng khác", "correct": true},
                    wrong("c", "Ý sai")
                ],
                "explanation": "${5:Giải thích.}"
            })
        ),
        snippet(
            "Câu đúng/sai (true_false)",
            "Học viên chọn Đúng hay Sai",
            json!({
                "id": "${1:ma-cau-hoi}", "kind": "true_false", "prompt": "${2:Một câu nhận định.}",
                "answer": false, "feedback": "${3:Vì sao nhận định này sai.}",
                "explanation": "${4:Giải thích.}"
            })
        ),
        snippet(
            "Câu gõ chữ (text)",
            "Học viên gõ câu trả lời ngắn",
            json!({
                "id": "${1:ma-cau-hoi}", "kind": "text", "prompt": "${2:Câu hỏi cần gõ một hai chữ?}",
                "accept": ["${3:câu trả lời}", "cách viết khác"],
                "match_mode": "ignore_diacritics",
                "explanation": "${4:Giải thích.}"
            })
        ),
        snippet(
            "Câu sắp xếp (order)",
            "Học viên xếp các bước theo thứ tự; ghi các mục theo THỨ TỰ ĐÚNG",
            json!({
                "id": "${1:ma-cau-hoi}", "kind": "order", "prompt": "${2:Sắp xếp các bước theo thứ tự đúng:}",
                "items": [
                    {"id": "buoc-1", "text": "${3:Bước một}"},
                    {"id": "buoc-2", "text": "Bước hai"},
                    {"id": "buoc-3", "text": "Bước ba"}
                ],
                "explanation": "${4:Giải thích.}"
            })
        ),
        snippet(
            "Câu nối cặp (match)",
            "Học viên nối vế trái với vế phải; ghi các cặp ĐÚNG",
            json!({
                "id": "${1:ma-cau-hoi}", "kind": "match", "prompt": "${2:Nối mỗi vế bên trái với vế bên phải:}",
                "pairs": [
                    {"id": "cap-1", "left": "${3:Vế trái một}", "right": "Vế phải một"},
                    {"id": "cap-2", "left": "Vế trái hai", "right": "Vế phải hai"}
                ],
                "explanation": "${4:Giải thích.}"
            })
        )
    ])
}
