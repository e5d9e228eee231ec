//! Reading the whole learner folder: every learner (for the picker, reports, sync), their ids,
//! and the files moved aside. Single learners are read in [`super::replay`].

use std::fs;

use super::learners::{Loaded, Problem, Store, StoreError};
use crate::progress::id::is_valid_id;
use crate::progress::merge::{LearnerSummary, summary};
use crate::progress::model::LearnerFile;

impl Store {
    /// All learners, sorted by name, and every problem found (damaged files moved aside, files
    /// from a newer hocso, unreadable files). A damaged file with a good `.bak` is restored here,
    /// so the learner still appears in the list.
    pub fn list(&self) -> (Vec<LearnerSummary>, Vec<Problem>) {
        let (files, problems) = self.load_all();
        let mut learners: Vec<LearnerSummary> = files.iter().map(summary).collect();
        learners.sort_by(|a, b| {
            crate::progress::id::fold(&a.name)
                .cmp(&crate::progress::id::fold(&b.name))
                .then_with(|| a.id.cmp(&b.id))
        });
        (learners, problems)
    }

    /// Every learner file, read once each (on all cores: the trainer's report reads thousands),
    /// and every problem found. A fresh repair (damaged file moved aside) is reported once, by
    /// the scan for set-aside files.
    pub fn load_all(&self) -> (Vec<LearnerFile>, Vec<Problem>) {
        self.load_some(|_| true)
    }

    /// [`Store::load_all`] for the learners whose id `want` accepts (sync skips the ones it
    /// knows have not changed).
    pub fn load_some(&self, want: impl Fn(&str) -> bool) -> (Vec<LearnerFile>, Vec<Problem>) {
        let (ids, mut problems) = self.ids_where(want);
        let (files, more) = self.load_ids(&ids);
        problems.extend(more);
        problems.extend(self.set_aside_files());
        (files, problems)
    }

    /// The ids [`Store::load_some`] would read, and the problems of listing the folder. With
    /// [`Store::load_ids`] and [`Store::set_aside_files`] a caller reads them part by part (the
    /// sync reads the next batch while the database writes this one).
    pub fn ids_where(&self, want: impl Fn(&str) -> bool) -> (Vec<String>, Vec<Problem>) {
        let mut problems = Vec::new();
        let mut ids = self.ids(&mut problems);
        ids.retain(|id| want(id));
        (ids, problems)
    }

    /// The learners `ids` (on all cores), and the problems found reading them.
    pub fn load_ids(&self, ids: &[String]) -> (Vec<LearnerFile>, Vec<Problem>) {
        let mut problems = Vec::new();
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .clamp(1, 8);
        let chunk = ids.len().div_ceil(threads).max(1);
        let results: Vec<Vec<(String, Result<Loaded, StoreError>)>> = std::thread::scope(|scope| {
            let handles: Vec<_> = ids
                .chunks(chunk)
                .map(|part| {
                    scope.spawn(move || {
                        part.iter()
                            .map(|id| (id.clone(), self.read_or_repair(id)))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles.into_iter().filter_map(|h| h.join().ok()).collect()
        });
        let mut files = Vec::with_capacity(ids.len());
        for (id, result) in results.into_iter().flatten() {
            match result {
                Ok(loaded) => {
                    files.push(loaded.file);
                    problems.extend(
                        loaded
                            .problems
                            .into_iter()
                            .filter(|p| !matches!(p, Problem::SetAside { .. })),
                    );
                }
                Err(StoreError::Corrupt { .. }) | Err(StoreError::NotFound { .. }) => {}
                Err(e @ StoreError::Damaged { .. }) => problems.extend(Problem::from_damaged(&e)),
                Err(StoreError::NewerFormat { path, format }) => {
                    problems.push(Problem::NewerFormat { path, format })
                }
                Err(StoreError::Io { path, source })
                    if crate::store::safe_read::Refused::of(&source).is_some() =>
                {
                    let why = crate::store::safe_read::Refused::of(&source).cloned();
                    problems.extend(why.map(|why| Problem::Refused { path, why }));
                }
                Err(e) => problems.push(Problem::Unreadable {
                    path: self.path_of(&id),
                    error: e.to_string(),
                }),
            }
        }
        (files, problems)
    }

    /// Ids of every learner file here: `<id>.json` files, and `.bak` files whose main file is
    /// missing.
    pub fn learner_ids(&self) -> Vec<String> {
        self.ids(&mut Vec::new())
    }

    fn ids(&self, problems: &mut Vec<Problem>) -> Vec<String> {
        let mut ids = std::collections::BTreeSet::new();
        let entries = match fs::read_dir(self.dir()) {
            Ok(e) => e,
            Err(e) => {
                problems.push(Problem::Unreadable {
                    path: self.dir().to_path_buf(),
                    error: e.to_string(),
                });
                return Vec::new();
            }
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            let stem = name
                .strip_suffix(".json")
                .or_else(|| name.strip_suffix(".json.bak"));
            if let Some(stem) = stem.filter(|s| is_valid_id(s)) {
                ids.insert(stem.to_string());
            }
        }
        ids.into_iter().collect()
    }

    /// Files moved aside (damaged learner files, journals that did not continue their snapshot).
    pub fn set_aside_files(&self) -> Vec<Problem> {
        let mut out = Vec::new();
        let Ok(entries) = fs::read_dir(self.dir()) else {
            return out;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            if let Some((id, _)) = name.split_once(".corrupt-")
                && name.ends_with(".json")
            {
                out.push(Problem::SetAside {
                    path: entry.path(),
                    id: is_valid_id(id).then(|| id.to_string()),
                });
            } else if let Some((id, _)) = name.split_once(super::replay::ASIDE_INFIX) {
                out.push(Problem::JournalAside {
                    path: entry.path(),
                    id: is_valid_id(id).then(|| id.to_string()),
                });
            }
        }
        out.sort_by(|a, b| a.path().cmp(&b.path()));
        out
    }
}
