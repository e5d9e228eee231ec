//! The journal: `<id>.journal` next to the learner file, one short line per change (a page turn,
//! an answer, a setting), appended and flushed, so a save costs the same on the last lesson as
//! on the first. The learner file (the snapshot) is rewritten only now and then
//! ([`super::learners::Store::save`]), which starts a fresh journal.
//!
//! Every line is `<checksum> <json>`: the checksum is the first 16 hex digits of the SHA-256 of
//! the JSON. The first line names the learner and the snapshot the journal continues (SHA-256 of
//! its bytes); the others are lists of [`Op`]s. Reading stops at the first line that is cut short
//! (the program was killed mid-write) or damaged, which is reported, never fatal. A journal that
//! does not continue its snapshot is not replayed; the next save keeps it aside, never deletes it.

use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::durable::{read_retry_as, write_atomic};
use crate::progress::change::{Op, apply};
use crate::progress::merge::merge;
use crate::progress::model::LearnerFile;

/// The journal format this build writes.
pub const JOURNAL_FORMAT: u32 = 1;

/// Past this size the shell rewrites the snapshot and starts a fresh journal.
pub const COMPACT_AFTER: u64 = 64 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Header {
    journal: u32,
    learner: String,
    base: String,
}

/// `<id>.journal` in the learners folder.
pub fn path_of(dir: &Path, id: &str) -> PathBuf {
    dir.join(format!("{id}.journal"))
}

/// SHA-256 of a snapshot's bytes, in hex: what a journal's header points at.
pub fn base_of(snapshot: &[u8]) -> String {
    let digest = Sha256::digest(snapshot);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn checksum(json: &[u8]) -> String {
    let digest = Sha256::digest(json);
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

fn line(json: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(json.len() + 18);
    out.extend_from_slice(checksum(json).as_bytes());
    out.push(b' ');
    out.extend_from_slice(json);
    out.push(b'\n');
    out
}

/// The first line of a journal continuing `snapshot`.
pub fn header_line(id: &str, snapshot: &[u8]) -> Vec<u8> {
    let h = Header {
        journal: JOURNAL_FORMAT,
        learner: id.to_string(),
        base: base_of(snapshot),
    };
    line(&serde_json::to_vec(&h).unwrap_or_default())
}

/// One journal line holding `ops`.
pub fn entry_line(ops: &[Op]) -> Vec<u8> {
    line(&serde_json::to_vec(ops).unwrap_or_default())
}

/// Where reading stopped early.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bad {
    /// The last line is cut short or damaged: ignored (the program was stopped mid-write).
    Tail { line: usize },
    /// A damaged line with more lines after it: the journal is kept aside at the next save.
    Corrupt { line: usize },
}

/// A journal as read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Journal {
    /// Learner id and snapshot hash from the header, when it could be read.
    head: Option<Header>,
    /// The changes, one list per line, in order.
    pub entries: Vec<Vec<Op>>,
    pub bad: Option<Bad>,
}

fn check(raw: &[u8]) -> Option<&[u8]> {
    let (sum, json) = (raw.get(..16)?, raw.get(17..)?);
    (raw.get(16) == Some(&b' ') && sum == checksum(json).as_bytes()).then_some(json)
}

/// Reads a journal's bytes; never fails (what cannot be read is reported in [`Journal::bad`]).
pub fn parse(bytes: &[u8]) -> Journal {
    let mut out = Journal::default();
    let mut lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
    // After the last newline: empty when the last line was written whole.
    let torn = lines.pop().filter(|rest| !rest.is_empty());
    let count = lines.len() + usize::from(torn.is_some());
    for (i, raw) in lines.iter().enumerate() {
        let ok = check(raw).and_then(|json| {
            if i == 0 {
                let h: Header = serde_json::from_slice(json).ok()?;
                (h.journal <= JOURNAL_FORMAT).then(|| out.head = Some(h))
            } else {
                let ops: Vec<Op> = serde_json::from_slice(json).ok()?;
                out.entries.push(ops);
                Some(())
            }
        });
        if ok.is_none() {
            out.bad = Some(if i + 1 == count {
                Bad::Tail { line: i + 1 }
            } else {
                Bad::Corrupt { line: i + 1 }
            });
            return out;
        }
    }
    if torn.is_some() {
        out.bad = Some(Bad::Tail { line: count });
    }
    out
}

