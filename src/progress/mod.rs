//! Learner progress: the records ([`model`]) and, in the shell, the store that keeps them on disk.

pub mod model;
