//! `hocso learners` (the roster) and `hocso learners reset`, plus helpers shared with
//! export/import: opening the store, finding a learner by name or id, confirming, locking.

use std::io::BufRead;
use std::path::Path;

use jiff::Timestamp;
use unicode_width::UnicodeWidthStr;

use super::{EXIT_ERRORS, EXIT_OK, EXIT_USAGE};
use crate::course::load::load;
use crate::course::model::Course;
use crate::course::source::select;
use crate::progress::id::{clean_text, fold};
use crate::progress::merge::LearnerSummary;
use crate::progress::orphans::orphans;
use crate::store::learners::Store;
use crate::store::lock::{LockError, SessionLock};
use crate::ui::lang::Lang;

/// Shorthand for a message from `locales/progress.*.yml`.
macro_rules! msg {
    ($lang:expr, $key:expr $(, $name:ident = $value:expr)* $(,)?) => {
        rust_i18n::t!($key, locale = $lang.code() $(, $name = $value)*).into_owned()
    };
}
pub(crate) use msg;

/// Opens the store of the chosen data folder, or prints why not.
pub(crate) fn open_store(data_dir: Option<&Path>, lang: Lang) -> Result<Store, u8> {
    let dir = super::data_folder(data_dir, lang)?;
    let store = Store::open(&dir).map_err(|e| {
        crate::errln!("{}", e.message(lang.code()));
        EXIT_USAGE
    })?;
    let stale =
        crate::store::lock::stale_after_from_env(crate::store::learners::DEFAULT_STALE_AFTER);
    Ok(store.with_stale_after(stale))
}

/// Finds one learner by exact id, or by name ignoring case and accents. Prints why not.
pub(crate) fn find(store: &Store, query: &str, lang: Lang) -> Result<LearnerSummary, u8> {
    let (all, _) = store.list();
    if let Some(l) = all.iter().find(|l| l.id == query.trim()) {
        return Ok(l.clone());
    }
    let wanted = fold(query.trim());
    let mut hits: Vec<&LearnerSummary> = all.iter().filter(|l| fold(&l.name) == wanted).collect();
    match hits.len() {
        1 => Ok(hits.remove(0).clone()),
        0 => {
            crate::errln!("{}", msg!(lang, "progress.error.not_found", id = query));
            Err(EXIT_USAGE)
        }
        _ => {
            crate::errln!("{}", msg!(lang, "progress.cli.ambiguous", name = query));
            for l in hits {
                crate::errln!("  {}  {}  ({})", l.id, l.name, detail(l));
            }
            Err(EXIT_USAGE)
        }
    }
}

/// Asks a yes/no question on stdin (`--yes` answers for the user). Anything but yes is no.
pub(crate) fn confirm(question: &str, yes: bool, lang: Lang) -> bool {
    if yes {
        return true;
    }
    crate::out!("{question} {} ", msg!(lang, "progress.cli.confirm_hint"));
    let mut line = String::new();
    if std::io::stdin().lock().read_line(&mut line).is_err() {
        return false;
    }
    matches!(
        fold(line.trim()).as_str(),
        "c" | "co" | "y" | "yes" | "dong y"
    )
}

/// Opens the learner's session for a CLI change; a stale one is taken over after confirming.
pub(crate) fn lock(store: &Store, id: &str, yes: bool, lang: Lang) -> Result<SessionLock, u8> {
    let now = Timestamp::now();
    match store.lock(id, now) {
        Ok(lock) => Ok(lock),
        Err(e @ LockError::Stale { .. }) => {
            crate::outln!("{}", e.message(lang.code()));
            if confirm(&msg!(lang, "progress.cli.take_over"), yes, lang) {
                store.take_over(id, now).map_err(|e| {
                    crate::errln!("{}", e.message(lang.code()));
                    EXIT_ERRORS
                })
            } else {
                Err(EXIT_ERRORS)
            }
        }
        Err(e) => {
            crate::errln!("{}", e.message(lang.code()));
            Err(EXIT_ERRORS)
        }
    }
}

/// "Thôn Đông, 1968" — what tells same-name learners apart.
fn detail(l: &LearnerSummary) -> String {
    let mut parts = Vec::new();
    parts.extend(l.group.clone());
    parts.extend(l.birth_year.map(|y| y.to_string()));
    parts.join(", ")
}

/// The course to check records against: `--lessons DIR` or the built-in one.
fn course(lessons: Option<&Path>) -> Option<Course> {
    load(&select(lessons).ok()?).course
}

