//! Read-aloud: the text on screen prepared for a Vietnamese voice (abbreviations, dates,
//! numbers and symbols spoken as words; a pronunciation table trainers can extend), and the
//! engines that speak it (`engine`). Text preparation is pure and tested on its own.

pub mod engine;

use std::collections::BTreeMap;

/// Words said differently from how they are written: "AI" → "ây ai".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table(BTreeMap<String, String>);

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
        )
    }

    /// Adds (or replaces) entries, e.g. from the course folder's `phat-am.yaml`.
    pub fn extend(&mut self, more: BTreeMap<String, String>) {
        self.0.extend(more);
    }

    fn get(&self, word: &str) -> Option<&str> {
        self.0.get(word).map(String::as_str)
    }
}

const DIGITS: [&str; 10] = [
    "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
];

/// Three digits; `full` when a higher group was said ("một nghìn không trăm lẻ năm").
fn three(n: u64, full: bool, out: &mut Vec<&'static str>) {
    let (h, t, u) = (
        (n / 100) as usize,
        (n / 10 % 10) as usize,
        (n % 10) as usize,
    );
    if h > 0 || full {
        out.extend([DIGITS[h], "trăm"]);
    }
    match t {
        0 if u > 0 && (h > 0 || full) => out.push("lẻ"),
        0 => {}
        1 => out.push("mười"),
        _ => out.extend([DIGITS[t], "mươi"]),
    }
    if u > 0 {
        out.push(match (t, u) {
            (2.., 1) => "mốt",
            (2.., 4) => "tư",
            (1.., 5) => "lăm",
            _ => DIGITS[u],
        });
    }
}

/// A number in Vietnamese words: 21 → "hai mươi mốt", 2026 → "hai nghìn không trăm hai mươi sáu".
pub fn number(n: u64) -> String {
    if n == 0 {
        return DIGITS[0].into();
    }
    const UNITS: [&str; 4] = ["", "nghìn", "triệu", "tỷ"];
    let mut groups = Vec::new();
    let mut m = n;
    while m > 0 {
        groups.push(m % 1000);
        m /= 1000;
    }
    let mut words: Vec<&'static str> = Vec::new();
    let mut said = false;
    for (i, g) in groups.iter().enumerate().rev() {
        if *g == 0 {
            continue;
        }
        three(*g, said, &mut words);
        if let Some(u) = UNITS.get(i % 4).filter(|u| !u.is_empty()) {
            words.push(u);
        }
        if i >= 4 {
            words.push("tỷ");
        }
        said = true;
    }
    words.join(" ")
}

/// "10/10" → "mười tháng mười"; "2/9/1945" → "hai tháng chín năm …".
fn date(word: &str) -> Option<String> {
    let parts: Vec<&str> = word.split('/').collect();
    if !(2..=3).contains(&parts.len()) || parts.iter().any(|p| p.is_empty()) {
        return None;
    }
    let nums: Vec<u64> = parts
        .iter()
        .map(|p| {
            p.chars()
                .all(|c| c.is_ascii_digit())
                .then(|| p.parse().ok())?
        })
        .collect::<Option<_>>()?;
    let (d, m) = (nums[0], nums[1]);
    if !(1..=31).contains(&d) || !(1..=12).contains(&m) {
        return None;
    }
    let mut out = format!("{} tháng {}", number(d), number(m));
    if let Some(y) = nums.get(2) {
        out = format!("{out} năm {}", number(*y));
    }
    Some(out)
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

/// "1/3" after "Câu" or "Trang" is a position, not a date.
fn fraction(word: &str) -> Option<String> {
    let (a, b) = word.split_once('/')?;
    Some(format!(
        "{} trên {}",
        number(a.parse().ok()?),
        number(b.parse().ok()?)
    ))
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

/// "1.000.000": thousands with dots, as Vietnamese writes them.
fn is_grouped_number(s: &str) -> bool {
    let groups: Vec<&str> = s.split('.').collect();
    groups.len() > 1
        && !groups[0].is_empty()
        && groups[0].len() <= 3
        && groups.iter().all(|g| g.chars().all(|c| c.is_ascii_digit()))
        && groups[1..].iter().all(|g| g.len() == 3)
}

/// Text on screen → text for the voice. Lines stay lines (the voice pauses there).
pub fn prepare(text: &str, table: &Table) -> String {
    text.lines()
        .map(|line| {
            let mut out = Vec::new();
            let mut prev = "";
            for word in line.split_whitespace() {
                say(word, prev, table, &mut out);
                prev = word;
            }
            out.join(" ")
        })
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
        assert_eq!(prepare("Mã OTP gồm 6 số", &t), "Mã ô tê pê gồm sáu số");
        assert_eq!(prepare("Ngày 10/10 nhé", &t), "Ngày mười tháng mười nhé");
        assert_eq!(
            prepare("(2/9/1945)", &t),
            "(hai tháng chín năm một nghìn chín trăm bốn mươi lăm)"
        );
        assert_eq!(prepare("giảm 50%", &t), "giảm năm mươi phần trăm");
        assert_eq!(prepare("1.000.000 đồng", &t), "một triệu đồng");
    }

    #[test]
    fn choice_marks_are_silent_and_lines_kept() {
        let t = Table::built_in();
        let text = "Câu 1/3. Mật khẩu nào mạnh?\n  1. abc\n✓ (•) 2. Hoa@2024!\n• ▶";
        assert_eq!(
            prepare(text, &t),
            "Câu một trên ba. Mật khẩu nào mạnh?\nmột. abc\nhai. Hoa@2024!"
        );
    }

    #[test]
    fn trainers_extend_the_table() {
        let mut t = Table::built_in();
        t.extend(parse_table("Zalo: \"da lồ\"\nCSDL: \"cơ sở dữ liệu\"\n").unwrap());
        assert_eq!(prepare("Zalo và CSDL", &t), "da lồ và cơ sở dữ liệu");
        assert!(parse_table("[not, a, map]").is_err());
    }
}
