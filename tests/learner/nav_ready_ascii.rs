//! The readiness check and the ASCII symbol set (issue 22, item 8): Esc is recorded as "skip"
//! so the check does not come back at every start; in ASCII the row cursor and the "in
//! progress" mark differ; the footer names the arrow keys in words; the font advice names a
//! font with Vietnamese tone marks.
#![allow(clippy::unwrap_used)]

use crate::common::*;
use hocso::app::{Effect, PcSettings, ReadyAnswer, Screen, SymbolSet};
use hocso::ui::keymap::Key;
use hocso::ui::lang::Lang;

#[test]
fn esc_on_the_readiness_check_is_stored_as_skip() {
    let mut d = Driver::new(Vec::new(), Lang::Vi);
    hocso::app::ready::open(&mut d.app);
    assert!(matches!(d.app.screen, Screen::Ready(_)));
    let fx = d.key(Key::Esc);
    assert!(matches!(d.app.screen, Screen::Picker(_)), "Esc goes on");
    let saved = fx.iter().find_map(|e| match e {
        Effect::SavePc(s) => Some(*s),
        _ => None,
    });
    let saved = saved.expect("Esc saves this PC's answer");
    assert_eq!(saved.checked, ReadyAnswer::Skip);
    assert_eq!(saved.symbols, SymbolSet::Unicode, "nothing else changed");

    // Stored, it means "asked already": the shell only opens the check when nothing is stored.
    let dir = tempfile::tempdir().unwrap();
    hocso::store::classroom::save_pc(dir.path(), &saved).unwrap();
    let back = hocso::store::classroom::load_pc(dir.path()).unwrap();
    assert_eq!(back.checked, ReadyAnswer::Skip);

    // From Settings the check can still be taken, and an answer replaces the skip.
    hocso::app::ready::open(&mut d.app);
    let fx = d.key(Key::Enter);
    assert!(fx.contains(&Effect::SavePc(PcSettings {
        checked: ReadyAnswer::Clear,
        ..saved
    })));
}

#[test]
fn a_file_from_before_the_answer_was_kept_still_loads() {
    let dir = tempfile::tempdir().unwrap();
    let old = PcSettings {
        symbols: SymbolSet::Ascii,
        mouse: false,
        checked: ReadyAnswer::Unknown,
    };
    hocso::store::classroom::save_pc(dir.path(), &old).unwrap();
    let files: Vec<_> = walk(dir.path());
    assert_eq!(files.len(), 1, "{files:?}");
    std::fs::write(&files[0], r#"{"symbols":"ascii","mouse":false}"#).unwrap();
    assert_eq!(hocso::store::classroom::load_pc(dir.path()), Some(old));
}

fn walk(p: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(p).unwrap() {
        let path = e.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn in_ascii_the_cursor_and_a_lesson_under_way_look_different_and_arrows_are_words() {
    let ascii = hocso::ui::symbols::of(SymbolSet::Ascii);
    assert_ne!(ascii.cursor, ascii.in_progress);
    let hoa = learner("hoa-1", "Nguyễn Thị Hoa", None, None);
    let mut d = Driver::new(vec![summary(&hoa)], Lang::Vi);
    d.app.symbols = SymbolSet::Ascii;
    d.keys(&[Key::Down, Key::Enter]);
    d.open(hoa);
    // Lesson 1 under way, then the cursor moved to lesson 2.
    d.keys(&[Key::Enter, Key::Char('q'), Key::Down]);
    let map = screen(&d, 80, 24);
    let row = |title: &str| map.lines().find(|l| l.contains(title)).unwrap().to_string();
    let (first, second) = (row("Làm quen"), row("Các kiểu câu hỏi"));
    assert!(first.trim_start().starts_with(ascii.in_progress), "{map}");
    assert!(second.trim_start().starts_with(ascii.cursor), "{map}");
    assert!(
        !first.contains(ascii.cursor),
        "lesson 1 looks selected:\n{map}"
    );
    for w in [40, 80] {
        let s = screen(&d, w, 24);
        assert!(s.contains("Lên/Xuống") && !s.contains("^/v"), "{s}");
    }
    d.key(Key::Char('?'));
    let help = screen(&d, 80, 24);
    assert!(
        help.contains("Lên/Xuống") && !help.contains("^/v"),
        "{help}"
    );
}

#[test]
fn the_font_advice_names_a_font_with_vietnamese_tone_marks() {
    for lang in ["vi", "en"] {
        let advice = hocso::ui::translate("reach.ready.font.windows", lang);
        assert!(advice.contains("Consolas"), "{advice}");
        assert!(
            !advice.contains("Lucida"),
            "Lucida Console lacks Vietnamese marks: {advice}"
        );
    }
}
