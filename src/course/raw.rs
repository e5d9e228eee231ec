//! The lesson file format, version 1: the serde structs *are* the format.
//!
//! Every field carries a Vietnamese `///` comment; `hocso schema` turns them into the JSON Schema
//! descriptions trainers see in VS Code. Keep the comments short, plain and accurate.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The newest lesson format this build understands.
pub const FORMAT_VERSION: u32 = 1;

/// Tệp `course.yaml`: thông tin chung của cả khóa học, đặt ở thư mục gốc của khóa học.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "khoa-hoc", title = "Khóa học (course.yaml)")]
pub struct RawCourse {
    /// Phiên bản định dạng tệp bài học. Hiện nay ghi `1`.
    #[schemars(range(min = 1))]
    pub format: u32,
    /// Mã khóa học: chữ thường không dấu, số và dấu gạch ngang, ví dụ `cong-dan-so`.
    /// Đã dùng rồi thì không đổi, vì tiến độ của học viên gắn với mã này.
    pub id: String,
    /// Tên khóa học hiện cho học viên, ví dụ "Công dân số".
    pub title: String,
    /// Một hai câu giới thiệu khóa học.
    #[serde(default)]
    pub description: String,
    /// Thứ tự các chương, ghi theo mã chương (`id` trong `module.yaml`).
    /// Bỏ trống thì các chương xếp theo số đứng đầu tên thư mục, ví dụ `01-an-toan`, `02-thanh-toan`.
    #[serde(default)]
    pub modules: Vec<String>,
    /// Các chương học viên phải đạt (đạt mọi bài trong chương) để được cấp giấy chứng nhận,
    /// ghi theo mã chương, ví dụ `[lam-quen, an-toan]`. Bỏ trống thì phải đạt tất cả các chương.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub required_modules: Vec<String>,
    /// Số điện thoại hỗ trợ học viên học ở nhà (ví dụ Tổ công nghệ số cộng đồng của xã),
    /// hiện khi học viên bấm H "Cần giúp" mà không ở lớp. Bỏ trống thì không hiện số nào.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help_phone: Option<String>,
    /// Giá trị mặc định cho mọi bài kiểm tra trong khóa học.
    #[serde(default)]
    pub defaults: RawDefaults,
}

/// Giá trị mặc định cho bài kiểm tra; từng bài có thể ghi đè.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "mac-dinh", title = "Giá trị mặc định cho bài kiểm tra")]
pub struct RawDefaults {
    /// Điểm đạt, tính theo phần trăm (0 đến 100). Mặc định 70.
    #[serde(default)]
    #[schemars(range(min = 0, max = 100))]
    pub pass_mark: Option<u8>,
    /// Thứ tự câu hỏi: `fixed` (giữ nguyên, mặc định — cả lớp cùng câu) hoặc `shuffled` (xáo trộn).
    #[serde(default)]
    pub order: Option<QuizOrder>,
}

/// Tệp `module.yaml`: một chương (mô-đun), đặt trong thư mục riêng của chương cùng các tệp bài học.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "chuong", title = "Chương (module.yaml)")]
pub struct RawModule {
    /// Mã chương: chữ thường không dấu, số và dấu gạch ngang, ví dụ `an-toan`. Không đổi sau khi đã dùng.
    pub id: String,
    /// Tên chương hiện cho học viên.
    pub title: String,
    /// Một dòng tóm tắt chương nói về gì.
    #[serde(default)]
    pub summary: String,
    /// Thứ tự các bài, ghi theo mã bài. Bỏ trống thì các tệp bài xếp theo số đứng đầu tên tệp,
    /// ví dụ `01-otp.yaml`, `02-lua-dao.yaml`.
    #[serde(default)]
    pub lessons: Vec<String>,
}

