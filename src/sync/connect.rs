//! Which database to use (`--db` > `HOCSO_DB` > `db` in the data folder's `sync.json`), its
//! password (URL, `HOCSO_DB_PASSWORD`, `PGPASSWORD`, or a file readable only by its owner), and
//! the connection itself: TLS through rustls for any server that is not on this machine.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use postgres::config::{Host, SslMode};
use postgres::{Client, Config, NoTls};

use super::SyncError;

/// Environment variable with the database URL.
pub const DB_ENV: &str = "HOCSO_DB";
/// Environment variables with the password, in order.
pub const PASSWORD_ENVS: [&str; 2] = ["HOCSO_DB_PASSWORD", "PGPASSWORD"];
/// Environment variable naming a password file (must be readable by its owner only).
pub const PASSWORD_FILE_ENV: &str = "HOCSO_DB_PASSWORD_FILE";
/// Settings file in the data folder (`{"db": "postgresql://…"}`), written by `hocso setup --db`.
pub const SETTINGS_FILE: &str = "sync.json";
/// Password file in the data folder, used when present (0600 on Unix).
pub const PASSWORD_FILE: &str = "db-password";

/// The data folder's sync settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Settings {
    /// Database URL without the password.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub db: Option<String>,
}

/// Reads `<data dir>/sync.json` (missing file = no settings).
pub fn read_settings(data_dir: &Path) -> Result<Settings, SyncError> {
    let path = data_dir.join(SETTINGS_FILE);
    match crate::store::safe_read::read(&path, crate::store::safe_read::Kind::Settings) {
        Ok(bytes) => serde_json::from_slice(&bytes).map_err(|_| SyncError::Settings { path }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Settings::default()),
        Err(_) => Err(SyncError::Settings { path }),
    }
}

/// A database to connect to.
#[derive(Clone)]
pub struct Target {
    pub config: Config,
    /// Use TLS (rustls). Off only for a server on this machine, or `sslmode=disable`.
    pub tls: bool,
    /// Shown to people: host and database, never the password.
    pub label: String,
    /// Every host is this machine (a Unix socket or a loopback address).
    pub local: bool,
}

impl std::fmt::Debug for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label)
    }
}

/// Picks the URL: flag, then `HOCSO_DB`, then the data folder's settings.
pub fn pick_url(
    flag: Option<&str>,
    env: Option<String>,
    data_dir: Option<&Path>,
) -> Result<String, SyncError> {
    if let Some(url) = flag.filter(|s| !s.trim().is_empty()) {
        return Ok(url.trim().to_string());
    }
    if let Some(url) = env.filter(|s| !s.trim().is_empty()) {
        return Ok(url.trim().to_string());
    }
    if let Some(dir) = data_dir
        && let Some(url) = read_settings(dir)?.db
    {
        return Ok(url);
    }
    Err(SyncError::NoDatabase)
}

/// Where the password comes from when the URL has none.
#[derive(Debug, Clone, Default)]
pub struct PasswordSources {
    /// Values of [`PASSWORD_ENVS`], in order.
    pub envs: Vec<Option<String>>,
    /// [`PASSWORD_FILE_ENV`], then `<data dir>/db-password`.
    pub files: Vec<PathBuf>,
}

impl PasswordSources {
    /// From the process environment and the data folder.
    pub fn from_env(data_dir: Option<&Path>) -> PasswordSources {
        let mut files: Vec<PathBuf> = std::env::var_os(PASSWORD_FILE_ENV)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .into_iter()
            .collect();
        files.extend(data_dir.map(|d| d.join(PASSWORD_FILE)));
        PasswordSources {
            envs: PASSWORD_ENVS
                .iter()
                .map(|k| std::env::var(k).ok())
                .collect(),
            files,
        }
    }
}

