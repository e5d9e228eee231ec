//! clap in Vietnamese (or English): help texts from `locales/cli.*.yml`, and plain messages
//! instead of clap's English errors.
//!
//! Keys: `cli.about`, `cli.arg.<id>` for the top level; `cli.<sub>.about`, `cli.<sub>.arg.<id>`,
//! `cli.<sub>.<subsub>.about`… for subcommands. A test checks that every command and argument
//! has a key in both languages.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, CommandFactory, FromArgMatches};
use rust_i18n::t;

use super::Cli;
use crate::ui::lang::Lang;

fn lookup(key: &str, lang: Lang) -> Option<String> {
    let s = t!(key, locale = lang.code());
    (s != key).then(|| s.into_owned())
}

/// The help key of every command and argument.
pub fn keys() -> Vec<String> {
    fn walk(cmd: &Command, path: &str, out: &mut Vec<String>) {
        out.push(format!("{path}.about"));
        for a in cmd.get_arguments() {
            out.push(format!("{path}.arg.{}", a.get_id()));
        }
        for s in cmd.get_subcommands() {
            walk(s, &format!("{path}.{}", s.get_name()), out);
        }
    }
    let mut out = Vec::new();
    walk(&Cli::command(), "cli", &mut out);
    out
}

fn localize(mut cmd: Command, path: &str, lang: Lang) -> Command {
    let heading = lookup("cli.heading.options", lang).unwrap_or_default();
    if let Some(about) = lookup(&format!("{path}.about"), lang) {
        cmd = cmd.about(about);
    }
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        let help = lookup(&format!("{path}.arg.{id}"), lang);
        let heading = heading.clone();
        cmd = cmd.mut_arg(&id, move |a| {
            // Only defaults of value-taking options (`--format table`…) are hidden: the help text
            // names them. (Flags like `--yes` have a default of their own that must stay.)
            let value_default = a.get_value_names().is_some() && !a.get_default_values().is_empty();
            let a = a
                .help_heading(heading)
                .hide_env(true)
                .hide_default_value(value_default);
            match help {
                Some(h) => a.help(h),
                None => a,
            }
        });
    }
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in subs {
        let sub_path = format!("{path}.{name}");
        cmd = cmd.mut_subcommand(&name, |s| localize(s, &sub_path, lang));
    }
    cmd.help_template(format!(
        "{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}",
        lookup("cli.heading.usage", lang).unwrap_or_default()
    ))
    .subcommand_help_heading(lookup("cli.heading.commands", lang).unwrap_or_default())
    .subcommand_value_name(lookup("cli.heading.command_placeholder", lang).unwrap_or_default())
    .disable_help_subcommand(true)
    .disable_help_flag(true)
    .arg(
        Arg::new("help")
            .short('h')
            .long("help")
            .action(ArgAction::Help)
            .help(lookup("cli.help", lang).unwrap_or_default())
            .help_heading(heading),
    )
}

/// The command line, with help in `lang`.
pub fn command(lang: Lang) -> Command {
    localize(Cli::command(), "cli", lang)
        .disable_version_flag(true)
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(lookup("cli.version", lang).unwrap_or_default())
                .help_heading(lookup("cli.heading.options", lang).unwrap_or_default()),
        )
}

/// The language asked for before parsing (so that help and errors are already in it):
/// `--lang X` / `--lang=X` anywhere, else `HOCSO_LANG`, else Vietnamese.
pub fn early_lang(args: &[String], env: Option<String>) -> Lang {
    let flag = args
        .windows(2)
        .find_map(|w| (w[0] == "--lang").then(|| w[1].clone()));
    let inline = args
        .iter()
        .find_map(|a| a.strip_prefix("--lang=").map(str::to_string));
    flag.or(inline)
        .or(env)
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or_default()
}

/// Parses the command line. Help and version are printed and the process exits 0; mistakes get
/// a plain message in `lang` and exit status 2.
pub fn parse(args: Vec<String>, lang: Lang) -> Cli {
    let result = command(lang)
        .try_get_matches_from(&args)
        .and_then(|m| Cli::from_arg_matches(&m));
    match result {
        Ok(cli) => cli,
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            let _ = e.print();
            std::process::exit(0)
        }
        Err(e) => {
            crate::errln!("{}", message(&e, lang));
            std::process::exit(i32::from(super::EXIT_USAGE))
        }
    }
}

fn context(e: &clap::Error, kind: ContextKind) -> String {
    match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        _ => String::new(),
    }
}

/// A plain message for a command-line mistake.
pub fn message(e: &clap::Error, lang: Lang) -> String {
    let l = lang.code();
    let what = match e.kind() {
        ErrorKind::InvalidSubcommand | ErrorKind::UnknownArgument => {
            let arg = context(e, ContextKind::InvalidArg);
            let arg = if arg.is_empty() {
                context(e, ContextKind::InvalidSubcommand)
            } else {
                arg
            };
            t!("cli.error.unknown", locale = l, arg = arg)
        }
        ErrorKind::MissingRequiredArgument => {
            t!(
                "cli.error.missing",
                locale = l,
                arg = context(e, ContextKind::InvalidArg)
            )
        }
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            t!("cli.error.missing_command", locale = l)
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => t!(
            "cli.error.value",
            locale = l,
            arg = context(e, ContextKind::InvalidArg),
            value = context(e, ContextKind::InvalidValue)
        ),
        _ => t!("cli.error.other", locale = l),
    };
    format!("{what}\n{}", t!("cli.error.see_help", locale = l))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn lang_is_found_before_parsing() {
        let a = |s: &str| s.split(' ').map(String::from).collect::<Vec<_>>();
        assert_eq!(early_lang(&a("hocso --lang en validate"), None), Lang::En);
        assert_eq!(early_lang(&a("hocso validate --lang=en"), None), Lang::En);
        assert_eq!(
            early_lang(&a("hocso validate"), Some("en".into())),
            Lang::En
        );
        assert_eq!(early_lang(&a("hocso validate"), None), Lang::Vi);
    }

    #[test]
    fn every_command_and_argument_has_help_in_both_languages() {
        let missing: Vec<String> = keys()
            .into_iter()
            .flat_map(|k| [(k.clone(), Lang::Vi), (k, Lang::En)])
            .filter(|(k, l)| lookup(k, *l).is_none())
            .map(|(k, l)| format!("{k} ({})", l.code()))
            .collect();
        assert!(missing.is_empty(), "add to locales/cli.*.yml: {missing:#?}");
    }

    #[test]
    fn help_is_vietnamese_and_mistakes_are_plain() {
        let help = command(Lang::Vi).render_help().to_string();
        assert!(help.contains("Cách dùng:"), "{help}");
        assert!(
            !help.contains("Usage:") && !help.contains("Print help"),
            "{help}"
        );
        let err = command(Lang::Vi)
            .try_get_matches_from(["hocso", "--bogus"])
            .unwrap_err();
        let msg = message(&err, Lang::Vi);
        assert!(
            msg.contains("--bogus") && msg.contains("hocso --help"),
            "{msg}"
        );
    }
}
