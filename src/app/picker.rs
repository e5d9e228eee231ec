//! First screen: pick your name (typing filters), or create a new learner.

use super::{Action, App, Effect, Screen};
use crate::quiz::answer::{fold_case, fold_diacritics, tidy};

pub use crate::progress::merge::LearnerSummary;

/// A learner to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLearner {
    pub name: String,
    pub birth_year: Option<u16>,
    pub group: Option<String>,
}

/// Picker state. Row 0 is "Người học mới"; rows 1.. are the learners matching the filter.
/// `top` is the first row on view: it moves only as far as the selection needs, so a click on
/// a name in view leaves every row where it was (see [`follow`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Picker {
    pub filter: String,
    pub selected: usize,
    pub top: usize,
}

/// Lines above the list: the welcome (on a body of 16 rows or more), the search line and a
/// blank line (as the renderer draws them).
pub fn head_lines(body: u16) -> u16 {
    if body < 16 { 2 } else { 3 }
}

/// After a message: the list follows its selection.
pub(super) fn follow(app: &mut App) {
    let body = app
        .size
        .1
        .saturating_sub(super::footer_height(app.size.0) + 1);
    let h = usize::from(body.saturating_sub(head_lines(body))).max(1);
    let n = visible(
        &app.learners,
        match &app.screen {
            Screen::Picker(p) => &p.filter,
            _ => return,
        },
    )
    .len();
    if let Screen::Picker(p) = &mut app.screen {
        p.top = super::course_map::keep_in_view(p.top, p.selected, h, n + 1);
    }
}

/// The new-learner form: name, year of birth, thôn/lớp.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Form {
    pub fields: [String; 3],
    pub focus: usize,
    /// i18n key of the problem to show, if any.
    pub error: Option<&'static str>,
}

fn key(s: &str) -> String {
    fold_case(&fold_diacritics(s))
}

/// Replaces the learner list, sorted by name (accent-insensitive), then year of birth.
pub fn set_learners(app: &mut App, mut list: Vec<LearnerSummary>) {
    list.sort_by(|a, b| {
        (key(&a.name), a.birth_year, &a.group, &a.id).cmp(&(
            key(&b.name),
            b.birth_year,
            &b.group,
            &b.id,
        ))
    });
    let first_list = app.learners.is_empty();
    app.learners = list;
    if let Screen::Picker(p) = &mut app.screen {
        let n = visible(&app.learners, &p.filter).len();
        p.selected = p.selected.min(n);
        // In a class most people already have a name on the list: start on the first name,
        // not on "Người học mới".
        if first_list && p.selected == 0 && n > 0 {
            p.selected = 1;
        }
    }
}

/// Learners matching `filter` (accent- and case-insensitive, on name, thôn/lớp or year).
pub fn visible<'a>(learners: &'a [LearnerSummary], filter: &str) -> Vec<&'a LearnerSummary> {
    let f = key(filter.trim());
    learners
        .iter()
        .filter(|l| {
            f.is_empty()
                || key(&l.name).contains(&f)
                || l.group.as_deref().is_some_and(|g| key(g).contains(&f))
                || l.birth_year.is_some_and(|y| y.to_string().contains(&f))
        })
        .collect()
}

pub(super) fn act(app: &mut App, a: Action) -> Vec<Effect> {
    match &mut app.screen {
        Screen::Picker(p) => {
            let n = visible(&app.learners, &p.filter).len();
            match a {
                Action::Up => p.selected = p.selected.saturating_sub(1),
                Action::Down => p.selected = (p.selected + 1).min(n),
                Action::PageUp => p.selected = p.selected.saturating_sub(5),
                Action::PageDown => p.selected = (p.selected + 5).min(n),
                Action::Home => p.selected = 0,
                Action::End => p.selected = n,
                Action::Type(c) => {
                    p.filter.push(c);
                    let n = visible(&app.learners, &p.filter).len();
                    p.selected = usize::from(n > 0);
                }
                Action::Erase => {
                    p.filter.pop();
                    p.selected = usize::from(!visible(&app.learners, &p.filter).is_empty());
                }
                Action::Back if !p.filter.is_empty() => {
                    p.filter.clear();
                    p.selected = 0;
                }
                // Esc never leaves at once: the program asks first (a farmer who pressed Esc
                // once too often must not land at the command prompt).
                Action::Back => return super::ask_to_leave(app),
                Action::Confirm if p.selected == 0 => {
                    let mut form = Form::default();
                    // What was typed to search is probably the new learner's name.
                    form.fields[0] = p.filter.clone();
                    app.screen = Screen::NewLearner(form);
                }
                Action::Confirm => {
                    if let Some(l) = visible(&app.learners, &p.filter).get(p.selected - 1) {
                        return vec![Effect::Open {
                            id: l.id.clone(),
                            take_over: false,
                        }];
                    }
                }
                _ => {}
            }
        }
        Screen::NewLearner(f) => match a {
            Action::Type(c) => {
                f.error = None;
                let field = &mut f.fields[f.focus];
                let room = if f.focus == 1 { 4 } else { 60 };
                if (f.focus != 1 || c.is_ascii_digit()) && field.chars().count() < room {
                    field.push(c);
                }
            }
            Action::Erase => {
                f.fields[f.focus].pop();
            }
            Action::Up => f.focus = f.focus.saturating_sub(1),
            Action::Down | Action::NextField => f.focus = (f.focus + 1) % 3,
            Action::Back => app.screen = Screen::Picker(Picker::default()),
            Action::Confirm => return submit(f),
            _ => {}
        },
        _ => {}
    }
    Vec::new()
}

fn submit(f: &mut Form) -> Vec<Effect> {
    let name = tidy(&f.fields[0]);
    if name.is_empty() {
        f.focus = 0;
        f.error = Some("new.name_required");
        return Vec::new();
    }
    let year = f.fields[1].trim();
    let birth_year = if year.is_empty() {
        None
    } else {
        match year.parse::<u16>() {
            Ok(y) if (1900..=2100).contains(&y) => Some(y),
            _ => {
                f.focus = 1;
                f.error = Some("new.year_invalid");
                return Vec::new();
            }
        }
    };
    let group = Some(tidy(&f.fields[2])).filter(|g| !g.is_empty());
    vec![Effect::Create(NewLearner {
        name,
        birth_year,
        group,
    })]
}
