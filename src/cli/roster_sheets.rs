//! Which sheets of a class list `hocso roster import` reads (`--sheet NAME`, or every sheet
//! with a learner table), and the message for a list that cannot be read.

use std::path::Path;

use rust_i18n::t;

use super::{EXIT_ERRORS, EXIT_USAGE};
use crate::trainer::roster::{self, Roster, RosterError, SheetRoster};

pub(super) fn list_error(l: &str, e: RosterError) -> String {
    match e {
        RosterError::NotUtf8 { offset } => {
            t!("trainer.roster.not_utf8", locale = l, offset = offset).into_owned()
        }
        RosterError::Empty => t!("trainer.roster.empty", locale = l).into_owned(),
        RosterError::NoNameColumn { line } => {
            t!("trainer.roster.no_name_column", locale = l, line = line).into_owned()
        }
        RosterError::Unreadable { detail } => {
            t!("trainer.roster.unreadable", locale = l, detail = detail).into_owned()
        }
    }
}

/// The sheets to import: `--sheet NAME`, or every sheet with a learner table, each named with
/// how many learners it has; a sheet without one (a summary) is skipped with a line saying so.
/// The learners of all of them, in order, as one list.
pub(super) fn pick_sheets(
    l: &str,
    file: &Path,
    sheets: Vec<SheetRoster>,
    wanted: Option<&str>,
) -> Result<Roster, u8> {
    let named = sheets.iter().any(|s| s.name.is_some());
    let sheets: Vec<SheetRoster> = match wanted {
        Some(w) => {
            let key = roster::identity(w, None, None).0;
            let names: Vec<String> = sheets.iter().filter_map(|s| s.name.clone()).collect();
            let hit: Vec<SheetRoster> = sheets
                .into_iter()
                .filter(|s| {
                    s.name
                        .as_deref()
                        .is_some_and(|n| roster::identity(n, None, None).0 == key)
                })
                .collect();
            if hit.is_empty() {
                crate::errln!(
                    "{}",
                    t!(
                        "office.roster.no_such_sheet",
                        locale = l,
                        sheet = w,
                        sheets = names.join(", ")
                    )
                );
                return Err(EXIT_USAGE);
            }
            hit
        }
        None => sheets,
    };
    let mut all = Roster::default();
    let mut first_err = None;
    for s in sheets {
        match s.roster {
            Ok(r) => {
                if named {
                    crate::outln!(
                        "{}",
                        t!(
                            "office.roster.sheet_count",
                            locale = l,
                            sheet = s.name.as_deref().unwrap_or_default(),
                            n = r.rows.len()
                        )
                    );
                }
                if all.rows.is_empty() && all.skipped.is_empty() {
                    all.header_line = r.header_line;
                }
                all.rows.extend(r.rows);
                all.skipped.extend(r.skipped);
                for c in r.unused_columns {
                    if !all.unused_columns.contains(&c) {
                        all.unused_columns.push(c);
                    }
                }
            }
            Err(RosterError::NoNameColumn { .. } | RosterError::Empty) if named => {
                crate::outln!(
                    "{}",
                    t!(
                        "office.roster.sheet_skipped",
                        locale = l,
                        sheet = s.name.as_deref().unwrap_or_default()
                    )
                );
            }
            Err(e) => {
                first_err.get_or_insert(e);
            }
        }
    }
    if all.rows.is_empty() && all.skipped.is_empty() {
        let e = first_err.unwrap_or(RosterError::NoNameColumn { line: 1 });
        crate::errln!("{}: {}", file.display(), list_error(l, e));
        return Err(EXIT_ERRORS);
    }
    for c in &all.unused_columns {
        crate::outln!(
            "{}",
            t!("office.roster.unused_column", locale = l, column = c)
        );
    }
    Ok(all)
}
