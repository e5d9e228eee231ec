//! Roles by function in the province database (migration V4): what `hocso province …` does with
//! the owner's connection, and what a sync learns about the role it connected with.
//!
//! The rules themselves live in PostgreSQL (row-level security keyed on `hocso_roles`); this
//! module only creates roles, builds the connection strings handed to communes, and turns the
//! database's refusals into plain messages.

use postgres::GenericClient;

use super::SyncError;
use crate::trainer::unit::Unit;

type PgResult<T> = Result<T, postgres::Error>;

/// Who the connected role is, as far as hocso's rules go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Access {
    /// Owns the tables (or is a superuser): row security does not apply. The shared role of a
    /// database set up before version 4, or the province's own.
    Owner,
    /// A unit's login role, with its unit key.
    Unit(String),
    /// A report role (read only).
    Reader,
    /// Any other role: it can do nothing here.
    Other,
}

/// The connected role's access. Needs schema version 4.
pub fn access(client: &mut impl GenericClient) -> PgResult<Access> {
    let r = client.query_one(
        "SELECT (SELECT pg_has_role(current_user, c.relowner, 'USAGE') FROM pg_class c \
           WHERE c.oid = to_regclass('hocso_meta')), hocso_my_unit(), hocso_is_reader()",
        &[],
    )?;
    let owner: Option<bool> = r.get(0);
    let unit: Option<String> = r.get(1);
    let reader: bool = r.get(2);
    Ok(match (owner == Some(true), unit, reader) {
        (true, _, _) => Access::Owner,
        (false, Some(u), _) => Access::Unit(u),
        (false, None, true) => Access::Reader,
        _ => Access::Other,
    })
}

/// The connected role owns the tables (may run migrations). Works at every schema version.
pub fn is_owner(client: &mut impl GenericClient) -> PgResult<bool> {
    let r = client.query_one(
        "SELECT coalesce((SELECT pg_has_role(current_user, c.relowner, 'USAGE') FROM pg_class c \
           WHERE c.oid = to_regclass('hocso_meta')), true)",
        &[],
    )?;
    Ok(r.get(0))
}

/// The database refused a row because of a policy or a missing grant (SQLSTATE 42501): another
/// unit's learner, or something a unit's role may not do.
pub fn refused(e: &postgres::Error) -> bool {
    e.as_db_error().is_some_and(|d| d.code().code() == "42501")
}

/// Creates the group roles and grants (after the migrations). Needs CREATEROLE.
pub fn setup_roles(client: &mut impl GenericClient) -> PgResult<()> {
    client.execute("SELECT hocso_setup_roles()", &[])?;
    Ok(())
}

/// Units that have no login role of their own yet, as (unit key, commune).
pub fn units_without_role(client: &mut impl GenericClient) -> PgResult<Vec<(String, String)>> {
    Ok(client
        .query(
            "SELECT u.unit_key, u.commune FROM units u WHERE NOT EXISTS \
             (SELECT 1 FROM hocso_roles r WHERE r.unit_key = u.unit_key) ORDER BY 1",
            &[],
        )?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect())
}

/// `[a-z0-9_]`, at most `max` bytes: a part of a role name that needs no quoting anywhere.
fn slug(text: &str, max: usize) -> String {
    let mut out = String::new();
    for c in crate::progress::id::fold(text).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    let mut s = out.trim_matches('_').to_string();
    s.truncate(max);
    s.trim_end_matches('_').to_string()
}

/// The short identity of this database that keeps role names of two databases on one server
/// apart.
fn tag(client: &mut impl GenericClient) -> PgResult<String> {
    let v: String = client
        .query_one("SELECT value FROM hocso_meta WHERE key = 'instance'", &[])?
        .get(0);
    Ok(v.chars().take(6).collect())
}

/// A new random password: 24 letters and digits (about 140 bits; nothing to escape in a URL).
pub fn new_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 24];
    // The OS generator; fastrand is not meant for secrets.
    if getrandom::fill(&mut bytes).is_err() {
        bytes.iter_mut().for_each(|b| *b = fastrand::u8(..));
    }
    bytes
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect()
}