/// How a journal relates to the snapshot it was found next to.
#[derive(Debug, Clone, PartialEq)]
pub enum Fit {
    /// Nothing to replay (no journal, or only its first line).
    Empty,
    /// It continues the snapshot: replay it.
    Continues,
    /// It continues the previous snapshot (`.bak`) and everything in it is already in the
    /// snapshot: the program stopped between writing a snapshot and starting a fresh journal.
    Included,
    /// It belongs to another snapshot: not replayed, kept aside at the next save.
    Unmatched,
}

/// Decides whether `journal` continues `snapshot` (whose bytes are `snapshot_bytes`).
/// `bak` gives the `.bak` file's bytes, read only when needed.
pub fn fit(
    id: &str,
    journal: &Journal,
    snapshot: &LearnerFile,
    snapshot_bytes: &[u8],
    bak: impl FnOnce() -> Option<Vec<u8>>,
) -> Fit {
    if journal.entries.is_empty() && !matches!(journal.bad, Some(Bad::Corrupt { .. })) {
        return Fit::Empty;
    }
    let Some(head) = journal.head.as_ref().filter(|h| h.learner == id) else {
        return Fit::Unmatched;
    };
    if head.base == base_of(snapshot_bytes) {
        return Fit::Continues;
    }
    let Some(bak) = bak().filter(|b| head.base == base_of(b)) else {
        return Fit::Unmatched;
    };
    let Ok(mut before) = serde_json::from_slice::<LearnerFile>(&bak) else {
        return Fit::Unmatched;
    };
    before.profile.id = snapshot.profile.id.clone();
    for ops in &journal.entries {
        apply(&mut before, ops);
    }
    if merge(snapshot, &before) == merge(snapshot, snapshot) {
        Fit::Included
    } else {
        Fit::Unmatched
    }
}

/// Reads `<id>.journal`; `None` when there is none.
pub fn read(dir: &Path, id: &str) -> io::Result<Option<Vec<u8>>> {
    match read_retry_as(&path_of(dir, id), super::safe_read::Kind::Journal) {
        Ok(b) => Ok(Some(b)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Starts a fresh journal continuing `snapshot` (atomically: the old journal or the new one).
pub fn reset(dir: &Path, id: &str, snapshot: &[u8]) -> io::Result<()> {
    write_atomic(&path_of(dir, id), &header_line(id, snapshot))
}

/// True when the journal's bytes are just the first line for `snapshot`.
pub fn is_fresh(bytes: Option<&[u8]>, id: &str, snapshot: &[u8]) -> bool {
    bytes.is_some_and(|b| b == header_line(id, snapshot).as_slice())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_back_what_it_wrote_and_stops_at_damage() {
        let ops = vec![Op::DropCourse { c: "x".into() }];
        let mut bytes = header_line("hoa-abc234", b"{}");
        bytes.extend(entry_line(&ops));
        let j = parse(&bytes);
        assert_eq!(j.entries, vec![ops.clone()]);
        assert_eq!(j.bad, None);
        // Cut short.
        let cut = parse(&bytes[..bytes.len() - 3]);
        assert_eq!(cut.entries.len(), 0);
        assert_eq!(cut.bad, Some(Bad::Tail { line: 2 }));
        // One byte changed in the middle, with a good line after it.
        let mut damaged = bytes.clone();
        damaged.extend(entry_line(&ops));
        let at = bytes.len() - 5;
        damaged[at] ^= 1;
        let j = parse(&damaged);
        assert_eq!(j.entries.len(), 0);
        assert_eq!(j.bad, Some(Bad::Corrupt { line: 2 }));
    }
}
