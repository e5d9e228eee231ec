//! `hocso setup`: which commune/ward, province and class this data folder belongs to (saved with
//! [`crate::trainer::unit`]), and optionally the province database to sync with (`sync.json`).
//!
//! On a terminal with no field given, it asks for each field (Enter keeps the current value);
//! in scripts, flags set fields and leave the others as they were.

use std::io::{BufRead, IsTerminal};
use std::path::Path;

use clap::Args;
use rust_i18n::t;

use super::{EXIT_ERRORS, EXIT_OK, EXIT_USAGE};
use crate::progress::id::clean_text;
use crate::sync::connect::{SETTINGS_FILE, Settings, read_settings};
use crate::trainer::unit::{self, Unit};
use crate::ui::lang::Lang;

/// Options of `hocso setup`.
#[derive(Debug, Clone, Default, Args)]
pub struct SetupArgs {
    /// Province name, e.g. "Hải Phòng".
    #[arg(long)]
    pub province: Option<String>,
    /// Official province code, when known.
    #[arg(long)]
    pub province_code: Option<String>,
    /// Commune or ward name, e.g. "Xã An Lão".
    #[arg(long)]
    pub commune: Option<String>,
    /// Official commune/ward code, when known.
    #[arg(long)]
    pub commune_code: Option<String>,
    /// Class name.
    #[arg(long)]
    pub class_name: Option<String>,
    /// Trainer's name.
    #[arg(long)]
    pub trainer: Option<String>,
    /// Province database URL (no password in it), saved for `hocso sync`.
    #[arg(long)]
    pub db: Option<String>,
    /// Print the current settings and change nothing.
    #[arg(long)]
    pub show: bool,
}

impl SetupArgs {
    fn any_field(&self) -> bool {
        [
            &self.province,
            &self.province_code,
            &self.commune,
            &self.commune_code,
            &self.class_name,
            &self.trainer,
            &self.db,
        ]
        .iter()
        .any(|f| f.is_some())
    }
}

/// Applies the flags to `unit` (empty flag = clear an optional code).
pub fn apply(unit: &mut Unit, args: &SetupArgs) {
    let opt = |v: &str| Some(clean_text(v)).filter(|s| !s.is_empty());
    if let Some(v) = &args.province {
        unit.province = clean_text(v);
    }
    if let Some(v) = &args.province_code {
        unit.province_code = opt(v);
    }
    if let Some(v) = &args.commune {
        unit.commune = clean_text(v);
    }
    if let Some(v) = &args.commune_code {
        unit.commune_code = opt(v);
    }
    if let Some(v) = &args.class_name {
        unit.class_name = clean_text(v);
    }
    if let Some(v) = &args.trainer {
        unit.trainer = clean_text(v);
    }
}

fn ask(label: &str, current: &str, lang: Lang) -> Option<String> {
    if current.is_empty() {
        crate::out!("{label}: ");
    } else {
        crate::out!(
            "{label} {}: ",
            t!("sync.setup.keep", locale = lang.code(), value = current)
        );
    }
    let mut line = String::new();
    match std::io::stdin().lock().read_line(&mut line) {
        Ok(0) | Err(_) => None,
        Ok(_) => {
            let v = clean_text(&line);
            Some(if v.is_empty() { current.to_string() } else { v })
        }
    }
}

fn interactive(unit: &mut Unit, lang: Lang) -> bool {
    let l = |k: &str| t!(k, locale = lang.code()).into_owned();
    crate::outln!("{}", l("sync.setup.intro"));
    let fields: [(&str, &mut String); 4] = [
        ("sync.setup.ask_province", &mut unit.province),
        ("sync.setup.ask_commune", &mut unit.commune),
        ("sync.setup.ask_class", &mut unit.class_name),
        ("sync.setup.ask_trainer", &mut unit.trainer),
    ];
    for (key, field) in fields {
        match ask(&l(key), field, lang) {
            Some(v) => *field = v,
            None => return false,
        }
    }
    for (key, field) in [
        ("sync.setup.ask_province_code", &mut unit.province_code),
        ("sync.setup.ask_commune_code", &mut unit.commune_code),
    ] {
        let current = field.clone().unwrap_or_default();
        match ask(&l(key), &current, lang) {
            Some(v) => *field = Some(v).filter(|s| !s.is_empty() && s != "-"),
            None => return false,
        }
    }
    true
}