/// Records the unit under `key` (its [`crate::sync::run::unit_key`], as `hocso sync` would) and
/// creates its login role, or gives the existing one a new password. Returns the role name.
pub fn add_unit(
    client: &mut impl GenericClient,
    key: &str,
    unit: &Unit,
    password: &str,
) -> PgResult<String> {
    fn code(c: &Option<String>) -> Option<&str> {
        c.as_deref().map(str::trim).filter(|c| !c.is_empty())
    }
    client.execute(
        "INSERT INTO units (unit_key, province, province_code, commune, commune_code) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (unit_key) DO UPDATE SET \
         province = excluded.province, \
         province_code = COALESCE(excluded.province_code, units.province_code), \
         commune = excluded.commune, \
         commune_code = COALESCE(excluded.commune_code, units.commune_code), updated_at = now()",
        &[
            &key,
            &unit.province.trim(),
            &code(&unit.province_code),
            &unit.commune.trim(),
            &code(&unit.commune_code),
        ],
    )?;
    let existing: Option<String> = client
        .query_opt(
            "SELECT role_name FROM hocso_roles WHERE kind = 'unit' AND unit_key = $1",
            &[&key],
        )?
        .map(|r| r.get(0));
    let role = match existing {
        Some(r) => r,
        None => {
            let part = match code(&unit.commune_code) {
                Some(c) => slug(c, 24),
                None => slug(&format!("{} {}", unit.province, unit.commune), 40),
            };
            format!("hocso_xa_{part}_{}", tag(client)?)
        }
    };
    client.execute(
        "SELECT hocso_add_role($1, 'unit', $2, $3)",
        &[&role, &key, &password],
    )?;
    Ok(role)
}

/// Creates a report role named after `name` (or gives it a new password). Returns the role.
pub fn add_reader(client: &mut impl GenericClient, name: &str, password: &str) -> PgResult<String> {
    let part = slug(name, 30);
    let part = if part.is_empty() { "tinh".into() } else { part };
    let role = format!("hocso_doc_{part}_{}", tag(client)?);
    client.execute(
        "SELECT hocso_add_role($1, 'reader', NULL, $2)",
        &[&role, &password],
    )?;
    Ok(role)
}

/// The connection string for `role`: the owner's URL with its user and password replaced.
/// `None` when the owner's connection was not given as a URL.
pub fn url_for(owner_url: &str, role: &str, password: &str) -> Option<String> {
    let (scheme, rest) = owner_url.trim().split_once("://")?;
    if !matches!(scheme, "postgres" | "postgresql") {
        return None;
    }
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let hosts = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    Some(format!("{scheme}://{role}:{password}@{hosts}{tail}"))
}

/// A sync's role must be the unit's own (or the owner's, for a database still shared).
pub fn check_unit(access: &Access, claimed: &str) -> Result<(), SyncError> {
    match access {
        Access::Owner => Ok(()),
        Access::Unit(u) if u == claimed => Ok(()),
        Access::Unit(u) => Err(SyncError::WrongUnit {
            claimed: claimed.to_string(),
            role_unit: u.clone(),
        }),
        Access::Reader | Access::Other => Err(SyncError::NotUnitRole),
    }
}

/// Writes a secret (a password, a connection string) so that only its owner can read it: a new
/// temp file created with mode 0600 in the same folder, synced, then renamed over `path`.
pub fn write_private(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let mut tmp = tempfile_in(dir)?;
    tmp.1.write_all(bytes)?;
    tmp.1.sync_all()?;
    drop(tmp.1);
    std::fs::rename(&tmp.0, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp.0);
    })
}

fn tempfile_in(dir: &std::path::Path) -> std::io::Result<(std::path::PathBuf, std::fs::File)> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let path = dir.join(format!(".hocso-secret-{}.tmp", fastrand::u64(..)));
    let file = opts.open(&path)?;
    Ok((path, file))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_replaces_user_and_password_only() {
        assert_eq!(
            url_for(
                "postgresql://postgres:pw@db.tinh.vn:5433/hocso?sslmode=require",
                "hocso_xa_1",
                "abc"
            )
            .as_deref(),
            Some("postgresql://hocso_xa_1:abc@db.tinh.vn:5433/hocso?sslmode=require")
        );
        assert_eq!(
            url_for("postgres://h/db", "r", "p").as_deref(),
            Some("postgres://r:p@h/db")
        );
        assert_eq!(url_for("host=h dbname=db", "r", "p"), None);
    }

    #[test]
    fn role_parts_need_no_quoting() {
        assert_eq!(slug("Hải Phòng Xã An Lão", 40), "hai_phong_xa_an_lao");
        assert_eq!(slug("22-222", 24), "22_222");
        assert!(slug(&"ĐẶNG ".repeat(30), 40).len() <= 40);
    }

    #[test]
    fn passwords_differ_and_are_url_safe() {
        let (a, b) = (new_password(), new_password());
        assert_ne!(a, b);
        assert_eq!(a.len(), 24);
        assert!(a.chars().all(|c| c.is_ascii_alphanumeric()));
    }
}
