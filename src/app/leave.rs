//! Leaving: Ctrl+C, Esc on the picker, back to the picker, out of the program — the same
//! rules at home, in classroom mode and in the trainer's window of `hocso serve`.

use super::{App, Effect, Overlay, Picker, PinEntry, Screen};

/// Ctrl+C. At home it saves and leaves at once; in classroom mode it only closes the learner's
/// work and goes back to the picker (on the picker it asks for the trainer PIN).
pub(super) fn quit(app: &mut App) -> Vec<Effect> {
    if app.classroom && app.preview.is_none() {
        app.overlay = None;
        return match app.screen {
            Screen::Picker(_) | Screen::Pin(_) => ask_to_leave(app),
            _ => to_picker(app),
        };
    }
    quit_now(app)
}

/// Esc on the picker: "leave the program?", or the trainer PIN in classroom mode.
pub(crate) fn ask_to_leave(app: &mut App) -> Vec<Effect> {
    if app.classroom {
        app.overlay = None;
        app.screen = Screen::Pin(PinEntry {
            quit: true,
            ..PinEntry::default()
        });
    } else {
        app.overlay = Some(Overlay::ConfirmQuit);
    }
    Vec::new()
}

/// Closes the open learner (saved one last time by the shell) and shows the picker.
pub(crate) fn to_picker(app: &mut App) -> Vec<Effect> {
    app.screen = Screen::Picker(Picker::default());
    app.review = None;
    app.back_to = None;
    let closing = app.learner.take();
    // The next person at this shared PC starts from the classroom defaults.
    app.lang = app.start_lang;
    app.theme = Default::default();
    closing
        .map(|lf| Effect::Close(Box::new(lf)))
        .into_iter()
        .collect()
}

/// Leaves the program (the shell prints the goodbye line once the screen is given back).
pub(crate) fn quit_now(app: &mut App) -> Vec<Effect> {
    app.quitting = true;
    if app.learner.is_some() {
        vec![Effect::Save, Effect::Quit]
    } else {
        vec![Effect::Quit]
    }
}
