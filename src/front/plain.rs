//! The plain line mode (`hocso --plain`, and `TERM=dumb`): the same app and the same effect
//! runner as the full screen, driven by typed lines. Each screen is printed as plain lines (no
//! cursor movement, no colour), a typed line becomes the key actions it stands for: a number
//! chooses, `3 1 2 4` orders, `1b 2a` matches, `1 3` ticks, Enter goes on, `?` lists commands.

use std::io::BufRead;

use anyhow::Context as _;

use super::Shell;
use crate::app::{Action, App, Event, Overlay, Screen, quiz::question};
use crate::course::model::QuestionKind;
use crate::ui::plain;

/// The page width the line mode wraps to.
const WIDTH: u16 = 80;

/// What a typed line asks for.
#[derive(Debug, PartialEq)]
pub enum Command {
    Send(Vec<Event>),
    Help,
    /// `d` on the map: list every lesson again.
    ListMap,
    /// An answer that cannot be taken as it is, with what is missing, in words.
    Reason(String),
    Unknown,
}

fn reason(app: &App, key: &str, args: &[(&str, String)]) -> Command {
    let mut s = rust_i18n::t!(key, locale = app.lang.code()).into_owned();
    for (name, value) in args {
        s = s.replace(&format!("%{{{name}}}"), value);
    }
    Command::Reason(s)
}

/// "1 2 3 4" or "1a 2b 3c 4d" for a question of `n` rows.
fn example(n: usize, letters: bool) -> String {
    let w: Vec<String> = (1..=n.max(2))
        .map(|i| match letters {
            true => format!("{i}{}", crate::ui::plain::letter(i - 1)),
            false => i.to_string(),
        })
        .collect();
    w.join(" ")
}

fn acts(a: impl IntoIterator<Item = Action>) -> Command {
    Command::Send(a.into_iter().map(Event::Act).collect())
}

fn numbers(line: &str) -> Option<Vec<u8>> {
    line.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(|w| w.parse::<u8>().ok().filter(|n| *n > 0))
        .collect()
}

/// Replaces a typed field's content with `text`.
fn retype(len: usize, text: &str) -> Vec<Action> {
    let mut out = vec![Action::Erase; len];
    out.extend(text.chars().map(Action::Type));
    out
}

/// `1b 2a 3d 4c` → the right-hand picks in the order of the left-hand rows.
fn matches(line: &str, lefts: usize) -> Option<Vec<Action>> {
    let mut picks = vec![None; lefts];
    for w in line.split_whitespace() {
        let (num, letter) = w.split_at(w.find(|c: char| c.is_ascii_alphabetic())?);
        let left = num.parse::<usize>().ok()?.checked_sub(1)?;
        let mut l = letter.chars();
        let c = l.next()?.to_ascii_lowercase();
        if l.next().is_some() {
            return None;
        }
        let right = u8::try_from(u32::from(c).checked_sub(u32::from('a'))? + 1).ok()?;
        *picks.get_mut(left)? = Some(Action::Pick(right));
    }
    picks.into_iter().collect()
}

/// True when `line` is well-formed pairs (`1b 2a`), just fewer than `rows`.
fn matches_partly(line: &str, rows: usize) -> bool {
    let mut full = line.to_string();
    let given: Vec<usize> = line
        .split_whitespace()
        .filter_map(|w| {
            w.trim_end_matches(|c: char| c.is_ascii_alphabetic())
                .parse()
                .ok()
        })
        .collect();
    // Fill the missing rows with any letter: if that parses, only rows were missing.
    for r in (1..=rows).filter(|r| !given.contains(r)) {
        full.push_str(&format!(" {r}a"));
    }
    matches(&full, rows).is_some()
}

/// Commands shared by the learner screens.
fn learner_key(line: &str) -> Option<Action> {
    Some(match line {
        "n" | "N" => Action::ReadAloud,
        "h" | "H" => Action::RaiseHand,
        "q" | "Q" => Action::Back,
        _ => return None,
    })
}

