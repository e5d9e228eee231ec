//! `hocso learners merge A B`: one person who ended up as two learners becomes one. B's progress
//! joins A's (the same join as `hocso import`), a backup of both files is kept, B is removed.

use std::path::Path;

use super::learners::{confirm, find, lock, msg, open_store};
use super::{EXIT_ERRORS, EXIT_OK, EXIT_USAGE};
use crate::progress::merge::join_into;
use crate::store::learners::StoreError;
use crate::trainer::roster::history::{self, Change, Entry, Who};
use crate::ui::lang::Lang;

/// `hocso learners merge A B [--yes]`.
pub fn run(data_dir: Option<&Path>, keep: &str, other: &str, yes: bool, lang: Lang) -> u8 {
    let run = || -> Result<u8, u8> {
        let store = open_store(data_dir, lang)?;
        let a = find(&store, keep, lang)?;
        let b = find(&store, other, lang)?;
        if a.id == b.id {
            crate::errln!("{}", msg!(lang, "office.merge.same", id = a.id));
            return Err(EXIT_USAGE);
        }
        let _lock_a = lock(&store, &a.id, yes, lang)?;
        let _lock_b = lock(&store, &b.id, yes, lang)?;
        let question = msg!(
            lang,
            "office.merge.question",
            from = b.name,
            from_id = b.id,
            into = a.name,
            into_id = a.id
        );
        if !confirm(&question, yes, lang) {
            crate::outln!("{}", msg!(lang, "progress.cli.cancelled"));
            return Ok(EXIT_ERRORS);
        }
        let fail = |e: StoreError| {
            crate::errln!("{}", e.message(lang.code()));
            EXIT_ERRORS
        };
        let kept = store.load(&a.id).map_err(fail)?.file;
        let gone = store.load(&b.id).map_err(fail)?.file;
        let backup_a = store.backup(&a.id, "merge").map_err(fail)?;
        let backup_b = store.backup(&b.id, "merge").map_err(fail)?;
        store.save(&join_into(&kept, &gone)).map_err(fail)?;
        // Remembered so that B's name, thôn and year on a class list mean A from now on: the
        // next import does not make B again.
        let entry = Entry {
            at: jiff::Timestamp::now(),
            id: a.id.clone(),
            change: Change::Merged {
                from_id: b.id.clone(),
                who: Who {
                    name: gone.profile.name.clone(),
                    birth_year: gone.profile.birth_year,
                    group: gone.profile.group.clone(),
                },
            },
        };
        let data_dir = store.dir().parent().unwrap_or(store.dir());
        if let Err(e) = history::append(data_dir, &[entry]) {
            crate::errln!("{e:#}");
            return Err(EXIT_ERRORS);
        }
        // B's file, its .bak and its journal all go (a .bak alone would bring B back); the
        // backup, which holds all of it, stays.
        for path in [
            store.path_of(&b.id),
            store.dir().join(format!("{}.json.bak", b.id)),
            crate::store::journal::path_of(store.dir(), &b.id),
        ] {
            match std::fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(source) => return Err(fail(StoreError::Io { path, source })),
            }
        }
        crate::outln!(
            "{}",
            msg!(
                lang,
                "office.merge.done",
                from = b.name,
                into = a.name,
                id = a.id,
                backup_a = backup_a.display(),
                backup_b = backup_b.display()
            )
        );
        Ok(EXIT_OK)
    };
    run().unwrap_or_else(|code| code)
}
