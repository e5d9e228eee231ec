//! A class list as a grid of cells with their line numbers: CSV (any of the encodings in
//! [`super::decode`], `,` `;` or tab) or the sheets of an .xlsx, .xls or .ods workbook (merged
//! cells filled in, date cells kept as dates).

use std::io::Cursor;

use calamine::{Data, Reader, Sheets};

/// One cell as the list holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// An Excel date cell: year, month, day (from calamine's date handling).
    Date(u16, u8, u8),
}

impl Cell {
    /// The cell as text (numbers without a needless `.0`; dates as d/m/yyyy, never a serial).
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Number(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
            Cell::Number(f) => f.to_string(),
            Cell::Date(y, m, d) => format!("{d}/{m}/{y}"),
        }
    }

    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }
}

/// Each row with its 1-based line (CSV) or row (xlsx) number.
pub type Table = Vec<(usize, Vec<Cell>)>;

/// The CSV records of `text` split by `delimiter`, numbered by line.
pub fn csv_table(text: &str, delimiter: u8) -> Result<Table, String> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut table = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| e.to_string())?;
        // The line is counted from the record's byte offset: csv's own line count is off after
        // blank lines and CRLF endings.
        // (its position is where the previous record's line ending starts).
        let bytes = text.as_bytes();
        let mut start = record.position().map_or(0, |p| p.byte() as usize);
        while matches!(bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        let line = 1 + bytes
            .get(..start)
            .map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count());
        let cells = record
            .iter()
            .map(|c| {
                if c.trim().is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(c.to_string())
                }
            })
            .collect();
        table.push((line, cells));
    }
    Ok(table)
}

fn cell_of(d: &Data) -> Cell {
    match d {
        Data::Empty | Data::Error(_) => Cell::Empty,
        Data::String(s) if s.trim().is_empty() => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Float(f) => Cell::Number(*f),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Bool(b) => Cell::Text(b.to_string()),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            Cell::Date(y, m, d)
        }
        Data::DateTime(dt) => Cell::Number(dt.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
    }
}

/// One sheet of a workbook: its name as the office named it, and its cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub name: String,
    pub table: Table,
}

/// Every sheet of the workbook (.xlsx, .xls or .ods, told apart by their bytes, as calamine
/// does) as a table, in workbook order. Merged cells are filled with their top-left value (a
/// `Thôn` cell spanning several rows counts for each of them); calamine gives no merge list for
/// .ods, so [`super::ods`] reads them from the file.
pub fn workbook_tables(bytes: &[u8]) -> Result<Vec<Sheet>, String> {
    let mut wb =
        calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let names = wb.sheet_names();
    let ods_merges = match &wb {
        Sheets::Ods(_) => super::ods::merges(bytes),
        _ => Vec::new(),
    };
    let mut sheets = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let range = wb.worksheet_range(name).map_err(|e| e.to_string())?;
        let Some((top, left)) = range.start() else {
            sheets.push(Sheet {
                name: name.clone(),
                table: Vec::new(),
            });
            continue;
        };
        let mut grid: Vec<Vec<Cell>> = range
            .rows()
            .map(|row| row.iter().map(cell_of).collect())
            .collect();
        // A workbook whose merge list cannot be read still reads, just without filling.
        let merges = match &mut wb {
            Sheets::Xlsx(x) => x.merge_cells_by_sheet_id(i).unwrap_or_default(),
            Sheets::Xls(x) => x.merge_cells_by_sheet_id(i).unwrap_or_default(),
            _ => Vec::new(),
        };
        for m in merges {
            fill_merge(&mut grid, (top, left), m.start, m.end);
        }
        for &(start, end) in ods_merges.get(i).into_iter().flatten() {
            fill_merge(&mut grid, (top, left), start, end);
        }
        sheets.push(Sheet {
            name: name.clone(),
            table: grid
                .into_iter()
                .enumerate()
                .map(|(i, row)| (top as usize + i + 1, row))
                .collect(),
        });
    }
    Ok(sheets)
}

/// Copies the top-left value of a merged range into its other (empty) cells.
fn fill_merge(grid: &mut [Vec<Cell>], (top, left): (u32, u32), start: (u32, u32), end: (u32, u32)) {
    let (r0, c0) = start;
    let (r1, c1) = end;
    let (Some(r0), Some(c0)) = (r0.checked_sub(top), c0.checked_sub(left)) else {
        return;
    };
    let at = |r: u32, c: u32| (r as usize, c as usize);
    let (r0u, c0u) = at(r0, c0);
    let Some(value) = grid.get(r0u).and_then(|row| row.get(c0u)).cloned() else {
        return;
    };
    for r in r0..=r1.saturating_sub(top) {
        for c in c0..=c1.saturating_sub(left) {
            let (ru, cu) = at(r, c);
            if let Some(cell) = grid.get_mut(ru).and_then(|row| row.get_mut(cu))
                && cell.is_empty()
            {
                *cell = value.clone();
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn lines_count_from_the_top_whatever_the_endings() {
        for text in [
            "T;;\r\n;;\r\nH;N\r\nA;1\r\n",
            "T;;\n;;\nH;N\nA;1\n",
            "\n\nT;;\nH;N\nA;1\n",
        ] {
            let t = csv_table(text, b';').unwrap();
            let last = t.last().unwrap();
            let want = text.trim_end().lines().count();
            assert_eq!(
                (last.0, last.1[0].text()),
                (want, "A".to_string()),
                "{text:?} {t:?}"
            );
        }
    }
}
