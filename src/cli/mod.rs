//! Command-line interface: arguments, subcommands, and mapping results to exit codes.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

pub mod certificate;
mod certificate_sheet;
mod certificate_verify;
pub mod class;
pub mod classroom;
mod ctx;
pub mod help;
pub mod learner_sheet;
pub mod learners;
pub mod merge;
pub mod province;
pub mod report;
pub mod roster;
mod roster_sheets;
pub mod scaffold;
pub mod schema;
mod schema_guide;
mod schema_rules;
pub mod serve;
pub mod setup;
pub mod sync;
pub mod trainer;
pub mod transfer;
pub mod validate;

/// Exit status: everything fine (warnings allowed).
pub const EXIT_OK: u8 = 0;
/// Exit status: the input has errors (e.g. a lesson that does not validate).
pub const EXIT_ERRORS: u8 = 1;
/// Exit status: usage or I/O problem.
pub const EXIT_USAGE: u8 = 2;

/// The data folder a writing command will use: resolved, created when missing (saying where on
/// stderr, so reports piped to a file stay clean) and checked writable; or the message and exit
/// status.
/// [`data_folder`] for commands that only read: an existing folder is used as it is, without
/// proving it writable (a write-protected USB copy); a folder not there yet is created.
pub(crate) fn data_folder_read(
    flag: Option<&std::path::Path>,
    lang: crate::ui::lang::Lang,
) -> Result<PathBuf, u8> {
    match crate::store::paths::data_dir(flag) {
        Ok(dir) if dir.is_dir() => Ok(dir),
        _ => data_folder(flag, lang),
    }
}

pub(crate) fn data_folder(
    flag: Option<&std::path::Path>,
    lang: crate::ui::lang::Lang,
) -> Result<PathBuf, u8> {
    let l = lang.code();
    let dir = crate::store::paths::data_dir(flag).map_err(|e| {
        crate::errln!("{}", e.message(l));
        EXIT_USAGE
    })?;
    match crate::store::paths::prepare(&dir) {
        Ok(true) => {
            crate::errln!(
                "{}",
                rust_i18n::t!("progress.data_dir.created", locale = l, dir = dir.display())
            );
            Ok(dir)
        }
        Ok(false) => Ok(dir),
        Err(e) => {
            crate::errln!("{}", e.message(l));
            Err(EXIT_USAGE)
        }
    }
}

