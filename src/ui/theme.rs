//! Semantic colours: screens ask for a role (title, selected, correct…), the theme decides the
//! look. Default and high-contrast (projector) variants; `NO_COLOR` keeps only bold/reverse/
//! underline, which is enough because right and wrong always carry a symbol and a word too.

use ratatui::style::{Color, Modifier, Style};

use crate::app::doc;
use crate::progress::model::Theme as ThemeName;

/// What a piece of the screen means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Title,
    Body,
    Muted,
    Selected,
    Correct,
    Incorrect,
    KeyHint,
    Warning,
    Heading,
    Strong,
    Emph,
    Term,
    Callout,
    CalloutLabel,
    Code,
}

/// A theme: its variant and whether colour is allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub name: ThemeName,
    pub color: bool,
}

impl Theme {
    /// The theme for a learner's setting, honouring `NO_COLOR` (the caller reads the variable).
    pub fn new(name: ThemeName, no_color: bool) -> Theme {
        Theme {
            name,
            color: !no_color,
        }
    }

    /// The style of a role.
    pub fn style(&self, role: Role) -> Style {
        let s = Style::new();
        let bold = Modifier::BOLD;
        let plain = match role {
            Role::Title | Role::Heading | Role::Strong | Role::CalloutLabel => s.add_modifier(bold),
            Role::Selected => s.add_modifier(Modifier::REVERSED | bold),
            Role::Correct | Role::Incorrect | Role::Warning => s.add_modifier(bold),
            Role::KeyHint => s.add_modifier(bold | Modifier::REVERSED),
            Role::Emph => s.add_modifier(Modifier::ITALIC),
            Role::Term => s.add_modifier(Modifier::UNDERLINED | bold),
            Role::Muted => s.add_modifier(Modifier::DIM),
            Role::Body | Role::Callout | Role::Code => s,
        };
        if !self.color {
            return plain;
        }
        let hc = self.name == ThemeName::HighContrast;
        let fg = |c: Color| plain.fg(c);
        match (role, hc) {
            (Role::Title | Role::Heading, false) => fg(Color::Cyan),
            (Role::Title | Role::Heading, true) => fg(Color::White).bg(Color::Black),
            (Role::Selected, false) => s.fg(Color::Black).bg(Color::Cyan).add_modifier(bold),
            (Role::Selected, true) => s.fg(Color::Black).bg(Color::Yellow).add_modifier(bold),
            (Role::Correct, false) => fg(Color::Green),
            (Role::Correct, true) => fg(Color::LightGreen).bg(Color::Black),
            (Role::Incorrect, false) => fg(Color::Red),
            (Role::Incorrect, true) => fg(Color::LightRed).bg(Color::Black),
            (Role::KeyHint, false) => s.fg(Color::Black).bg(Color::Gray).add_modifier(bold),
            (Role::KeyHint, true) => s.fg(Color::Black).bg(Color::White).add_modifier(bold),
            (Role::Warning, _) => fg(Color::Yellow),
            (Role::Term, false) => fg(Color::Magenta),
            (Role::Term, true) => fg(Color::LightYellow),
            (Role::Callout | Role::CalloutLabel, false) => fg(Color::LightBlue),
            (Role::Callout | Role::CalloutLabel, true) => fg(Color::LightCyan),
            (Role::Muted, true) => s.fg(Color::Gray),
            (Role::Muted, false) => fg(Color::DarkGray).remove_modifier(Modifier::DIM),
            (Role::Code, _) => fg(Color::Green),
            (_, true) => fg(Color::White),
            _ => plain,
        }
    }

    /// The style of a Markdown role.
    pub fn doc(&self, role: doc::Role) -> Style {
        self.style(match role {
            doc::Role::Body => Role::Body,
            doc::Role::Strong => Role::Strong,
            doc::Role::Emph => Role::Emph,
            doc::Role::Heading => Role::Heading,
            doc::Role::Term => Role::Term,
            doc::Role::CalloutLabel => Role::CalloutLabel,
            doc::Role::Callout => Role::Callout,
            doc::Role::Code => Role::Code,
            doc::Role::Marker => Role::Muted,
        })
    }
}
