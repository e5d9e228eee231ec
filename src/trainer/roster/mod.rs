//! Class lists ("danh sách lớp") from CSV or .xlsx, as commune offices keep them: title rows above
//! the header, an STT column, dates of birth, merged thôn cells, totals and signature blocks below.
//!
//! Pure over bytes: [`decode`] reads the text of a CSV, [`table`] turns a file into cells,
//! [`rows`] finds the header and says for each row whether it is a learner or why not.

pub mod decode;
pub mod history;
mod ods;
pub mod rows;
pub mod table;
pub mod value;

use crate::progress::id::fold;

pub use rows::Column;
pub use value::clean;

/// One learner from the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterRow {
    /// Line (CSV) or row (xlsx) number, 1-based, for messages.
    pub line: usize,
    pub name: String,
    pub birth_year: Option<u16>,
    pub group: Option<String>,
    /// What the year cell held when it does not read as a year ("năm ngoái"): the person is
    /// added without a year and the trainer told.
    pub year_note: Option<String>,
}

/// Why a row is not a learner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skip {
    /// "Tổng cộng: 11 học viên", "Tổng số …".
    Total,
    /// "Người lập biểu", "Chủ tịch UBND xã", a place and date line, and everything below them.
    Signature,
    /// Part of the header (a second header line, column numbers "(1) (2) (3)").
    Header,
    /// Numbers only (an STT with nothing else): nobody to add.
    NoPerson,
    /// Something is written in the row but the name is empty.
    EmptyName,
}

impl Skip {
    /// True for rows a trainer should fix (the others are simply not learners).
    pub fn needs_fixing(&self) -> bool {
        matches!(self, Skip::EmptyName)
    }
}

/// A row that is not a learner, with its line and a short excerpt of what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub line: usize,
    pub reason: Skip,
    /// The row's text, cells joined (for the trainer to recognise it).
    pub text: String,
}

/// A problem that stops the whole list from being read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RosterError {
    /// Neither UTF-8, UTF-16 with BOM, nor Windows-1258 with a recognisable header: saving again
    /// as "CSV UTF-8" helps.
    NotUtf8 { offset: usize },
    /// No header row at all.
    Empty,
    /// No row of the first 20 has a name column; `line` is the first non-empty line.
    NoNameColumn { line: usize },
    /// The CSV or workbook could not be parsed.
    Unreadable { detail: String },
}

/// What a list holds: learners, and the rows that are not learners.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Roster {
    pub rows: Vec<RosterRow>,
    pub skipped: Vec<Skipped>,
    /// Line of the header row.
    pub header_line: usize,
    /// Headers that look like a place (thôn, địa chỉ…) but are not the column read.
    pub unused_columns: Vec<String>,
}

/// One sheet of a workbook (or the one table of a CSV, `name` = `None`) and what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetRoster {
    pub name: Option<String>,
    /// `Err(NoNameColumn)` for a sheet without a learner table (a summary sheet).
    pub roster: Result<Roster, RosterError>,
}

/// True for the bytes of a workbook: a zip (.xlsx, .ods) or an OLE compound file (.xls).
pub fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

/// Every sheet of a workbook, or the table of a CSV, read as a list.
pub fn parse_all(
    bytes: &[u8],
    workbook: bool,
    this_year: i16,
) -> Result<Vec<SheetRoster>, RosterError> {
    if workbook {
        let sheets =
            table::workbook_tables(bytes).map_err(|detail| RosterError::Unreadable { detail })?;
        return Ok(sheets
            .into_iter()
            .map(|s| SheetRoster {
                name: Some(s.name),
                roster: rows::read(s.table, this_year),
            })
            .collect());
    }
    Ok(vec![SheetRoster {
        name: None,
        roster: parse(bytes, false, this_year),
    }])
}

impl Roster {
    /// Skipped rows a trainer should fix.
    pub fn problems(&self) -> impl Iterator<Item = &Skipped> {
        self.skipped.iter().filter(|s| s.reason.needs_fixing())
    }
}

/// Parses a list (the first sheet with a learner table); `xlsx` says the bytes are a workbook
/// (.xlsx, .xls or .ods) rather than CSV.
pub fn parse(bytes: &[u8], xlsx: bool, this_year: i16) -> Result<Roster, RosterError> {
    if xlsx {
        let mut first_err = None;
        // The first sheet that has a header row is the list.
        for s in parse_all(bytes, true, this_year)? {
            match s.roster {
                Ok(r) => return Ok(r),
                Err(e) => {
                    first_err.get_or_insert(e);
                }
            }
        }
        return Err(first_err.unwrap_or(RosterError::Empty));
    }
    let (text, source) = decode::decode(bytes).map_err(|offset| RosterError::NotUtf8 { offset })?;
    let mut best: Option<Result<Roster, RosterError>> = None;
    for delimiter in [b';', b',', b'\t'] {
        let table =
            table::csv_table(&text, delimiter).map_err(|detail| RosterError::Unreadable { detail });
        let result = table.and_then(|t| rows::read(t, this_year));
        best = Some(match (best, result) {
            (None, r) => r,
            (Some(Ok(a)), Ok(b)) => Ok(if b.rows.len() > a.rows.len() { b } else { a }),
            (Some(Ok(a)), Err(_)) => Ok(a),
            (Some(Err(_)), r) => r,
        });
    }
    match best {
        Some(Ok(r)) => Ok(r),
        // A guessed legacy encoding that shows no header was probably the wrong guess.
        Some(Err(_)) if source == decode::Source::Windows1258 => Err(RosterError::NotUtf8 {
            offset: std::str::from_utf8(bytes)
                .err()
                .map_or(0, |e| e.valid_up_to()),
        }),
        Some(Err(e)) => Err(e),
        None => Err(RosterError::Empty),
    }
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

/// How a row of an updated list may be a learner already here, though not the same identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Near {
    /// One letter of the name differs (Lý → Lí), year and thôn the same.
    Spelling,
    /// The thôn differs (the learner moved, or the list now writes it another way).
    Group,
    /// The year differs by one, or one side has none.
    Year,
}

