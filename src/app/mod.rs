//! The learner app as a pure state machine: `update(&mut App, Msg) -> Vec<Effect>`.
//! (Filled in by the learner TUI issue.)
