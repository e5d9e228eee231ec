//! "Kết quả của tôi": the learner's own results, to show a trainer or family. Read-only.

use super::{Action, App, Effect, MapState, Screen};

pub(super) fn act(app: &mut App, a: Action) -> Vec<Effect> {
    let Screen::Results(scroll) = &mut app.screen else {
        return Vec::new();
    };
    match a {
        Action::Up => *scroll = scroll.saturating_sub(1),
        Action::Down => *scroll += 1,
        Action::PageUp => *scroll = scroll.saturating_sub(10),
        Action::PageDown => *scroll += 10,
        Action::Back | Action::Confirm => app.screen = Screen::Map(MapState::recommended(app)),
        _ => {}
    }
    Vec::new()
}
