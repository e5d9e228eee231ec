//! Where learner data lives: `--data-dir` > `HOCSO_DATA_DIR` > the OS data folder
//! (`directories::ProjectDirs`), created on first use and checked with a test write.
//!
//! A shared classroom folder is just a data folder that several PCs point at.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Environment variable naming the data folder (the CLI also reads it through clap).
pub const DATA_DIR_ENV: &str = "HOCSO_DATA_DIR";

/// Why the data folder cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum DataDirError {
    /// No flag, no variable, and the OS gave no home/data folder.
    #[error("no data folder could be determined")]
    NoDefault,
    /// The folder could not be created.
    #[error("cannot create {}: {source}", dir.display())]
    Create { dir: PathBuf, source: io::Error },
    /// The folder exists but a test file could not be written there.
    #[error("cannot write in {}: {source}", dir.display())]
    NotWritable { dir: PathBuf, source: io::Error },
}

impl DataDirError {
    /// A Vietnamese (or English) message naming the folder and suggesting `--data-dir`.
    pub fn message(&self, locale: &str) -> String {
        match self {
            DataDirError::NoDefault => {
                rust_i18n::t!("progress.data_dir.no_default", locale = locale)
            }
            DataDirError::Create { dir, source } => rust_i18n::t!(
                "progress.data_dir.create",
                locale = locale,
                dir = dir.display(),
                error = crate::store::reason::io_reason(source, locale)
            ),
            DataDirError::NotWritable { dir, source } => rust_i18n::t!(
                "progress.data_dir.not_writable",
                locale = locale,
                dir = dir.display(),
                error = crate::store::reason::io_reason(source, locale)
            ),
        }
        .into_owned()
    }
}

/// Picks the data folder: the flag (clap already folds `HOCSO_DATA_DIR` into it), else `env`
/// (for callers that do not use clap), else the OS default. Does not touch the disk.
pub fn resolve(
    flag: Option<&Path>,
    env: Option<std::ffi::OsString>,
) -> Result<PathBuf, DataDirError> {
    if let Some(dir) = flag {
        return Ok(dir.to_path_buf());
    }
    if let Some(dir) = env.filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("vn", "hocso", "hocso")
        .map(|p| p.data_dir().to_path_buf())
        .ok_or(DataDirError::NoDefault)
}

/// [`resolve`] with the real environment variable.
pub fn data_dir(flag: Option<&Path>) -> Result<PathBuf, DataDirError> {
    resolve(flag, std::env::var_os(DATA_DIR_ENV))
}

/// Creates `dir` (and parents) if needed and proves it is writable by writing, syncing and
/// removing a small test file (a read-only USB stick or network folder fails here, not mid-quiz).
pub fn ensure_writable(dir: &Path) -> Result<(), DataDirError> {
    fs::create_dir_all(dir).map_err(|source| DataDirError::Create {
        dir: dir.to_path_buf(),
        source,
    })?;
    let probe = dir.join(format!(".hocso-write-test-{}", fastrand::u32(..)));
    let result = (|| {
        let mut f = fs::File::create(&probe)?;
        f.write_all(b"hocso")?;
        f.sync_all()
    })();
    let _ = fs::remove_file(&probe);
    result.map_err(|source| DataDirError::NotWritable {
        dir: dir.to_path_buf(),
        source,
    })
}

/// [`ensure_writable`], saying whether the folder had to be created: a command run first on a new
/// folder tells the trainer where their data now lives (a mistyped `--data-dir` shows at once).
pub fn prepare(dir: &Path) -> Result<bool, DataDirError> {
    let existed = dir.is_dir();
    ensure_writable(dir)?;
    Ok(!existed)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn flag_beats_env_beats_default() {
        let flag = PathBuf::from("flag");
        assert_eq!(resolve(Some(&flag), Some("env".into())).unwrap(), flag);
        assert_eq!(
            resolve(None, Some("env".into())).unwrap(),
            PathBuf::from("env")
        );
        // The OS default is some absolute folder (whatever it is on this machine).
        if let Ok(d) = resolve(None, None) {
            assert!(d.is_absolute());
        }
    }

    #[test]
    fn creates_and_checks_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("a").join("b");
        assert!(prepare(&dir).unwrap(), "created");
        assert!(!prepare(&dir).unwrap(), "already there");
        assert!(dir.is_dir());
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 0, "probe removed");
        // A file where the folder should be: clear error naming the folder.
        let blocked = tmp.path().join("file");
        fs::write(&blocked, "x").unwrap();
        let err = ensure_writable(&blocked.join("sub")).unwrap_err();
        assert!(err.message("vi").contains("sub"), "{}", err.message("vi"));
        assert!(err.message("vi").contains("--data-dir"));
    }
}
