//! Trainer commands: `hocso roster import|template` and `hocso report`.

use std::io::Write;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use jiff::tz::TimeZone;
use rust_i18n::t;

use super::{EXIT_ERRORS, EXIT_OK, EXIT_USAGE};
use crate::course::Course;
use crate::course::load::load;
use crate::course::source::select;
use crate::lang::Lang;
use crate::progress::problem::Problem;
use crate::progress::store::{NewLearner, Store};
use crate::report::output::{self, Table};
use crate::report::{self, LearnerInput};
use crate::roster::{self, RosterError, RowProblem, identity};

/// What every trainer command needs to know.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub lang: Lang,
    pub data_dir: Option<PathBuf>,
    pub lessons: Option<PathBuf>,
}

impl Ctx {
    fn l(&self) -> &'static str {
        self.lang.code()
    }

    fn store(&self) -> Result<Store, u8> {
        let dir = crate::paths::data_dir(self.data_dir.as_deref()).map_err(|e| {
            eprintln!("{}", e.message(self.l()));
            EXIT_USAGE
        })?;
        Store::open(&dir).map_err(|e| {
            eprintln!("{}", e.message(self.l()));
            EXIT_USAGE
        })
    }

    /// The course the report is about: `--lessons DIR` or the built-in one.
    pub(crate) fn course(&self) -> Result<Course, u8> {
        let files = select(self.lessons.as_deref()).map_err(|e| {
            let dir = self.lessons.as_deref().unwrap_or(Path::new(""));
            eprintln!(
                "{}",
                t!(
                    "trainer.lessons_unreadable",
                    locale = self.l(),
                    dir = dir.display(),
                    error = e
                )
            );
            EXIT_USAGE
        })?;
        load(&files).course.ok_or_else(|| {
            eprintln!("{}", t!("trainer.course_invalid", locale = self.l()));
            EXIT_ERRORS
        })
    }
}

fn this_year() -> i16 {
    Timestamp::now()
        .to_zoned_datetime(TimeZone::system())
        .year()
}

/// `hocso roster import FILE`: creates a learner for each row not already in the data folder.
pub fn roster_import(ctx: &Ctx, file: &Path) -> u8 {
    let l = ctx.l();
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!(
                "{}",
                t!(
                    "trainer.read_failed",
                    locale = l,
                    path = file.display(),
                    error = e
                )
            );
            return EXIT_USAGE;
        }
    };
    let is_xlsx = file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    let list = match roster::parse(&bytes, is_xlsx, this_year()) {
        Ok(r) => r,
        Err(e) => {
            let msg = match e {
                RosterError::NotUtf8 { offset } => {
                    t!("trainer.roster.not_utf8", locale = l, offset = offset)
                }
                RosterError::Empty => t!("trainer.roster.empty", locale = l),
                RosterError::NoNameColumn { line } => {
                    t!("trainer.roster.no_name_column", locale = l, line = line)
                }
                RosterError::Unreadable { detail } => {
                    t!("trainer.roster.unreadable", locale = l, detail = detail)
                }
            };
            eprintln!("{}: {msg}", file.display());
            return EXIT_ERRORS;
        }
    };
    let store = match ctx.store() {
        Ok(s) => s,
        Err(code) => return code,
    };
    let (existing, _) = store.list();
    let mut known: std::collections::HashSet<_> = existing
        .iter()
        .map(|s| identity(&s.name, s.birth_year, s.group.as_deref()))
        .collect();
    let (mut created, mut skipped) = (0, 0);
    for row in &list.rows {
        if !known.insert(identity(&row.name, row.birth_year, row.group.as_deref())) {
            skipped += 1;
            continue;
        }
        let new = NewLearner {
            name: row.name.clone(),
            birth_year: row.birth_year,
            group: row.group.clone(),
        };
        if let Err(e) = store.create(new, Timestamp::now()) {
            eprintln!("{}", e.message(l));
            return EXIT_USAGE;
        }
        created += 1;
    }
    for p in &list.problems {
        let msg = match p {
            RowProblem::MissingCells { line } => {
                t!("trainer.roster.missing_cells", locale = l, line = line)
            }
            RowProblem::EmptyName { line } => {
                t!("trainer.roster.empty_name", locale = l, line = line)
            }
            RowProblem::BadYear { line, value } => {
                t!(
                    "trainer.roster.bad_year",
                    locale = l,
                    line = line,
                    value = value
                )
            }
        };
        eprintln!("{}:{msg}", file.display());
    }
    println!(
        "{}",
        t!(
            "trainer.roster.done",
            locale = l,
            created = created,
            skipped = skipped,
            problems = list.problems.len()
        )
    );
    if list.problems.is_empty() {
        EXIT_OK
    } else {
        EXIT_ERRORS
    }
}

