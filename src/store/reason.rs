//! Plain words for I/O errors, shared by every message about learner files and the data folder.

use std::io;

/// A short plain reason for an I/O error in the UI language (the OS text is English on most
/// systems and means little to a learner); the OS text is kept only for unusual errors.
pub fn io_reason(e: &io::Error, locale: &str) -> String {
    use io::ErrorKind as K;
    if let Some(refused) = crate::store::safe_read::Refused::of(e) {
        return refused.message(locale);
    }
    let key = match e.kind() {
        K::NotFound => "progress.io.not_found",
        K::PermissionDenied => "progress.io.denied",
        K::ReadOnlyFilesystem => "progress.io.read_only",
        K::StorageFull | K::QuotaExceeded => "progress.io.full",
        K::NotADirectory | K::AlreadyExists => "progress.io.blocked",
        _ => return e.to_string(),
    };
    rust_i18n::t!(key, locale = locale).into_owned()
}
