//! The `hocso` binary: parse the command line, set the UI language once, dispatch.
#![forbid(unsafe_code)]

use std::process::ExitCode;

use clap::Parser;
use hocso::cli::{Cli, Command};
use hocso::lang::Lang;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang = cli
        .lang
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or_default();
    rust_i18n::set_locale(lang.code());
    match &cli.command {
        Some(Command::Validate { paths, format }) => {
            // No path: the course the app would use (`--lessons`/`HOCSO_LESSONS`, else built-in).
            let paths = match (paths.is_empty(), &cli.lessons) {
                (true, Some(dir)) => vec![dir.clone()],
                _ => paths.clone(),
            };
            ExitCode::from(hocso::cli::validate::run(&paths, format, lang))
        }
        Some(Command::Schema { name }) => {
            ExitCode::from(hocso::cli::schema::run(name.as_deref(), lang))
        }
        None => ExitCode::SUCCESS,
    }
}
