//! `hocso sync`: a data folder and the province's PostgreSQL database exchange learners, joined
//! with the same merge as `hocso import` (see [`crate::progress::merge`]).
//!
//! - [`connect`]: which database, its password, TLS.
//! - [`schema`]: versioned migrations embedded in the binary.
//! - [`rows`]: a learner file as rows and back; [`db`]: reading those rows and the statements a
//!   sync runs; `write`: upserting several learners' rows at once; `stage`: the rows of
//!   learners new to the database, by binary `COPY`; `numbers`: lesson numbers.
//! - [`run`]: one sync (send what changed here, fetch what changed there, several learners per
//!   transaction, `batch`).
//! - [`state`]: what the data folder remembers between syncs.
//! - [`report`]: the province report, computed in SQL.
//! - [`province`]: roles by function (owner, one per unit, readers) and their checks.
//! - [`certs`]: the unit's certificate keys and register, and checking a code in the database.

mod batch;
pub mod certs;
pub mod connect;
pub mod db;
mod numbers;
mod pool;
pub mod province;
mod reading;
pub mod report;
pub mod report_out;
pub mod rows;
pub mod run;
pub mod schema;
mod stage;
pub mod state;
mod write;

use std::path::PathBuf;

use rust_i18n::t;

/// Why a sync (or the province report) could not be done. Every variant has a plain message.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("no database given")]
    NoDatabase,
    #[error("database URL does not parse")]
    BadUrl,
    #[error("settings file unreadable: {}", path.display())]
    Settings { path: PathBuf },
    #[error("password file not private or unreadable: {}", path.display())]
    PasswordFileOpen { path: PathBuf },
    #[error("authentication failed at {server}")]
    Auth { server: String },
    #[error("no such database at {server}")]
    NoSuchDatabase { server: String },
    #[error("cannot reach {server}")]
    Unreachable { server: String },
    #[error("TLS failed with {server}")]
    Tls { server: String },
    #[error("connection lost with {server}")]
    Lost { server: String },
    #[error("server {server} said: {detail}")]
    Server { server: String, detail: String },
    #[error("database schema {found} is newer than {known}")]
    NewerSchema { found: i64, known: i64 },
    #[error("migration failed: {detail}")]
    Migration { detail: String },
    #[error("database {server} has no hocso tables")]
    Empty { server: String },
    #[error("the data folder has no unit")]
    NoUnit,
    /// The data folder claims another unit than the one its connection string belongs to.
    #[error("data folder claims {claimed}, role belongs to {role_unit}")]
    WrongUnit { claimed: String, role_unit: String },
    /// The connection string is not a unit's (a report role, or an unknown one).
    #[error("not a unit's role")]
    NotUnitRole,
    /// The database needs `hocso province init` (run by the province) before this can work.
    #[error("database needs upgrading by the province")]
    NeedsInit { found: i64, known: i64 },
    /// A message already in the user's language (from the store).
    #[error("{0}")]
    Local(String),
}

impl SyncError {
    /// The message for people, in `locale`.
    pub fn message(&self, locale: &str) -> String {
        match self {
            SyncError::NoDatabase => t!("sync.error.no_database", locale = locale),
            SyncError::BadUrl => t!("sync.error.bad_url", locale = locale),
            SyncError::Settings { path } => {
                t!(
                    "sync.error.settings",
                    locale = locale,
                    path = path.display()
                )
            }
            SyncError::PasswordFileOpen { path } => t!(
                "sync.error.password_file",
                locale = locale,
                path = path.display()
            ),
            SyncError::Auth { server } => t!("sync.error.auth", locale = locale, server = server),
            SyncError::NoSuchDatabase { server } => {
                t!(
                    "sync.error.no_such_database",
                    locale = locale,
                    server = server
                )
            }
            SyncError::Unreachable { server } => {
                t!("sync.error.unreachable", locale = locale, server = server)
            }
            SyncError::Tls { server } => t!("sync.error.tls", locale = locale, server = server),
            SyncError::Lost { server } => t!("sync.error.lost", locale = locale, server = server),
            SyncError::Server { server, detail } => t!(
                "sync.error.server",
                locale = locale,
                server = server,
                detail = detail
            ),
            SyncError::NewerSchema { found, known } => t!(
                "sync.error.newer_schema",
                locale = locale,
                found = found,
                known = known
            ),
            SyncError::Migration { detail } => {
                t!("sync.error.migration", locale = locale, detail = detail)
            }
            SyncError::Empty { server } => t!("sync.error.empty", locale = locale, server = server),
            SyncError::NoUnit => t!("sync.error.no_unit", locale = locale),
            SyncError::WrongUnit { claimed, role_unit } => t!(
                "sync.error.wrong_unit",
                locale = locale,
                claimed = claimed,
                role_unit = role_unit
            ),
            SyncError::NotUnitRole => t!("sync.error.not_unit_role", locale = locale),
            SyncError::NeedsInit { found, known } => t!(
                "sync.error.needs_init",
                locale = locale,
                found = found,
                known = known
            ),
            SyncError::Local(m) => m.clone().into(),
        }
        .into_owned()
    }
}
