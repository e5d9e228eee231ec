//! Everything that touches learner files on disk: where the data folder is ([`paths`]), the one safe
//! reader ([`safe_read`]), the learner files and their durable writes ([`learners`], [`durable`]), the
//! journal and its replay ([`journal`], [`writer`]), the session lock ([`lock`]), the whole-folder lock
//! ([`folder_lock`]) and the small per-PC files beside the learners ([`classroom`]). The records
//! themselves and how two copies join are the pure core's ([`crate::progress`]).

pub mod classroom;
pub mod durable;
pub mod folder_lock;
pub mod journal;
pub mod learners;
pub mod lock;
pub mod paths;
pub mod problem;
pub mod reason;
mod replay;
pub mod safe_read;
mod scan;
pub mod writer;
