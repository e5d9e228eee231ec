//! `hocso class` (the live class view), `hocso class pin set|clear`, and `hocso preview`.

use std::io::BufRead;
use std::path::Path;

use rust_i18n::t;

use super::{EXIT_ERRORS, EXIT_OK, EXIT_USAGE};
use crate::ui::lang::Lang;

fn data_dir(data: Option<&Path>, lang: Lang) -> Result<std::path::PathBuf, u8> {
    super::data_folder(data, lang)
}

/// Asks for the PIN twice: hidden while typed at a terminal (rpassword reads the console or
/// tty without echo), or two lines piped on stdin by a script.
fn read_pin_twice(lang: Lang) -> Result<String, u8> {
    let l = lang.code();
    let (first, second) = if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        let ask = |key: &str| rpassword::prompt_password(t!(key, locale = l)).unwrap_or_default();
        (ask("classview.cli.pin_ask"), ask("classview.cli.pin_again"))
    } else {
        let stdin = std::io::stdin();
        let mut lines = stdin.lock().lines();
        let mut ask = |key: &str| {
            crate::err!("{}", t!(key, locale = l));
            lines.next().and_then(Result::ok).unwrap_or_default()
        };
        let pair = (ask("classview.cli.pin_ask"), ask("classview.cli.pin_again"));
        // Piped input is not echoed: end the prompt line ourselves.
        crate::errln!();
        pair
    };
    if first.trim() != second.trim() {
        crate::errln!("{}", t!("classview.cli.pin_mismatch", locale = l));
        return Err(EXIT_ERRORS);
    }
    Ok(first)
}

/// `hocso class pin set [--pin PIN]`: sets or replaces the trainer PIN.
pub fn pin_set(data: Option<&Path>, pin: Option<&str>, lang: Lang) -> u8 {
    let l = lang.code();
    let pin = match pin {
        Some(p) => p.to_string(),
        None => match read_pin_twice(lang) {
            Ok(p) => p,
            Err(code) => return code,
        },
    };
    let pin = pin.trim();
    if pin.is_empty() {
        crate::errln!("{}", t!("classview.cli.pin_empty", locale = l));
        return EXIT_USAGE;
    }
    if !crate::trainer::pin::valid(pin) {
        crate::errln!("{}", t!("harden.pin.too_short", locale = l));
        return EXIT_USAGE;
    }
    let dir = match data_dir(data, lang) {
        Ok(d) => d,
        Err(code) => return code,
    };
    match crate::trainer::pin::set(&dir, pin) {
        Ok(()) => {
            crate::outln!("{}", t!("classview.cli.pin_set", locale = l));
            EXIT_OK
        }
        Err(e) => {
            let path = dir.join(crate::trainer::pin::FILE);
            let msg = t!(
                "classview.cli.pin_failed",
                locale = l,
                path = path.display(),
                error = match &e {
                    crate::trainer::pin::SetError::Io(io) =>
                        crate::store::problem::io_reason(io, l),
                    crate::trainer::pin::SetError::Invalid =>
                        t!("harden.pin.too_short", locale = l).into_owned(),
                }
            );
            crate::errln!("{msg}");
            EXIT_USAGE
        }
    }
}

/// `hocso class pin clear`.
pub fn pin_clear(data: Option<&Path>, lang: Lang) -> u8 {
    let l = lang.code();
    let dir = match data_dir(data, lang) {
        Ok(d) => d,
        Err(code) => return code,
    };
    match crate::trainer::pin::clear(&dir) {
        Ok(true) => crate::outln!("{}", t!("classview.cli.pin_cleared", locale = l)),
        Ok(false) => crate::outln!("{}", t!("classview.cli.pin_none", locale = l)),
        Err(e) => {
            let reason = crate::store::problem::io_reason(&e, l);
            crate::errln!(
                "{}: {reason}",
                dir.join(crate::trainer::pin::FILE).display()
            );
            return EXIT_USAGE;
        }
    }
    EXIT_OK
}

/// `hocso preview FILE [--watch]`.
pub fn preview(file: &Path, watch: bool, lang: Lang) -> u8 {
    match crate::front::preview::run(file, watch, lang) {
        Ok(()) => EXIT_OK,
        Err(msg) => {
            crate::errln!("{msg}");
            EXIT_ERRORS
        }
    }
}
