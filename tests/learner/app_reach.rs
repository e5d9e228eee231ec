//! Pointing and the other ways in, as app messages: clicks on the rows and footer buttons the
//! renderer reports (map, quiz choices, many/order/match, settings, readiness), the wheel,
//! plain-mode lines, raising a hand and reading aloud.
#![allow(clippy::unwrap_used)]

use crate::common::*;
use hocso::app::{Action, Effect, Event, Screen, SymbolSet, Target, ready};
use hocso::quiz::Answer;
use hocso::ui::keymap::Key;
use hocso::ui::lang::Lang;
use hocso::ui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// Draws the app and returns the frame and its click targets.
fn frame(d: &Driver) -> (Buffer, hocso::ui::Hits) {
    let (w, h) = d.app.size;
    let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
    let hits = hocso::ui::draw(&d.app, Theme::new(d.app.theme, false), buf.area, &mut buf);
    (buf, hits)
}

/// Clicks the first cell showing `text`, as the terminal would report it.
fn click_text(d: &mut Driver, text: &str) -> Vec<Effect> {
    let (buf, hits) = frame(d);
    let area = buf.area;
    for y in 0..area.height {
        let row: String = (0..area.width).map(|x| buf[(x, y)].symbol()).collect();
        let Some(i) = row.find(text) else { continue };
        let x = row[..i].chars().count() as u16;
        let Some(target) = hocso::ui::hit(&hits, x, y) else {
            continue;
        };
        if let Target::Row(_) = target {
            // Whole rows are targets, not single characters.
            assert_eq!(hocso::ui::hit(&hits, area.width - 2, y), Some(target));
        }
        return d.send(Event::Click(target));
    }
    panic!("{text:?} not clickable on screen\n{buf:?}");
}

fn start(lang: Lang) -> Driver {
    let mut d = Driver::new(vec![], lang);
    d.send(Event::Resize(80, 24));
    d.open(learner("hoa-1", "Nguyễn Thị Hoa", Some(1960), None));
    d
}

#[test]
fn a_lesson_with_clicks_only() {
    let mut d = start(Lang::Vi);
    // Map: a click selects the second lesson, a second click opens it; back, open the first.
    click_text(&mut d, "Các kiểu câu hỏi");
    assert!(matches!(&d.app.screen, Screen::Map(m) if m.selected == 1));
    click_text(&mut d, "Các kiểu câu hỏi");
    assert!(matches!(&d.app.screen, Screen::Reader(r) if r.lesson == "mau-tra-loi"));
    click_text(&mut d, "Về danh sách bài");
    click_text(&mut d, "Làm quen cách học");
    click_text(&mut d, "Làm quen cách học");
    // Footer buttons turn the pages.
    click_text(&mut d, "Trang sau");
    click_text(&mut d, "Làm bài");
    assert!(matches!(d.app.screen, Screen::Quiz(_)));
    // One: a click on the row chooses, the footer's "Trả lời" answers.
    click_text(&mut d, "Mũi tên phải");
    click_text(&mut d, "Trả lời");
    let Screen::Quiz(q) = &d.app.screen else {
        panic!()
    };
    assert_eq!(
        q.feedback.as_ref().unwrap().answer,
        Answer::One("phai".into())
    );
    click_text(&mut d, "Tiếp");
    click_text(&mut d, "Sai");
    click_text(&mut d, "Trả lời");
    click_text(&mut d, "Tiếp");
    // Many: clicks tick and untick.
    click_text(&mut d, "Chụp ảnh");
    click_text(&mut d, "Cày ruộng");
    click_text(&mut d, "Cày ruộng");
    click_text(&mut d, "Gọi video");
    click_text(&mut d, "Trả lời");
    let Screen::Quiz(q) = &d.app.screen else {
        panic!()
    };
    let fb = q.feedback.as_ref().unwrap();
    assert!(fb.grade.correct, "{:?}", fb.answer);
    click_text(&mut d, "Tiếp");
    assert!(matches!(&d.app.screen, Screen::Summary(s) if s.score == 100));
    assert!(d.effects.contains(&Effect::Save));
}

