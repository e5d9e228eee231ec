//! The settings screen: per-learner language (switches live) and theme; this PC's symbols and
//! mouse; the readiness check.

use super::{Action, App, Effect, MapState, Screen, SymbolSet};
use crate::progress::model::Theme;
use crate::ui::lang::Lang;

/// Settings rows: 0 language, 1 theme, 2 symbols, 3 mouse, 4 readiness check.
pub const SETTINGS_ROWS: usize = 5;

pub(super) fn act(app: &mut App, a: Action) -> Vec<Effect> {
    let Screen::Settings(row) = &mut app.screen else {
        return Vec::new();
    };
    match a {
        Action::Up => *row = row.saturating_sub(1),
        Action::Down => *row = (*row + 1).min(SETTINGS_ROWS - 1),
        // Five rows: a page is all of them.
        Action::Home | Action::PageUp => *row = 0,
        Action::End | Action::PageDown => *row = SETTINGS_ROWS - 1,
        Action::Pick(n) if (1..=SETTINGS_ROWS as u8).contains(&n) => {
            *row = usize::from(n - 1);
            return toggle_setting(app);
        }
        Action::Confirm | Action::Toggle | Action::Left | Action::Right => {
            return toggle_setting(app);
        }
        Action::Back => app.screen = Screen::Map(MapState::recommended(app)),
        _ => {}
    }
    Vec::new()
}

fn toggle_setting(app: &mut App) -> Vec<Effect> {
    let Screen::Settings(row) = app.screen else {
        return Vec::new();
    };
    match row {
        2 => {
            app.symbols = match app.symbols {
                SymbolSet::Unicode => SymbolSet::Ascii,
                SymbolSet::Ascii => SymbolSet::Unicode,
            };
            return vec![Effect::SavePc(super::ready::pc_settings(app))];
        }
        3 => {
            app.mouse = !app.mouse;
            return vec![Effect::SavePc(super::ready::pc_settings(app))];
        }
        4 => {
            super::ready::open(app);
            return Vec::new();
        }
        _ => {}
    }
    if row == 0 {
        app.lang = match app.lang {
            Lang::Vi => Lang::En,
            Lang::En => Lang::Vi,
        };
    } else {
        app.theme = match app.theme {
            Theme::Default => Theme::HighContrast,
            Theme::HighContrast => Theme::Default,
        };
    }
    let (lang, theme) = (app.lang, app.theme);
    match app.learner.as_mut() {
        Some(lf) => {
            lf.settings.language = Some(lang);
            lf.settings.theme = theme;
            vec![Effect::Save]
        }
        None => Vec::new(),
    }
}
