//! The `hocso` binary: parse the command line, set the UI language once, dispatch.
#![forbid(unsafe_code)]

use std::process::ExitCode;

use hocso::cli::{ClassAction, ClassroomAction, Cli, Command, LearnersAction, PinAction};
use hocso::ui::lang::Lang;

fn main() -> ExitCode {
    // SIGTERM, SIGINT, SIGHUP, SIGQUIT (console close, Ctrl+Break on Windows): give the terminal
    // back and remove our session notes before ending.
    hocso::front::signals::install();
    let args: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let lang = hocso::cli::help::early_lang(&args, std::env::var("HOCSO_LANG").ok());
    rust_i18n::set_locale(lang.code());
    let cli: Cli = hocso::cli::help::parse(args, lang);
    let lang = cli.lang.as_deref().and_then(Lang::parse).unwrap_or(lang);
    rust_i18n::set_locale(lang.code());
    match &cli.command {
        Some(Command::Validate {
            paths,
            format,
            stale,
        }) => {
            // No path: the course the app would use (`--lessons`/`HOCSO_LESSONS`, else built-in).
            let paths = match (paths.is_empty(), &cli.lessons) {
                (true, Some(dir)) => vec![dir.clone()],
                _ => paths.clone(),
            };
            ExitCode::from(hocso::cli::validate::run(&paths, format, *stale, lang))
        }
        Some(Command::Schema { name }) => {
            ExitCode::from(hocso::cli::schema::run(name.as_deref(), lang))
        }
        Some(cmd @ Command::Report { db: Some(_), .. }) => {
            ExitCode::from(hocso::cli::sync::province_report(cmd, &cli, lang))
        }
        Some(cmd @ (Command::Roster { .. } | Command::Report { .. } | Command::New { .. })) => {
            ExitCode::from(hocso::cli::trainer::dispatch(cmd, &cli, lang))
        }
        Some(Command::Serve(args)) => ExitCode::from(hocso::cli::serve::run(&cli, args, lang)),
        Some(Command::Setup(args)) => {
            ExitCode::from(hocso::cli::setup::run(cli.data_dir.as_deref(), args, lang))
        }
        Some(Command::Province { action }) => {
            ExitCode::from(hocso::cli::province::run(action, lang))
        }
        Some(Command::Sync(args)) => {
            ExitCode::from(hocso::cli::sync::run(cli.data_dir.as_deref(), args, lang))
        }
        Some(Command::Certificate {
            action,
            learner,
            class,
            split,
            out,
        }) => ExitCode::from(hocso::cli::certificate::run(
            &cli,
            action.as_ref(),
            learner.as_deref(),
            (*class, *split),
            out.as_deref(),
            lang,
        )),
        Some(Command::Learners { action }) => ExitCode::from(learners(&cli, action.as_ref(), lang)),
        Some(Command::Export { learner, out }) => ExitCode::from(hocso::cli::transfer::export(
            cli.data_dir.as_deref(),
            learner,
            out.as_deref(),
            lang,
        )),
        Some(Command::Import { files, yes }) => ExitCode::from(hocso::cli::transfer::import(
            cli.data_dir.as_deref(),
            files,
            *yes,
            lang,
        )),
        Some(Command::Preview { file, watch }) => {
            ExitCode::from(hocso::cli::class::preview(file, *watch, lang))
        }
        Some(Command::Class {
            action: Some(ClassAction::Pin { action }),
        }) => ExitCode::from(match action {
            PinAction::Set { pin } => {
                hocso::cli::class::pin_set(cli.data_dir.as_deref(), pin.as_deref(), lang)
            }
            PinAction::Clear => hocso::cli::class::pin_clear(cli.data_dir.as_deref(), lang),
        }),
        Some(Command::Class { action: None }) => run_tui(&cli, lang, true),
        Some(Command::Classroom { action }) => {
            use hocso::cli::classroom::{Switch, run};
            let (switch, pin) = match action {
                ClassroomAction::On { pin } => (Switch::On, pin.as_deref()),
                ClassroomAction::Off { pin } => (Switch::Off, pin.as_deref()),
                ClassroomAction::Status => (Switch::Status, None),
            };
            ExitCode::from(run(cli.data_dir.as_deref(), switch, pin, lang))
        }
        None => run_tui(&cli, lang, false),
    }
}

/// No subcommand: the learner program.
fn run_tui(cli: &Cli, lang: Lang, class: bool) -> ExitCode {
    let data_dir = match hocso::store::paths::data_dir(cli.data_dir.as_deref()) {
        Ok(d) => d,
        Err(e) => {
            hocso::errln!("{}", e.message(lang.code()));
            return ExitCode::from(hocso::cli::EXIT_USAGE);
        }
    };
    let opts = hocso::front::Options {
        data_dir,
        lessons: cli.lessons.clone(),
        learner: cli.learner.clone(),
        lang,
        class,
        symbols: cli
            .symbols
            .as_deref()
            .and_then(hocso::app::SymbolSet::parse),
        plain: cli.plain || std::env::var("TERM").is_ok_and(|t| t == "dumb"),
        term: std::env::var("TERM").ok(),
        classroom: cli.classroom,
    };
    match hocso::front::run(opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            hocso::errln!("{message}");
            ExitCode::from(hocso::cli::EXIT_ERRORS)
        }
    }
}

fn learners(cli: &Cli, action: Option<&LearnersAction>, lang: Lang) -> u8 {
    let data = cli.data_dir.as_deref();
    match action {
        None => hocso::cli::learners::roster(data, cli.lessons.as_deref(), lang),
        Some(LearnersAction::Reset {
            learner,
            lesson,
            yes,
        }) => hocso::cli::learners::reset(data, learner, lesson.as_deref(), *yes, lang),
        Some(LearnersAction::Merge { into, from, yes }) => {
            hocso::cli::merge::run(data, into, from, *yes, lang)
        }
    }
}
