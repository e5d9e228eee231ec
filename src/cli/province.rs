//! `hocso province …`: the province IT staff's commands on the province database, run with the
//! owner's connection (never a commune's). See [`crate::sync::province`].

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use postgres::Client;
use rust_i18n::t;

use super::{EXIT_ERRORS, EXIT_OK, EXIT_USAGE};
use crate::sync::connect::{self, PasswordSources};
use crate::sync::province;
use crate::sync::{SyncError, schema};
use crate::trainer::unit::Unit;
use crate::ui::lang::Lang;

/// `hocso province …`.
#[derive(Debug, Subcommand)]
pub enum ProvinceAction {
    /// Create or upgrade tables, roles and policies (safe to run again).
    Init {
        #[arg(long)]
        db: String,
    },
    /// Create a unit's login role and print its connection string once.
    AddUnit(AddUnitArgs),
    /// Create a read-only role for the province report.
    AddReader {
        #[arg(long)]
        db: String,
        #[arg(long, default_value = "tinh")]
        name: String,
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

/// Options of `hocso province add-unit`.
#[derive(Debug, Clone, Args)]
pub struct AddUnitArgs {
    #[arg(long)]
    pub db: String,
    #[arg(long)]
    pub province: String,
    #[arg(long)]
    pub province_code: Option<String>,
    #[arg(long)]
    pub commune: String,
    #[arg(long)]
    pub commune_code: Option<String>,
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// `hocso province …`.
pub fn run(action: &ProvinceAction, lang: Lang) -> u8 {
    let loc = lang.code();
    let db = match action {
        ProvinceAction::Init { db } => db,
        ProvinceAction::AddUnit(a) => &a.db,
        ProvinceAction::AddReader { db, .. } => db,
    };
    if !db.contains("://") {
        crate::errln!("{}", t!("province.no_url", locale = loc));
        return EXIT_USAGE;
    }
    let mut client = match open(db, lang) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let failed = |detail: String| {
        crate::errln!("{}", t!("province.failed", locale = loc, detail = detail));
        EXIT_ERRORS
    };
    match action {
        ProvinceAction::Init { .. } => {
            let units = match province::units_without_role(&mut client) {
                Ok(u) => u,
                Err(e) => return failed(detail(&e)),
            };
            if units.is_empty() {
                crate::outln!("{}", t!("province.all_units_have_roles", locale = loc));
            } else {
                crate::outln!(
                    "{}",
                    t!(
                        "province.units_without_role",
                        locale = loc,
                        count = units.len()
                    )
                );
                for (key, commune) in &units {
                    crate::outln!("  - {commune} ({key})");
                }
                crate::outln!("{}", t!("province.next_steps", locale = loc));
            }
            EXIT_OK
        }
        ProvinceAction::AddUnit(a) => {
            let unit = Unit {
                province: crate::progress::id::clean_text(&a.province),
                province_code: a.province_code.clone(),
                commune: crate::progress::id::clean_text(&a.commune),
                commune_code: a.commune_code.clone(),
                ..Unit::default()
            };
            if unit.province.is_empty() || unit.commune.is_empty() {
                crate::errln!("{}", t!("province.no_commune", locale = loc));
                return EXIT_USAGE;
            }
            let Some(key) = crate::sync::run::unit_key(&unit) else {
                crate::errln!("{}", t!("province.no_commune", locale = loc));
                return EXIT_USAGE;
            };
            let password = province::new_password();
            let role = match province::add_unit(&mut client, &key, &unit, &password) {
                Ok(r) => r,
                Err(e) => return failed(detail(&e)),
            };
            let head = t!(
                "province.unit_added",
                locale = loc,
                role = role,
                unit = format!("{} ({key})", unit.commune)
            );
            hand_over(db, &role, &password, &head, a.out.as_deref(), lang)
        }
        ProvinceAction::AddReader { name, out, .. } => {
            let password = province::new_password();
            let role = match province::add_reader(&mut client, name, &password) {
                Ok(r) => r,
                Err(e) => return failed(detail(&e)),
            };
            let head = t!("province.reader_added", locale = loc, role = role);
            hand_over(db, &role, &password, &head, out.as_deref(), lang)
        }
    }
}

fn detail(e: &postgres::Error) -> String {
    e.as_db_error()
        .map_or_else(|| e.to_string(), |d| d.message().to_string())
}

/// Connects with the owner's URL, creates or upgrades the schema and the roles. On failure the
/// message is printed and the exit status returned.
fn open(db: &str, lang: Lang) -> Result<Client, u8> {
    let loc = lang.code();
    let fail = |e: SyncError| {
        crate::errln!("{}", e.message(loc));
        EXIT_ERRORS
    };
    let target = connect::target(db, &PasswordSources::from_env(None)).map_err(fail)?;
    super::sync::warn_plain_text(&target, db, lang);
    let user = target.config.get_user().unwrap_or("postgres").to_string();
    let mut client = connect::connect(&target).map_err(fail)?;
    let label = target.label.clone();
    let classify = |e: postgres::Error| connect::classify(&e, &label);
    let before = schema::database_version(&mut client)
        .map_err(classify)
        .map_err(fail)?;
    if before > 0
        && !province::is_owner(&mut client)
            .map_err(classify)
            .map_err(fail)?
    {
        crate::errln!("{}", t!("province.not_owner", locale = loc));
        return Err(EXIT_ERRORS);
    }
    schema::prepare(&mut client, &label).map_err(fail)?;
    if let Err(e) = province::setup_roles(&mut client) {
        if province::refused(&e) {
            crate::errln!(
                "{}",
                t!("province.cannot_create_roles", locale = loc, role = user)
            );
        } else {
            crate::errln!(
                "{}",
                t!("province.failed", locale = loc, detail = detail(&e))
            );
        }
        return Err(EXIT_ERRORS);
    }
    let after = schema::known_version();
    crate::outln!(
        "{}",
        t!(
            "province.initialised",
            locale = loc,
            server = label,
            version = after
        )
    );
    if before > 0 && before < after {
        crate::outln!(
            "{}",
            t!("province.upgraded", locale = loc, from = before, to = after)
        );
    }
    Ok(client)
}

/// Prints the connection string once, or writes it to `out` (mode 0600).
fn hand_over(
    db: &str,
    role: &str,
    password: &str,
    head: &str,
    out: Option<&Path>,
    lang: Lang,
) -> u8 {
    let loc = lang.code();
    let Some(url) = province::url_for(db, role, password) else {
        crate::errln!("{}", t!("province.no_url", locale = loc));
        return EXIT_USAGE;
    };
    match out {
        None => {
            crate::outln!("{head}");
            crate::outln!("{url}");
            EXIT_OK
        }
        Some(path) => match province::write_private(path, format!("{url}\n").as_bytes()) {
            Ok(()) => {
                crate::outln!(
                    "{}",
                    t!(
                        "province.written",
                        locale = loc,
                        role = role,
                        path = path.display()
                    )
                );
                EXIT_OK
            }
            Err(e) => {
                crate::errln!(
                    "{}",
                    t!(
                        "province.write_failed",
                        locale = loc,
                        path = path.display(),
                        error = e
                    )
                );
                EXIT_ERRORS
            }
        },
    }
}
