//! Learner progress: the records ([`model`]), joining copies ([`merge`]), and, in the shell, the
//! store that keeps them on disk ([`store`], [`lock`]).

pub mod durable;
pub mod id;
pub mod lock;
pub mod merge;
pub mod model;
pub mod orphans;
pub mod problem;
pub mod review;
pub mod store;
