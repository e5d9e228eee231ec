//! `hocso sync` and `hocso report --db`: the command-line side of [`crate::sync`].

use std::path::Path;

use clap::Args;
use jiff::Timestamp;
use jiff::tz::TimeZone;
use rust_i18n::t;

use super::{Cli, Command, EXIT_ERRORS, EXIT_OK, EXIT_USAGE};
use crate::sync::connect::{self, PasswordSources};
use crate::sync::report_out::{self, Table};
use crate::sync::run::{Options, Step};
use crate::sync::{SyncError, report, schema, state};
use crate::ui::lang::Lang;

/// Options of `hocso sync`.
#[derive(Debug, Clone, Default, Args)]
pub struct SyncArgs {
    /// PostgreSQL URL, e.g. postgresql://hocso@server/hocso (else HOCSO_DB, else `hocso setup --db`).
    #[arg(long)]
    pub db: Option<String>,
    /// Only say when this data folder last synced (no network).
    #[arg(long)]
    pub status: bool,
}

fn when(t: Option<Timestamp>, lang: Lang) -> String {
    match t {
        Some(t) => crate::store::lock::local_time(t),
        None => t!("sync.never", locale = lang.code()).into_owned(),
    }
}

/// Warns, on every run, when the URL turns TLS off (`sslmode=disable`) for a server that is not
/// on this machine: the password and learners' data would cross the network in clear.
pub fn warn_plain_text(target: &connect::Target, url: &str, lang: Lang) {
    if !target.tls && url.to_ascii_lowercase().contains("sslmode=disable") && !target.local {
        crate::errln!("{}", t!("sync.ssl_disabled", locale = lang.code()));
    }
}

/// `hocso sync`.
pub fn run(data_dir: Option<&Path>, args: &SyncArgs, lang: Lang) -> u8 {
    let loc = lang.code();
    let dir = match super::data_folder(data_dir, lang) {
        Ok(d) => d,
        Err(code) => return code,
    };
    let last = state::load(&dir).last_success;
    if args.status {
        crate::outln!(
            "{}",
            t!("sync.last_success", locale = loc, time = when(last, lang))
        );
        return EXIT_OK;
    }
    let fail = |e: SyncError| {
        crate::errln!("{}", e.message(loc));
        crate::errln!(
            "{}",
            t!("sync.last_success", locale = loc, time = when(last, lang))
        );
        EXIT_ERRORS
    };
    let unit = match crate::trainer::unit::load(&dir) {
        Ok(Some(u)) => u,
        Ok(None) => return fail(SyncError::NoUnit),
        Err(e) => return fail(SyncError::Local(e.to_string())),
    };
    let url = match connect::pick_url(
        args.db.as_deref(),
        std::env::var(connect::DB_ENV).ok(),
        Some(&dir),
    ) {
        Ok(u) => u,
        Err(e) => return fail(e),
    };
    let target = match connect::target(&url, &PasswordSources::from_env(Some(&dir))) {
        Ok(t) => t,
        Err(e) => return fail(e),
    };
    warn_plain_text(&target, &url, lang);
    crate::outln!(
        "{}",
        t!(
            "sync.starting",
            locale = loc,
            title = unit.title(),
            server = target.label
        )
    );
    let opts = Options {
        data_dir: dir,
        target,
        unit,
        now: Timestamp::now(),
        lang,
    };
    let tty = crate::ui::safe_text::err_is_terminal();
    let mut progress = |s: Step| {
        // Long syncs show where they are (a line every 10 %); short ones and scripts stay quiet.
        let step = (s.total / 10).max(1);
        if tty && s.total >= 20 && (s.done.is_multiple_of(step) || s.done == s.total) {
            crate::errln!(
                "{}",
                t!(
                    "sync.progress",
                    locale = loc,
                    done = s.done,
                    total = s.total
                )
            );
        }
    };
    match crate::sync::run::run(&opts, &mut progress) {
        Ok(summary) => {
            crate::outln!(
                "{}",
                t!(
                    "sync.done",
                    locale = loc,
                    sent = summary.sent,
                    received = summary.received,
                    new = summary.new_here
                )
            );
            let certs = &summary.certificates;
            if certs.sent + certs.received > 0 {
                crate::outln!(
                    "{}",
                    t!(
                        "certificate.synced",
                        locale = loc,
                        sent = certs.sent,
                        received = certs.received
                    )
                );
            }
            if certs.adopted {
                crate::outln!("{}", t!("certificate.adopted", locale = loc));
            }
            if summary.owner_role {
                crate::errln!("{}", t!("sync.owner_role", locale = loc));
            }
            for name in &summary.busy {
                crate::outln!("{}", t!("sync.busy", locale = loc, name = name));
            }
            for p in &summary.problems {
                crate::outln!("- {p}");
            }
            EXIT_OK
        }
        Err(e) => fail(e),
    }
}

