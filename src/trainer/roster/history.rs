//! What the office changed about who a learner is (`<data dir>/roster-history.json`): a
//! correction from an updated class list (`roster import --update`) and a merge
//! (`learners merge`). Each entry names the learner kept and who they were before, so
//! `report --learner` can show it and the next import recognises the old name, thôn or year as
//! that learner — a merged person never comes back from a list.
//!
//! A separate file rather than a field of the learner file: it is the office's record of its
//! own decisions, and adding a field would change the learner file format every PC reads.

use std::path::{Path, PathBuf};

use anyhow::Context;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// The file name inside the data folder.
pub const FILE_NAME: &str = "roster-history.json";

/// Who someone was: the three things a class list says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Who {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_year: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
}

/// What happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Change {
    /// A row of an updated list corrected the learner (`list` is the file's name).
    Corrected {
        before: Who,
        after: Who,
        list: String,
    },
    /// Learner `from_id`, who was `who`, was merged into this one.
    Merged { from_id: String, who: Who },
}

/// One change to learner `id`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub at: Timestamp,
    pub id: String,
    #[serde(flatten)]
    pub change: Change,
}

impl Entry {
    /// The identities this entry says belong to learner `id` (earlier names, thôn, years).
    pub fn old_identities(&self) -> Vec<&Who> {
        match &self.change {
            Change::Corrected { before, .. } => vec![before],
            Change::Merged { who, .. } => vec![who],
        }
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct File {
    #[serde(default)]
    entries: Vec<Entry>,
}

/// `<data dir>/roster-history.json`.
pub fn path(data_dir: &Path) -> PathBuf {
    data_dir.join(FILE_NAME)
}

/// Every entry, oldest first; none when the folder has no history yet.
pub fn load(data_dir: &Path) -> anyhow::Result<Vec<Entry>> {
    let path = path(data_dir);
    let bytes = match crate::store::safe_read::read(&path, crate::store::safe_read::Kind::Settings)
    {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e).with_context(|| path.display().to_string()),
    };
    let file: File = serde_json::from_slice(&bytes).with_context(|| path.display().to_string())?;
    Ok(file.entries)
}

/// Adds entries (read, append, write atomically). Callers hold the folder's import lock or the
/// learners' locks, so two offices' changes do not race.
pub fn append(data_dir: &Path, new: &[Entry]) -> anyhow::Result<()> {
    if new.is_empty() {
        return Ok(());
    }
    let mut entries = load(data_dir)?;
    entries.extend(new.iter().cloned());
    let mut bytes = serde_json::to_vec_pretty(&File { entries })?;
    bytes.push(b'\n');
    let path = path(data_dir);
    crate::store::learners::write_atomic(&path, &bytes).with_context(|| path.display().to_string())
}

/// The entries about learner `id`, oldest first.
pub fn of<'a>(entries: &'a [Entry], id: &str) -> Vec<&'a Entry> {
    entries.iter().filter(|e| e.id == id).collect()
}

/// "Lý Thị Lan (1957, TDP Bắc Sơn)".
fn person(w: &Who) -> String {
    let detail: Vec<String> = w
        .birth_year
        .map(|y| y.to_string())
        .into_iter()
        .chain(w.group.clone())
        .collect();
    if detail.is_empty() {
        w.name.clone()
    } else {
        format!("{} ({})", w.name, detail.join(", "))
    }
}

/// One line for the learner's history ("06/12/2026: sửa theo danh sách „x.xlsx“: A → B").
pub fn describe(e: &Entry, tz: &jiff::tz::TimeZone, l: &str) -> String {
    let when =
        e.at.to_zoned_datetime(tz.clone())
            .strftime("%d/%m/%Y")
            .to_string();
    match &e.change {
        Change::Corrected {
            before,
            after,
            list,
        } => rust_i18n::t!(
            "office.history.corrected",
            locale = l,
            when = when,
            list = list,
            before = person(before),
            after = person(after)
        )
        .into_owned(),
        Change::Merged { from_id, who } => rust_i18n::t!(
            "office.history.merged",
            locale = l,
            when = when,
            who = person(who),
            id = from_id
        )
        .into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn who(name: &str) -> Who {
        Who {
            name: name.into(),
            birth_year: Some(1957),
            group: Some("TDP Bắc Sơn".into()),
        }
    }

    #[test]
    fn entries_append_and_read_back_in_order() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert!(load(dir.path()).expect("empty").is_empty());
        let at = Timestamp::from_second(1_790_000_000).expect("ts");
        let a = Entry {
            at,
            id: "ly-thi-lan-1".into(),
            change: Change::Corrected {
                before: who("Lý Thị Lan"),
                after: who("Lí Thị Lan"),
                list: "updated.xlsx".into(),
            },
        };
        let b = Entry {
            at,
            id: "ly-thi-lan-1".into(),
            change: Change::Merged {
                from_id: "ly-thi-lan-2".into(),
                who: who("Ly Thi Lan"),
            },
        };
        append(dir.path(), std::slice::from_ref(&a)).expect("append a");
        append(dir.path(), std::slice::from_ref(&b)).expect("append b");
        let back = load(dir.path()).expect("load");
        assert_eq!(back, vec![a.clone(), b.clone()]);
        assert_eq!(of(&back, "ly-thi-lan-1").len(), 2);
        assert!(of(&back, "other").is_empty());
        assert_eq!(b.old_identities()[0].name, "Ly Thi Lan");
    }
}
