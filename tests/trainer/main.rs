//! What the trainer and the commune office use: class view, roster import, reports, certificates.
//!
//! One test binary per area (each links the whole program once); one module per former file.

#[path = "../common/mod.rs"]
mod common;

mod certificate_class;
mod certificate_cli;
mod classview;
mod classview_cli;
mod office_lists;
mod office_people;
mod office_period;
mod office_print;
mod office_report;
mod office_roster;
mod office_update;
mod trainer_cli;
mod trainer_report;