#[test]
fn order_and_match_by_clicks() {
    let mut d = start(Lang::Vi);
    d.keys(&[Key::Down, Key::Enter, Key::Right, Key::Right]);
    d.chars("OTP");
    d.keys(&[Key::Enter, Key::Enter]);
    // Order: click the steps in the right order, whatever order they are listed in.
    for step in ["Không đọc mã", "Tắt máy", "Tự gọi lại"] {
        click_text(&mut d, step);
    }
    click_text(&mut d, "Trả lời");
    let Screen::Quiz(q) = &d.app.screen else {
        panic!()
    };
    assert!(q.feedback.as_ref().unwrap().grade.correct);
    click_text(&mut d, "Tiếp");
    // Match: for each left row in turn, click its right-hand partner.
    for right in [
        "nhắn tin, gọi điện",
        "Ứng dụng ngân hàng",
        "Ứng dụng bản đồ",
    ] {
        click_text(&mut d, right);
    }
    click_text(&mut d, "Trả lời");
    let Screen::Quiz(q) = &d.app.screen else {
        panic!()
    };
    assert!(q.feedback.as_ref().unwrap().grade.correct);
}

#[test]
fn wheel_scrolls_the_reader_and_moves_in_lists() {
    let mut d = start(Lang::Vi);
    d.send(Event::Resize(40, 12));
    d.send(Event::Wheel { down: true });
    assert!(matches!(&d.app.screen, Screen::Map(m) if m.selected == 1));
    d.send(Event::Wheel { down: false });
    d.key(Key::Enter);
    d.send(Event::Wheel { down: true });
    let Screen::Reader(r) = &d.app.screen else {
        panic!()
    };
    assert!(r.scroll > 0 && r.page == 0, "{r:?}");
}

#[test]
fn settings_rows_click_and_store_per_pc() {
    let mut d = start(Lang::Vi);
    d.key(Key::Char('s'));
    // A click on a setting's row changes it at once.
    let fx = click_text(&mut d, "Chuột");
    assert!(matches!(&d.app.screen, Screen::Settings(3)));
    assert!(!d.app.mouse);
    assert!(matches!(&fx[..], [Effect::SavePc(p)] if !p.mouse));
    let fx = d.send(Event::Click(Target::Row(2)));
    assert!(matches!(&fx[..], [Effect::SavePc(p)] if p.symbols == SymbolSet::Ascii));
    d.send(Event::Click(Target::Row(4)));
    assert!(matches!(d.app.screen, Screen::Ready(_)));
}

#[test]
fn readiness_no_switches_to_ascii_and_goes_back() {
    let mut d = Driver::new(vec![], Lang::Vi);
    ready::open(&mut d.app);
    // The two big choices answer at the first click.
    let fx = click_text(&mut d, "Không, có chỗ bị lỗi");
    assert_eq!(d.app.symbols, SymbolSet::Ascii);
    assert!(matches!(&fx[..], [Effect::SavePc(p)] if p.symbols == SymbolSet::Ascii));
    let (buf, _) = frame(&d);
    let text: String = buf.content().iter().map(|c| c.symbol()).collect();
    assert!(text.contains("Consolas") || text.contains("console-setup"));
    click_text(&mut d, "Chọn");
    assert!(matches!(d.app.screen, Screen::Picker(_)));
    // Yes keeps Unicode.
    ready::open(&mut d.app);
    d.key(Key::Char('1'));
    assert_eq!(d.app.symbols, SymbolSet::Unicode);
    assert!(matches!(d.app.screen, Screen::Picker(_)));
}