/// `hocso report --db URL [--province P] [--unit U] [--format …] [--out FILE]`.
pub fn province_report(cmd: &Command, cli: &Cli, lang: Lang) -> u8 {
    let loc = lang.code();
    let Command::Report {
        db: Some(db),
        format,
        out,
        delimiter,
        table,
        province,
        unit,
        ..
    } = cmd
    else {
        return EXIT_USAGE;
    };
    let delimiter = match delimiter.as_str() {
        "," => b',',
        ";" => b';',
        "tab" | "\\t" | "\t" => b'\t',
        other => {
            crate::errln!(
                "{}",
                t!("trainer.bad_delimiter", locale = loc, value = other)
            );
            return EXIT_USAGE;
        }
    };
    let table = match table.as_str() {
        "learners" | "units" | "don-vi" => Table::Units,
        "questions" | "cau-hoi" => Table::Questions,
        other => {
            crate::errln!("{}", t!("trainer.bad_table", locale = loc, value = other));
            return EXIT_USAGE;
        }
    };
    if format == "xlsx" && out.is_none() {
        crate::errln!("{}", t!("trainer.xlsx_needs_out", locale = loc));
        return EXIT_USAGE;
    }
    if !matches!(format.as_str(), "table" | "csv" | "xlsx" | "json") {
        crate::errln!("{}", t!("trainer.bad_format", locale = loc, value = format));
        return EXIT_USAGE;
    }
    let course = match crate::course::source::select(cli.lessons.as_deref())
        .ok()
        .and_then(|files| crate::course::load::load(&files).course)
    {
        Some(c) => c,
        None => {
            crate::errln!("{}", t!("trainer.course_invalid", locale = loc));
            return EXIT_ERRORS;
        }
    };
    let fail = |e: SyncError| {
        crate::errln!("{}", e.message(loc));
        EXIT_ERRORS
    };
    let data_dir = cli.data_dir.clone();
    let target = match connect::target(db, &PasswordSources::from_env(data_dir.as_deref())) {
        Ok(t) => t,
        Err(e) => return fail(e),
    };
    warn_plain_text(&target, db, lang);
    let mut client = match connect::connect(&target) {
        Ok(c) => c,
        Err(e) => return fail(e),
    };
    match schema::database_version(&mut client) {
        Ok(v) if v > schema::known_version() => {
            return fail(SyncError::NewerSchema {
                found: v,
                known: schema::known_version(),
            });
        }
        Ok(0) => {
            return fail(SyncError::Empty {
                server: target.label.clone(),
            });
        }
        // Synced by an older hocso: upgrade first (the report reads tables it adds).
        Ok(v) if v < schema::known_version() => {
            if let Err(e) = schema::prepare(&mut client, &target.label) {
                return fail(e);
            }
        }
        Ok(_) => {}
        Err(e) => return fail(connect::classify(&e, &target.label)),
    }
    let filter = report::Filter {
        province: province.clone(),
        unit: unit.clone(),
    };
    let built = report::tune(&mut client)
        .and_then(|()| report::build(&mut client, &course, &filter, Timestamp::now()));
    let rep = match built {
        Ok(r) => r,
        Err(e) => return fail(connect::classify(&e, &target.label)),
    };
    let tz = TimeZone::system();
    let bytes = match format.as_str() {
        "table" => report_out::table(&rep, lang, &tz).into_bytes(),
        "json" => report_out::json(&rep).into_bytes(),
        "csv" => match report_out::csv(&rep, table, delimiter, lang, &tz) {
            Ok(b) => b,
            Err(e) => return fail(SyncError::Local(e.to_string())),
        },
        _ => match report_out::xlsx(&rep, lang, &tz) {
            Ok(b) => b,
            Err(e) => return fail(SyncError::Local(e.to_string())),
        },
    };
    super::trainer::write_out(out.as_deref(), &bytes, lang)
}