/// Một tệp bài học (`NN-ten-bai.yaml`): các trang đọc, rồi bài kiểm tra.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "bai-hoc", title = "Bài học")]
pub struct RawLesson {
    /// Mã bài: chữ thường không dấu, số và dấu gạch ngang, duy nhất trong cả khóa học.
    /// Không đổi sau khi đã dùng, vì tiến độ của học viên gắn với mã này.
    pub id: String,
    /// Tên bài hiện cho học viên.
    pub title: String,
    /// Thời gian học ước chừng, tính bằng phút (1 đến 600).
    #[serde(default)]
    #[schemars(range(min = 1, max = 600))]
    pub minutes: Option<u32>,
    /// Tháng kiểm tra dữ kiện của bài lần cuối, dạng "YYYY-MM", ví dụ "2026-11". Chỉ giảng viên
    /// thấy (trong `hocso preview` và khi kiểm tra), học viên không thấy.
    /// `hocso validate --stale 12` nhắc những bài kiểm tra đã quá 12 tháng.
    #[serde(default)]
    #[schemars(regex(pattern = r"^[0-9]{4}-(0[1-9]|1[0-2])$"))]
    pub as_of: Option<String>,
    /// Nguồn của các dữ kiện trong bài (số hiệu văn bản, trang chính thức, bài báo kèm ngày),
    /// mỗi nguồn một dòng; ít nhất một nguồn. Chỉ giảng viên thấy, học viên không thấy.
    #[serde(default)]
    pub sources: Vec<String>,
    /// Học xong bài này, học viên làm được gì. Mỗi dòng một mục tiêu.
    #[serde(default)]
    pub objectives: Vec<String>,
    /// Các thuật ngữ chính của bài, ghi theo mã trong `glossary.yaml`.
    /// Chúng được tô sáng trong trang đọc và học viên bấm phím để xem giải nghĩa.
    #[serde(default)]
    pub terms: Vec<String>,
    /// Các trang đọc (ít nhất một trang), mỗi trang một ý, ngắn (khoảng 120 chữ).
    #[schemars(length(min = 1))]
    pub pages: Vec<RawPage>,
    /// Bài kiểm tra cuối bài.
    #[serde(default)]
    pub quiz: Option<RawQuiz>,
}

/// Một trang đọc.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "trang", title = "Trang đọc")]
pub struct RawPage {
    /// Tiêu đề trang.
    pub title: String,
    /// Nội dung trang, viết bằng Markdown: `**đậm**`, `*nghiêng*`, danh sách `- ý` hoặc `1. ý`,
    /// tiêu đề `## ...`, mã `` `...` ``. Khung "Ví dụ"/"Lưu ý": dòng bắt đầu bằng `> **Ví dụ:** ...`.
    pub body: String,
    /// Lời tả cho mỗi "màn hình" vẽ bằng khối ```` ``` ```` trong trang, theo thứ tự, ví dụ
    /// `["Tin nhắn lạ báo trúng thưởng, kèm một đường link."]`. Chế độ đọc to và chế độ dòng chữ
    /// (cho người khiếm thị) đọc lời tả này thay cho hình vẽ.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alt: Vec<String>,
}

/// Bài kiểm tra của một bài học.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "bai-kiem-tra", title = "Bài kiểm tra")]
pub struct RawQuiz {
    /// Điểm đạt, tính theo phần trăm (0 đến 100). Bỏ trống thì lấy mặc định của khóa học (70).
    #[serde(default)]
    #[schemars(range(min = 0, max = 100))]
    pub pass_mark: Option<u8>,
    /// Thứ tự câu hỏi: `fixed` (giữ nguyên) hoặc `shuffled` (xáo trộn). Bỏ trống thì lấy mặc định
    /// của khóa học (`fixed`).
    #[serde(default)]
    pub order: Option<QuizOrder>,
    /// Các câu hỏi.
    #[serde(default)]
    pub questions: Vec<RawQuestion>,
}

/// Thứ tự câu hỏi trong bài kiểm tra.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[schemars(rename = "thu-tu-cau-hoi", title = "Thứ tự câu hỏi")]
pub enum QuizOrder {
    /// Giữ nguyên thứ tự như trong tệp (cả lớp cùng làm một câu).
    Fixed,
    /// Xáo trộn cho mỗi lần làm bài; thứ tự đã xáo được lưu lại để học tiếp vẫn như cũ.
    Shuffled,
}

