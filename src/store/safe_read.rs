//! The one safe reader for every file hocso reads from a data folder, a course folder or the
//! command line: a shared classroom folder is an untrusted place.
//!
//! - Regular files only. A FIFO, device, socket or folder is refused; a symlink is followed only
//!   when it ends at a regular file (a link to `/dev/zero` is refused like `/dev/zero` itself).
//! - Never a blocking open: on Unix the file is opened with `O_NONBLOCK` (opening a FIFO would
//!   otherwise wait for a writer forever), and what was opened is checked again through the
//!   handle, so a file swapped for a FIFO between the check and the open is still refused.
//! - A size cap per kind of file, checked before reading and enforced while reading (a file
//!   that grows meanwhile is cut off and refused, never read into memory without limit).
//!
//! Refusals are `io::Error`s carrying a [`Refused`], so every caller's existing error path keeps
//! working; [`Refused::message`] (through `progress::problem::io_reason`) says it in plain words.

use std::fs::{File, Metadata};
use std::io::{self, Read};
use std::path::Path;

/// What a file is for: decides its size cap and how messages name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A learner's progress file (and its `.bak`).
    Learner,
    /// A learner file given to `hocso import`.
    Export,
    /// `trainer-pin.json` and the wrong-try counter beside it.
    Pin,
    /// A lesson-format file (course, module, lesson).
    Lesson,
    /// `glossary.yaml`.
    Glossary,
    /// A class list (CSV or .xlsx) for `hocso roster import`.
    Roster,
    /// A small note (the `.session` file of a learner's session).
    Note,
    /// A small settings file in the data folder (unit, per-PC choices).
    Settings,
    /// The certificate register and the folder's certificate secret.
    Certificate,
    /// A learner's journal. It is progress, so it is read whole well past the size at which
    /// it is folded into the snapshot (64 KB): a journal that grew while the snapshot could not
    /// be written must never look like a reset.
    Journal,
    /// `sync-state.json`: a hash and a fingerprint per learner (about 200 bytes each).
    SyncState,
}

impl Kind {
    /// Largest file accepted, in bytes. A learner with fifty lessons of history is about 220 KB;
    /// a lesson is capped at 1 MiB by the loader already.
    pub fn cap(self) -> u64 {
        const MIB: u64 = 1024 * 1024;
        match self {
            Kind::Learner | Kind::Export => 16 * MIB,
            Kind::Pin => 16 * 1024,
            Kind::Lesson | Kind::Glossary => crate::course::yaml::MAX_FILE_BYTES as u64,
            Kind::Roster => 32 * MIB,
            Kind::Note => 64 * 1024,
            Kind::Settings => MIB,
            Kind::Certificate => 16 * MIB,
            Kind::Journal => 256 * MIB,
            Kind::SyncState => 64 * MIB,
        }
    }

    fn key(self) -> &'static str {
        match self {
            Kind::Learner => "learner",
            Kind::Export => "export",
            Kind::Pin => "pin",
            Kind::Lesson => "lesson",
            Kind::Glossary => "glossary",
            Kind::Roster => "roster",
            Kind::Note => "note",
            Kind::Settings => "settings",
            Kind::Certificate => "certificate",
            Kind::Journal => "learner",
            Kind::SyncState => "sync_state",
        }
    }
}

/// Why a file was not read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    /// Not a regular file (FIFO, device, socket, folder), or a symlink to one.
    #[error("not a regular file")]
    NotRegular { kind: Kind },
    /// Larger than the cap for its kind.
    #[error("file too large (over {cap} bytes)")]
    TooLarge { kind: Kind, cap: u64 },
    /// Writing through a symlink is refused (a link in a shared folder could point anywhere).
    #[error("is a symbolic link")]
    Symlink,
}

impl Refused {
    /// A plain sentence (Vietnamese or English) saying what is wrong and what to do.
    pub fn message(&self, locale: &str) -> String {
        match self {
            Refused::NotRegular { kind } => {
                let what = rust_i18n::t!(format!("harden.kind.{}", kind.key()), locale = locale);
                rust_i18n::t!("harden.read.not_regular", locale = locale, what = what)
            }
            Refused::TooLarge { kind, cap } => {
                let what = rust_i18n::t!(format!("harden.kind.{}", kind.key()), locale = locale);
                let cap = if *cap >= 1024 * 1024 {
                    format!("{} MB", cap / (1024 * 1024))
                } else {
                    format!("{} KB", cap / 1024)
                };
                rust_i18n::t!(
                    "harden.read.too_large",
                    locale = locale,
                    what = what,
                    cap = cap
                )
            }
            Refused::Symlink => rust_i18n::t!("harden.write.symlink", locale = locale),
        }
        .into_owned()
    }

