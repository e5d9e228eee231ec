//! `hocso classroom on|off|status`: classroom mode stored in the data folder, so every learner
//! session on it keeps learners in the program (leaving needs the trainer PIN) without
//! `--classroom` on each PC's shortcut. Switching needs the trainer PIN, as the mode itself does.

use std::io::BufRead;
use std::path::Path;

use rust_i18n::t;

use super::{EXIT_ERRORS, EXIT_OK, EXIT_USAGE};
use crate::trainer::pin::{self, Check};
use crate::ui::lang::Lang;

/// What to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Switch {
    On,
    Off,
    Status,
}

/// The PIN from `--pin`, else asked for (hidden at a terminal, one line from a script).
fn read_pin(given: Option<&str>, lang: Lang) -> String {
    if let Some(p) = given {
        return p.to_string();
    }
    let ask = t!("home.cli.pin_ask", locale = lang.code());
    if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        return rpassword::prompt_password(ask).unwrap_or_default();
    }
    crate::err!("{ask}");
    let line = std::io::stdin().lock().lines().next();
    crate::errln!();
    line.and_then(Result::ok).unwrap_or_default()
}

/// `hocso classroom on|off|status [--pin PIN]`.
pub fn run(data: Option<&Path>, switch: Switch, pin_flag: Option<&str>, lang: Lang) -> u8 {
    let l = lang.code();
    let dir = match super::data_folder(data, lang) {
        Ok(d) => d,
        Err(code) => return code,
    };
    let on = crate::store::classroom::classroom_mode(&dir);
    if switch == Switch::Status {
        let key = if on {
            "home.cli.is_on"
        } else {
            "home.cli.is_off"
        };
        crate::outln!("{}", t!(key, locale = l));
        return EXIT_OK;
    }
    // Without a PIN the mode could keep nobody in; with one, only who knows it switches.
    if !pin::is_set(&dir) {
        crate::errln!("{}", t!("nav.classroom_needs_pin", locale = l));
        return EXIT_USAGE;
    }
    let typed = read_pin(pin_flag, lang);
    match pin::check(&dir, &typed, jiff::Timestamp::now(), l) {
        Check::Right => {}
        Check::NotSet => {
            crate::errln!("{}", t!("nav.classroom_needs_pin", locale = l));
            return EXIT_USAGE;
        }
        other => {
            let msg = other
                .message(l)
                .unwrap_or_else(|| t!("home.cli.pin_wrong", locale = l).into_owned());
            crate::errln!("{msg}");
            return EXIT_ERRORS;
        }
    }
    let want = switch == Switch::On;
    if let Err(e) = crate::store::classroom::set_classroom_mode(&dir, want, jiff::Timestamp::now())
    {
        let path = dir.join(crate::store::classroom::CLASSROOM_FILE);
        let reason = crate::store::problem::io_reason(&e, l);
        crate::errln!("{}: {reason}", path.display());
        return EXIT_USAGE;
    }
    let key = if want {
        "home.cli.now_on"
    } else {
        "home.cli.now_off"
    };
    crate::outln!("{}", t!(key, locale = l));
    EXIT_OK
}