/// Whether identity `row` (from [`identity`]) may be `here`: exactly one thing differs, and only
/// a little. `None` when they are the same identity or too different.
pub fn near(
    row: &(String, Option<u16>, String),
    here: &(String, Option<u16>, String),
) -> Option<Near> {
    let same_name = row.0 == here.0;
    let same_year = row.1 == here.1;
    let same_group = row.2 == here.2;
    let close_year = match (row.1, here.1) {
        (Some(a), Some(b)) => a.abs_diff(b) == 1,
        _ => true,
    };
    // A year or thôn left empty on one side (a list that does not say it, a learner who signed
    // up at home) says nothing against the other's: the same name (accents aside, see
    // `identity`) is then enough ("Le Van Cuong" for "Lê Văn Cường").
    let unsaid_year = row.1.is_none() != here.1.is_none();
    let unsaid_group = row.2.is_empty() != here.2.is_empty();
    if same_name && (same_year || unsaid_year) && (same_group || unsaid_group) {
        match (unsaid_year, unsaid_group) {
            (true, _) => return Some(Near::Year),
            (false, true) => return Some(Near::Group),
            (false, false) => {}
        }
    }
    match (same_name, same_year, same_group) {
        (true, true, true) => None,
        (true, true, false) => Some(Near::Group),
        (true, false, true) if close_year => Some(Near::Year),
        (false, true, true) if strsim::levenshtein(&row.0, &here.0) == 1 => Some(Near::Spelling),
        _ => None,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn near_is_one_small_difference() {
        let id = |n: &str, y: Option<u16>, g: &str| identity(n, y, Some(g));
        let here = id("Lý Thị Lan", Some(1957), "TDP Bắc Sơn");
        assert_eq!(
            near(&id("Lí Thị Lan", Some(1957), "TDP Bắc Sơn"), &here),
            Some(Near::Spelling)
        );
        assert_eq!(
            near(&id("Lý Thị Lan", Some(1957), "Thôn Nam"), &here),
            Some(Near::Group)
        );
        assert_eq!(
            near(&id("Lý Thị Lan", Some(1958), "TDP Bắc Sơn"), &here),
            Some(Near::Year)
        );
        assert_eq!(
            near(&id("Lý Thị Lan", Some(1960), "TDP Bắc Sơn"), &here),
            None
        );
        assert_eq!(
            near(&id("Lí Thị Lan", Some(1958), "TDP Bắc Sơn"), &here),
            None
        );
        assert_eq!(
            near(&id("Lý Thị Lanh", Some(1957), "Thôn Nam"), &here),
            None
        );
        assert_eq!(near(&here, &here), None);
        // Typed without accents, year and thôn: still maybe her; never the other way round.
        let bare = identity("Ly Thi Lan", None, None);
        assert_eq!(near(&bare, &here), Some(Near::Year));
        assert_eq!(near(&here, &bare), Some(Near::Year));
        assert_eq!(near(&identity("Ly Thi Lanh", None, None), &here), None);
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
    fn missing_name_column_names_the_first_line() {
        let csv = "\n\nNăm sinh,Thôn\n1960,Đông\n";
        assert_eq!(
            parse(csv.as_bytes(), false, 2026),
            Err(RosterError::NoNameColumn { line: 3 })
        );
    }

    #[test]
    fn only_a_missing_name_needs_fixing() {
        let csv = "Họ tên,Năm sinh,Thôn\nAn,1960,Đông\nBình,năm ngoái,Tây\n,1970,Tây\nCúc\nDũng,2030,Nam\n";
        let r = parse(csv.as_bytes(), false, 2026).unwrap();
        let got: Vec<(usize, Skip)> = r
            .skipped
            .iter()
            .map(|s| (s.line, s.reason.clone()))
            .collect();
        assert_eq!(got, vec![(4, Skip::EmptyName)]);
        // Nobody is left out for a year: the year is left empty and the cell shown.
        let notes: Vec<_> = r
            .rows
            .iter()
            .map(|r| (r.name.as_str(), r.year_note.as_deref()))
            .collect();
        assert_eq!(
            notes,
            [
                ("An", None),
                ("Bình", Some("năm ngoái")),
                ("Cúc", None),
                ("Dũng", Some("2030"))
            ]
        );
    }

    #[test]
    fn latin1_without_a_header_gets_the_advice() {
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
