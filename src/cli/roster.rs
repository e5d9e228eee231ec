//! `hocso roster import FILE [--dry-run]`: a class list, row by row — who will be (or was)
//! added, who is already here, which rows are skipped and why — then a one-line total.

use std::collections::HashSet;
use std::path::Path;

use jiff::Timestamp;
use rust_i18n::t;

use super::ctx::{Ctx, this_year};
use super::roster_sheets::{list_error, pick_sheets};
use super::{EXIT_ERRORS, EXIT_OK, EXIT_USAGE};
use crate::progress::merge::LearnerSummary;
use crate::store::learners::{NewLearner, Store};
use crate::trainer::report::output::fit;
use crate::trainer::roster::history::{self, Change, Entry, Who};
use crate::trainer::roster::{self, RosterRow, Skip, Skipped, identity};

/// What happens to one row.
enum Outcome<'a> {
    Add(&'a RosterRow),
    Known(&'a RosterRow),
    /// Not the same identity as anyone here, but close to this learner (see [`roster::near`]);
    /// `true` when `--update` corrects (or, in a dry run, would correct) that learner.
    Maybe(&'a RosterRow, LearnerSummary, bool),
    /// An earlier name, thôn or year of this learner, remembered from a merge or a correction
    /// (see [`history`]): the same person, never added again.
    Alias(&'a RosterRow, LearnerSummary),
    Skipped(&'a Skipped),
}

fn person(r: &RosterRow) -> String {
    if r.year_note.is_some() && r.group.is_none() {
        return r.name.clone();
    }
    let detail: Vec<String> = r
        .birth_year
        .map(|y| y.to_string())
        .into_iter()
        .chain(r.group.clone())
        .collect();
    if detail.is_empty() {
        r.name.clone()
    } else {
        format!("{} ({})", r.name, detail.join(", "))
    }
}

fn summary(s: &LearnerSummary) -> String {
    person(&RosterRow {
        line: 0,
        name: s.name.clone(),
        birth_year: s.birth_year,
        group: s.group.clone(),
        year_note: None,
    })
}

/// Corrects learner `id` from the list's row: name, year, thôn; progress untouched. Returns
/// the history entry saying who they were before.
fn correct(store: &Store, id: &str, row: &RosterRow, list: &Path) -> Result<Entry, String> {
    let mut loaded = store.load(id).map_err(|e| format!("{e:?}"))?;
    let p = &mut loaded.file.profile;
    let who = |p: &crate::progress::model::Profile| Who {
        name: p.name.clone(),
        birth_year: p.birth_year,
        group: p.group.clone(),
    };
    let before = who(p);
    // A list typed without accents ("Le Van Cuong") never takes them away from a name.
    let bare = crate::progress::id::fold(&row.name);
    let unaccented = row.name.to_lowercase() == bare;
    if !(unaccented && crate::progress::id::fold(&p.name) == bare) {
        p.name = row.name.clone();
    }
    p.birth_year = row.birth_year.or(p.birth_year);
    p.group = row.group.clone().or(p.group.take());
    let after = who(p);
    store.save(&loaded.file).map_err(|e| format!("{e:?}"))?;
    Ok(Entry {
        at: Timestamp::now(),
        id: id.to_string(),
        change: Change::Corrected {
            before,
            after,
            list: list
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        },
    })
}

fn reason(l: &str, s: &Skip) -> String {
    let key = match s {
        Skip::Total => "total",
        Skip::Signature => "signature",
        Skip::Header => "header",
        Skip::NoPerson => "no_person",
        Skip::EmptyName => "empty_name",
    };
    t!(format!("office.roster.skip.{key}"), locale = l).into_owned()
}

/// The table printed by both the dry run and the real import.
fn print_table(l: &str, outcomes: &[(usize, Outcome)], dry_run: bool) {
    const LINE: usize = 6;
    const WHO: usize = 40;
    crate::outln!(
        "{} {} {}",
        fit(&t!("office.roster.col.line", locale = l), LINE),
        fit(&t!("office.roster.col.who", locale = l), WHO),
        t!("office.roster.col.outcome", locale = l)
    );
    crate::outln!("{}", "─".repeat(79));
    for (line, o) in outcomes {
        let (who, what) = match o {
            Outcome::Add(r) => (
                person(r),
                t!(
                    if dry_run {
                        "office.roster.will_add"
                    } else {
                        "office.roster.added"
                    },
                    locale = l
                )
                .into_owned(),
            ),
            Outcome::Known(r) => (
                person(r),
                t!("office.roster.known", locale = l).into_owned(),
            ),
            Outcome::Maybe(r, here, updated) => (
                person(r),
                t!(
                    if *updated && dry_run {
                        "office.roster.will_update"
                    } else if *updated {
                        "office.roster.updated"
                    } else if dry_run {
                        "office.roster.maybe_dry"
                    } else {
                        "office.roster.maybe"
                    },
                    locale = l,
                    who = summary(here),
                    id = here.id
                )
                .into_owned(),
            ),
            Outcome::Alias(r, here) => (
                person(r),
                t!(
                    "office.roster.alias",
                    locale = l,
                    who = summary(here),
                    id = here.id
                )
                .into_owned(),
            ),
            Outcome::Skipped(s) => (
                s.text.clone(),
                t!(
                    "office.roster.skipped",
                    locale = l,
                    reason = reason(l, &s.reason)
                )
                .into_owned(),
            ),
        };
        let what = match o {
            Outcome::Add(r) | Outcome::Known(r) | Outcome::Maybe(r, ..) | Outcome::Alias(r, _)
                if r.year_note.is_some() =>
            {
                format!(
                    "{what}; {}",
                    t!(
                        "office.roster.year_unread",
                        locale = l,
                        value = r.year_note.as_deref().unwrap_or_default()
                    )
                )
            }
            _ => what,
        };
        crate::outln!("{} {} {what}", fit(&line.to_string(), LINE), fit(&who, WHO));
    }
}

/// `hocso roster import FILE [--sheet NAME] [--dry-run]`: creates a learner for each row not already in the data
/// folder; with `--dry-run` only says what it would do.
pub fn roster_import(
    ctx: &Ctx,
    file: &Path,
    sheet: Option<&str>,
    dry_run: bool,
    update: bool,
) -> u8 {
    let l = ctx.l();
    let bytes = match crate::store::safe_read::read(file, crate::store::safe_read::Kind::Roster) {
        Ok(b) => b,
        Err(e) => {
            crate::errln!(
                "{}",
                t!(
                    "trainer.read_failed",
                    locale = l,
                    path = file.display(),
                    error = crate::store::problem::io_reason(&e, l)
                )
            );
            return EXIT_USAGE;
        }
    };
    let workbook = roster::is_workbook(&bytes)
        || file.extension().is_some_and(|e| {
            ["xlsx", "xls", "ods"]
                .iter()
                .any(|x| e.eq_ignore_ascii_case(x))
        });
    let sheets = match roster::parse_all(&bytes, workbook, this_year()) {
        Ok(r) => r,
        Err(e) => {
            crate::errln!("{}: {}", file.display(), list_error(l, e));
            return EXIT_ERRORS;
        }
    };
    let list = match pick_sheets(l, file, sheets, sheet) {
        Ok(list) => list,
        Err(code) => return code,
    };
    let store = match ctx.store() {
        Ok(s) => s,
        Err(code) => return code,
    };
    // Two imports at once (two trainers, a double click) must not both create the same
    // person: looking and creating happen under the data folder's lock, one import at a time.
    let _import = match crate::store::folder_lock::lock(
        store.dir(),
        "roster-import",
        crate::store::folder_lock::DEFAULT_WAIT,
    ) {
        Ok(lock) => lock,
        Err(e) => {
            crate::errln!("{}", e.message(l));
            return EXIT_USAGE;
        }
    };
    let (existing, _) = store.list();
    let ids: Vec<_> = existing
        .iter()
        .map(|s| identity(&s.name, s.birth_year, s.group.as_deref()))
        .collect();
    // Earlier names of learners here (merged away or corrected): the same people.
    let data_dir = store.dir().parent().unwrap_or(store.dir()).to_path_buf();
    let past = match history::load(&data_dir) {
        Ok(p) => p,
        Err(e) => {
            crate::errln!("{e:#}");
            return EXIT_USAGE;
        }
    };
    let aliases: Vec<_> = past
        .iter()
        .filter_map(|e| Some((e, existing.iter().position(|s| s.id == e.id)?)))
        .flat_map(|(e, i)| {
            e.old_identities()
                .into_iter()
                .map(move |w| (identity(&w.name, w.birth_year, w.group.as_deref()), i))
        })
        .collect();
    let mut known: HashSet<_> = ids.iter().cloned().collect();
    let mut listed: HashSet<usize> = HashSet::new();
    let mut outcomes: Vec<(usize, Outcome)> = Vec::new();
    for row in &list.rows {
        let id = identity(&row.name, row.birth_year, row.group.as_deref());
        if let Some(i) = ids.iter().position(|x| *x == id) {
            listed.insert(i);
        } else if let Some((_, i)) = aliases.iter().find(|(a, _)| *a == id) {
            listed.insert(*i);
            if known.insert(id.clone()) {
                outcomes.push((row.line, Outcome::Alias(row, existing[*i].clone())));
                continue;
            }
        }
        let new = known.insert(id);
        outcomes.push((
            row.line,
            if new {
                Outcome::Add(row)
            } else {
                Outcome::Known(row)
            },
        ));
    }
    // A row that is nobody here may still be someone here, spelled or placed a little
    // differently (an updated list): say so, and with --update correct that learner.
    for (_, o) in outcomes.iter_mut() {
        let Outcome::Add(row) = o else { continue };
        let id = identity(&row.name, row.birth_year, row.group.as_deref());
        let hit =
            (0..ids.len()).find(|i| !listed.contains(i) && roster::near(&id, &ids[*i]).is_some());
        if let Some(i) = hit {
            listed.insert(i);
            *o = Outcome::Maybe(row, existing[i].clone(), update);
        }
    }
    outcomes.extend(list.skipped.iter().map(|s| (s.line, Outcome::Skipped(s))));
    outcomes.sort_by_key(|(line, _)| *line);

    let mut created = 0;
    if !dry_run {
        let mut changes = Vec::new();
        for (_, o) in outcomes.iter_mut() {
            if let Outcome::Maybe(row, here, true) = o {
                match correct(&store, &here.id, row, file) {
                    Ok(entry) => changes.push(entry),
                    Err(e) => {
                        crate::errln!("{}: {e}", here.id);
                        return EXIT_USAGE;
                    }
                }
                continue;
            }
            let (Outcome::Add(row) | Outcome::Maybe(row, ..)) = o else {
                continue;
            };
            let new = NewLearner {
                name: row.name.clone(),
                birth_year: row.birth_year,
                group: row.group.clone(),
            };
            if let Err(e) = store.create(new, Timestamp::now()) {
                crate::errln!("{}", e.message(l));
                return EXIT_USAGE;
            }
            created += 1;
        }
        if let Err(e) = history::append(&data_dir, &changes) {
            crate::errln!("{e:#}");
            return EXIT_USAGE;
        }
    }
    print_table(l, &outcomes, dry_run);
    for p in list.problems() {
        crate::errln!("{}:{}: {}", file.display(), p.line, reason(l, &p.reason));
    }
    let count = |f: fn(&Outcome) -> bool| outcomes.iter().filter(|(_, o)| f(o)).count();
    // Every person on the list is counted once: added (or to be), corrected (or to be), or
    // already here (the same identity, or an earlier name of someone here).
    let to_add = count(|o| matches!(o, Outcome::Add(_) | Outcome::Maybe(_, _, false)));
    let corrected = count(|o| matches!(o, Outcome::Maybe(_, _, true)));
    let already = count(|o| matches!(o, Outcome::Known(_) | Outcome::Alias(..)));
    let problems = list.problems().count();
    let skipped = list.skipped.len();
    let total = if dry_run {
        t!(
            if corrected > 0 {
                "office.roster.dry_total_updates"
            } else {
                "office.roster.dry_total"
            },
            locale = l,
            created = to_add,
            updated = corrected,
            skipped = already,
            rows = skipped,
            problems = problems
        )
    } else {
        t!(
            if corrected > 0 {
                "office.roster.total_updates"
            } else {
                "office.roster.total"
            },
            locale = l,
            created = created,
            updated = corrected,
            skipped = already,
            rows = skipped,
            problems = problems
        )
    };
    crate::outln!("{total}");
    // Only an updated list of the same class (`--update`) speaks for everyone: another class's
    // list says nothing about the people already here.
    let gone: Vec<String> = (0..existing.len())
        .filter(|i| update && !listed.contains(i))
        .map(|i| summary(&existing[i]))
        .collect();
    if !gone.is_empty() {
        crate::outln!(
            "{}",
            t!(
                "office.roster.not_on_list",
                locale = l,
                who = gone.join("; ")
            )
        );
    }
    if problems == 0 { EXIT_OK } else { EXIT_ERRORS }
}
