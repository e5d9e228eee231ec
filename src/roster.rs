//! Class lists ("danh sách lớp") from CSV or .xlsx: header matching, rows, and what is wrong with them.
//!
//! Pure over bytes. Trainers make these lists in Excel, so this accepts UTF-8 with or without BOM,
//! `,` `;` or tab separators, Vietnamese headers with or without accents, and .xlsx workbooks.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use unicode_normalization::UnicodeNormalization;

use crate::progress::id::fold;

/// One learner from the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterRow {
    /// Line (CSV) or row (xlsx) number, 1-based, for messages.
    pub line: usize,
    pub name: String,
    pub birth_year: Option<u16>,
    pub group: Option<String>,
}

/// A problem with one row; the other rows still count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowProblem {
    /// The row has fewer cells than the header.
    MissingCells { line: usize },
    /// The name cell is empty but the row is not.
    EmptyName { line: usize },
    /// The year is not a plausible year of birth.
    BadYear { line: usize, value: String },
}

/// A problem that stops the whole list from being read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RosterError {
    /// Not UTF-8 (e.g. saved as "CSV (Comma delimited)" in an ANSI code page).
    NotUtf8 { offset: usize },
    /// No header row at all.
    Empty,
    /// The header has no name column.
    NoNameColumn { line: usize },
    /// The CSV or workbook could not be parsed.
    Unreadable { detail: String },
}

/// What a list holds: good rows and problems with the others.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Roster {
    pub rows: Vec<RosterRow>,
    pub problems: Vec<RowProblem>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Name,
    Year,
    Group,
}

/// Which column a header names, whatever its accents, case and punctuation.
fn column_of(header: &str) -> Option<Column> {
    let key: String = fold(header)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    match key.as_str() {
        "hoten" | "hovaten" | "ten" | "hotenhocvien" | "tenhocvien" | "name" | "fullname" => {
            Some(Column::Name)
        }
        "namsinh" | "nam" | "birthyear" | "yearofbirth" | "year" => Some(Column::Year),
        "thonlop" | "thon" | "lop" | "thonxom" | "xom" | "to" | "group" | "village" | "class"
        | "villageclass" | "thonto" | "todanpho" => Some(Column::Group),
        _ => None,
    }
}

/// Parses a list; `xlsx` says the bytes are a workbook rather than CSV.
pub fn parse(bytes: &[u8], xlsx: bool, this_year: i16) -> Result<Roster, RosterError> {
    let table = if xlsx {
        read_xlsx(bytes)?
    } else {
        read_csv(bytes)?
    };
    rows_from_table(table, this_year)
}

/// Each record with its 1-based line number.
type Table = Vec<(usize, Vec<String>)>;

fn read_csv(bytes: &[u8]) -> Result<Table, RosterError> {
    let text = std::str::from_utf8(bytes).map_err(|e| RosterError::NotUtf8 {
        offset: e.valid_up_to(),
    })?;
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    // csv misnumbers the first record after leading blank lines: drop them and count them here.
    let lead = text.lines().take_while(|l| l.trim().is_empty()).count();
    let text = text.trim_start_matches(['\r', '\n', ' ', '\t']);
    let first = text.lines().next().unwrap_or("");
    let delimiter = [b';', b',', b'\t']
        .into_iter()
        .max_by_key(|d| first.bytes().filter(|b| b == d).count())
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut table = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| RosterError::Unreadable {
            detail: e.to_string(),
        })?;
        let line = lead + record.position().map_or(0, |p| p.line() as usize);
        table.push((line, record.iter().map(str::to_string).collect()));
    }
    Ok(table)
}