    /// The refusal inside an I/O error, if that is what it is.
    pub fn of(e: &io::Error) -> Option<&Refused> {
        e.get_ref()
            .and_then(|inner| inner.downcast_ref::<Refused>())
    }

    fn into_io(self) -> io::Error {
        let kind = match self {
            Refused::TooLarge { .. } => io::ErrorKind::FileTooLarge,
            Refused::NotRegular { .. } | Refused::Symlink => io::ErrorKind::InvalidInput,
        };
        io::Error::new(kind, self)
    }
}

/// Reads the whole file, refusing anything but a regular file and anything over `kind`'s cap.
pub fn read(path: &Path, kind: Kind) -> io::Result<Vec<u8>> {
    let (file, meta) = open(path, kind)?;
    let cap = kind.cap();
    if meta.len() > cap {
        return Err(Refused::TooLarge { kind, cap }.into_io());
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(cap + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > cap {
        return Err(Refused::TooLarge { kind, cap }.into_io());
    }
    Ok(bytes)
}

/// Reads at most `kind`'s cap plus one byte, without refusing a larger file: for the lesson
/// loader, which reports an oversized file itself (with its place in the course).
pub fn read_head(path: &Path, kind: Kind) -> io::Result<Vec<u8>> {
    let (file, meta) = open(path, kind)?;
    let limit = kind.cap() + 1;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len().min(limit)).unwrap_or(0));
    file.take(limit).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// As [`read`], as text (invalid UTF-8 replaced).
pub fn read_to_string(path: &Path, kind: Kind) -> io::Result<String> {
    read(path, kind).map(|b| String::from_utf8_lossy(&b).into_owned())
}

/// True when `path` names a regular file (following symlinks), without opening it.
pub fn is_regular(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file())
}

/// Checks the path, opens it without blocking, and checks the opened handle again.
fn open(path: &Path, kind: Kind) -> io::Result<(File, Metadata)> {
    // `metadata` follows symlinks: a link is judged by what it points at.
    let before = std::fs::metadata(path)?;
    if !before.is_file() {
        return Err(Refused::NotRegular { kind }.into_io());
    }
    let file = open_nonblocking(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(Refused::NotRegular { kind }.into_io());
    }
    Ok((file, meta))
}

/// Opens a log or journal for appending (creating it when `create`), but never through a
/// symlink and never a FIFO or device (an append through a link planted in a shared folder could
/// write into any file of the user's; a FIFO would block).
pub fn open_append(path: &Path, create: bool) -> io::Result<File> {
    if let Ok(m) = std::fs::symlink_metadata(path)
        && !m.is_file()
    {
        return Err(Refused::NotRegular { kind: Kind::Note }.into_io());
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.create(create).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW);
    }
    let file = opts.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(Refused::NotRegular { kind: Kind::Note }.into_io());
    }
    Ok(file)
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    // O_NONBLOCK: opening a FIFO for reading returns at once instead of waiting for a writer.
    // Regular files ignore the flag for reads.
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    // Windows has no FIFOs in folders; devices and pipes are refused by the metadata checks.
    File::open(path)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn reads_regular_files_and_caps_them() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.json");
        std::fs::write(&p, b"{}").unwrap();
        assert_eq!(read(&p, Kind::Learner).unwrap(), b"{}");
        let big = dir.path().join("big");
        std::fs::write(&big, vec![b'x'; 20 * 1024]).unwrap();
        let e = read(&big, Kind::Pin).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::FileTooLarge);
        assert!(matches!(Refused::of(&e), Some(Refused::TooLarge { .. })));
        assert!(Refused::of(&e).unwrap().message("vi").contains("16 KB"));
        // The loader's variant reads one byte past the cap and lets the loader complain.
        assert_eq!(
            read_head(&big, Kind::Pin).unwrap().len() as u64,
            Kind::Pin.cap() + 1
        );
    }

    #[test]
    fn a_folder_is_not_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let e = read(dir.path(), Kind::Lesson).unwrap_err();
        assert!(matches!(Refused::of(&e), Some(Refused::NotRegular { .. })));
        assert_eq!(
            read(&dir.path().join("missing"), Kind::Lesson)
                .unwrap_err()
                .kind(),
            io::ErrorKind::NotFound
        );
    }

    #[cfg(unix)]
    #[test]
    fn devices_and_links_to_them_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("zero.json");
        std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
        for p in [Path::new("/dev/zero"), link.as_path()] {
            let e = read(p, Kind::Learner).unwrap_err();
            assert!(matches!(Refused::of(&e), Some(Refused::NotRegular { .. })));
        }
        // A link to a regular file is followed.
        let real = dir.path().join("real.json");
        std::fs::write(&real, b"x").unwrap();
        let ok = dir.path().join("ok.json");
        std::os::unix::fs::symlink(&real, &ok).unwrap();
        assert_eq!(read(&ok, Kind::Learner).unwrap(), b"x");
    }
}
