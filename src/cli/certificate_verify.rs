//! `hocso certificate verify CODE [--db URL]`: whose certificate a code is, and whether it is
//! genuine — from this data folder's register, or from the province database, where every
//! unit's register is (a unit's connection sees its own unit's; the province's reader sees all).

use std::path::Path;

use rust_i18n::t;

use super::{EXIT_ERRORS, EXIT_OK};
use crate::sync::connect::{self, PasswordSources};
use crate::sync::province::{self, Access};
use crate::sync::{SyncError, certs, schema};
use crate::trainer::certificate::code::{self, Issued, Verdict};
use crate::ui::lang::Lang;

/// `YYYY-MM-DD` → ("30", "11", "2026").
pub(super) fn dmy(date: &str) -> (String, String, String) {
    let mut parts = date.split('-');
    let y = parts.next().unwrap_or_default().to_string();
    let m = parts.next().unwrap_or_default().to_string();
    let d = parts.next().unwrap_or_default().to_string();
    (d, m, y)
}

fn print_valid(entry: &Issued, lang: Lang) {
    let c = &entry.contents;
    let (d, m, y) = dmy(&c.issued);
    let dash = |s: &str| {
        if s.trim().is_empty() {
            "—".to_string()
        } else {
            s.to_string()
        }
    };
    crate::outln!(
        "{}",
        t!(
            "certificate.verify.valid",
            locale = lang.code(),
            code = entry.code,
            name = c.name,
            born = c
                .birth_year
                .map(|y| y.to_string())
                .unwrap_or_else(|| "—".into()),
            group = dash(c.group.as_deref().unwrap_or_default()),
            date = format!("{d}/{m}/{y}"),
            unit = dash(&c.unit)
        )
    );
    for module in &c.modules {
        let (d, m, y) = dmy(&module.completed);
        crate::outln!("  - {} ({d}/{m}/{y})", module.title);
    }
}

/// Checks `code` against this data folder's register and keys.
pub fn local(data_dir: &Path, code: &str, lang: Lang) -> u8 {
    let l = lang.code();
    let shown = code::normalise(code);
    let (key, path) = match code::verify(data_dir, code) {
        Ok(Verdict::Valid(entry)) => {
            print_valid(&entry, lang);
            return EXIT_OK;
        }
        Ok(Verdict::Unknown) => ("certificate.verify.unknown", None),
        Ok(Verdict::NoSecret { listed: true }) => (
            "certificate.verify.no_secret_listed",
            Some(crate::trainer::certificate::keys::secret_path(data_dir)),
        ),
        Ok(Verdict::NoSecret { listed: false }) => (
            "certificate.verify.no_secret",
            Some(crate::trainer::certificate::keys::secret_path(data_dir)),
        ),
        Ok(Verdict::Altered) => ("certificate.verify.altered", None),
        Err(e) => {
            crate::errln!(
                "{}",
                t!("certificate.register_failed", locale = l, error = e)
            );
            return EXIT_ERRORS;
        }
    };
    let path = path.map(|p| p.display().to_string()).unwrap_or_default();
    crate::outln!("{}", t!(key, locale = l, code = shown, path = path));
    EXIT_ERRORS
}

/// Checks `code` in the province database at `url`.
pub fn db(url: &str, data_dir: Option<&Path>, code: &str, lang: Lang) -> u8 {
    let l = lang.code();
    let fail = |e: SyncError| {
        crate::errln!("{}", e.message(l));
        EXIT_ERRORS
    };
    let target = match connect::target(url, &PasswordSources::from_env(data_dir)) {
        Ok(t) => t,
        Err(e) => return fail(e),
    };
    super::sync::warn_plain_text(&target, url, lang);
    let mut client = match connect::connect(&target) {
        Ok(c) => c,
        Err(e) => return fail(e),
    };
    let label = target.label.clone();
    let pg = |e: postgres::Error| connect::classify(&e, &label);
    match schema::database_version(&mut client) {
        Ok(0) => return fail(SyncError::Empty { server: label }),
        // Older tables: the owner upgrades them here; a unit's or a reader's role is told that
        // the province must run `hocso province init`.
        Ok(v) if v != schema::known_version() => {
            if let Err(e) = schema::prepare(&mut client, &label) {
                return fail(e);
            }
        }
        Ok(_) => {}
        Err(e) => return fail(pg(e)),
    }
    let access = match province::access(&mut client) {
        Ok(a) => a,
        Err(e) => return fail(pg(e)),
    };
    let shown = code::normalise(code);
    let found = match certs::verify(&mut client, &shown) {
        Ok(f) => f,
        Err(e) => return fail(pg(e)),
    };
    let genuine: Vec<_> = found.iter().filter(|f| f.genuine).collect();
    if let Some(f) = genuine.first()
        && let Some(entry) = &f.entry
    {
        print_valid(entry, lang);
        crate::outln!(
            "{}",
            t!(
                "certificate.verify.db_where",
                locale = l,
                commune = f.commune,
                province = f.province
            )
        );
        return EXIT_OK;
    }
    let key = if !found.is_empty() {
        "certificate.verify.altered"
    } else if matches!(access, Access::Unit(_)) {
        "certificate.verify.db_unknown_unit"
    } else {
        "certificate.verify.db_unknown"
    };
    crate::outln!("{}", t!(key, locale = l, code = shown));
    EXIT_ERRORS
}
