//! The learner files a sync sends: read, normalised and hashed a batch at a time on a thread of
//! their own, so the next batch is ready while the database writes this one (a first sync's
//! reading and hashing then hide behind the database's work instead of coming before it).

use std::sync::mpsc::{Receiver, sync_channel};
use std::thread::Scope;

use super::rows::{hash_normal, normalise};
use crate::progress::model::LearnerFile;
use crate::store::learners::{Problem, Store};

/// One batch of files, as asked for.
pub struct Batch {
    /// The ids asked for (a file that could not be read is missing from `files`).
    pub ids: Vec<String>,
    /// Each file read, normalised, with its content hash.
    pub files: Vec<(LearnerFile, String)>,
    /// What went wrong reading them.
    pub problems: Vec<Problem>,
}

/// Reads `ids` in batches of `size` on a thread of `scope`, one batch ahead of the receiver
/// (so at most three batches of files are in memory). The thread stops when the receiver is
/// dropped.
pub fn ahead<'scope>(
    scope: &'scope Scope<'scope, '_>,
    store: &'scope Store,
    ids: Vec<String>,
    size: usize,
) -> Receiver<Batch> {
    let (tx, rx) = sync_channel(1);
    scope.spawn(move || {
        for chunk in ids.chunks(size.max(1)) {
            let (files, problems) = store.load_ids(chunk);
            let batch = Batch {
                ids: chunk.to_vec(),
                files: normal_forms(files),
                problems,
            };
            if tx.send(batch).is_err() {
                break;
            }
        }
    });
    rx
}

/// Each file normalised, with its content hash, spread over the cores.
fn normal_forms(files: Vec<LearnerFile>) -> Vec<(LearnerFile, String)> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    let chunk = files.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|f| {
                            let n = normalise(f);
                            let hash = hash_normal(&n);
                            (n, hash)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
}
