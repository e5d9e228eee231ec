//! Trainer commands: `hocso roster template` and `hocso report` (`roster import` is in [`super::roster`]).

use std::path::{Path, PathBuf};

use jiff::tz::TimeZone;
use rust_i18n::t;

use super::{EXIT_ERRORS, EXIT_OK, EXIT_USAGE};
use crate::store::learners::Store;
use crate::store::problem::Problem;
use crate::trainer::report::order::Order;
use crate::trainer::report::output::{self, Table};
use crate::trainer::report::{self, LearnerInput};
use crate::ui::lang::Lang;

pub use super::ctx::Ctx;

/// `hocso roster template [--out FILE]`: an empty class list to fill in (CSV, or .xlsx by extension).
pub fn roster_template(ctx: &Ctx, out: Option<&Path>) -> u8 {
    let l = ctx.l();
    let out = out.map_or_else(
        || PathBuf::from(t!("trainer.roster.template_name", locale = l).as_ref()),
        Path::to_path_buf,
    );
    if out.exists() {
        crate::errln!("{}", t!("trainer.exists", locale = l, path = out.display()));
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
                crate::errln!("{e}");
                return EXIT_USAGE;
            }
        }
    } else {
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice(headers.join(",").as_bytes());
        b.extend_from_slice(b"\r\n");
        b
    };
    write_out(Some(&out), &bytes, ctx.lang)
}

