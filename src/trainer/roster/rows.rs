//! Finding the header row of a class list and deciding, row by row, who is a learner.

use super::table::{Cell, Table};
use super::value::{clean, tidy_name, year_of};
use super::{Roster, RosterError, RosterRow, Skip, Skipped};
use crate::progress::id::fold;

/// How far down the header row may be (title rows, blank rows and merged titles above it).
pub const HEADER_SEARCH_ROWS: usize = 20;

/// A column hocso uses; every other column (phone, CCCD, ghi chú…) is ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Name,
    Year,
    BirthDate,
    Group,
    /// STT: not kept, but a number there marks a learner's row.
    Number,
}

/// Headers that name the thôn/lớp column, each part of a header like "Thôn/Tổ dân phố" or
/// "Thôn, xóm" (alphanumerics only, accents folded).
const PLACES: &[&str] = &[
    "thon",
    "lop",
    "xom",
    "to",
    "todanpho",
    "tdp",
    "ap",
    "ban",
    "khupho",
    "kp",
    "buon",
    "lang",
    "khoi",
    "khoipho",
    "thonxom",
    "thonto",
    "thonlop",
    "thonban",
    "thonap",
    "tenthon",
    "group",
    "village",
    "class",
    "villageclass",
];

fn alnum(s: &str) -> String {
    fold(s).chars().filter(|c| c.is_alphanumeric()).collect()
}

/// "Thôn/Tổ dân phố", "Thôn - TDP", "Ấp": every part a place word.
fn is_place_header(header: &str) -> bool {
    let parts: Vec<String> = fold(header)
        .split(['/', ',', '-', '–', '(', ')', '&', '+', ';', '\\'])
        .map(alnum)
        .filter(|p| !p.is_empty())
        .collect();
    !parts.is_empty() && parts.iter().all(|p| PLACES.contains(&p.as_str()))
}

/// A header that speaks of where someone lives ("Thôn/Xóm cũ", "Địa chỉ", "Nơi ở"): when it is
/// not the column read, the trainer is told, so a thôn column is never dropped in silence.
pub fn looks_like_place(header: &str) -> bool {
    let folded = fold(&clean(header));
    let words: Vec<String> = folded
        .split(|c: char| !c.is_alphanumeric())
        .map(String::from)
        .collect();
    const WORDS: &[&str] = &[
        "thon", "xom", "ap", "ban", "buon", "lang", "khoi", "tdp", "khu", "pho", "to",
    ];
    const PHRASES: &[&str] = &[
        "dia chi",
        "noi o",
        "cho o",
        "que quan",
        "thuong tru",
        "ho khau",
        "cu tru",
        "tam tru",
    ];
    words.iter().any(|w| WORDS.contains(&w.as_str())) || PHRASES.iter().any(|p| folded.contains(p))
}