/// A typed line → what it does on the screen now.
pub fn command(app: &App, line: &str) -> Command {
    let line = line.trim();
    if line == "?" {
        return Command::Help;
    }
    if let Some(ov) = &app.overlay {
        return match (ov, line) {
            (Overlay::Notice { .. }, "") => acts([Action::Confirm]),
            _ => acts([Action::Back]),
        };
    }
    let num = line.parse::<usize>().ok();
    match &app.screen {
        Screen::Picker(p) => match (line, num) {
            ("", _) => acts([Action::Confirm]),
            (_, Some(n)) => Command::Send(vec![Event::Choose(n)]),
            _ => acts(retype(p.filter.chars().count(), line)),
        },
        Screen::NewLearner(f) => {
            let mut a = retype(f.fields[f.focus].chars().count(), line);
            a.push(if f.focus < 2 {
                Action::NextField
            } else {
                Action::Confirm
            });
            acts(a)
        }
        Screen::Map(_) => match (line, num) {
            ("", _) => acts([Action::Confirm]),
            ("t" | "T", _) => acts([Action::Continue]),
            ("s" | "S", _) => acts([Action::Settings]),
            ("o" | "O", _) => acts([Action::Review]),
            ("k" | "K", _) => acts([Action::Results]),
            ("d" | "D", _) => Command::ListMap,
            (_, Some(n)) if n > 0 => Command::Send(vec![Event::Choose(n - 1)]),
            _ => learner_key(line).map_or(Command::Unknown, |a| acts([a])),
        },
        Screen::Reader(_) => match line {
            "" => acts([Action::Right]),
            "b" | "B" => acts([Action::Left]),
            "g" | "G" => acts([Action::Glossary]),
            _ => learner_key(line).map_or(Command::Unknown, |a| acts([a])),
        },
        Screen::Quiz(q) if q.feedback.is_some() => match line {
            "" => acts([Action::Confirm]),
            "b" | "B" => acts([Action::SeePage]),
            _ => learner_key(line).map_or(Command::Unknown, |a| acts([a])),
        },
        Screen::Quiz(q) => {
            if let Some(a) = learner_key(line) {
                return acts([a]);
            }
            if matches!(line, "g" | "G") {
                return acts([Action::Hint]);
            }
            let Some(question) = question(app, q) else {
                return Command::Unknown;
            };
            let picks = || numbers(line).map(|ns| ns.into_iter().map(Action::Pick));
            let rows = match &question.kind {
                QuestionKind::One { choices } | QuestionKind::Many { choices } => choices.len(),
                QuestionKind::TrueFalse { .. } => 2,
                QuestionKind::Order { items } => items.len(),
                QuestionKind::Match { pairs } => pairs.len(),
                QuestionKind::Text { .. } => 0,
            };
            let total = ("total", rows.to_string());
            let typed = numbers(line).unwrap_or_default();
            let out_of_range = typed.iter().any(|n| usize::from(*n) > rows);
            let mut out: Vec<Action> = match &question.kind {
                QuestionKind::Text { .. } => retype(q.input.text.chars().count(), line),
                QuestionKind::Many { .. } if line.is_empty() => {
                    return reason(app, "listen.reason.many_empty", &[]);
                }
                _ if line.is_empty() => Vec::new(),
                QuestionKind::One { .. } | QuestionKind::TrueFalse { .. } => match num {
                    Some(n) if (1..=rows).contains(&n) => {
                        vec![Action::Pick(u8::try_from(n).unwrap_or(0))]
                    }
                    Some(_) => return reason(app, "listen.reason.range", &[total]),
                    None => return reason(app, "listen.reason.one_form", &[total]),
                },
                _ if out_of_range => return reason(app, "listen.reason.range", &[total]),
                QuestionKind::Many { .. } => {
                    // Untick what is ticked, then tick what was typed.
                    let Some(p) = picks() else {
                        return reason(app, "listen.reason.one_form", &[total]);
                    };
                    let on = q.input.chosen.iter().enumerate().filter(|(_, c)| **c);
                    let off = on.map(|(i, _)| Action::Pick(u8::try_from(i + 1).unwrap_or(0)));
                    off.chain(p).collect()
                }
                QuestionKind::Order { .. } => {
                    let ex = ("example", example(rows, false));
                    let mut seen = typed.clone();
                    seen.sort_unstable();
                    seen.dedup();
                    match picks() {
                        _ if seen.len() != typed.len() => {
                            return reason(app, "listen.reason.order_twice", &[total, ex]);
                        }
                        Some(_) if typed.len() != rows => {
                            let n = ("n", typed.len().to_string());
                            return reason(app, "listen.reason.order_count", &[total, n, ex]);
                        }
                        Some(p) => vec![Action::Erase; q.input.placed.len()]
                            .into_iter()
                            .chain(p)
                            .collect(),
                        None => {
                            return reason(
                                app,
                                "listen.reason.order_count",
                                &[total, ("n", "0".into()), ex],
                            );
                        }
                    }
                }
                QuestionKind::Match { pairs } => {
                    let ex = ("example", example(rows, true));
                    let given = line.split_whitespace().count();
                    match matches(line, pairs.len()) {
                        Some(p) => vec![Action::Erase; q.input.placed.len()]
                            .into_iter()
                            .chain(p)
                            .collect(),
                        None if given < rows && matches_partly(line, rows) => {
                            let n = ("n", given.to_string());
                            return reason(app, "listen.reason.match_count", &[total, n, ex]);
                        }
                        None => return reason(app, "listen.reason.match_form", &[ex]),
                    }
                }
            };
            out.push(Action::Confirm);
            acts(out)
        }
        Screen::Results(_) => acts([Action::Back]),
        Screen::Summary(_) => match line {
            "" => acts([Action::Confirm]),
            "r" | "R" => acts([Action::RetryMissed]),
            "a" | "A" => acts([Action::RetryAll]),
            _ => learner_key(line).map_or(Command::Unknown, |a| acts([a])),
        },
        Screen::Settings(_) | Screen::Class(_) | Screen::Ready(_) => match (line, num) {
            ("", _) if matches!(app.screen, Screen::Ready(_)) => acts([Action::Confirm]),
            ("" | "q" | "Q", _) if !matches!(app.screen, Screen::Ready(_)) => {
                if line.is_empty() && matches!(app.screen, Screen::Class(_)) {
                    Command::Send(Vec::new())
                } else {
                    acts([Action::Back])
                }
            }
            (_, Some(n)) => acts([Action::Pick(u8::try_from(n).unwrap_or(0))]),
            _ => Command::Unknown,
        },
        Screen::Pin(p) => {
            let mut a = retype(p.typed.chars().count(), line);
            a.push(Action::Confirm);
            acts(a)
        }
    }
}

