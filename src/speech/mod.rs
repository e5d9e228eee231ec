//! Read-aloud: the text on screen prepared for a Vietnamese voice (abbreviations, dates,
//! numbers and symbols spoken as words; a pronunciation table trainers can extend), and the
//! engines that speak it (`engine`). Text preparation is pure and tested on its own.

pub mod engine;
mod numbers;

use std::collections::BTreeMap;

pub use numbers::number;
use numbers::{date, digits, fraction, hours, is_grouped_number, phone_runs};

/// Words said differently from how they are written: "AI" → "ây ai"; and English glosses
/// (lowercase) with how each is said, `None` to skip it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table(BTreeMap<String, String>, Vec<(String, Option<String>)>);

/// The table every course starts from.
const BUILT_IN: &[(&str, &str)] = &[
    ("AI", "ây ai"),
    ("QR", "kiu a"),
    ("OTP", "ô tê pê"),
    ("IoT", "ai ô ti"),
    ("SMS", "ét em ét"),
    ("PIN", "pin"),
    ("Wi-Fi", "oai phai"),
    ("WiFi", "oai phai"),
    ("wifi", "oai phai"),
    ("Zalo", "da lô"),
    ("Facebook", "phây búc"),
    ("Google", "gu gồ"),
    ("COD", "xê ô đê"),
    ("đ", "đồng"),
    ("VNĐ", "việt nam đồng"),
    ("VND", "việt nam đồng"),
    ("24/7", "hai mươi tư trên bảy"),
    ("VNeID", "vê en e ai đi"),
    ("app", "áp"),
    ("online", "o lai"),
    ("email", "i meo"),
    ("CCCD", "căn cước công dân"),
    ("ATM", "a tê em"),
    ("TP", "thành phố"),
    ("UBND", "ủy ban nhân dân"),
    ("km", "ki lô mét"),
    ("kg", "ki lô gam"),
    ("%", "phần trăm"),
    ("&", "và"),
    ("+", "cộng"),
    ("=", "bằng"),
    ("→", "rồi"),
    ("->", "rồi"),
];

impl Table {
    /// The built-in table.
    pub fn built_in() -> Table {
        Table(
            BUILT_IN
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            Vec::new(),
        )
    }

    /// English glosses (from the glossary) that are skipped when met in parentheses.
    pub fn skip_glosses(&mut self, glosses: impl IntoIterator<Item = String>) {
        self.1 = glosses
            .into_iter()
            .map(|g| (g.to_lowercase(), None))
            .collect();
    }

    /// The course glossary: a term with a pronunciation (`say`) is said that way; an English
    /// gloss in parentheses is said from `say_english`, or skipped without one.
    pub fn glossary(&mut self, terms: &[crate::course::model::Term]) {
        self.1 = terms
            .iter()
            .filter_map(|t| Some((t.english.as_ref()?.to_lowercase(), t.say_english.clone())))
            .collect();
        for t in terms {
            if let Some(say) = &t.say {
                self.0.insert(t.term.clone(), say.clone());
            }
        }
    }

    /// Adds (or replaces) entries, e.g. from the course folder's `phat-am.yaml`.
    pub fn extend(&mut self, more: BTreeMap<String, String>) {
        self.0.extend(more);
    }

    fn get(&self, word: &str) -> Option<&str> {
        self.0.get(word).map(String::as_str)
    }
}

/// Marks that are drawn, not said (bullets, choice boxes, arrows used as pointers).
fn silent(word: &str) -> bool {
    matches!(
        word,
        "(•)"
            | "( )"
            | "(*)"
            | "[x]"
            | "[ ]"
            | "›"
            | ">"
            | "✓"
            | "✗"
            | "•"
            | "-"
            | "—"
            | "–"
            | "▶"
            | "○"
            | "★"
            | "█"
            | "▲"
            | "▼"
            | "⚠"
            | "#"
            | "*"
            | "|"
    )
}

/// One word, spoken; `prev` is the word before it.
fn say(word: &str, prev: &str, table: &Table, out: &mut Vec<String>) {
    if word.is_empty() || silent(word) {
        return;
    }
    if let Some(s) = table.get(word) {
        out.push(s.to_string());
        return;
    }
    // Punctuation around a word stays (the voice pauses on it); the core is looked at.
    let core_start = word.find(|c: char| c.is_alphanumeric() || "%&+=→".contains(c));
    let Some(start) = core_start else {
        return;
    };
    let end = word
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_alphanumeric() || *c == '%')
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(word.len())
        .max(start);
    let (lead, core, tail) = (&word[..start], &word[start..end], &word[end..]);
    let lead = lead.trim_matches(|c: char| !"(\"'".contains(c));
    let position = matches!(
        prev.to_lowercase().as_str(),
        "câu" | "trang" | "question" | "page"
    );
    let spoken = if let Some(s) = table.get(core) {
        s.to_string()
    } else if let Some(f) = fraction(core).filter(|_| position) {
        f
    } else if let Some(h) = hours(core) {
        h
    } else if let Some(d) = date(core) {
        d
    } else if let Some(p) = core.strip_suffix('%').and_then(|n| n.parse::<u64>().ok()) {
        format!("{} phần trăm", number(p))
    } else if core.chars().all(|c| c.is_ascii_digit()) && core.len() <= 12 {
        core.parse()
            .map(number)
            .unwrap_or_else(|_| core.to_string())
    } else if is_grouped_number(core) {
        core.replace('.', "")
            .parse()
            .map(number)
            .unwrap_or_else(|_| core.to_string())
    } else {
        core.to_string()
    };
    out.push(format!("{lead}{spoken}{tail}"));
}