#[test]
fn raising_a_hand_names_the_lesson_and_question() {
    let mut d = start(Lang::Vi);
    d.keys(&[
        Key::Enter,
        Key::Right,
        Key::Right,
        Key::Char('2'),
        Key::Enter,
        Key::Enter,
    ]);
    let fx = d.key(Key::Char('H'));
    let [Effect::ToggleHand(h)] = &fx[..] else {
        panic!("{fx:?}")
    };
    assert_eq!(h.learner, "hoa-1");
    assert_eq!(h.lesson.as_deref(), Some("mau-lam-quen"));
    assert_eq!(h.question, Some(2));
    d.send(Event::Hand(true));
    assert!(d.app.hand);
    // The learner is told, and the header keeps saying it.
    let (buf, _) = frame(&d);
    let text: String = buf.content().iter().map(|c| c.symbol()).collect();
    assert!(text.contains("Đã báo giáo viên"), "{buf:?}");
    d.key(Key::Enter);
    let (buf, _) = frame(&d);
    let text: String = buf.content().iter().map(|c| c.symbol()).collect();
    assert!(text.contains("Đã gọi giáo viên"), "{buf:?}");
    d.send(Event::Hand(false));
    assert!(!d.app.hand);
    // N asks the shell to read aloud; what it reads is the question with numbered choices.
    assert_eq!(d.key(Key::Char('n')), vec![Effect::Speak]);
    let said = hocso::ui::plain::speech(&d.app).unwrap();
    assert!(
        said.contains("Câu 2 trên 3") && said.contains("Ý 1: Đúng") && said.contains("Ý 2: Sai"),
        "{said}"
    );
}

#[test]
fn the_class_view_clears_a_call_by_number_or_click() {
    let mut d = Driver::new(vec![], Lang::Vi);
    let report = hocso::trainer::report::build(&d.app.course, &[]);
    d.send(Event::ClassRefreshed {
        report: Box::new(report),
        open: true,
    });
    let hand = |id: &str| hocso::app::Hand {
        learner: id.into(),
        name: id.into(),
        lesson: None,
        question: None,
        since: t0(),
    };
    d.send(Event::Hands(vec![hand("an-1"), hand("hoa-1")]));
    assert_eq!(
        d.key(Key::Char('2')),
        vec![Effect::ClearHand("hoa-1".into())]
    );
    assert_eq!(
        click_text(&mut d, "an-1"),
        vec![Effect::ClearHand("an-1".into())]
    );
}

#[test]
fn plain_lines_become_the_same_actions() {
    use hocso::front::plain::{Command, command};
    let mut d = start(Lang::Vi);
    d.keys(&[Key::Down, Key::Enter, Key::Right, Key::Right]);
    let send = |d: &mut Driver, line: &str| match command(&d.app, line) {
        Command::Send(evs) => evs.into_iter().for_each(|e| {
            d.send(e);
        }),
        other => panic!("{line:?}: {other:?}"),
    };
    send(&mut d, "OTP");
    send(&mut d, "");
    // Order by numbers as listed.
    let Screen::Quiz(q) = &d.app.screen else {
        panic!()
    };
    let want = ["khong-doc", "tat-may", "goi-lai"];
    let nums: Vec<String> = want
        .iter()
        .map(|id| (q.input.shown.iter().position(|s| s == id).unwrap() + 1).to_string())
        .collect();
    send(&mut d, &nums.join(" "));
    let Screen::Quiz(q) = &d.app.screen else {
        panic!()
    };
    assert!(q.feedback.as_ref().unwrap().grade.correct);
    send(&mut d, "");
    // Match by number-letter pairs.
    let Screen::Quiz(q) = &d.app.screen else {
        panic!()
    };
    let pairs: Vec<String> = ["goi-video", "chuyen-tien", "xem-ban-do"]
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let at = q.input.shown.iter().position(|s| s == id).unwrap();
            format!("{}{}", i + 1, hocso::ui::plain::letter(at))
        })
        .collect();
    send(&mut d, &pairs.join(" "));
    let Screen::Quiz(q) = &d.app.screen else {
        panic!()
    };
    assert!(q.feedback.as_ref().unwrap().grade.correct);
    assert_eq!(command(&d.app, "?"), Command::Help);
    assert_eq!(command(&d.app, "xyz"), Command::Unknown);
    assert_eq!(
        command(&d.app, "h"),
        Command::Send(vec![Event::Act(Action::RaiseHand)])
    );
}
