//! Every screen at 80×24 and 40×12, in Vietnamese and English, as insta snapshots of a
//! TestBackend; plus cell-style checks that meaning is carried by symbol, word and style.
#![allow(clippy::unwrap_used)]

use crate::common::*;
use hocso::app::Event;
use hocso::progress::model::Theme as ThemeName;
use hocso::ui::keymap::Key;
use hocso::ui::lang::Lang;
use hocso::ui::theme::{Role, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

const SIZES: [(u16, u16); 2] = [(80, 24), (40, 12)];

fn draw(d: &Driver, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    let theme = Theme::new(d.app.theme, false);
    term.draw(|f| hocso::ui::render(&d.app, theme, f.area(), f.buffer_mut()))
        .unwrap();
    term
}

/// Builds a state at each size and language and snapshots it.
fn snap(name: &str, build: impl Fn(&mut Driver)) {
    for lang in [Lang::Vi, Lang::En] {
        for (w, h) in SIZES {
            let an1 = learner("an-1", "Nguyễn Văn An", Some(1958), Some("Thôn 1"));
            let an2 = learner("an-2", "Nguyễn Văn An", Some(1971), Some("Lớp chiều"));
            let hoa = learner("hoa-1", "Nguyễn Thị Hoa", Some(1960), Some("Thôn 2"));
            let mut d = Driver::new(vec![summary(&an1), summary(&an2), summary(&hoa)], lang);
            d.send(Event::Resize(w, h));
            build(&mut d);
            // Opening a learner applies their settings; keep the language under test.
            d.app.lang = lang;
            let term = draw(&d, w, h);
            insta::assert_snapshot!(format!("{name}_{}_{w}x{h}", lang.code()), term.backend());
        }
    }
}

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
fn picker() {
    snap("picker", |_| {});
    snap("picker_filtered", |d| d.chars("an"));
}

#[test]
fn new_learner() {
    snap("new_learner_error", |d| {
        d.keys(&[Key::Up, Key::Enter, Key::Enter]);
    });
}

#[test]
fn map() {
    snap("map", open_hoa);
}

#[test]
fn reader() {
    snap("reader", |d| {
        open_hoa(d);
        d.key(Key::Enter);
    });
    snap("glossary", |d| {
        open_hoa(d);
        d.keys(&[Key::Enter, Key::Char('g')]);
    });
}

#[test]
fn quiz_screens() {
    snap("quiz_one", quiz1);
    snap("quiz_one_wrong", |d| {
        quiz1(d);
        d.keys(&[Key::Char('2'), Key::Enter]);
    });
    snap("quiz_help", |d| {
        quiz1(d);
        d.key(Key::Char('?'));
    });
    snap("quiz_many_hint", |d| {
        quiz1(d);
        d.keys(&[
            Key::Char('1'),
            Key::Enter,
            Key::Enter,
            Key::Char('2'),
            Key::Enter,
            Key::Enter,
        ]);
        d.key(Key::Char('1'));
    });
    snap("quiz_text_typing_g", |d| {
        quiz2(d);
        d.chars("gq");
    });
    snap("quiz_text_wrong", |d| {
        quiz2(d);
        d.chars("OPT");
        d.keys(&[Key::Tab, Key::Enter]);
    });
    snap("quiz_order", |d| {
        quiz2(d);
        d.chars("OTP");
        d.keys(&[Key::Enter, Key::Enter, Key::Char('2')]);
    });
    snap("quiz_match", |d| {
        quiz2(d);
        d.chars("OTP");
        d.keys(&[
            Key::Enter,
            Key::Enter,
            Key::Char('1'),
            Key::Char('2'),
            Key::Char('3'),
            Key::Enter,
            Key::Enter,
        ]);
        d.key(Key::Char('1'));
    });
    snap("summary", |d| {
        quiz1(d);
        d.keys(&[
            Key::Char('2'),
            Key::Enter,
            Key::Enter,
            Key::Char('2'),
            Key::Enter,
            Key::Enter,
        ]);
        let right = [d.choice("goi"), d.choice("chup")];
        d.keys(&[right[0], right[1], Key::Enter, Key::Enter]);
    });
}

#[test]
fn settings_and_notice() {
    snap("settings", |d| {
        open_hoa(d);
        d.key(Key::Char('s'));
    });
    snap("notice_stale", |d| {
        d.send(Event::LockHeld {
            id: "hoa-1".into(),
            message: "Bác Hoa đang học dở trên máy PC-3 từ 14:05.".into(),
            stale: true,
        });
    });
}

#[test]
fn too_small_screen() {
    for lang in [Lang::Vi, Lang::En] {
        let d = Driver::new(vec![], lang);
        let term = draw(&d, 30, 8);
        insta::assert_snapshot!(format!("too_small_{}", lang.code()), term.backend());
    }
}

/// First cell of `text` on screen.
fn find(buf: &Buffer, text: &str) -> (u16, u16) {
    let area = buf.area;
    for y in 0..area.height {
        let row: String = (0..area.width)
            .map(|x| buf[(x, y)].symbol().to_string())
            .collect();
        if let Some(i) = row.find(text) {
            let col = row[..i].chars().count() as u16;
            return (col, y);
        }
    }
    panic!("{text:?} not on screen:\n{buf:?}");
}

fn assert_style(buf: &Buffer, at: (u16, u16), want: ratatui::style::Style) {
    let got = buf[at].style();
    let c = |c: Option<ratatui::style::Color>| c.unwrap_or(ratatui::style::Color::Reset);
    assert_eq!(
        (c(got.fg), c(got.bg), got.add_modifier),
        (c(want.fg), c(want.bg), want.add_modifier),
        "cell {at:?}"
    );
}

#[test]
fn right_wrong_and_selected_carry_style_and_symbol() {
    for name in [ThemeName::Default, ThemeName::HighContrast] {
        let mut d = Driver::new(vec![], Lang::Vi);
        quiz1(&mut d);
        d.app.theme = name;
        let theme = Theme::new(name, false);
        // Selected row before answering.
        let term = draw(&d, 80, 24);
        let buf = term.backend().buffer();
        let (x, y) = find(buf, "› ( ) 1.");
        assert_style(buf, (x, y), theme.style(Role::Selected));
        // Wrong answer: ✗ on the chosen row, ✓ on the right one, and the words. Rows follow
        // the attempt's shuffled order, so they are found by choice id.
        let (wrong, right) = (d.choice("trai"), d.choice("phai"));
        let digit = |k: Key| match k {
            Key::Char(c) => c,
            _ => unreachable!(),
        };
        d.keys(&[wrong, Key::Enter]);
        let term = draw(&d, 80, 24);
        let buf = term.backend().buffer();
        let (x, y) = find(buf, &format!("✗ (•) {}.", digit(wrong)));
        assert_style(buf, (x, y), theme.style(Role::Incorrect));
        let (x, y) = find(buf, &format!("✓ ( ) {}.", digit(right)));
        assert_style(buf, (x, y), theme.style(Role::Correct));
        let (x, y) = find(buf, "✗ Chưa đúng");
        assert_style(buf, (x, y), theme.style(Role::Incorrect));
        assert_ne!(theme.style(Role::Correct), theme.style(Role::Incorrect));
    }
}

#[test]
fn no_color_keeps_meaning_without_colour() {
    let theme = Theme::new(ThemeName::Default, true);
    for role in [
        Role::Selected,
        Role::Correct,
        Role::Incorrect,
        Role::KeyHint,
        Role::Title,
    ] {
        let s = theme.style(role);
        assert_eq!(
            (s.fg, s.bg),
            (None, None),
            "{role:?} has colour under NO_COLOR"
        );
    }
    assert!(
        theme
            .style(Role::Selected)
            .add_modifier
            .contains(ratatui::style::Modifier::REVERSED)
    );
}
