//! `hocso serve`: the real server and real learner programs, driven over WebSocket (and, in
//! `browser`, by headless Chromium). Its own test binary: these tests spawn processes and open
//! ports, and must stay out of the library tests that run under Wine.

#[path = "../common/mod.rs"]
mod common;

mod browser;
mod harness;
mod join;
mod limits;
mod session;
mod tls;
mod trainer;