/// Which column a header names, whatever its accents, case and punctuation.
pub fn column_of(header: &str) -> Option<Column> {
    let key = alnum(header);
    match key.as_str() {
        "hoten" | "hovaten" | "ten" | "hotenhocvien" | "tenhocvien" | "hovatenhocvien"
        | "hotennguoihoc" | "hodem" | "hovatendem" | "name" | "fullname" => Some(Column::Name),
        "namsinh" | "nam" | "nu" | "birthyear" | "yearofbirth" | "year" => Some(Column::Year),
        "ngaysinh" | "ngaythangnamsinh" | "ngaythangsinh" | "sinhngay" | "dateofbirth"
        | "birthdate" | "dob" => Some(Column::BirthDate),
        "stt" | "tt" | "sott" | "sothutu" | "no" => Some(Column::Number),
        _ if is_place_header(header) => Some(Column::Group),
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

/// A numbering row under the header: "(1) (2) (3)…" or 1 2 3…, at least three, counting up.
fn is_numbering(cells: &[Cell]) -> bool {
    let mut n = Vec::new();
    for c in cells {
        let v = match c {
            Cell::Empty => continue,
            Cell::Number(f) if f.fract() == 0.0 => *f as i64,
            Cell::Text(t) => {
                let t = t.trim().trim_start_matches('(').trim_end_matches(')');
                match t.parse::<i64>() {
                    Ok(v) => v,
                    Err(_) => return false,
                }
            }
            _ => return false,
        };
        n.push(v);
    }
    n.len() >= 3 && n.windows(2).all(|w| w[1] > w[0])
}

/// The columns one header row names.
fn columns_of(cells: &[Cell]) -> Vec<Option<Column>> {
    cells
        .iter()
        .map(|c| match c {
            Cell::Text(t) => column_of(t),
            _ => None,
        })
        .collect()
}

/// A second header row: sub-headers ("Họ đệm | Tên", "Nam | Nữ") or cells a merged header
/// filled in, no numbers or dates, and the name column holding a header, not a person.
fn is_sub_header(cells: &[Cell], above: &[Cell], names: &[usize]) -> bool {
    let all_text = cells
        .iter()
        .all(|c| matches!(c, Cell::Empty | Cell::Text(_)));
    let name_is_header = names.iter().any(|&i| match cells.get(i) {
        Some(Cell::Text(t)) => {
            column_of(t).is_some() || above.get(i).is_some_and(|a| a.text() == *t)
        }
        _ => false,
    });
    all_text && name_is_header
}

/// A row above the header that also names columns (the top row of a two-row header).
fn is_top_header(cells: &[Cell]) -> bool {
    cells
        .iter()
        .all(|c| matches!(c, Cell::Empty | Cell::Text(_)))
        && columns_of(cells).iter().flatten().count() >= 2
}

/// Reads the learners out of a table: header row within the first [`HEADER_SEARCH_ROWS`] rows
/// (with the rows of a multi-row header around it), then one outcome per non-empty row below.
pub fn read(table: Table, this_year: i16) -> Result<Roster, RosterError> {
    let table: Table = table
        .into_iter()
        .filter(|(_, cells)| cells.iter().any(|c| !c.is_empty()))
        .collect();
    let first_line = table.first().map(|(l, _)| *l).ok_or(RosterError::Empty)?;
    let header_at = table
        .iter()
        .take(HEADER_SEARCH_ROWS)
        .position(|(_, cells)| columns_of(cells).contains(&Some(Column::Name)))
        .ok_or(RosterError::NoNameColumn { line: first_line })?;
    let header_line = table[header_at].0;
    // The header block: a top row naming columns, the row with the name column, then sub-header
    // and numbering rows. A lower row's column wins (it is the more precise one).
    let first = if header_at > 0 && is_top_header(&table[header_at - 1].1) {
        header_at - 1
    } else {
        header_at
    };
    let mut columns: Vec<Option<Column>> = Vec::new();
    let mut headers: Vec<String> = Vec::new();
    let mut merge = |cells: &[Cell], columns: &mut Vec<Option<Column>>| {
        for (i, c) in columns_of(cells).into_iter().enumerate() {
            if i >= columns.len() {
                columns.resize(i + 1, None);
            }
            if c.is_some() {
                columns[i] = c;
            }
        }
        for c in cells {
            let t = clean(&c.text());
            if !t.is_empty() && !headers.contains(&t) {
                headers.push(t);
            }
        }
    };
    for (_, cells) in &table[first..=header_at] {
        merge(cells, &mut columns);
    }
    let mut body = header_at + 1;
    let at = |cols: &[Option<Column>], want: Column| -> Vec<usize> {
        (0..cols.len()).filter(|&i| cols[i] == Some(want)).collect()
    };
    while let Some((_, cells)) = table.get(body) {
        let above = &table[body - 1].1;
        if is_numbering(cells) || is_sub_header(cells, above, &at(&columns, Column::Name)) {
            merge(cells, &mut columns);
            body += 1;
        } else {
            break;
        }
    }
    let (names, years, dates, groups, numbers) = (
        at(&columns, Column::Name),
        at(&columns, Column::Year),
        at(&columns, Column::BirthDate),
        at(&columns, Column::Group),
        at(&columns, Column::Number),
    );
    let header_name = names
        .first()
        .and_then(|&i| table[header_at].1.get(i).map(|c| fold(&clean(&c.text()))));
    let unused_columns = headers
        .into_iter()
        .filter(|h| looks_like_place(h) && column_of(h) != Some(Column::Group))
        .collect();

    let mut roster = Roster {
        header_line,
        unused_columns,
        ..Roster::default()
    };
    let rows: Vec<(usize, Vec<Cell>)> = table.into_iter().skip(body).collect();
    let cell = |cells: &[Cell], i: usize| cells.get(i).cloned().unwrap_or(Cell::Empty);
    let name_of = |cells: &[Cell]| {
        let mut parts: Vec<String> = Vec::new();
        for &i in &names {
            if let Some(Cell::Text(t)) = cells.get(i) {
                let t = clean(t);
                if !t.is_empty() && parts.last() != Some(&t) {
                    parts.push(t);
                }
            }
        }
        tidy_name(&parts.join(" "))
    };
    let has_letters = |s: &str| s.chars().any(char::is_alphabetic);
    // A learner's row has a name and something else of a person: a number in STT or a year or
    // date of birth that reads. Signers' names under their titles have only the name (the thôn
    // column is no sign: the signature block often sits in the right-hand columns).
    let learner_shaped = |cells: &[Cell]| {
        let name = name_of(cells);
        has_letters(&name)
            && header_name.as_deref() != Some(fold(&name).as_str())
            && (numbers.iter().any(|&i| {
                matches!(cell(cells, i), Cell::Number(_))
                    || cell(cells, i)
                        .text()
                        .trim_end_matches('.')
                        .parse::<u32>()
                        .is_ok()
            }) || years
                .iter()
                .chain(&dates)
                .any(|&i| matches!(year_of(&cell(cells, i), this_year), Ok(Some(_)))))
    };
    let last_learner = rows.iter().rposition(|(_, c)| learner_shaped(c));
    let texts_of = |cells: &[Cell]| -> Vec<String> {
        cells
            .iter()
            .filter_map(|c| match c {
                Cell::Text(t) => Some(fold(&clean(t))),
                _ => None,
            })
            .collect()
    };
    // The signature block starts at the first signature-like row after the last learner's row
    // (a place-and-date line, a title, "(Ký, ghi rõ họ tên)"): a word in a note never ends it.
    let signature_from = rows
        .iter()
        .enumerate()
        .skip(last_learner.map_or(0, |i| i + 1))
        .find(|(_, (_, c))| texts_of(c).iter().any(|t| is_signature(t)))
        .map_or(usize::MAX, |(i, _)| i);

    let mut seen_learner = false;
    for (index, (line, cells)) in rows.into_iter().enumerate() {
        let skip = |reason| Skipped {
            line,
            reason,
            text: excerpt(&cells),
        };
        if index >= signature_from {
            roster.skipped.push(skip(Skip::Signature));
            continue;
        }
        let texts = texts_of(&cells);
        if texts.iter().any(|t| starts_total(t)) {
            roster.skipped.push(skip(Skip::Total));
            continue;
        }
        let name = name_of(&cells);
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
        // The first year that reads wins (a "Nam | Nữ" pair has one filled, one empty or "x");
        // a year that does not read leaves the year empty, with a note: nobody is left out of the
        // class for a year.
        let mut year_note = None;
        let mut birth_year = None;
        for &i in years.iter().chain(&dates) {
            match year_of(&cell(&cells, i), this_year) {
                Ok(Some(y)) => {
                    birth_year = Some(y);
                    break;
                }
                Ok(None) => {}
                Err(v) => {
                    year_note.get_or_insert(v);
                }
            }
        }
        if birth_year.is_some() {
            year_note = None;
        }
        let group = groups
            .iter()
            .map(|&i| clean(&cell(&cells, i).text()))
            .find(|g| !g.is_empty());
        seen_learner = true;
        roster.rows.push(RosterRow {
            line,
            name,
            birth_year,
            group,
            year_note,
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
        assert_eq!(column_of("STT"), Some(Column::Number));
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
