//! Numbers as a Vietnamese voice says them: amounts in words, dates, positions ("1/3"),
//! hotline and phone numbers digit by digit, times of day. Pure.

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
pub(super) fn date(word: &str) -> Option<String> {
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

/// "1/3" after "Câu" or "Trang" is a position, not a date.
pub(super) fn fraction(word: &str) -> Option<String> {
    let (a, b) = word.split_once('/')?;
    Some(format!(
        "{} trên {}",
        number(a.parse().ok()?),
        number(b.parse().ok()?)
    ))
}

/// "1.000.000": thousands with dots, as Vietnamese writes them.
pub(super) fn is_grouped_number(s: &str) -> bool {
    let groups: Vec<&str> = s.split('.').collect();
    groups.len() > 1
        && !groups[0].is_empty()
        && groups[0].len() <= 3
        && groups.iter().all(|g| g.chars().all(|c| c.is_ascii_digit()))
        && groups[1..].iter().all(|g| g.len() == 3)
}

/// Service numbers said digit by digit, as they are dialled.
const HOTLINES: &[&str] = &["111", "112", "113", "114", "115", "116", "155", "156"];

pub(super) fn digits(s: &str) -> String {
    let d = s
        .chars()
        .filter_map(|c| c.to_digit(10))
        .map(|d| DIGITS[d as usize]);
    d.collect::<Vec<_>>().join(" ")
}

/// The digits of a word with its punctuation taken off, if it is only digits.
fn digit_core(word: &str) -> Option<&str> {
    let core = word.trim_matches(|c: char| !c.is_alphanumeric());
    (!core.is_empty() && core.chars().all(|c| c.is_ascii_digit())).then_some(core)
}

/// Words that are a phone or hotline number (possibly written in groups: "0912 345 678",
/// "1900 1234"), as (first word, word count).
pub(super) fn phone_runs(words: &[&str]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let mut j = i;
        let mut all = String::new();
        while j < words.len()
            && let Some(d) = digit_core(words[j])
        {
            all.push_str(d);
            j += 1;
            // A number ends at punctuation after it.
            if words[j - 1].ends_with(|c: char| !c.is_alphanumeric()) {
                break;
            }
        }
        let phone = (all.starts_with('0') && (10..=11).contains(&all.len()) && j - i <= 4)
            || ((all.starts_with("1800") || all.starts_with("1900"))
                && (8..=10).contains(&all.len()))
            || (j == i + 1 && HOTLINES.contains(&all.as_str()));
        if phone {
            out.push((i, j - i));
        }
        i = j.max(i + 1);
    }
    out
}

/// "17h" → "mười bảy giờ", "17h30" → "mười bảy giờ ba mươi".
pub(super) fn hours(core: &str) -> Option<String> {
    let (h, m) = core.split_once('h')?;
    let h: u64 = h.parse().ok().filter(|h| *h <= 24)?;
    let mut out = format!("{} giờ", number(h));
    if !m.is_empty() {
        let m: u64 = m.parse().ok().filter(|m| *m < 60)?;
        out = format!("{out} {}", number(m));
    }
    Some(out)
}
