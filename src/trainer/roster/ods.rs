//! The merged ranges of each sheet of an .ods workbook: calamine reads .ods cells but not their
//! merges, and a `Thôn` cell merged over several learners must count for each of them.
//!
//! content.xml marks the top-left cell of a merge with `table:number-rows-spanned` /
//! `table:number-columns-spanned`; rows and cells may repeat (`…-repeated`).

use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};

/// A merge: (first row, first column), (last row, last column), 0-based, inclusive.
pub type Merge = ((u32, u32), (u32, u32));

/// The largest content.xml read (a class list is far smaller).
const MAX_XML: u64 = 64 * 1024 * 1024;

fn attr(e: &BytesStart, name: &str) -> Option<u32> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| a.value.parse().ok())
}

/// The merges of every sheet, in workbook order; empty when the file cannot be read that way
/// (the cells are still read, only without filling).
pub fn merges(bytes: &[u8]) -> Vec<Vec<Merge>> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Vec::new();
    };
    let mut xml = Vec::new();
    let read = zip
        .by_name("content.xml")
        .map(|f| f.take(MAX_XML).read_to_end(&mut xml));
    if !matches!(read, Ok(Ok(_))) {
        return Vec::new();
    }
    let mut reader = quick_xml::Reader::from_reader(xml.as_slice());
    let mut buf = Vec::new();
    let mut sheets: Vec<Vec<Merge>> = Vec::new();
    let (mut row, mut col, mut row_repeat) = (0u32, 0u32, 1u32);
    loop {
        let (e, empty) = match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => (e, false),
            Ok(Event::Empty(e)) => (e, true),
            Ok(Event::End(e)) => {
                if e.name().as_ref() == "table:table-row" {
                    row = row.saturating_add(row_repeat);
                }
                buf.clear();
                continue;
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {
                buf.clear();
                continue;
            }
        };
        match e.name().as_ref() {
            "table:table" => {
                sheets.push(Vec::new());
                row = 0;
            }
            "table:table-row" => {
                col = 0;
                row_repeat = attr(&e, "table:number-rows-repeated").unwrap_or(1);
                if empty {
                    row = row.saturating_add(row_repeat);
                }
            }
            "table:table-cell" | "table:covered-table-cell" => {
                let rows = attr(&e, "table:number-rows-spanned").unwrap_or(1);
                let cols = attr(&e, "table:number-columns-spanned").unwrap_or(1);
                if (rows > 1 || cols > 1)
                    && let Some(sheet) = sheets.last_mut()
                {
                    sheet.push(((row, col), (row + rows - 1, col + cols - 1)));
                }
                col = col.saturating_add(attr(&e, "table:number-columns-repeated").unwrap_or(1));
            }
            _ => {}
        }
        buf.clear();
    }
    sheets
}