/// Plain text only: control characters (escape sequences) never reach the output.
fn safe(line: &str) -> String {
    line.chars().filter(|c| !c.is_control()).collect()
}

impl Shell {
    pub(super) fn plain_loop(&mut self) -> anyhow::Result<()> {
        let stdin = std::io::stdin();
        let mut input = stdin.lock();
        let mut out = crate::ui::safe_text::Out::new();
        self.send(Event::Resize(WIDTH, 24));
        self.ensure_course();
        let mut last: Vec<String> = Vec::new();
        // The map is listed in full once (and on `d`); after that, a short prompt.
        let mut map_listed = false;
        let mut list_map = false;
        while !self.app.quitting {
            if crate::app::class::showing(&self.app) {
                self.send_class(false);
            }
            let on_map = matches!(self.app.screen, Screen::Map(_)) && self.app.overlay.is_none();
            let lines = match on_map && map_listed && !list_map {
                true => plain::map_short(&self.app),
                false => plain::screen(&self.app),
            };
            if on_map {
                map_listed = true;
            }
            if lines != last || list_map {
                out.line("")?;
                for l in &lines {
                    out.line(&safe(l))?;
                }
            }
            last = lines;
            list_map = false;
            out.write("> ")?;
            out.flush()?;
            // As after a full-screen frame: page turns go to disk, a left lesson or a big
            // journal is folded into the snapshot. Answers were on disk before their feedback
            // was printed (`Shell::save` waits, then the app shows it).
            self.after_frame();
            let mut line = String::new();
            if input.read_line(&mut line).context("read line")? == 0 {
                // End of input (Ctrl+D): save and leave, as Ctrl+C does on the full screen.
                out.line("")?;
                self.send(Event::Act(Action::Quit));
                break;
            }
            self.reach.speaker.stop();
            let failures = self.save_failures;
            match command(&self.app, line.trim_end_matches(['\r', '\n'])) {
                Command::Send(events) => {
                    for ev in events {
                        self.send(ev);
                    }
                }
                Command::Help => {
                    let help = rust_i18n::t!("reach.plain.help", locale = self.lang());
                    out.line(&safe(&help))?;
                }
                Command::ListMap => list_map = true,
                Command::Reason(msg) => out.line(&safe(&msg))?,
                Command::Unknown => {
                    let msg = rust_i18n::t!("reach.plain.not_understood", locale = self.lang());
                    out.line(&safe(&msg))?;
                }
            }
            if self.save_failures != failures {
                // A save failed again: say so again, even if the screen looks the same.
                last.clear();
            }
        }
        out.flush()?;
        Ok(())
    }
}
