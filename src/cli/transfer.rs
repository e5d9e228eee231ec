//! `hocso export` and `hocso import`: carrying a learner's progress between data folders
//! (USB stick, Zalo). The portable file is the learner file itself; importing merges it.

use crate::store::problem::Problem;
use std::path::{Path, PathBuf};

use super::learners::{find, lock, msg, open_store};
use super::{EXIT_ERRORS, EXIT_OK};
use crate::progress::id::{clean_text, is_valid_id, new_id};
use crate::progress::merge::{LearnerSummary, join_into, merge};
use crate::progress::model::LearnerFile;
use crate::store::learners::{Parsed, Store, StoreError, classify, write_atomic};
use crate::trainer::roster::identity;
use crate::ui::lang::Lang;

/// `hocso export --learner NAME|ID [--out FILE]`.
pub fn export(data_dir: Option<&Path>, who: &str, out: Option<&Path>, lang: Lang) -> u8 {
    let run = || -> Result<u8, u8> {
        let store = open_store(data_dir, lang)?;
        let learner = find(&store, who, lang)?;
        let loaded = store.load(&learner.id).map_err(|e| {
            crate::errln!("{}", e.message(lang.code()));
            EXIT_ERRORS
        })?;
        for p in &loaded.problems {
            crate::errln!("{}", p.message(lang.code()));
        }
        // An export that leaves answers out would be carried to another PC as if complete.
        if loaded.problems.iter().any(Problem::leaves_progress_out) {
            return Err(EXIT_ERRORS);
        }
        let out = out.map_or_else(
            || PathBuf::from(format!("hocso-{}.json", learner.id)),
            Path::to_path_buf,
        );
        let mut json = serde_json::to_vec_pretty(&loaded.file).map_err(|_| EXIT_ERRORS)?;
        json.push(b'\n');
        write_atomic(&out, &json).map_err(|e| {
            crate::errln!(
                "{}",
                msg!(
                    lang,
                    "progress.error.io",
                    path = out.display(),
                    error = crate::store::problem::io_reason(&e, lang.code())
                )
            );
            EXIT_ERRORS
        })?;
        crate::outln!(
            "{}",
            msg!(
                lang,
                "progress.cli.exported",
                name = learner.name,
                path = out.display()
            )
        );
        Ok(EXIT_OK)
    };
    run().unwrap_or_else(|code| code)
}

/// `hocso import FILE... [--yes]`: merges each file; a learner not yet here is created.
/// Importing the same file again changes nothing.
pub fn import(data_dir: Option<&Path>, files: &[PathBuf], yes: bool, lang: Lang) -> u8 {
    let store = match open_store(data_dir, lang) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let mut status = EXIT_OK;
    for path in files {
        if let Err(code) = import_one(&store, path, yes, lang) {
            status = status.max(code);
        }
    }
    status
}

fn import_one(store: &Store, path: &Path, yes: bool, lang: Lang) -> Result<(), u8> {
    let bytes = crate::store::safe_read::read(path, crate::store::safe_read::Kind::Export)
        .map_err(|e| {
            crate::errln!(
                "{}",
                msg!(
                    lang,
                    "progress.error.io",
                    path = path.display(),
                    error = crate::store::problem::io_reason(&e, lang.code())
                )
            );
            EXIT_ERRORS
        })?;
    let incoming = match classify(&bytes) {
        Parsed::Ok(file) => *file,
        Parsed::Newer(format) => {
            let e = StoreError::NewerFormat {
                path: path.to_path_buf(),
                format,
            };
            crate::errln!("{}", e.message(lang.code()));
            return Err(EXIT_ERRORS);
        }
        Parsed::Corrupt => {
            crate::errln!(
                "{}",
                msg!(lang, "progress.cli.not_progress", path = path.display())
            );
            return Err(EXIT_ERRORS);
        }
    };
    // Normalise first (attempts sorted, duplicates joined) so importing twice is a no-op.
    let mut incoming = merge(&incoming, &incoming);
    incoming.profile.name = clean_text(&incoming.profile.name);
    incoming.profile.group = incoming.profile.group.as_deref().map(clean_text);
    if !is_valid_id(&incoming.profile.id) {
        // A hand-made or damaged id must never name a path: give the learner a fresh one.
        incoming.profile.id = new_id(&incoming.profile.name, &mut fastrand::Rng::new());
    }
    // One person, one learner: an export of someone this PC knows under another id (e.g.
    // created from the class list here) joins that learner instead of becoming a second one.
    let same = same_person(store, &incoming);
    let joined = match same.as_slice() {
        [one] => {
            incoming.profile.id = one.id.clone();
            true
        }
        [] => false,
        many => {
            crate::outln!(
                "{}",
                msg!(
                    lang,
                    "office.import.ambiguous",
                    name = incoming.profile.name,
                    n = many.len()
                )
            );
            false
        }
    };
    let id = incoming.profile.id.clone();
    let _lock = lock(store, &id, yes, lang)?;
    let fail = |e: StoreError| {
        crate::errln!("{}", e.message(lang.code()));
        EXIT_ERRORS
    };
    let name = incoming.profile.name.clone();
    let key = match store.load(&id) {
        Ok(existing) => {
            for p in &existing.problems {
                crate::errln!("{}", p.message(lang.code()));
            }
            let merged = if joined {
                join_into(&existing.file, &incoming)
            } else {
                merge(&existing.file, &incoming)
            };
            let key = match (merged == existing.file, joined) {
                (true, false) => "progress.cli.import_same",
                (false, false) => "progress.cli.import_merged",
                (true, true) => "office.import.joined_same",
                (false, true) => "office.import.joined",
            };
            if merged != existing.file {
                store.save(&merged).map_err(fail)?;
            }
            key
        }
        Err(StoreError::NotFound { .. }) => {
            store.save(&incoming).map_err(fail)?;
            "progress.cli.import_new"
        }
        Err(e) => return Err(fail(e)),
    };
    crate::outln!(
        "{}",
        rust_i18n::t!(
            key,
            locale = lang.code(),
            name = name,
            path = path.display(),
            id = id
        )
    );
    Ok(())
}

/// Learners here with another id but the same folded name, year of birth and thôn/lớp.
fn same_person(store: &Store, incoming: &LearnerFile) -> Vec<LearnerSummary> {
    let p = &incoming.profile;
    if store.path_of(&p.id).exists() {
        return Vec::new();
    }
    let key = identity(&p.name, p.birth_year, p.group.as_deref());
    let (all, _) = store.list();
    all.into_iter()
        .filter(|s| s.id != p.id && identity(&s.name, s.birth_year, s.group.as_deref()) == key)
        .collect()
}
