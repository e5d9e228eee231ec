//! Learner progress: the records ([`model`]), joining copies ([`merge`]), the changes between two
//! versions ([`change`]), and, in the shell, the store that keeps them on disk ([`store`],
//! [`journal`], [`writer`], [`lock`]).

pub mod change;
pub mod durable;
pub mod id;
pub mod journal;
pub mod lock;
pub mod merge;
pub mod model;
pub mod orphans;
pub mod problem;
mod replay;
pub mod review;
mod scan;
pub mod store;
pub mod writer;
