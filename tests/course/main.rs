//! Lessons and their authoring: loading, the validator, schemas, the built-in course.
//!
//! One test binary per area (each links the whole program once); one module per former file.

#[path = "../common/mod.rs"]
mod common;

mod authoring;
mod builtin_course;
mod course_quota;
mod course_sources;
mod lesson_meta;
mod schema_agreement;
mod validate_cli;
mod validate_contract;
mod validate_fixtures;
mod validate_robust;
mod validate_trainer;
