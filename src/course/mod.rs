//! Courses: the lesson file format ([`raw`]), the checked model ([`model`]), loading and checking.

pub mod diagnostic;
pub mod load;
pub mod model;
pub mod raw;
pub mod source;
pub mod text;

pub use model::*;