/// "(digital skills)": an English gloss after a Vietnamese word, skipped (`Some(None)`) or said
/// as the glossary says it (`Some(Some(..))`); `None` when the group is not a gloss.
fn english_gloss(group: &str, table: &Table) -> Option<Option<String>> {
    let inner = group.trim_matches(|c: char| "()".contains(c) || c.is_whitespace());
    if inner.is_empty()
        || !inner
            .chars()
            .all(|c| c.is_ascii_alphabetic() || " -'".contains(c))
    {
        return None;
    }
    if let Some((_, say)) = table.1.iter().find(|(g, _)| g == &inner.to_lowercase()) {
        return Some(say.clone());
    }
    // Without the glossary: words Vietnamese never writes (f, j, w, z; final s, d, k, l, r).
    let english = inner
        .split([' ', '-'])
        .filter(|w| table.get(w).is_none())
        .any(|w| {
            let w = w.to_lowercase();
            w.contains(['f', 'j', 'w', 'z'])
                || w.len() > 1 && w.ends_with(['s', 'd', 'k', 'l', 'r'])
        });
    english.then_some(None)
}

/// Takes English glosses in parentheses out of a line.
fn drop_glosses(line: &str, table: &Table) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(open) = rest.find('(') {
        let Some(close) = rest[open..].find(')') else {
            break;
        };
        let group = &rest[open..=open + close];
        out.push_str(&rest[..open]);
        match english_gloss(group, table) {
            None => out.push_str(group),
            Some(Some(say)) => out.push_str(&format!("({say})")),
            Some(None) => {}
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

/// Entries of more than one word ("Sổ sức khỏe", from the glossary) said their way, where they
/// stand as whole words.
fn phrases(text: &str, table: &Table) -> String {
    let mut out = text.to_string();
    for (k, v) in table.0.iter().filter(|(k, _)| k.contains(' ')) {
        let mut said = String::new();
        let mut rest = out.as_str();
        while let Some(i) = rest.find(k.as_str()) {
            let edge = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
            let whole =
                edge(rest[..i].chars().next_back()) && edge(rest[i + k.len()..].chars().next());
            said.push_str(&rest[..i]);
            said.push_str(if whole { v } else { k });
            rest = &rest[i + k.len()..];
        }
        said.push_str(rest);
        out = said;
    }
    out
}

/// One line, spoken, ending with a stop so the voice pauses there.
fn line(text: &str, table: &Table) -> String {
    let text = phrases(&drop_glosses(text, table), table);
    let words: Vec<&str> = text.split_whitespace().collect();
    let runs = phone_runs(&words);
    let mut out = Vec::new();
    let mut prev = "";
    let mut i = 0;
    while i < words.len() {
        if let Some((_, n)) = runs.iter().find(|(s, _)| *s == i) {
            let group: Vec<String> = words[i..i + n].iter().map(|w| digits(w)).collect();
            let last = words[i + n - 1];
            let tail = &last[last
                .rfind(|c: char| c.is_ascii_digit())
                .map_or(0, |p| p + 1)..];
            let first = words[i];
            let lead: String = first
                .chars()
                .take_while(|c| !c.is_alphanumeric())
                .filter(|c| "(\"'".contains(*c))
                .collect();
            out.push(format!("{lead}{}{tail}", group.join(", ")));
            prev = last;
            i += n;
            continue;
        }
        let word = words[i];
        // "500.000 đ" / "500.000đ" / "2.350.000d": the currency after an amount.
        let money = word.strip_suffix(['đ', 'd']).filter(|n| {
            is_grouped_number(n) || (!n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
        });
        match money {
            Some(n) => {
                say(n, prev, table, &mut out);
                out.push("đồng".into());
            }
            None => say(word, prev, table, &mut out),
        }
        prev = word;
        i += 1;
    }
    let mut said = out.join(" ");
    if !said.is_empty() && !said.ends_with(['.', '!', '?', ':', ';', '…']) {
        said.push('.');
    }
    said
}

/// Text on screen → text for the voice. Lines stay lines, each ending with a stop (espeak-ng
/// reads a bare line break as a space and would run a title into the text after it).
pub fn prepare(text: &str, table: &Table) -> String {
    text.lines()
        .map(|l| line(l, table))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Reads a pronunciation table (`word: "cách đọc"` per line, YAML).
pub fn parse_table(text: &str) -> Result<BTreeMap<String, String>, String> {
    serde_saphyr::from_str(text).map_err(|e| e.to_string())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_words() {
        for (n, w) in [
            (0, "không"),
            (5, "năm"),
            (10, "mười"),
            (15, "mười lăm"),
            (21, "hai mươi mốt"),
            (24, "hai mươi tư"),
            (25, "hai mươi lăm"),
            (100, "một trăm"),
            (105, "một trăm lẻ năm"),
            (110, "một trăm mười"),
            (1000, "một nghìn"),
            (1005, "một nghìn không trăm lẻ năm"),
            (2026, "hai nghìn không trăm hai mươi sáu"),
            (1_500_000, "một triệu năm trăm nghìn"),
        ] {
            assert_eq!(number(n), w, "{n}");
        }
    }

    #[test]
    fn abbreviations_dates_and_symbols_become_words() {
        let t = Table::built_in();
        assert_eq!(prepare("AI là gì?", &t), "ây ai là gì?");
        assert_eq!(prepare("Quét mã QR.", &t), "Quét mã kiu a.");
        assert_eq!(prepare("Mã OTP gồm 6 số", &t), "Mã ô tê pê gồm sáu số.");
        assert_eq!(prepare("Ngày 10/10 nhé", &t), "Ngày mười tháng mười nhé.");
        assert_eq!(
            prepare("(2/9/1945)", &t),
            "(hai tháng chín năm một nghìn chín trăm bốn mươi lăm)."
        );
        assert_eq!(prepare("giảm 50%", &t), "giảm năm mươi phần trăm.");
        assert_eq!(prepare("1.000.000 đồng", &t), "một triệu đồng.");
    }

    #[test]
    fn choice_marks_are_silent_and_lines_kept() {
        let t = Table::built_in();
        let text = "Câu 1/3. Mật khẩu nào mạnh?\n  1. abc\n✓ (•) 2. Hoa@2024!\n• ▶";
        assert_eq!(
            prepare(text, &t),
            "Câu một trên ba. Mật khẩu nào mạnh?\nmột. abc.\nhai. Hoa@2024!"
        );
    }

    #[test]
    fn numbers_to_dial_are_said_digit_by_digit_and_amounts_stay_amounts() {
        let t = Table::built_in();
        assert_eq!(prepare("Gọi 113 ngay", &t), "Gọi một một ba ngay.");
        assert_eq!(prepare("Báo số lừa: 156.", &t), "Báo số lừa: một năm sáu.");
        assert_eq!(
            prepare("Tổng đài 1900 1234", &t),
            "Tổng đài một chín không không, một hai ba bốn."
        );
        assert_eq!(
            prepare("Số (0912 345 678) của con", &t),
            "Số (không chín một hai, ba bốn năm, sáu bảy tám) của con."
        );
        assert_eq!(
            prepare("Nộp phí 500.000 đ trước", &t),
            "Nộp phí năm trăm nghìn đồng trước."
        );
        assert_eq!(
            prepare("hoàn 2.350.000d", &t),
            "hoàn hai triệu ba trăm năm mươi nghìn đồng."
        );
        assert!(prepare("năm 1900 và 113 nghìn", &t).contains("một nghìn chín trăm"));
    }

    #[test]
    fn hours_cod_and_glosses_as_a_vietnamese_speaker_says_them() {
        let mut t = Table::built_in();
        assert_eq!(prepare("Khóa trong 24h", &t), "Khóa trong hai mươi tư giờ.");
        assert_eq!(prepare("trước 17h30", &t), "trước mười bảy giờ ba mươi.");
        assert_eq!(prepare("Mở cửa 24/7", &t), "Mở cửa hai mươi tư trên bảy.");
        assert_eq!(prepare("Chọn COD", &t), "Chọn xê ô đê.");
        assert_eq!(
            prepare("giá 35.000 VNĐ", &t),
            "giá ba mươi lăm nghìn việt nam đồng."
        );
        assert_eq!(
            prepare("Hạn 2/9/2026", &t),
            "Hạn hai tháng chín năm hai nghìn không trăm hai mươi sáu."
        );
        assert_eq!(prepare("giảm 30%", &t), "giảm ba mươi phần trăm.");
        assert_eq!(
            prepare("Kỹ năng số (digital skills) là gì?", &t),
            "Kỹ năng số là gì?"
        );
        t.skip_glosses(["big data".to_string()]);
        assert_eq!(prepare("Dữ liệu lớn (big data)", &t), "Dữ liệu lớn.");
        assert_eq!(prepare("Mã (AI) nhé", &t), "Mã (ây ai) nhé.");
    }

    #[test]
    fn lines_without_final_punctuation_get_a_stop() {
        let t = Table::built_in();
        assert_eq!(
            prepare("Mật khẩu\nTrang 1 trên 6.\nÝ 1: abc", &t),
            "Mật khẩu.\nTrang một trên sáu.\nÝ một: abc."
        );
    }

    #[test]
    fn trainers_extend_the_table() {
        let mut t = Table::built_in();
        t.extend(parse_table("Zalo: \"da lồ\"\nCSDL: \"cơ sở dữ liệu\"\n").unwrap());
        assert_eq!(prepare("Zalo và CSDL", &t), "da lồ và cơ sở dữ liệu.");
        assert!(parse_table("[not, a, map]").is_err());
    }
}
