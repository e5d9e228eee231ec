//! What the trainer and the commune office use: class lists ([`roster`]), reports ([`report`]), the
//! trainer PIN ([`pin`]), certificates ([`certificate`]) and which unit a data folder belongs to
//! ([`unit`]).

pub mod certificate;
pub mod pin;
pub mod report;
pub mod roster;
pub mod unit;