/// Parses the URL and decides on TLS and the password.
pub fn target(url: &str, pw: &PasswordSources) -> Result<Target, SyncError> {
    let mut config = Config::from_str(url).map_err(|_| SyncError::BadUrl)?;
    if config.get_password().is_none()
        && let Some(p) = password(pw)?
    {
        config.password(p);
    }
    if config.get_user().is_none() {
        config.user("postgres");
    }
    config.connect_timeout(Duration::from_secs(10));
    config.application_name("hocso");
    let local = config.get_hosts().iter().all(|h| match h {
        // Unix sockets exist only on Unix: tokio-postgres has no such variant on Windows.
        #[cfg(unix)]
        Host::Unix(_) => true,
        Host::Tcp(name) => matches!(name.as_str(), "localhost" | "127.0.0.1" | "::1"),
    });
    let lowered = url.to_ascii_lowercase();
    let disabled = lowered.contains("sslmode=disable");
    let required = lowered.contains("sslmode=require");
    // A remote server gets TLS, required (a password must not cross the network in clear).
    let tls = !disabled && (!local || required);
    if tls {
        config.ssl_mode(SslMode::Require);
    } else {
        config.ssl_mode(SslMode::Disable);
    }
    let host = config
        .get_hosts()
        .iter()
        .map(|h| match h {
            Host::Tcp(name) => name.clone(),
            #[cfg(unix)]
            Host::Unix(path) => path.display().to_string(),
        })
        .collect::<Vec<_>>()
        .join(",");
    let label = format!("{host}/{}", config.get_dbname().unwrap_or(""));
    Ok(Target {
        config,
        tls,
        label,
        local,
    })
}

fn password(pw: &PasswordSources) -> Result<Option<String>, SyncError> {
    if let Some(p) = pw.envs.iter().flatten().find(|p| !p.is_empty()) {
        return Ok(Some(p.clone()));
    }
    for path in &pw.files {
        let Ok(meta) = std::fs::metadata(path) else {
            continue;
        };
        if !private(&meta) {
            return Err(SyncError::PasswordFileOpen { path: path.clone() });
        }
        let text = crate::store::safe_read::read(path, crate::store::safe_read::Kind::Settings)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .ok_or_else(|| SyncError::PasswordFileOpen { path: path.clone() })?;
        return Ok(Some(text.trim_end_matches(['\r', '\n']).to_string()));
    }
    Ok(None)
}

/// Only the owner may read the file (mode 0600 or stricter). Windows: ACLs, not checked.
#[cfg(unix)]
fn private(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o077 == 0
}

#[cfg(not(unix))]
fn private(_meta: &std::fs::Metadata) -> bool {
    true
}

/// Opens the connection, turning failures into plain messages.
pub fn connect(target: &Target) -> Result<Client, SyncError> {
    let result = if target.tls {
        target.config.connect(tls_connector(&target.label)?)
    } else {
        target.config.connect(NoTls)
    };
    result.map_err(|e| classify(&e, &target.label))
}

fn tls_connector(label: &str) -> Result<tokio_postgres_rustls::MakeRustlsConnect, SyncError> {
    let mut roots = rustls::RootCertStore::empty();
    for cert in rustls_native_certs::load_native_certs().certs {
        let _ = roots.add(cert);
    }
    // A province's own certificate authority: HOCSO_DB_CA=/path/ca.pem.
    if let Some(path) = std::env::var_os("HOCSO_DB_CA") {
        use rustls::pki_types::{CertificateDer, pem::PemObject};
        if let Ok(certs) = CertificateDer::pem_file_iter(PathBuf::from(path)) {
            for cert in certs.flatten() {
                let _ = roots.add(cert);
            }
        }
    }
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|_| SyncError::Tls {
            server: label.to_string(),
        })?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
}

/// Sorts a connection error into something a trainer can act on.
pub fn classify(e: &postgres::Error, label: &str) -> SyncError {
    if let Some(db) = e.as_db_error() {
        let code = db.code().code();
        return match code {
            "28P01" | "28000" => SyncError::Auth {
                server: label.to_string(),
            },
            "3D000" => SyncError::NoSuchDatabase {
                server: label.to_string(),
            },
            _ => SyncError::Server {
                server: label.to_string(),
                detail: db.message().to_string(),
            },
        };
    }
    let text = e.to_string();
    if text.contains("password missing") {
        return SyncError::Auth {
            server: label.to_string(),
        };
    }
    if text.contains("TLS") || text.contains("tls") || text.contains("certificate") {
        return SyncError::Tls {
            server: label.to_string(),
        };
    }
    SyncError::Unreachable {
        server: label.to_string(),
    }
}
