//! Cell values of a class list: tidying names and reading a year of birth from a year, an Excel
//! date cell, a date written as text or (in a column Excel formats as "General") a date serial.

use calamine::{ExcelDateTime, ExcelDateTimeType};
use unicode_normalization::UnicodeNormalization;

use super::table::Cell;

/// NFC, control characters dropped, runs of spaces collapsed, trimmed.
pub fn clean(s: &str) -> String {
    let s: String = s.nfc().filter(|c| !c.is_control()).collect();
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A name as shown: cleaned, and an ALL-CAPS name in title case ("NGUYỄN VĂN AN" →
/// "Nguyễn Văn An"). Mixed-case names are left as written.
pub fn tidy_name(s: &str) -> String {
    let s = clean(s);
    let letters = s.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 2 || s.chars().any(char::is_lowercase) {
        return s;
    }
    let words: Vec<String> = s
        .split(' ')
        .map(|w| {
            let mut chars = w.chars();
            match chars.next() {
                Some(first) => first
                    .to_uppercase()
                    .chain(chars.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect();
    words.join(" ").nfc().collect()
}

/// Year, month, day of an Excel serial number (1900 date system), through calamine.
fn from_serial(serial: f64) -> (u16, u8, u8) {
    let (y, m, d, ..) =
        ExcelDateTime::new(serial, ExcelDateTimeType::DateTime, false).to_ymd_hms_milli();
    (y, m, d)
}

fn valid_date(y: i64, m: i64, d: i64) -> bool {
    i16::try_from(y).is_ok_and(|y| {
        jiff::civil::Date::new(y, m.clamp(0, 99) as i8, d.clamp(0, 99) as i8).is_ok()
    })
}

/// A year from text: `1962`, `14/05/1962`, `14-5-1962`, `14.05.1962`, `1962-05-14`, `05/1962`
/// (a time after the date, as CSV copies of date cells carry, is ignored).
fn year_from_text(s: &str) -> Option<i64> {
    let first = s.split_whitespace().next()?;
    let first = first.split('T').next()?;
    let parts: Vec<&str> = first.split(['/', '-', '.']).collect();
    if parts
        .iter()
        .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let n = |p: &str| p.parse::<i64>().ok();
    match parts.as_slice() {
        [y] if y.len() == 4 => n(y),
        [m, y] if y.len() == 4 && m.len() <= 2 => {
            let (m, y) = (n(m)?, n(y)?);
            (1..=12).contains(&m).then_some(y)
        }
        [y, m, d] if y.len() == 4 && m.len() <= 2 && d.len() <= 2 => {
            let (y, m, d) = (n(y)?, n(m)?, n(d)?);
            valid_date(y, m, d).then_some(y)
        }
        [d, m, y] if y.len() == 4 && m.len() <= 2 && d.len() <= 2 => {
            let (y, m, d) = (n(y)?, n(m)?, n(d)?);
            valid_date(y, m, d).then_some(y)
        }
        _ => None,
    }
}

/// A year written as offices write it when unsure: "khoảng 1955", "năm 1955", "1955?",
/// "~1955", "khoảng năm 1955 (?)" — one 4-digit number and only such words around it.
fn year_hedged(s: &str) -> Option<i64> {
    const WORDS: &[&str] = &["khoang", "nam", "sinh", "chung", "tam", "ca", "c", "ns"];
    let folded = crate::progress::id::fold(s);
    let mut year = None;
    for word in folded.split(|c: char| c.is_whitespace() || "?~()≈.,:".contains(c)) {
        if word.is_empty() || WORDS.contains(&word) {
            continue;
        }
        if word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()) && year.is_none() {
            year = word.parse().ok();
            continue;
        }
        return None;
    }
    year
}

/// The year of birth in a cell, `Ok(None)` for an empty cell, `Err(what to show)` when the cell
/// holds something that is not a plausible year of birth (an Excel serial is shown as the date it
/// stands for, never as the number).
pub fn year_of(cell: &Cell, this_year: i16) -> Result<Option<u16>, String> {
    let plausible = |y: i64| (1900..=i64::from(this_year)).contains(&y);
    let year = match cell {
        Cell::Empty => return Ok(None),
        Cell::Date(y, m, d) => {
            let y = i64::from(*y);
            return if plausible(y) {
                Ok(Some(y as u16))
            } else {
                Err(format!("{d}/{m}/{y}"))
            };
        }
        Cell::Number(f) if f.fract() == 0.0 && (1000.0..3000.0).contains(f) => Some(*f as i64),
        // Not a year: a date serial in a cell Excel shows as a plain number.
        Cell::Number(f) if (3000.0..2_958_466.0).contains(f) => {
            let (y, m, d) = from_serial(*f);
            let y = i64::from(y);
            return if plausible(y) {
                Ok(Some(y as u16))
            } else {
                Err(format!("{d}/{m}/{y}"))
            };
        }
        Cell::Number(_) => None,
        Cell::Text(s) => year_from_text(s.trim()).or_else(|| year_hedged(s)),
    };
    match year {
        Some(y) if plausible(y) => Ok(Some(y as u16)),
        _ => Err(clean(&cell.text())),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn all_caps_names_become_title_case() {
        assert_eq!(tidy_name("  NGUYỄN   VĂN AN "), "Nguyễn Văn An");
        assert_eq!(tidy_name("ĐẶNG THỊ ÚT"), "Đặng Thị Út");
        assert_eq!(tidy_name("Nguyễn văn AN"), "Nguyễn văn AN");
        assert!(unicode_normalization::is_nfc(&tidy_name("TRẦN THỊ HỒNG")));
    }

    #[test]
    fn years_from_every_shape() {
        let t = |s: &str| year_of(&Cell::Text(s.into()), 2026);
        for s in [
            "1962",
            "14/05/1962",
            "14-5-1962",
            "1962-05-14",
            "14.05.1962",
            "05/1962",
            "14/05/1962 00:00:00",
        ] {
            assert_eq!(t(s), Ok(Some(1962)), "{s}");
        }
        for s in [
            "khoảng 1955",
            "Khoảng năm 1955",
            "năm 1955",
            "1955?",
            "~1955",
            "1955 (?)",
        ] {
            assert_eq!(t(s), Ok(Some(1955)), "{s}");
        }
        assert_eq!(t("khoảng năm ngoái"), Err("khoảng năm ngoái".into()));
        assert_eq!(t("31/02/1962"), Err("31/02/1962".into()));
        assert_eq!(t("năm ngoái"), Err("năm ngoái".into()));
        assert_eq!(t("2030"), Err("2030".into()));
        assert_eq!(year_of(&Cell::Date(1962, 5, 14), 2026), Ok(Some(1962)));
        assert_eq!(year_of(&Cell::Number(1962.0), 2026), Ok(Some(1962)));
        // 26361 is 1972-03-01 as an Excel serial.
        assert_eq!(year_of(&Cell::Number(26361.0), 2026), Ok(Some(1972)));
        // A serial that is not a plausible birth date is shown as the date, never the number.
        assert_eq!(
            year_of(&Cell::Number(60000.0), 2026),
            Err("8/4/2064".into())
        );
        assert_eq!(year_of(&Cell::Empty, 2026), Ok(None));
    }
}
