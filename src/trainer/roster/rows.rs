//! Finding the header row of a class list and deciding, row by row, who is a learner.

use super::table::{Cell, Table};
use super::value::{clean, tidy_name, year_of};
use super::{Roster, RosterError, RosterRow, Skip, Skipped};
use crate::progress::id::fold;

/// How far down the header row may be (title rows, blank rows and merged titles above it).
pub const HEADER_SEARCH_ROWS: usize = 20;

/// A column hocso uses; every other column (STT, phone, CCCD, ghi chú…) is ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Name,
    Year,
    BirthDate,
    Group,
}

/// Which column a header names, whatever its accents, case and punctuation.
pub fn column_of(header: &str) -> Option<Column> {
    let key: String = fold(header)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    match key.as_str() {
        "hoten" | "hovaten" | "ten" | "hotenhocvien" | "tenhocvien" | "hovatenhocvien"
        | "hotennguoihoc" | "hodem" | "hovatendem" | "name" | "fullname" => Some(Column::Name),
        "namsinh" | "nam" | "birthyear" | "yearofbirth" | "year" => Some(Column::Year),
        "ngaysinh" | "ngaythangnamsinh" | "ngaythangsinh" | "sinhngay" | "dateofbirth"
        | "birthdate" | "dob" => Some(Column::BirthDate),
        "thonlop" | "thon" | "lop" | "thonxom" | "xom" | "to" | "group" | "village" | "class"
        | "villageclass" | "thonto" | "todanpho" | "ap" | "ban" | "thonban" | "thonap" => {
            Some(Column::Group)
        }
        _ => None,
    }
}

fn starts_total(f: &str) -> bool {
    [
        "tong cong",
        "tong so",
        "tong:",
        "tong :",
        "cong:",
        "cong :",
        "cong so",
    ]
    .iter()
    .any(|p| f.starts_with(p))
}

fn is_signature(f: &str) -> bool {
    const MARKS: &[&str] = &[
        "nguoi lap",
        "chu tich",
        "ky ten",
        "ky, ghi ro",
        "ky ghi ro",
        "ky va ghi ro",
        "ghi ro ho ten",
        "xac nhan cua",
        "truong thon",
        "truong ban",
        "giam doc",
        "can bo phu trach",
        "giao vien phu trach",
        "t/m ",
        "tm. ",
        "tm ubnd",
        "ubnd xa",
    ];
    let dated = f.contains("ngay")
        && f.contains("thang")
        && f.contains("nam")
        && f.chars().any(|c| c.is_ascii_digit() || c == '.');
    dated || MARKS.iter().any(|m| f.contains(m))
}

/// The row's text for messages: non-empty cells, each once, joined by " | ", at most 60 chars.
fn excerpt(cells: &[Cell]) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in cells {
        let t = clean(&c.text());
        if !t.is_empty() && parts.last() != Some(&t) {
            parts.push(t);
        }
    }
    let s = parts.join(" | ");
    if s.chars().count() > 60 {
        let cut: String = s.chars().take(59).collect();
        format!("{cut}…")
    } else {
        s
    }
}