/// Command line. Help texts shown to people come from `locales/cli.*.yml` (see [`help`]); the
/// doc comments here are developer notes.
#[derive(Debug, Parser)]
#[command(name = "hocso", version)]
pub struct Cli {
    /// UI language: vi (default) or en.
    #[arg(long, global = true, env = "HOCSO_LANG")]
    pub lang: Option<String>,
    /// Folder of learner files.
    #[arg(long, global = true, env = "HOCSO_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// Folder with a course to use instead of the built-in one.
    #[arg(long, global = true, env = "HOCSO_LESSONS")]
    pub lessons: Option<PathBuf>,
    /// Start straight in as this learner (name or id).
    #[arg(long)]
    pub learner: Option<String>,
    /// Symbols: unicode or ascii (overrides this PC's stored choice).
    #[arg(long, env = "HOCSO_SYMBOLS")]
    pub symbols: Option<String>,
    /// Plain line mode: no full screen (screen readers, braille, serial lines).
    #[arg(long)]
    pub plain: bool,
    /// Classroom: leaving the program needs the trainer PIN (learners only go back to the list
    /// of names).
    #[arg(long)]
    pub classroom: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check lesson files.
    Validate {
        /// Lesson files or course folders; none = the built-in course.
        paths: Vec<PathBuf>,
        /// Output format: text (default) or json.
        #[arg(long, default_value = "text")]
        format: String,
        /// Warn about lessons whose `as_of` is more than this many months ago.
        #[arg(long, value_name = "N")]
        stale: Option<u32>,
    },
    /// Print the JSON Schema of a lesson-format file (course, module, lesson or glossary).
    Schema {
        /// Which file: course, module, lesson (default) or glossary.
        name: Option<String>,
    },
    /// List learners, or reset one (`learners reset NAME|ID`).
    Learners {
        #[command(subcommand)]
        action: Option<LearnersAction>,
    },
    /// Write one learner's progress to a portable file.
    Export {
        /// Learner name or id.
        #[arg(long)]
        learner: String,
        /// Output file (default: hocso-<id>.json in the current folder).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Merge progress files into the data folder.
    Import {
        /// Files written by `hocso export` (or learner files copied from a data folder).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Take over a stale session without asking.
        #[arg(long)]
        yes: bool,
    },
    /// Class list (roster): import a list, or write an empty one to fill in.
    Roster {
        #[command(subcommand)]
        action: RosterAction,
    },
    /// The live class view (trainer); `class pin set|clear` for its PIN.
    Class {
        #[command(subcommand)]
        action: Option<ClassAction>,
    },
    /// Classroom mode for this data folder: leaving the program needs the trainer PIN.
    Classroom {
        #[command(subcommand)]
        action: ClassroomAction,
    },
    /// Show one lesson file as learners see it (nothing is saved).
    Preview {
        /// The lesson file.
        file: PathBuf,
        /// Reload when the file is saved; show the problems while it is broken.
        #[arg(long)]
        watch: bool,
    },
    /// Create something new from a template.
    New {
        #[command(subcommand)]
        what: NewAction,
    },
    /// Class progress report for the trainer.
    Report {
        /// table (default), csv, xlsx or json.
        #[arg(long, default_value = "table")]
        format: String,
        /// Write to this file instead of the screen.
        #[arg(long)]
        out: Option<PathBuf>,
        /// CSV separator: ',' (default) or ';' (Excel on Vietnamese-locale Windows) or tab.
        #[arg(long, default_value = ",")]
        delimiter: String,
        /// For csv and table: learners (default) or questions.
        #[arg(long, default_value = "learners")]
        table: String,
        /// Only activity from this day on (2026-11-30 or 30/11/2026).
        #[arg(long)]
        since: Option<String>,
        /// Only activity up to the end of this day.
        #[arg(long)]
        until: Option<String>,
        /// Title of the printed report (default: the data folder's class and xã).
        #[arg(long)]
        title: Option<String>,
        /// One learner's lessons and answers (name or id).
        #[arg(long)]
        learner: Option<String>,
        /// Order of learners: name (Vietnamese order, by tên then họ đệm) or list (the class
        /// list's order).
        #[arg(long, default_value = "name")]
        order: String,
        /// Province report from this PostgreSQL database (see `hocso sync`).
        #[arg(long)]
        db: Option<String>,
        /// Province report: only this province (name or code).
        #[arg(long)]
        province: Option<String>,
        /// Province report: only this commune/ward (name, code or unit key).
        #[arg(long)]
        unit: Option<String>,
    },
    /// Serve the course to browsers in the room (learners' phones), one session per tab.
    Serve(serve::ServeArgs),
    /// Record which commune/ward, province and class this data folder belongs to.
    Setup(setup::SetupArgs),
    /// The province IT staff's commands on the province database (owner's connection).
    Province {
        #[command(subcommand)]
        action: province::ProvinceAction,
    },
    /// Send this data folder's progress to the province database and fetch what changed there.
    Sync(sync::SyncArgs),
    /// Certificates: write one (`--learner`) or the whole class's (`--class`), or check a code.
    #[command(args_conflicts_with_subcommands = true)]
    Certificate {
        #[command(subcommand)]
        action: Option<CertificateAction>,
        /// Learner name or id.
        #[arg(long, conflicts_with = "class")]
        learner: Option<String>,
        /// Every learner who has earned one, as one PDF (a page each).
        #[arg(long)]
        class: bool,
        /// With `--class`: one PDF file per learner, in the folder `--out`.
        #[arg(long, requires = "class")]
        split: bool,
        /// The PDF file (`--learner`, `--class`) or folder (`--class --split`).
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

/// `hocso certificate …`.
#[derive(Debug, Subcommand)]
pub enum CertificateAction {
    /// Whose certificate a code belongs to, and whether it is genuine.
    Verify {
        code: String,
        /// Check in the province's PostgreSQL database (see `hocso sync`) instead of this
        /// data folder's register.
        #[arg(long)]
        db: Option<String>,
    },
}

/// `hocso new …`.
#[derive(Debug, Subcommand)]
pub enum NewAction {
    /// Write a new lesson file to start from.
    Lesson {
        /// Folder to put it in (a module folder).
        dir: PathBuf,
        /// Title of the lesson.
        title: String,
    },
}

/// `hocso class …`.
#[derive(Debug, Subcommand)]
pub enum ClassAction {
    /// The trainer PIN that protects the class view.
    Pin {
        #[command(subcommand)]
        action: PinAction,
    },
}

/// `hocso classroom …`.
#[derive(Debug, Subcommand)]
pub enum ClassroomAction {
    /// Switch it on (needs the trainer PIN).
    On {
        #[arg(long)]
        pin: Option<String>,
    },
    /// Switch it off (needs the trainer PIN).
    Off {
        #[arg(long)]
        pin: Option<String>,
    },
    /// Say whether it is on.
    Status,
}

/// `hocso class pin …`.
#[derive(Debug, Subcommand)]
pub enum PinAction {
    /// Set (or replace) the PIN; asks for it twice unless `--pin` is given.
    Set {
        #[arg(long)]
        pin: Option<String>,
    },
    /// Remove the PIN.
    Clear,
}

/// `hocso roster …`.
#[derive(Debug, Subcommand)]
pub enum RosterAction {
    /// Create learners from a class list (CSV, .xlsx, .xls or .ods).
    Import {
        file: PathBuf,
        /// Read only this sheet of a workbook (default: every sheet with a learner table).
        #[arg(long)]
        sheet: Option<String>,
        /// Only print what would happen, row by row; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Rows that may be a learner already here (one letter, the thôn, a year ±1) correct
        /// that learner instead of adding a new one.
        #[arg(long)]
        update: bool,
    },
    /// Write an empty class list to fill in.
    Template {
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

/// `hocso learners …` actions.
#[derive(Debug, Subcommand)]
pub enum LearnersAction {
    /// Join two learners who are the same person: B's progress goes into A, B is removed
    /// (backups of both kept).
    Merge {
        /// The learner to keep (name or id).
        into: String,
        /// The learner to join into it (name or id).
        from: String,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
    /// Clear a learner's progress (a backup is kept).
    Reset {
        /// Learner name or id.
        learner: String,
        /// Only this lesson id.
        #[arg(long)]
        lesson: Option<String>,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
}
