//! The learner program: the app core driven by keys, its screens, and the real binary in a pseudo-terminal.
//!
//! One test binary per area (each links the whole program once); one module per former file.

#[path = "../common/mod.rs"]
mod common;
#[path = "../common/fake.rs"]
mod fake;

mod app_doc;
mod app_flow;
mod app_keymap;
mod app_reach;
mod app_record;
mod course_fit;
mod e2e_listen;
mod e2e_pty;
mod e2e_reach;
mod harden_pty;
mod home_cert;
mod listen_linear;
mod long_titles;
mod markdown_screens;
mod nav_keys;
mod nav_leave;
mod nav_ready_ascii;
mod nav_review_trip;
mod nav_scroll;
mod plain_words;
mod pty;
mod reach_screens;
mod review_app;
mod review_schedule;
mod shuffle_choices;
mod slow_voice;
mod ui_snapshots;
