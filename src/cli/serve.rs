//! `hocso serve`: the arguments, then the web front (`front::web`).

use std::net::IpAddr;
use std::time::Duration;

use clap::Args;

use super::{EXIT_ERRORS, EXIT_OK, EXIT_USAGE};
use crate::ui::lang::Lang;

/// `hocso serve …`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Port to listen on.
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Listen on this address only (default: every address of this PC).
    #[arg(long)]
    pub bind: Option<IpAddr>,
    /// Sessions at most.
    #[arg(long, default_value_t = 60)]
    pub max: usize,
    /// Class code, 4–6 digits (default: random for each run).
    #[arg(long)]
    pub code: Option<String>,
    /// HTTPS: a PEM certificate (chain) and its private key.
    #[arg(long, num_args = 2, value_names = ["CERT", "KEY"])]
    pub tls: Option<Vec<std::path::PathBuf>>,
}

/// Minutes without a key before a session ends; tests shorten it (`HOCSO_SERVE_IDLE`, seconds).
const IDLE: Duration = Duration::from_secs(30 * 60);

pub fn run(cli: &super::Cli, args: &ServeArgs, lang: Lang) -> u8 {
    let data_dir = match super::data_folder(cli.data_dir.as_deref(), lang) {
        Ok(d) => d,
        Err(code) => return code,
    };
    if let Some(c) = &args.code
        && !crate::front::web::valid_code(c)
    {
        crate::errln!("{}", rust_i18n::t!("serve.bad_code", locale = lang.code()));
        return EXIT_USAGE;
    }
    let idle = std::env::var("HOCSO_SERVE_IDLE")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map_or(IDLE, Duration::from_secs);
    let opts = crate::front::web::Options {
        data_dir,
        lessons: cli.lessons.clone(),
        lang,
        port: args.port,
        bind: args.bind,
        max: args.max.max(1),
        code: args.code.clone(),
        idle,
        tls: args
            .tls
            .as_ref()
            .and_then(|v| Some((v.first()?.clone(), v.get(1)?.clone()))),
    };
    match crate::front::web::serve(opts) {
        Ok(()) => EXIT_OK,
        Err(msg) => {
            crate::errln!("{msg}");
            EXIT_ERRORS
        }
    }
}
