//! A throwaway PostgreSQL cluster for tests (and the sync benchmark): `initdb` into a temp
//! folder as an unprivileged user (`nobody` when running as root: PostgreSQL refuses root),
//! `postgres` on 127.0.0.1 and a free port with password authentication. One cluster per test
//! process; each test makes its own database. A small shell keeper stops the server and removes
//! the folder when the test process ends (its stdin pipe closes).
//!
//! No server binaries → the tests FAIL with a message naming the package; they never skip.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

pub const PASSWORD: &str = "mat-khau-thu";

pub struct Cluster {
    pub port: u16,
    dir: PathBuf,
    _keeper: Mutex<(Child, ChildStdin)>,
}

static CLUSTER: OnceLock<Cluster> = OnceLock::new();
static NEXT_DB: AtomicUsize = AtomicUsize::new(0);

/// The folder with `initdb` and `postgres` (the newest installed version).
fn bin_dir() -> PathBuf {
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("bin"))
        .filter(|b| b.join("initdb").exists())
        .collect();
    found.sort_by_key(|p| {
        p.parent()
            .and_then(|v| v.file_name())
            .and_then(|v| v.to_str())
            .and_then(|v| v.parse::<u32>().ok())
            .unwrap_or(0)
    });
    if let Some(b) = found.pop() {
        return b;
    }
    if let Ok(out) = Command::new("pg_config").arg("--bindir").output() {
        let b = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        if b.join("initdb").exists() {
            return b;
        }
    }
    panic!(
        "PostgreSQL server binaries (initdb, postgres) not found. Install the Debian package \
         `postgresql` (.ci/run does: apt-get install -y postgresql)."
    );
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// Runs `program args` as the unprivileged user when we are root.
fn as_user(program: &Path) -> Command {
    if is_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "nobody", "--"]).arg(program);
        c
    } else {
        Command::new(program)
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn start() -> Cluster {
    let bin = bin_dir();
    let dir = tempfile::Builder::new()
        .prefix("hocso-pg-")
        .tempdir()
        .expect("temp dir")
        .keep();
    std::fs::write(dir.join("pw"), PASSWORD).unwrap();
    if is_root() {
        let ok = Command::new("chown")
            .args(["-R", "nobody:"])
            .arg(&dir)
            .status()
            .expect("chown")
            .success();
        assert!(ok, "chown of {} to nobody failed", dir.display());
    }
    let out = as_user(&bin.join("initdb"))
        .arg("-D")
        .arg(dir.join("data"))
        .args([
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--no-locale",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
        ])
        .arg(format!("--pwfile={}", dir.join("pw").display()))
        .output()
        .expect("run initdb");
    assert!(
        out.status.success(),
        "initdb failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let port = free_port();
    // The keeper: start postgres, wait for our stdin to close (this process ended), stop it
    // (fast shutdown), remove the folder.
    let script = r#"
"$1/postgres" -D "$2/data" -k "$2" -p "$3" -c listen_addresses=127.0.0.1 -c fsync=off \
  -c synchronous_commit=off -c full_page_writes=off -c max_connections=60 >"$2/log" 2>&1 &
pid=$!
cat >/dev/null
kill -INT "$pid" 2>/dev/null
wait "$pid"
rm -rf "$2"
"#;
    let mut child = as_user(Path::new("/bin/sh"))
        .args(["-c", script, "keeper"])
        .arg(&bin)
        .arg(&dir)
        .arg(port.to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the postgres keeper");
    let stdin = child.stdin.take().expect("keeper stdin");
    let cluster = Cluster {
        port,
        dir: dir.clone(),
        _keeper: Mutex::new((child, stdin)),
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        match postgres::Client::connect(&cluster.url("postgres"), postgres::NoTls) {
            Ok(_) => return cluster,
            Err(e) if Instant::now() > deadline => {
                let mut log = String::new();
                let _ = std::fs::File::open(dir.join("log"))
                    .and_then(|mut f| f.read_to_string(&mut log));
                panic!("PostgreSQL did not start: {e}\n{log}");
            }
            Err(_) => std::thread::sleep(Duration::from_millis(100)),
        }
    }
}

/// The cluster of this test process (started on first use).
pub fn cluster() -> &'static Cluster {
    CLUSTER.get_or_init(start)
}

impl Cluster {
    /// URL with the password in it.
    pub fn url(&self, db: &str) -> String {
        format!(
            "postgresql://postgres:{PASSWORD}@127.0.0.1:{}/{db}",
            self.port
        )
    }

    /// URL without the password (it comes from HOCSO_DB_PASSWORD).
    pub fn url_nopw(&self, db: &str) -> String {
        format!("postgresql://postgres@127.0.0.1:{}/{db}", self.port)
    }

    pub fn admin(&self, db: &str) -> postgres::Client {
        postgres::Client::connect(&self.url(db), postgres::NoTls).expect("admin connection")
    }

    /// A new empty database for one test.
    pub fn new_db(&self, prefix: &str) -> String {
        let name = format!(
            "{prefix}_{}_{}",
            std::process::id(),
            NEXT_DB.fetch_add(1, Ordering::SeqCst)
        );
        self.admin("postgres")
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .expect("create database");
        name
    }
}