/// Một câu hỏi. Trường `kind` cho biết loại câu hỏi; các trường còn lại tùy loại.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "cau-hoi", title = "Câu hỏi")]
pub struct RawQuestion {
    /// Mã câu hỏi, duy nhất trong cả khóa học, ví dụ `otp-1`. Không đổi sau khi đã dùng.
    pub id: String,
    /// Loại câu hỏi: `one` (chọn một), `many` (chọn nhiều), `true_false` (đúng/sai),
    /// `text` (gõ câu trả lời ngắn), `order` (sắp xếp thứ tự), `match` (nối cặp).
    pub kind: QuestionKindName,
    /// Câu hỏi hiện cho học viên (Markdown).
    pub prompt: String,
    /// Lời giải thích hiện sau khi học viên trả lời: dạy thêm một điều, đừng chỉ nhắc lại đáp án.
    #[serde(default)]
    pub explanation: Option<String>,
    /// Lời tả cho mỗi "màn hình" vẽ bằng khối ```` ``` ```` trong câu hỏi rồi trong lời giải
    /// thích, theo thứ tự, ví dụ `["Tin nhắn báo nhận tiền, người nhận TRAN VAN KHOA."]`. Tả đủ
    /// những chữ cần để trả lời. Chế độ đọc to và chế độ dòng chữ đọc lời tả thay cho hình vẽ.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alt: Vec<String>,
    /// Các gợi ý, học viên bấm phím để mở từng gợi ý một.
    #[serde(default)]
    pub hints: Vec<String>,
    /// Số điểm của câu, từ 1 đến 100 (mặc định 1).
    #[serde(default)]
    #[schemars(range(min = 1, max = 100))]
    pub points: Option<u32>,
    /// Với `one` và `many`: các lựa chọn (ít nhất 2). Câu `one` có đúng một lựa chọn
    /// `correct: true`; câu `many` có ít nhất một.
    #[serde(default)]
    pub choices: Vec<RawChoice>,
    /// Với `one` và `many`: hocso xáo trộn các lựa chọn cho mỗi lần làm bài (thứ tự đã xáo được
    /// lưu lại, học tiếp vẫn như cũ). Ghi `false` để giữ đúng thứ tự trong tệp, khi có lựa chọn
    /// nhắc đến vị trí của lựa chọn khác ("Cả hai ý trên", "Tất cả các ý trên").
    #[serde(default)]
    pub shuffle: Option<bool>,
    /// Với `true_false`: đáp án đúng, `true` (Đúng) hoặc `false` (Sai).
    #[serde(default)]
    pub answer: Option<bool>,
    /// Với `true_false`: lời nhắn khi học viên chọn sai.
    #[serde(default)]
    pub feedback: Option<String>,
    /// Với `text`: các câu trả lời được chấp nhận, ít nhất một (viết vài cách viết hay gặp,
    /// ví dụ "AI", "trí tuệ nhân tạo").
    #[serde(default)]
    pub accept: Vec<String>,
    /// Với `text`: cách so câu trả lời. `ignore_case` (mặc định): không phân biệt hoa thường;
    /// `ignore_diacritics`: không phân biệt cả dấu; `exact`: phải giống hệt.
    #[serde(default)]
    pub match_mode: Option<MatchMode>,
    /// Với `order`: các mục (ít nhất 2), ghi theo **thứ tự đúng**. Khi hỏi, hocso tự xáo trộn.
    #[serde(default)]
    pub items: Vec<RawItem>,
    /// Với `match`: các cặp đúng (ít nhất 2; vế trái – vế phải). Khi hỏi, hocso tự xáo vế phải.
    #[serde(default)]
    pub pairs: Vec<RawPair>,
}

/// Tên các loại câu hỏi.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[schemars(rename = "loai-cau-hoi", title = "Loại câu hỏi")]
pub enum QuestionKindName {
    /// Chọn một đáp án đúng.
    One,
    /// Chọn tất cả các đáp án đúng.
    Many,
    /// Đúng hay sai.
    TrueFalse,
    /// Gõ câu trả lời ngắn.
    Text,
    /// Sắp xếp theo thứ tự đúng.
    Order,
    /// Nối vế trái với vế phải.
    Match,
}

impl QuestionKindName {
    /// All kinds, in the order the format documents them.
    pub const ALL: [QuestionKindName; 6] = [
        QuestionKindName::One,
        QuestionKindName::Many,
        QuestionKindName::TrueFalse,
        QuestionKindName::Text,
        QuestionKindName::Order,
        QuestionKindName::Match,
    ];

