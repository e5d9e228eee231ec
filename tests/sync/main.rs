//! Sync to the province database and its report, against a real throwaway PostgreSQL.
//!
//! One test binary per area (each links the whole program once); one module per former file.

#[path = "../common/fake.rs"]
mod fake;
#[path = "../common/pg.rs"]
mod pg;
#[path = "../common/syncing.rs"]
mod syncing;

mod sync_certs;
mod sync_cli;
mod sync_integrity;
mod sync_kill;
mod sync_pg;
mod sync_province_cli;
mod sync_report;
mod sync_roles;
mod sync_stage;