/// Writes a report to `out` (atomically) or, made terminal-safe, to stdout.
pub(crate) fn write_out(out: Option<&Path>, bytes: &[u8], lang: Lang) -> u8 {
    let l = lang.code();
    match out {
        Some(path) => match crate::store::learners::write_atomic(path, bytes) {
            Ok(()) => {
                crate::errln!(
                    "{}",
                    t!("trainer.written", locale = l, path = path.display())
                );
                EXIT_OK
            }
            Err(e) => {
                crate::errln!(
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
        // The report printed to a terminal: names and lesson text made safe first.
        None => match crate::ui::safe_text::write_stdout(bytes) {
            Ok(()) => EXIT_OK,
            Err(_) => EXIT_USAGE,
        },
    }
}

/// Options of `hocso report`.
#[derive(Debug, Clone)]
pub struct ReportArgs {
    pub format: String,
    pub out: Option<PathBuf>,
    pub delimiter: String,
    pub table: String,
    pub since: Option<String>,
    pub until: Option<String>,
    pub title: Option<String>,
    pub learner: Option<String>,
    /// "name" (Vietnamese name order, the default) or "list" (the class list's order).
    pub order: String,
}

/// Every learner of the data folder, read for the report; damaged files become rows too.
pub fn read_class(store: &Store) -> Vec<LearnerInput> {
    read_class_checked(store).0
}

/// [`read_class`], and whether progress on disk was left out (see
/// [`Problem::leaves_progress_out`]): the report then does not end in success.
pub fn read_class_checked(store: &Store) -> (Vec<LearnerInput>, bool) {
    let (files, problems) = store.load_all();
    let left_out = problems.iter().any(Problem::leaves_progress_out);
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
    (inputs, left_out)
}

/// `hocso report`.
pub fn report(ctx: &Ctx, args: &ReportArgs) -> u8 {
    let l = ctx.l();
    let delimiter = match args.delimiter.as_str() {
        "," => b',',
        ";" => b';',
        "tab" | "\\t" | "\t" => b'\t',
        other => {
            crate::errln!("{}", t!("trainer.bad_delimiter", locale = l, value = other));
            return EXIT_USAGE;
        }
    };
    let table = match args.table.as_str() {
        "learners" | "hoc-vien" => Table::Learners,
        "questions" | "cau-hoi" => Table::Questions,
        other => {
            crate::errln!("{}", t!("trainer.bad_table", locale = l, value = other));
            return EXIT_USAGE;
        }
    };
    let tz = TimeZone::system();
    let window =
        match super::report::window(args.since.as_deref(), args.until.as_deref(), &tz, ctx.lang) {
            Ok(w) => w,
            Err(code) => return code,
        };
    if let Some(who) = &args.learner {
        let format = args.format.as_str();
        if !matches!(format, "table" | "xlsx" | "pdf") {
            crate::errln!("{}", t!("trainer.bad_format", locale = l, value = format));
            return EXIT_USAGE;
        }
        if format != "table" && args.out.is_none() {
            crate::errln!("{}", t!("trainer.xlsx_needs_out", locale = l));
            return EXIT_USAGE;
        }
        return match super::report::learner_view(ctx, who, window, &tz, format) {
            Ok(Some(bytes)) => write_out(args.out.as_deref(), &bytes, ctx.lang),
            Ok(None) => EXIT_OK,
            Err(code) => code,
        };
    }
    let course = match ctx.course() {
        Ok(c) => c,
        Err(code) => return code,
    };
    let store = match ctx.store() {
        Ok(s) => s,
        Err(code) => return code,
    };
    let order = match args.order.as_str() {
        "name" | "ten" | "tên" => Order::Name,
        "list" | "danh-sach" => Order::List,
        other => {
            crate::errln!("{}", t!("trainer.bad_order", locale = l, value = other));
            return EXIT_USAGE;
        }
    };
    let (inputs, left_out) = read_class_checked(&store);
    let in_window = super::report::clipped(&course, inputs.clone(), window);
    let mut report = if window.is_all() {
        report::build(&course, &inputs)
    } else {
        report::build_for_period(&course, &inputs, &in_window)
    };
    // The list's order is the order the learners were added (a class list imports top down).
    let added: std::collections::HashMap<&str, i128> = inputs
        .iter()
        .filter_map(|i| match i {
            LearnerInput::Ok(f) => Some((f.profile.id.as_str(), f.profile.created.as_nanosecond())),
            LearnerInput::Damaged { .. } => None,
        })
        .collect();
    report::order::sort(&mut report.learners, order, &|id| added.get(id).copied());
    let period = super::report::period(window, &tz, ctx.lang);
    let bytes = match args.format.as_str() {
        "table" if table == Table::Questions => format!(
            "{period}\n{}",
            super::report::questions_table(&course, &in_window, ctx.lang, 80)
        )
        .into_bytes(),
        "table" => format!("{period}\n{}", output::table(&report, ctx.lang, 80, &tz)).into_bytes(),
        "json" => output::json(&report).into_bytes(),
        "csv" => {
            match output::csv_titled(&report, table, delimiter, ctx.lang, &tz, Some(&period)) {
                Ok(b) => b,
                Err(e) => {
                    crate::errln!("{e}");
                    return EXIT_USAGE;
                }
            }
        }
        "xlsx" => {
            if args.out.is_none() {
                crate::errln!("{}", t!("trainer.xlsx_needs_out", locale = l));
                return EXIT_USAGE;
            }
            match super::report::xlsx_bytes(
                ctx,
                &course,
                &report,
                &inputs,
                &in_window,
                window,
                args.title.as_deref(),
                &tz,
            ) {
                Ok(b) => b,
                Err(e) => {
                    crate::errln!("{e}");
                    return EXIT_USAGE;
                }
            }
        }
        other => {
            crate::errln!("{}", t!("trainer.bad_format", locale = l, value = other));
            return EXIT_USAGE;
        }
    };
    match write_out(args.out.as_deref(), &bytes, ctx.lang) {
        EXIT_OK if left_out => {
            crate::errln!("{}", t!("durable.report_incomplete", locale = l));
            EXIT_ERRORS
        }
        code => code,
    }
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
            action:
                RosterAction::Import {
                    file,
                    sheet,
                    dry_run,
                    update,
                },
        } => super::roster::roster_import(&ctx, file, sheet.as_deref(), *dry_run, *update),
        Command::Roster {
            action: RosterAction::Template { out },
        } => roster_template(&ctx, out.as_deref()),
        Command::Report {
            format,
            out,
            delimiter,
            table,
            since,
            until,
            title,
            learner,
            order,
            ..
        } => report(
            &ctx,
            &ReportArgs {
                format: format.clone(),
                out: out.clone(),
                delimiter: delimiter.clone(),
                table: table.clone(),
                since: since.clone(),
                until: until.clone(),
                title: title.clone(),
                learner: learner.clone(),
                order: order.clone(),
            },
        ),
        Command::New {
            what: super::NewAction::Lesson { dir, title },
        } => super::scaffold::run(dir, title, lang),
        _ => EXIT_USAGE,
    }
}