/// Widest name and thôn/lớp cells in `hocso learners` (longer ones end in `…`).
const NAME_COLUMNS: usize = 32;
const DETAIL_COLUMNS: usize = 24;

/// `hocso learners`: one line per learner, then any problems found in the data folder.
pub fn roster(data_dir: Option<&Path>, lessons: Option<&Path>, lang: Lang) -> u8 {
    let store = match open_store(data_dir, lang) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let (learners, problems) = store.list();
    if learners.is_empty() {
        crate::outln!(
            "{}",
            msg!(
                lang,
                "progress.cli.no_learners",
                dir = store.dir().display()
            )
        );
    } else {
        let header = [
            msg!(lang, "progress.cli.col_name"),
            msg!(lang, "progress.cli.col_detail"),
            msg!(lang, "progress.cli.col_id"),
            msg!(lang, "progress.cli.col_last"),
            msg!(lang, "progress.cli.col_done"),
        ];
        let rows: Vec<[String; 5]> = learners
            .iter()
            .map(|l| {
                // Files copied in by hand never went through import: clean on display too, and
                // cut long names so the table keeps its columns.
                [
                    crate::ui::safe_text::cell(&clean_text(&l.name), NAME_COLUMNS),
                    crate::ui::safe_text::cell(&clean_text(&detail(l)), DETAIL_COLUMNS),
                    l.id.clone(),
                    crate::store::lock::local_time(l.last_activity),
                    l.lessons_done.to_string(),
                ]
            })
            .collect();
        print_table(&header, &rows);
    }
    let course = course(lessons);
    let mut notes: Vec<String> = problems.iter().map(|p| p.message(lang.code())).collect();
    if let Some(course) = &course {
        for l in &learners {
            let Ok(loaded) = store.load(&l.id) else {
                continue;
            };
            let found = orphans(&loaded.file, course);
            if !found.is_empty() {
                notes.push(msg!(
                    lang,
                    "progress.cli.orphans",
                    name = l.name,
                    count = found.len()
                ));
            }
        }
    }
    if !notes.is_empty() {
        crate::outln!();
        crate::outln!("{}", msg!(lang, "progress.cli.notes"));
        for n in notes {
            crate::outln!("- {n}");
        }
    }
    EXIT_OK
}

fn print_table(header: &[String; 5], rows: &[[String; 5]]) {
    let mut widths = header.clone().map(|h| h.width());
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    let line = |cells: &[String; 5]| {
        let mut s = String::new();
        for (cell, w) in cells.iter().zip(widths) {
            s.push_str(cell);
            s.push_str(&" ".repeat(w - cell.width() + 2));
        }
        crate::outln!("{}", s.trim_end());
    };
    line(header);
    for row in rows {
        line(row);
    }
}

/// `hocso learners reset NAME|ID [--lesson ID] [--yes]`: backup, then clear.
pub fn reset(
    data_dir: Option<&Path>,
    who: &str,
    lesson: Option<&str>,
    yes: bool,
    lang: Lang,
) -> u8 {
    let run = || -> Result<u8, u8> {
        let store = open_store(data_dir, lang)?;
        let learner = find(&store, who, lang)?;
        let _lock = lock(&store, &learner.id, yes, lang)?;
        let question = match lesson {
            Some(l) => msg!(
                lang,
                "progress.cli.reset_lesson_q",
                name = learner.name,
                lesson = l
            ),
            None => msg!(lang, "progress.cli.reset_all_q", name = learner.name),
        };
        if !confirm(&question, yes, lang) {
            crate::outln!("{}", msg!(lang, "progress.cli.cancelled"));
            return Ok(EXIT_ERRORS);
        }
        let fail = |e: crate::store::learners::StoreError| {
            crate::errln!("{}", e.message(lang.code()));
            EXIT_ERRORS
        };
        let mut file = store.load(&learner.id).map_err(fail)?.file;
        if !file.reset(lesson) {
            crate::outln!("{}", msg!(lang, "progress.cli.nothing_to_reset"));
            return Ok(EXIT_OK);
        }
        let backup = store.backup(&learner.id, "reset").map_err(fail)?;
        store.save(&file).map_err(fail)?;
        crate::outln!(
            "{}",
            msg!(lang, "progress.cli.reset_done", path = backup.display())
        );
        Ok(EXIT_OK)
    };
    run().unwrap_or_else(|code| code)
}
