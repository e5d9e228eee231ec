//! Learner progress, pure: the records ([`model`]), ids ([`id`]), joining copies ([`merge`]), the
//! changes between two versions ([`change`]), spaced review ([`review`]) and records pointing at ids
//! the course no longer has ([`orphans`]). Keeping them on disk is [`crate::store`]'s.

pub mod change;
pub mod id;
pub mod merge;
pub mod model;
pub mod orphans;
pub mod review;
