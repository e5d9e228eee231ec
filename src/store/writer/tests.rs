//! The writer thread and the session against real files in temp dirs.
#![allow(clippy::unwrap_used)]

use super::*;
use crate::store::journal;
use crate::store::learners::NewLearner;
use crate::ui::lang::Lang;

/// A lesson end and closing rewrite the snapshot and start a fresh journal after the writer
/// had the journal open. Debug builds refuse to replace a file we hold open, as Windows does
/// (see `durable`), so this fails if the writer still holds it.
#[test]
fn a_lesson_end_and_closing_replace_the_journal_only_once_it_is_closed() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let new = NewLearner {
        name: "Hoa".into(),
        ..Default::default()
    };
    let mut lf = store
        .create(new, "2026-11-30T08:00:00Z".parse().unwrap())
        .unwrap();
    let id = lf.profile.id.clone();
    let mut s = Session::start(&store, &lf).unwrap();
    // A setting is flushed at once, so the journal is open from here on.
    lf.settings.language = Some(Lang::En);
    s.record(&lf, Scope::All).unwrap();
    // A page turn, written after the frame, then the lesson ends.
    let lesson = lf.courses.entry("mau".into()).or_default();
    lesson
        .lessons
        .entry("mau-lam-quen".into())
        .or_default()
        .page = 2;
    s.record(&lf, Scope::All).unwrap();
    assert!(s.after_frame(&lf, true).is_empty());
    s.flush().unwrap();
    assert!(
        s.after_frame(&lf, false).is_empty(),
        "the compaction failed"
    );
    lf.settings.language = Some(Lang::Vi);
    s.record(&lf, Scope::All).unwrap();
    s.close(&lf).unwrap();
    let snapshot = std::fs::read(store.path_of(&id)).unwrap();
    let fresh = journal::read(store.dir(), &id).unwrap();
    assert!(journal::is_fresh(fresh.as_deref(), &id, &snapshot));
    assert_eq!(store.load(&id).unwrap().file, lf);
}