fn read_xlsx(bytes: &[u8]) -> Result<Table, RosterError> {
    let unreadable = |e: &dyn std::fmt::Display| RosterError::Unreadable {
        detail: e.to_string(),
    };
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let range = wb
        .worksheet_range_at(0)
        .ok_or(RosterError::Empty)?
        .map_err(|e| unreadable(&e))?;
    let start = range.start().map_or(0, |(r, _)| r as usize);
    Ok(range
        .rows()
        .enumerate()
        .map(|(i, row)| {
            let cells = row
                .iter()
                .map(|c| match c {
                    Data::Float(f) if f.fract() == 0.0 => format!("{f:.0}"),
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect();
            (start + i + 1, cells)
        })
        .collect())
}

fn clean(s: &str) -> String {
    let s: String = s.nfc().filter(|c| !c.is_control()).collect();
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn rows_from_table(table: Table, this_year: i16) -> Result<Roster, RosterError> {
    let mut lines = table
        .into_iter()
        .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()));
    let (header_line, header) = lines.next().ok_or(RosterError::Empty)?;
    let columns: Vec<Option<Column>> = header.iter().map(|h| column_of(h)).collect();
    let find = |want| columns.iter().position(|c| *c == Some(want));
    let name_at = find(Column::Name).ok_or(RosterError::NoNameColumn { line: header_line })?;
    let year_at = find(Column::Year);
    let group_at = find(Column::Group);
    let needed = [Some(name_at), year_at, group_at]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(name_at);

    let mut roster = Roster::default();
    for (line, cells) in lines {
        if cells.len() <= needed {
            roster.problems.push(RowProblem::MissingCells { line });
            continue;
        }
        let cell = |at: Option<usize>| at.map(|i| clean(&cells[i])).filter(|s| !s.is_empty());
        let Some(name) = cell(Some(name_at)) else {
            roster.problems.push(RowProblem::EmptyName { line });
            continue;
        };
        let birth_year = match cell(year_at) {
            None => None,
            Some(y) => match y.parse::<u16>() {
                Ok(n) if n >= 1900 && i32::from(n) <= i32::from(this_year) => Some(n),
                _ => {
                    roster.problems.push(RowProblem::BadYear { line, value: y });
                    continue;
                }
            },
        };
        roster.rows.push(RosterRow {
            line,
            name,
            birth_year,
            group: cell(group_at),
        });
    }
    Ok(roster)
}

/// The identity of a learner for "already on the list?": same name (ignoring case, accents and
/// spacing), same year of birth, same thôn/lớp.
pub fn identity(
    name: &str,
    birth_year: Option<u16>,
    group: Option<&str>,
) -> (String, Option<u16>, String) {
    let norm = |s: &str| fold(&clean(s));
    (norm(name), birth_year, group.map(norm).unwrap_or_default())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_with_or_without_accents() {
        assert_eq!(column_of("Họ tên"), Some(Column::Name));
        assert_eq!(column_of("HO TEN"), Some(Column::Name));
        assert_eq!(column_of("Năm sinh"), Some(Column::Year));
        assert_eq!(column_of("Thôn/lớp"), Some(Column::Group));
        assert_eq!(column_of("thon / lop"), Some(Column::Group));
        assert_eq!(column_of("Ghi chú"), None);
    }

    #[test]
    fn semicolons_bom_and_nfd() {
        let csv =
            "\u{FEFF}Họ tên;Năm sinh;Thôn/lớp\nNguye\u{0302}\u{0303}n Văn An;1960;Thôn Đông\n";
        let r = parse(csv.as_bytes(), false, 2026).unwrap();
        assert_eq!(r.rows.len(), 1);
        assert_eq!(r.rows[0].name, "Nguyễn Văn An");
        assert_eq!(r.rows[0].birth_year, Some(1960));
        assert_eq!(r.rows[0].group.as_deref(), Some("Thôn Đông"));
        assert_eq!(r.rows[0].line, 2);
    }

    #[test]
    fn missing_name_column_names_the_header_line() {
        let csv = "\n\nNăm sinh,Thôn\n1960,Đông\n";
        assert_eq!(
            parse(csv.as_bytes(), false, 2026),
            Err(RosterError::NoNameColumn { line: 3 })
        );
    }

    #[test]
    fn bad_rows_are_reported_with_lines_and_others_kept() {
        let csv = "Họ tên,Năm sinh,Thôn\nAn,1960,Đông\nBình,năm ngoái,Tây\n,1970,Tây\nCúc\nDũng,2030,Nam\n";
        let r = parse(csv.as_bytes(), false, 2026).unwrap();
        assert_eq!(
            r.rows.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(),
            ["An"]
        );
        assert_eq!(
            r.problems,
            vec![
                RowProblem::BadYear {
                    line: 3,
                    value: "năm ngoái".into()
                },
                RowProblem::EmptyName { line: 4 },
                RowProblem::MissingCells { line: 5 },
                RowProblem::BadYear {
                    line: 6,
                    value: "2030".into()
                },
            ]
        );
    }

    #[test]
    fn latin1_is_refused_with_offset() {
        let bytes = b"H\xe1 t\xean\nAn\n";
        assert_eq!(
            parse(bytes, false, 2026),
            Err(RosterError::NotUtf8 { offset: 1 })
        );
    }

    #[test]
    fn identity_ignores_accents_case_and_spaces() {
        assert_eq!(
            identity("Nguyễn  Văn An", Some(1960), Some("Thôn Đông")),
            identity("nguyen van an", Some(1960), Some("thon dong"))
        );
        assert_ne!(
            identity("Nguyễn Văn An", Some(1960), None),
            identity("Nguyễn Văn An", Some(1961), None)
        );
    }
}
