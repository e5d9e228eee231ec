//! Symbol sets: every screen in the ASCII set at 80×24 and 40×12 (insta snapshots), with no
//! cell an old console cannot draw; the readiness check, the raised-hand notice and the class
//! view's calls for help in both sets. (The Unicode set of the other screens: ui_snapshots.rs.)
#![allow(clippy::unwrap_used)]

use crate::common::*;
use hocso::app::{Event, Hand, SymbolSet, ready};
use hocso::ui::keymap::Key;
use hocso::ui::lang::Lang;
use hocso::ui::ready::SAMPLE_SYMBOLS;
use hocso::ui::symbols::console_safe;
use hocso::ui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const SIZES: [(u16, u16); 2] = [(80, 24), (40, 12)];

fn draw(d: &Driver, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    let theme = Theme::new(d.app.theme, false);
    term.draw(|f| hocso::ui::render(&d.app, theme, f.area(), f.buffer_mut()))
        .unwrap();
    term
}

fn driver(w: u16, h: u16) -> Driver {
    let an1 = learner("an-1", "Nguyễn Văn An", Some(1958), Some("Thôn 1"));
    let hoa = learner("hoa-1", "Nguyễn Thị Hoa", Some(1960), Some("Thôn 2"));
    let mut d = Driver::new(vec![summary(&an1), summary(&hoa)], Lang::Vi);
    d.send(Event::Resize(w, h));
    d
}

/// Snapshots a state in the given sets at both sizes; in ASCII, checks every cell.
fn snap(name: &str, sets: &[SymbolSet], build: impl Fn(&mut Driver)) {
    for &set in sets {
        for (w, h) in SIZES {
            let mut d = driver(w, h);
            d.app.symbols = set;
            build(&mut d);
            let term = draw(&d, w, h);
            let buf = term.backend().buffer();
            if set == SymbolSet::Ascii {
                // Only the readiness check's own sample line may show Unicode symbols.
                let sample = |c: char| name.starts_with("ready") && SAMPLE_SYMBOLS.contains(c);
                for cell in buf.content() {
                    assert!(
                        cell.symbol().chars().all(|c| console_safe(c) || sample(c)),
                        "{name} {w}x{h}: {:?} in ASCII\n{buf:?}",
                        cell.symbol()
                    );
                }
            }
            let tag = match set {
                SymbolSet::Ascii => "ascii",
                SymbolSet::Unicode => "unicode",
            };
            insta::assert_snapshot!(format!("{name}_{tag}_{w}x{h}"), term.backend());
        }
    }
}

const ASCII: &[SymbolSet] = &[SymbolSet::Ascii];
const BOTH: &[SymbolSet] = &[SymbolSet::Unicode, SymbolSet::Ascii];

fn open_hoa(d: &mut Driver) {
    d.open(learner(
        "hoa-1",
        "Nguyễn Thị Hoa",
        Some(1960),
        Some("Thôn 2"),
    ));
}

fn quiz1(d: &mut Driver) {
    open_hoa(d);
    d.keys(&[Key::Enter, Key::Right, Key::Right]);
}

fn quiz2(d: &mut Driver) {
    open_hoa(d);
    d.keys(&[Key::Down, Key::Enter, Key::Right, Key::Right]);
}

#[test]
fn learner_screens_in_ascii() {
    snap("picker", ASCII, |_| {});
    snap("picker_filtered", ASCII, |d| d.chars("an"));
    snap("new_learner_error", ASCII, |d| {
        d.keys(&[Key::Up, Key::Up, Key::Enter, Key::Enter])
    });
    snap("map", ASCII, open_hoa);
    snap("reader", ASCII, |d| {
        open_hoa(d);
        d.key(Key::Enter);
    });
    snap("glossary", ASCII, |d| {
        open_hoa(d);
        d.keys(&[Key::Enter, Key::Char('g')]);
    });
    snap("settings", ASCII, |d| {
        open_hoa(d);
        d.key(Key::Char('s'));
    });
}