/// Reads the learners out of a table: header row within the first [`HEADER_SEARCH_ROWS`] rows,
/// then one outcome per non-empty row below it.
pub fn read(table: Table, this_year: i16) -> Result<Roster, RosterError> {
    let table: Table = table
        .into_iter()
        .filter(|(_, cells)| cells.iter().any(|c| !c.is_empty()))
        .collect();
    let first_line = table.first().map(|(l, _)| *l).ok_or(RosterError::Empty)?;
    let header_at = table
        .iter()
        .take(HEADER_SEARCH_ROWS)
        .position(|(_, cells)| {
            cells
                .iter()
                .any(|c| matches!(c, Cell::Text(t) if column_of(t) == Some(Column::Name)))
        })
        .ok_or(RosterError::NoNameColumn { line: first_line })?;
    let (header_line, header) = &table[header_at];
    let columns: Vec<Option<Column>> = header
        .iter()
        .map(|c| match c {
            Cell::Text(t) => column_of(t),
            _ => None,
        })
        .collect();
    let at = |want: Column| -> Vec<usize> {
        (0..columns.len())
            .filter(|&i| columns[i] == Some(want))
            .collect()
    };
    let (names, years, dates, groups) = (
        at(Column::Name),
        at(Column::Year),
        at(Column::BirthDate),
        at(Column::Group),
    );
    let needed = names
        .iter()
        .chain(&years)
        .chain(&dates)
        .chain(&groups)
        .copied()
        .max()
        .unwrap_or(0);
    let header_name = names.first().map(|&i| fold(&clean(&header[i].text())));

    let mut roster = Roster {
        header_line: *header_line,
        ..Roster::default()
    };
    let mut seen_learner = false;
    let mut after_signature = false;
    for (line, cells) in table.into_iter().skip(header_at + 1) {
        let skip = |reason| Skipped {
            line,
            reason,
            text: excerpt(&cells),
        };
        let texts: Vec<String> = cells
            .iter()
            .filter_map(|c| match c {
                Cell::Text(t) => Some(fold(&clean(t))),
                _ => None,
            })
            .collect();
        if after_signature || texts.iter().any(|t| is_signature(t)) {
            after_signature = true;
            roster.skipped.push(skip(Skip::Signature));
            continue;
        }
        if texts.iter().any(|t| starts_total(t)) {
            roster.skipped.push(skip(Skip::Total));
            continue;
        }
        if cells.len() <= needed {
            roster.skipped.push(skip(Skip::MissingCells));
            continue;
        }
        let mut name_parts: Vec<String> = Vec::new();
        for &i in &names {
            if let Cell::Text(t) = &cells[i] {
                let t = clean(t);
                if !t.is_empty() && name_parts.last() != Some(&t) {
                    name_parts.push(t);
                }
            }
        }
        let name = tidy_name(&name_parts.join(" "));
        let has_letters = |s: &str| s.chars().any(char::is_alphabetic);
        if !has_letters(&name) || header_name.as_deref() == Some(fold(&name).as_str()) {
            let reason = if !seen_learner {
                Skip::Header
            } else if texts.iter().any(|t| has_letters(t)) {
                Skip::EmptyName
            } else {
                Skip::NoPerson
            };
            roster.skipped.push(skip(reason));
            continue;
        }
        let first_year = |cols: &[usize]| -> Result<Option<u16>, String> {
            for &i in cols {
                if let Some(y) = year_of(&cells[i], this_year)? {
                    return Ok(Some(y));
                }
            }
            Ok(None)
        };
        let birth_year = match first_year(&years).and_then(|y| match y {
            Some(y) => Ok(Some(y)),
            None => first_year(&dates),
        }) {
            Ok(y) => y,
            Err(value) => {
                roster.skipped.push(skip(Skip::BadYear { value }));
                continue;
            }
        };
        let group = groups
            .iter()
            .map(|&i| clean(&cells[i].text()))
            .find(|g| !g.is_empty());
        seen_learner = true;
        roster.rows.push(RosterRow {
            line,
            name,
            birth_year,
            group,
        });
    }
    Ok(roster)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_with_or_without_accents() {
        assert_eq!(column_of("Họ tên"), Some(Column::Name));
        assert_eq!(column_of("HỌ VÀ TÊN"), Some(Column::Name));
        assert_eq!(column_of("Năm sinh"), Some(Column::Year));
        assert_eq!(column_of("Ngày tháng năm sinh"), Some(Column::BirthDate));
        assert_eq!(column_of("Ngày sinh"), Some(Column::BirthDate));
        assert_eq!(column_of("Thôn/lớp"), Some(Column::Group));
        assert_eq!(column_of("thon / lop"), Some(Column::Group));
        assert_eq!(column_of("Ghi chú"), None);
        assert_eq!(column_of("STT"), None);
        assert_eq!(column_of("Số CCCD"), None);
    }

    #[test]
    fn totals_and_signatures_are_told_apart_from_names() {
        assert!(starts_total(&fold("Tổng cộng: 11 học viên")));
        assert!(!starts_total(&fold("Tống Văn Bình")));
        assert!(is_signature(&fold("Người lập biểu")));
        assert!(is_signature(&fold("CHỦ TỊCH UBND XÃ")));
        assert!(is_signature(&fold("An Lão, ngày 14 tháng 11 năm 2026")));
        assert!(is_signature(&fold("An Lão, ngày ... tháng ... năm ...")));
        assert!(!is_signature(&fold("Nguyễn Văn Thắng Nam")));
        assert!(!is_signature(&fold("Ngày Thị Nam")));
    }
}
