//! Learner files on disk: snapshot, journal, locks, merge, crashes, export/import.
//!
//! One test binary per area (each links the whole program once); one module per former file.

mod harden_cli;
mod journal_cap;
mod journal_crash;
mod journal_props;
mod journal_release;
mod journal_store;
mod progress_cli;
mod progress_crash;
mod progress_lock;
mod progress_merge;
mod progress_store;
mod read_only;
mod taken_over;

/// A learner "Nguyễn Thị Hoa" created in `store` now.
#[allow(clippy::unwrap_used)]
fn hoa(store: &hocso::store::learners::Store) -> hocso::progress::model::LearnerFile {
    store
        .create(
            hocso::store::learners::NewLearner {
                name: "Nguyễn Thị Hoa".into(),
                ..Default::default()
            },
            jiff::Timestamp::now(),
        )
        .unwrap()
}