    /// The name used in lesson files (`one`, `many`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            QuestionKindName::One => "one",
            QuestionKindName::Many => "many",
            QuestionKindName::TrueFalse => "true_false",
            QuestionKindName::Text => "text",
            QuestionKindName::Order => "order",
            QuestionKindName::Match => "match",
        }
    }
}

/// Một lựa chọn của câu `one` hoặc `many`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "lua-chon", title = "Lựa chọn")]
pub struct RawChoice {
    /// Mã lựa chọn, duy nhất trong câu hỏi, ví dụ `a`, `b`. Không đổi khi sắp xếp lại các lựa chọn.
    pub id: String,
    /// Nội dung lựa chọn.
    pub text: String,
    /// Ghi `true` nếu đây là đáp án đúng.
    #[serde(default)]
    pub correct: bool,
    /// Lời nhắn khi học viên chọn lựa chọn này. Lựa chọn sai nên có lời nhắn giải thích vì sao sai.
    #[serde(default)]
    pub feedback: Option<String>,
}

/// Cách so câu trả lời gõ vào.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[schemars(rename = "cach-so-cau-tra-loi", title = "Cách so câu trả lời")]
pub enum MatchMode {
    /// Phải giống hệt (chỉ bỏ khoảng trắng thừa).
    Exact,
    /// Không phân biệt chữ hoa, chữ thường (mặc định).
    #[default]
    IgnoreCase,
    /// Không phân biệt hoa thường và không phân biệt dấu (ví dụ "dien thoai" = "điện thoại").
    IgnoreDiacritics,
}

/// Một mục của câu `order`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "muc-sap-xep", title = "Mục của câu sắp xếp")]
pub struct RawItem {
    /// Mã mục, duy nhất trong câu hỏi.
    pub id: String,
    /// Nội dung mục.
    pub text: String,
}

/// Một cặp đúng của câu `match`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "cap-noi", title = "Cặp của câu nối cặp")]
pub struct RawPair {
    /// Mã cặp, duy nhất trong câu hỏi.
    pub id: String,
    /// Vế trái (hiện lần lượt từng vế).
    pub left: String,
    /// Vế phải đúng của vế trái này.
    pub right: String,
}

/// Tệp `glossary.yaml`: bảng thuật ngữ. Có thể đặt ở thư mục gốc khóa học và trong thư mục từng chương;
/// hocso gộp tất cả lại, mã thuật ngữ phải duy nhất trong cả khóa học.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "bang-thuat-ngu", title = "Bảng thuật ngữ (glossary.yaml)")]
pub struct RawGlossary {
    /// Các thuật ngữ.
    pub terms: Vec<RawTerm>,
}

/// Một thuật ngữ trong bảng thuật ngữ.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "thuat-ngu", title = "Thuật ngữ")]
pub struct RawTerm {
    /// Mã thuật ngữ: chữ thường không dấu, số và dấu gạch ngang, ví dụ `ma-otp`. Bài học ghi mã này trong `terms`.
    pub id: String,
    /// Thuật ngữ như viết trong bài, ví dụ "mã OTP".
    pub term: String,
    /// Giải nghĩa bằng lời dễ hiểu, một hai câu, người lớn tuổi đọc cũng hiểu.
    pub definition: String,
    /// Từ tiếng Anh tương ứng, ví dụ "one-time password".
    #[serde(default)]
    pub english: Option<String>,
    /// Các cách viết khác của thuật ngữ (cũng được tô sáng trong bài), ví dụ "OTP".
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Cách đọc thuật ngữ khi đọc to, viết như người Việt đọc, cho thuật ngữ mà giọng đọc
    /// tiếng Việt đọc sai (chữ nước ngoài, viết tắt), ví dụ "VssID" đọc "vê ét ét ai đi".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub say: Option<String>,
    /// Cách đọc từ tiếng Anh (`english`) khi bài viết nó trong ngoặc sau thuật ngữ, ví dụ
    /// "dữ liệu lớn (big data)" đọc "bích đa ta". Bỏ trống thì khi đọc to bỏ qua phần trong ngoặc
    /// (không đánh vần từng chữ).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub say_english: Option<String>,
}