#[test]
fn quiz_screens_in_ascii() {
    snap("quiz_one", ASCII, quiz1);
    snap("quiz_one_wrong", ASCII, |d| {
        quiz1(d);
        d.keys(&[Key::Char('2'), Key::Enter]);
    });
    snap("quiz_help", ASCII, |d| {
        quiz1(d);
        d.key(Key::Char('?'));
    });
    snap("quiz_many", ASCII, |d| {
        quiz1(d);
        d.keys(&[Key::Char('1'), Key::Enter, Key::Enter, Key::Char('2')]);
        d.keys(&[Key::Enter, Key::Enter, Key::Char('1')]);
    });
    snap("quiz_text", ASCII, |d| {
        quiz2(d);
        d.chars("OTP");
    });
    snap("quiz_order", ASCII, |d| {
        quiz2(d);
        d.chars("OTP");
        d.keys(&[Key::Enter, Key::Enter, Key::Char('2')]);
    });
    snap("quiz_match_answered", ASCII, |d| {
        quiz2(d);
        d.chars("OTP");
        d.keys(&[Key::Enter, Key::Enter, Key::Char('1'), Key::Char('2')]);
        d.keys(&[Key::Char('3'), Key::Enter, Key::Enter]);
        d.keys(&[Key::Char('1'), Key::Char('2'), Key::Char('3'), Key::Enter]);
    });
    snap("summary", ASCII, |d| {
        quiz1(d);
        d.keys(&[Key::Char('2'), Key::Enter, Key::Enter, Key::Char('2')]);
        d.keys(&[Key::Enter, Key::Enter]);
        let right = [d.choice("goi"), d.choice("chup")];
        d.keys(&[right[0], right[1], Key::Enter, Key::Enter]);
    });
    snap("notice_stale", ASCII, |d| {
        d.send(Event::LockHeld {
            id: "hoa-1".into(),
            message: "Bác Hoa đang học dở trên máy PC-3 từ 14:05.".into(),
            stale: true,
        });
    });
}

#[test]
fn readiness_check_in_both_sets() {
    snap("ready_ask", BOTH, |d| ready::open(&mut d.app));
    snap("ready_no", BOTH, |d| {
        ready::open(&mut d.app);
        d.key(Key::Down);
    });
    snap("ready_advice", BOTH, |d| {
        ready::open(&mut d.app);
        d.key(Key::Char('2'));
    });
}

fn hand(at: &str) -> Hand {
    Hand {
        learner: "hoa-1".into(),
        name: "Nguyễn Thị Hoa".into(),
        lesson: Some("mau-lam-quen".into()),
        question: Some(2),
        since: at.parse().unwrap(),
    }
}

#[test]
fn raised_hands_in_both_sets() {
    snap("hand_sent", BOTH, |d| {
        quiz1(d);
        d.key(Key::Char('h'));
        d.send(Event::Hand(true));
    });
    snap("hand_up_quiz", BOTH, |d| {
        quiz1(d);
        d.send(Event::Hand(true));
        d.key(Key::Enter);
    });
    snap("class_hands", BOTH, |d| {
        let report = hocso::trainer::report::build(&d.app.course, &[]);
        d.send(Event::ClassRefreshed {
            report: Box::new(report),
            open: true,
        });
        // The view's clock is the refresh time: Hoa has waited 7 minutes.
        let now = d.now;
        let seven = now.checked_sub(jiff::SignedDuration::from_mins(7)).unwrap();
        d.send(Event::Hands(vec![hand(&seven.to_string())]));
    });
}

#[test]
fn too_small_in_ascii() {
    let mut d = Driver::new(vec![], Lang::Vi);
    d.app.symbols = SymbolSet::Ascii;
    let term = draw(&d, 30, 8);
    insta::assert_snapshot!("too_small_ascii", term.backend());
}
