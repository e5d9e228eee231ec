//! Ending cleanly when the OS asks us to stop: SIGTERM, SIGINT sent by `kill`, SIGHUP (the
//! terminal window closed) and SIGQUIT on Unix; console close, Ctrl+Break and log-off on
//! Windows. The terminal is given back (raw mode off, main screen, cursor shown) and every
//! session note this process wrote is removed, so the next start does not ask about a stale
//! session. Work is already on disk: every page turn and answer is saved when it happens.
//!
//! A panic in the learner program ends it the same way, from its panic hook ([`clean_up`]): the
//! release build aborts on a panic, so no `Drop` runs there.
//! Platform code is the two small `listen` functions; the rest is shared.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

static INSTALLED: AtomicBool = AtomicBool::new(false);
/// The line printed on the normal screen when a signal ends the program.
static GOODBYE: Mutex<String> = Mutex::new(String::new());

/// The goodbye line for the learner on screen now (set by the shell with every frame).
pub fn goodbye(line: &str) {
    if let Ok(mut g) = GOODBYE.lock()
        && *g != line
    {
        line.clone_into(&mut g);
    }
}

/// Starts listening (once per process; later calls do nothing). Called by `main` for every
/// command, so a CLI command holding a learner's session cleans up too.
pub fn install() {
    if INSTALLED.swap(true, Ordering::SeqCst) {
        return;
    }
    listen();
}

/// What `Drop` would have done before the process ends without it (a signal, or a panic in the
/// release build, which aborts): removes this process's session notes, stops the voice (it must
/// not outlive the program) and gives the terminal back. True when the terminal was up.
pub fn clean_up() -> bool {
    crate::store::lock::remove_held_notes();
    crate::speech::engine::stop_all();
    crate::front::term::give_back_if_up()
}

/// Removes the notes, gives the terminal back and ends the process with `code`.
fn cleanup_and_exit(code: i32) -> ! {
    if clean_up()
        && let Ok(g) = GOODBYE.lock()
        && !g.is_empty()
    {
        crate::outln!("{g}");
    }
    std::process::exit(code)
}

#[cfg(unix)]
fn listen() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGTERM, SIGINT, SIGHUP, SIGQUIT])
    else {
        return;
    };
    let _ = std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if let Some(sig) = signals.forever().next() {
                cleanup_and_exit(128 + sig);
            }
        });
}

#[cfg(windows)]
fn listen() {
    // ctrlc (feature "termination") runs this for Ctrl+C, Ctrl+Break and closing the console.
    let _ = ctrlc::set_handler(|| {
        cleanup_and_exit(130);
    });
}

#[cfg(not(any(unix, windows)))]
fn listen() {}
