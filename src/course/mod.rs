//! Courses: the lesson file format ([`raw`]), the checked model ([`model`]), loading and checking.
//!
//! Pipeline (all pure): bytes → [`read`] (encoding, YAML tree via [`yaml`]) → [`files`] and
//! [`question`] (decode with [`decode`] helpers, per-file rules) → [`check`] (across files) →
//! [`convert`] (model). [`load::load`] runs it; [`source`] finds the files.

pub mod cause;
mod check;
mod convert;
pub mod decode;
pub mod diagnostic;
pub mod files;
pub mod load;
pub mod meta;
pub mod model;
pub mod month;
mod parts;
pub mod plain;
pub mod question;
pub mod raw;
mod read;
pub mod source;
pub mod spoken;
pub mod text;
pub mod yaml;

pub use model::*;
