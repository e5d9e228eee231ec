//! The database schema: versioned migrations in `migrations/` (refinery), embedded in the binary
//! and applied on connect. A database already upgraded by a newer hocso is left alone.

use postgres::Client;

use super::SyncError;

refinery::embed_migrations!("migrations");

/// The newest schema version this build knows.
pub fn known_version() -> i64 {
    migrations::runner()
        .get_migrations()
        .iter()
        .map(|m| i64::from(m.version()))
        .max()
        .unwrap_or(0)
}

/// The schema version the database is at (0 for an empty database).
pub fn database_version(client: &mut Client) -> Result<i64, postgres::Error> {
    let exists: bool = client
        .query_one(
            "SELECT to_regclass('refinery_schema_history') IS NOT NULL",
            &[],
        )?
        .get(0);
    if !exists {
        return Ok(0);
    }
    let v: Option<i32> = client
        .query_one("SELECT MAX(version) FROM refinery_schema_history", &[])?
        .get(0);
    Ok(v.map_or(0, i64::from))
}

/// Creates or upgrades the schema; refuses a database of a newer version. Two data folders
/// connecting at once take turns (advisory lock), so the migration runs once.
pub fn prepare(client: &mut Client, label: &str) -> Result<(), SyncError> {
    let fail = |e: postgres::Error| super::connect::classify(&e, label);
    client
        .execute("SELECT pg_advisory_lock(1751, 0)", &[])
        .map_err(fail)?;
    let result = (|| {
        let found = database_version(client).map_err(fail)?;
        let known = known_version();
        if found > known {
            return Err(SyncError::NewerSchema { found, known });
        }
        // A unit's or a reader's role cannot change the tables: the province upgrades them.
        if found > 0 && found < known && !super::province::is_owner(client).map_err(fail)? {
            return Err(SyncError::NeedsInit { found, known });
        }
        if found < known {
            migrations::runner()
                .run(client)
                .map_err(|e| SyncError::Migration {
                    detail: e.to_string(),
                })?;
        }
        Ok(())
    })();
    let unlocked = client.execute("SELECT pg_advisory_unlock(1751, 0)", &[]);
    result?;
    unlocked.map_err(fail)?;
    Ok(())
}

/// Applies the migrations up to `version` only: for tests of upgrading an older database.
#[doc(hidden)]
pub fn migrate_to(client: &mut Client, version: i32) -> Result<(), refinery::Error> {
    migrations::runner()
        .set_target(refinery::Target::Version(version))
        .run(client)
        .map(|_| ())
}

/// The database's identity (changes if the province starts a new database).
pub fn instance(client: &mut Client) -> Result<String, postgres::Error> {
    Ok(client
        .query_one("SELECT value FROM hocso_meta WHERE key = 'instance'", &[])?
        .get(0))
}