fn print_unit(unit: &Unit, settings: &Settings, lang: Lang) {
    let l = |k: &str| t!(k, locale = lang.code()).into_owned();
    let code = |c: &Option<String>| c.clone().unwrap_or_else(|| "—".into());
    crate::outln!("{}: {}", l("sync.setup.ask_province"), unit.province);
    crate::outln!(
        "{}: {}",
        l("sync.setup.ask_province_code"),
        code(&unit.province_code)
    );
    crate::outln!("{}: {}", l("sync.setup.ask_commune"), unit.commune);
    crate::outln!(
        "{}: {}",
        l("sync.setup.ask_commune_code"),
        code(&unit.commune_code)
    );
    crate::outln!("{}: {}", l("sync.setup.ask_class"), unit.class_name);
    crate::outln!("{}: {}", l("sync.setup.ask_trainer"), unit.trainer);
    crate::outln!(
        "{}: {}",
        l("sync.setup.db"),
        settings.db.clone().unwrap_or_else(|| "—".into())
    );
}

/// The URL with the password taken out of its user part (`postgresql://u:pw@h/db` →
/// `postgresql://u@h/db`); `None` when it is not a URL.
fn without_password(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let (userinfo, hosts) = authority.rsplit_once('@')?;
    let user = userinfo.split_once(':').map_or(userinfo, |(u, _)| u);
    Some(format!("{scheme}://{user}@{hosts}{tail}"))
}

/// `hocso setup`.
pub fn run(data_dir: Option<&Path>, args: &SetupArgs, lang: Lang) -> u8 {
    let loc = lang.code();
    let dir = match super::data_folder(data_dir, lang) {
        Ok(d) => d,
        Err(code) => return code,
    };
    let mut unit = match unit::load(&dir) {
        Ok(u) => u.unwrap_or_default(),
        Err(e) => {
            crate::errln!("{}", t!("sync.setup.unreadable", locale = loc, error = e));
            return EXIT_ERRORS;
        }
    };
    let mut settings = match read_settings(&dir) {
        Ok(s) => s,
        Err(e) => {
            crate::errln!("{}", e.message(loc));
            return EXIT_ERRORS;
        }
    };
    if args.show {
        print_unit(&unit, &settings, lang);
        return EXIT_OK;
    }
    if args.any_field() {
        apply(&mut unit, args);
    } else if std::io::stdin().is_terminal() {
        if !interactive(&mut unit, lang) {
            crate::outln!("{}", t!("sync.setup.cancelled", locale = loc));
            return EXIT_ERRORS;
        }
    } else {
        crate::errln!("{}", t!("sync.setup.needs_flags", locale = loc));
        return EXIT_USAGE;
    }
    if unit.province.is_empty() || unit.commune.is_empty() {
        crate::errln!("{}", t!("sync.setup.missing", locale = loc));
        return EXIT_USAGE;
    }
    if let Some(db) = &args.db {
        let db = db.trim();
        // A connection string from `hocso province add-unit` carries the unit's password: it
        // goes to <data>/db-password (owner-only), never into sync.json.
        let mut db = db.to_string();
        if let Ok(cfg) = db.parse::<postgres::Config>()
            && let Some(pw) = cfg.get_password()
        {
            let Some(bare) = without_password(&db) else {
                crate::errln!("{}", t!("sync.setup.password_in_url", locale = loc));
                return EXIT_USAGE;
            };
            let path = dir.join(crate::sync::connect::PASSWORD_FILE);
            // The first command in a new folder: it may not exist yet.
            let _ = std::fs::create_dir_all(&dir);
            let mut bytes = pw.to_vec();
            bytes.push(b'\n');
            if let Err(e) = crate::sync::province::write_private(&path, &bytes) {
                crate::errln!(
                    "{}",
                    t!(
                        "sync.setup.write_failed",
                        locale = loc,
                        path = path.display(),
                        error = e
                    )
                );
                return EXIT_ERRORS;
            }
            crate::outln!(
                "{}",
                t!(
                    "sync.setup.password_saved",
                    locale = loc,
                    path = path.display()
                )
            );
            db = bare;
        }
        settings.db = Some(db).filter(|s| !s.is_empty());
        let mut json = serde_json::to_vec_pretty(&settings).unwrap_or_default();
        json.push(b'\n');
        let path = dir.join(SETTINGS_FILE);
        if let Err(e) = crate::store::learners::write_atomic(&path, &json) {
            crate::errln!(
                "{}",
                t!(
                    "sync.setup.write_failed",
                    locale = loc,
                    path = path.display(),
                    error = e
                )
            );
            return EXIT_ERRORS;
        }
    }
    if let Err(e) = unit::save(&dir, &unit) {
        crate::errln!(
            "{}",
            t!(
                "sync.setup.write_failed",
                locale = loc,
                path = dir.display(),
                error = e
            )
        );
        return EXIT_ERRORS;
    }
    crate::outln!(
        "{}",
        t!("sync.setup.saved", locale = loc, title = unit.title())
    );
    EXIT_OK
}