/// `hocso roster template [--out FILE]`: an empty class list to fill in (CSV, or .xlsx by extension).
pub fn roster_template(ctx: &Ctx, out: Option<&Path>) -> u8 {
    let l = ctx.l();
    let out = out.map_or_else(
        || PathBuf::from(t!("trainer.roster.template_name", locale = l).as_ref()),
        Path::to_path_buf,
    );
    if out.exists() {
        eprintln!("{}", t!("trainer.exists", locale = l, path = out.display()));
        return EXIT_USAGE;
    }
    let headers = ["name", "year", "group"]
        .map(|k| t!(format!("trainer.roster.header.{k}"), locale = l).into_owned());
    let bytes = if out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
    {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        let bold = rust_xlsxwriter::Format::new().set_bold();
        let mut result = Ok(());
        for (c, h) in headers.iter().enumerate() {
            result = result.and(
                ws.write_string_with_format(0, c as u16, h, &bold)
                    .map(|_| ()),
            );
            result = result.and(ws.set_column_width(c as u16, 28).map(|_| ()));
        }
        match result.and_then(|_| wb.save_to_buffer()) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{e}");
                return EXIT_USAGE;
            }
        }
    } else {
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice(headers.join(",").as_bytes());
        b.extend_from_slice(b"\r\n");
        b
    };
    write_out(ctx, Some(&out), &bytes)
}

fn write_out(ctx: &Ctx, out: Option<&Path>, bytes: &[u8]) -> u8 {
    let l = ctx.l();
    match out {
        Some(path) => match crate::progress::store::write_atomic(path, bytes) {
            Ok(()) => {
                eprintln!(
                    "{}",
                    t!("trainer.written", locale = l, path = path.display())
                );
                EXIT_OK
            }
            Err(e) => {
                eprintln!(
                    "{}",
                    t!(
                        "trainer.write_failed",
                        locale = l,
                        path = path.display(),
                        error = e
                    )
                );
                EXIT_USAGE
            }
        },
        None => {
            let mut stdout = std::io::stdout().lock();
            match stdout.write_all(bytes).and_then(|_| stdout.flush()) {
                Ok(()) => EXIT_OK,
                Err(_) => EXIT_USAGE,
            }
        }
    }
}

/// Options of `hocso report`.
#[derive(Debug, Clone)]
pub struct ReportArgs {
    pub format: String,
    pub out: Option<PathBuf>,
    pub delimiter: String,
    pub table: String,
}

/// Every learner of the data folder, read for the report; damaged files become rows too.
pub fn read_class(store: &Store) -> Vec<LearnerInput> {
    let (files, problems) = store.load_all();
    let mut inputs: Vec<LearnerInput> = files.into_iter().map(LearnerInput::Ok).collect();
    for p in problems {
        if matches!(p, Problem::Restored { .. }) {
            continue;
        }
        let file = p
            .path()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        inputs.push(LearnerInput::Damaged {
            file,
            reason: p.message("vi"),
        });
    }
    inputs
}

/// `hocso report`.
pub fn report(ctx: &Ctx, args: &ReportArgs) -> u8 {
    let l = ctx.l();
    let delimiter = match args.delimiter.as_str() {
        "," => b',',
        ";" => b';',
        "tab" | "\\t" | "\t" => b'\t',
        other => {
            eprintln!("{}", t!("trainer.bad_delimiter", locale = l, value = other));
            return EXIT_USAGE;
        }
    };
    let table = match args.table.as_str() {
        "learners" | "hoc-vien" => Table::Learners,
        "questions" | "cau-hoi" => Table::Questions,
        other => {
            eprintln!("{}", t!("trainer.bad_table", locale = l, value = other));
            return EXIT_USAGE;
        }
    };
    let course = match ctx.course() {
        Ok(c) => c,
        Err(code) => return code,
    };
    let store = match ctx.store() {
        Ok(s) => s,
        Err(code) => return code,
    };
    let report = report::build(&course, &read_class(&store));
    let tz = TimeZone::system();
    let bytes = match args.format.as_str() {
        "table" => output::table(&report, ctx.lang, 80, &tz).into_bytes(),
        "json" => output::json(&report).into_bytes(),
        "csv" => match output::csv(&report, table, delimiter, ctx.lang, &tz) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{e}");
                return EXIT_USAGE;
            }
        },
        "xlsx" => {
            if args.out.is_none() {
                eprintln!("{}", t!("trainer.xlsx_needs_out", locale = l));
                return EXIT_USAGE;
            }
            match output::xlsx(&report, ctx.lang, &tz) {
                Ok(b) => b,
                Err(e) => {
                    eprintln!("{e}");
                    return EXIT_USAGE;
                }
            }
        }
        other => {
            eprintln!("{}", t!("trainer.bad_format", locale = l, value = other));
            return EXIT_USAGE;
        }
    };
    write_out(ctx, args.out.as_deref(), &bytes)
}

/// Runs a trainer subcommand.
pub fn dispatch(cmd: &super::Command, cli: &super::Cli, lang: Lang) -> u8 {
    use super::{Command, RosterAction};
    let ctx = Ctx {
        lang,
        data_dir: cli.data_dir.clone(),
        lessons: cli.lessons.clone(),
    };
    match cmd {
        Command::Roster {
            action: RosterAction::Import { file },
        } => roster_import(&ctx, file),
        Command::Roster {
            action: RosterAction::Template { out },
        } => roster_template(&ctx, out.as_deref()),
        Command::Report {
            format,
            out,
            delimiter,
            table,
        } => report(
            &ctx,
            &ReportArgs {
                format: format.clone(),
                out: out.clone(),
                delimiter: delimiter.clone(),
                table: table.clone(),
            },
        ),
        Command::New {
            what: super::NewAction::Lesson { dir, title },
        } => super::scaffold::run(dir, title, lang),
        _ => EXIT_USAGE,
    }
}
