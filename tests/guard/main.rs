//! Guards over the sources and locales: pure core, no import circles, printing, UI strings.
//!
//! One test binary per area (each links the whole program once); one module per former file.

mod guard_imports;
mod guard_print;
mod guard_reads;
mod locales;
