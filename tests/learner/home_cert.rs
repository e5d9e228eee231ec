//! At home and near the certificate (issue 22, item 7): H with no class offers what helps at
//! home and still records the call; the map and "Kết quả của tôi" say which modules count and
//! how many lessons are left; a module finished and the certificate earned get their own
//! screen; results are in questions, never percentages (state → keys → state, and renders).
#![allow(clippy::unwrap_used)]

use crate::common::*;
use hocso::app::{Context, Effect, Event, Overlay, Screen, Target};
use hocso::course::Course;
use hocso::ui::keymap::Key;
use hocso::ui::lang::Lang;

/// The sample course twice over (modules "mau" and "mau2"), quizzes taken out so reading to
/// the end passes a lesson; only "mau2" counts for the certificate.
fn two_modules() -> Course {
    let mut c = course();
    for l in &mut c.modules[0].lessons {
        l.quiz.questions.clear();
    }
    let mut m2 = c.modules[0].clone();
    m2.id = "mau2".into();
    m2.title = "Chương hai".into();
    m2.summary = "Chương tiếp theo: học tiếp.".into();
    for l in &mut m2.lessons {
        l.id = format!("{}-2", l.id);
    }
    c.modules.push(m2);
    c.required_modules = vec!["mau2".into()];
    c
}

fn driver(course: Course, home: bool) -> Driver {
    let hoa = learner("hoa-1", "Nguyễn Thị Hoa", Some(1960), None);
    let mut d = Driver::new(vec![summary(&hoa)], Lang::Vi);
    d.app.course = course;
    d.app.home = home;
    d.open(hoa);
    d
}

/// Opens lesson `idx` of the map and reads it to the end (no quiz: that passes it).
fn read_through(d: &mut Driver, idx: usize) {
    let Screen::Map(_) = d.app.screen else {
        panic!("not on the map: {:?}", d.app.screen)
    };
    d.send(Event::Choose(idx));
    let Screen::Reader(r) = &d.app.screen else {
        panic!("{:?}", d.app.screen)
    };
    let pages = d.app.course.lesson(&r.lesson).unwrap().pages.len();
    for _ in 0..pages {
        if d.app.overlay.is_some() {
            break;
        }
        d.key(Key::Right);
    }
}

#[test]
fn h_at_home_offers_home_help_and_still_records_the_call() {
    let mut c = two_modules();
    c.help_phone = Some("0912 345 678".into());
    let mut d = driver(c, true);
    let fx = d.key(Key::Char('h'));
    assert!(
        matches!(fx.as_slice(), [Effect::ToggleHand(h)] if h.learner == "hoa-1"),
        "the call is recorded for the trainer: {fx:?}"
    );
    d.send(Event::Hand(true));
    assert_eq!(d.app.overlay, Some(Overlay::HandSent));
    assert_eq!(d.app.context(), Context::Milestone);
    let s = screen(&d, 80, 24);
    for want in [
        "con cháu",
        "Tổ công nghệ số cộng đồng",
        "0912 345 678",
        "Đã ghi lại",
    ] {
        assert!(s.contains(want), "{want:?} missing:\n{s}");
    }
    assert!(!s.contains("giáo viên sẽ đến"), "{s}");
    assert!(s.contains("Đã ghi: cần giúp"), "header: {s}");
    // Plain mode says the same.
    let plain = hocso::ui::plain::screen(&d.app).join("\n");
    assert!(
        plain.contains("con cháu") && plain.contains("0912 345 678"),
        "{plain}"
    );
    // At 40×12 the box scrolls to its last line ("Bấm H lần nữa…").
    d.app.size = (40, 12);
    assert!(!screen(&d, 40, 12).contains("nữa khi"));
    d.key(Key::End);
    let last = screen(&d, 40, 12);
    assert!(last.contains("nữa khi"), "{last}");
    d.key(Key::Enter);
    assert_eq!(d.app.overlay, None);
}

#[test]
fn h_in_a_class_still_says_the_teacher_comes() {
    let mut d = driver(two_modules(), false);
    d.key(Key::Char('h'));
    d.send(Event::Hand(true));
    assert_eq!(d.app.context(), Context::Notice);
    let s = screen(&d, 80, 24);
    assert!(s.contains("giáo viên sẽ đến"), "{s}");
    assert!(!s.contains("con cháu"), "{s}");
}

#[test]
fn map_and_results_say_which_modules_count_and_how_many_lessons_are_left() {
    let mut d = driver(two_modules(), true);
    let map = screen(&d, 80, 24);
    assert!(
        map.contains("◆ Còn 2 bài nữa là đủ điều kiện nhận giấy chứng nhận"),
        "{map}"
    );
    assert!(map.contains("◆ Chương hai"), "{map}");
    assert!(
        !map.contains("◆ Khóa mẫu") && !map.contains("◆ Làm quen"),
        "{map}"
    );
    d.key(Key::Char('k'));
    let res = screen(&d, 80, 24);
    assert!(
        res.contains("Còn 2 bài nữa là đủ điều kiện nhận giấy chứng nhận"),
        "{res}"
    );
    assert!(res.contains("Các chương có dấu ◆"), "{res}");
    // A module that counts is listed before it is started.
    assert!(res.contains("◆ Chương hai"), "{res}");
}

#[test]
fn finishing_a_module_then_the_certificate_each_get_a_screen() {
    let mut d = driver(two_modules(), true);
    // The first module (it does not count): its own screen, no certificate.
    read_through(&mut d, 0);
    assert_eq!(d.app.overlay, None, "one lesson of two is not a module");
    read_through(&mut d, 1);
    assert_eq!(
        d.app.overlay,
        Some(Overlay::ModuleDone {
            module: 0,
            certified: false
        })
    );
    let s = screen(&d, 80, 24);
    assert!(s.contains("Bác đã học xong chương"), "{s}");
    assert!(
        s.contains("Tiếp theo: chương «Chương hai»"),
        "what comes next: {s}"
    );
    assert!(!s.contains("đủ điều kiện nhận giấy chứng nhận —"), "{s}");
    // Keys that are not Enter do not throw the moment away.
    d.key(Key::Down);
    assert!(d.app.overlay.is_some());
    d.key(Key::Enter);
    assert_eq!(d.app.overlay, None);
    // The required module: its screen, then the certificate's.
    read_through(&mut d, 2);
    let s = screen(&d, 80, 24);
    assert!(s.contains("Còn 1 bài nữa"), "map: {s}");
    read_through(&mut d, 3);
    assert_eq!(
        d.app.overlay,
        Some(Overlay::ModuleDone {
            module: 1,
            certified: true
        })
    );
    let s = screen(&d, 80, 24);
    assert!(s.contains("Đây là chương cuối cùng"), "{s}");
    // At 40×12 the screen scrolls to its last line, by keys and by the wheel.
    d.send(Event::Resize(40, 12));
    let small = screen(&d, 40, 12);
    assert!(
        small.contains("còn nữa") && !small.contains("Enter để"),
        "{small}"
    );
    d.key(Key::End);
    assert!(screen(&d, 40, 12).contains("Enter để"));
    d.key(Key::Home);
    for _ in 0..10 {
        d.send(Event::Wheel { down: true });
        screen(&d, 40, 12);
    }
    assert!(screen(&d, 40, 12).contains("Enter để"));
    d.send(Event::Resize(80, 24));
    d.key(Key::Enter);
    assert_eq!(d.app.overlay, Some(Overlay::Certified));
    let s = screen(&d, 80, 24);
    assert!(
        s.contains("Bác đã đủ điều kiện nhận giấy chứng nhận — báo giáo viên để in"),
        "{s}"
    );
    assert!(s.contains("USB hoặc Zalo"), "at home: {s}");
    let plain = hocso::ui::plain::screen(&d.app).join("\n");
    assert!(plain.contains("báo giáo viên để in"), "{plain}");
    d.key(Key::Enter);
    assert_eq!(d.app.overlay, None);
    let map = screen(&d, 80, 24);
    assert!(map.contains("đủ điều kiện nhận giấy chứng nhận"), "{map}");
    // Reading a lesson again earns nothing new: no screen comes back.
    read_through(&mut d, 3);
    assert_eq!(d.app.overlay, None);
}

#[test]
fn results_say_right_of_total_never_a_percentage() {
    let mut d = Driver::new(Vec::new(), Lang::Vi);
    let c = d.app.course.clone();
    let lesson = &c.modules[0].lessons[0];
    let n = lesson.quiz.questions.len();
    let mut hoa = learner("hoa-1", "Nguyễn Thị Hoa", None, None);
    let answers: Vec<(&str, bool)> = lesson
        .quiz
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| (q.id.as_str(), i != 0))
        .collect();
    let a = crate::fake::attempt("a1", t0(), &answers);
    crate::fake::add_attempt(&mut hoa, &c.id, &lesson.id, lesson.quiz.pass_mark, a);
    d.open(hoa);
    d.key(Key::Char('k'));
    let s = screen(&d, 80, 24);
    let want = format!("đúng {}/{n} câu", n - 1);
    assert!(s.contains(&want), "{want:?} missing:\n{s}");
    assert!(!s.contains('%') && !s.contains("/100"), "{s}");
    d.key(Key::Char('q'));
    assert!(matches!(d.app.screen, Screen::Map(_)));
    let map = screen(&d, 80, 24);
    assert!(map.contains(&format!("đúng {}/{n}", n - 1)), "{map}");
    assert!(!map.contains('%'), "{map}");
}

/// Item 5: the lesson list keeps still under the pointer. With the list scrolled, a click on
/// a row in view selects that lesson and moves no row; the second click opens the same one.
#[test]
fn a_click_on_a_scrolled_map_selects_without_moving_the_list_and_opens_on_the_second() {
    let hoa = learner("hoa-1", "Nguyễn Thị Hoa", None, None);
    let mut d = Driver::new(vec![summary(&hoa)], Lang::Vi);
    d.app.course = builtin();
    d.open(hoa);
    for _ in 0..4 {
        d.key(Key::PageDown);
    }
    let Screen::Map(before) = d.app.screen.clone() else {
        panic!()
    };
    assert!(before.top > 0, "the list is scrolled: {before:?}");
    let shown = screen(&d, 80, 24);
    // A lesson three rows above the selection, on screen.
    let target = before.selected - 3;
    let title = d.app.course.lessons().nth(target).unwrap().1.title.clone();
    let head: String = title.chars().take(20).collect();
    let row_before = shown.lines().position(|l| l.contains(&head));
    d.send(Event::Click(Target::Row(target)));
    let Screen::Map(after) = d.app.screen.clone() else {
        panic!()
    };
    assert_eq!(after.selected, target);
    assert_eq!(after.top, before.top, "the list did not move");
    let row_after = screen(&d, 80, 24).lines().position(|l| l.contains(&head));
    assert_eq!(row_before, row_after, "the lesson stays under the pointer");
    assert!(row_before.is_some());
    d.send(Event::Click(Target::Row(target)));
    let Screen::Reader(r) = &d.app.screen else {
        panic!("{:?}", d.app.screen)
    };
    let opened = d.app.course.lessons().nth(target).unwrap().1.id.clone();
    assert_eq!(r.lesson, opened);
}

/// Keys still move the selection one row at a time, and the list follows only at its edges.
#[test]
fn keys_scroll_the_map_list_only_at_its_edges() {
    let hoa = learner("hoa-1", "Nguyễn Thị Hoa", None, None);
    let mut d = Driver::new(vec![summary(&hoa)], Lang::Vi);
    d.app.course = builtin();
    d.open(hoa);
    for _ in 0..30 {
        d.key(Key::Down);
    }
    let Screen::Map(low) = d.app.screen.clone() else {
        panic!()
    };
    assert!(low.top > 0);
    d.key(Key::Up);
    let Screen::Map(up) = d.app.screen.clone() else {
        panic!()
    };
    assert_eq!(up.top, low.top, "one row up inside the view moves nothing");
    d.key(Key::Home);
    let Screen::Map(home) = d.app.screen.clone() else {
        panic!()
    };
    assert_eq!((home.selected, home.top), (0, 0));
}

fn builtin() -> Course {
    hocso::course::load::load(&hocso::course::source::builtin())
        .course
        .unwrap()
}

/// Item 5: in an order question the steps keep their rows while they are picked: the rows
/// that click targets cover, and the text drawn on them, are the same after every pick.
#[test]
fn order_steps_keep_their_rows_while_picked() {
    use hocso::ui::theme::Theme;
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    let mut d = Driver::new(vec![], Lang::Vi);
    d.send(Event::Resize(80, 24));
    d.open(learner("hoa-1", "Nguyễn Thị Hoa", Some(1960), None));
    d.keys(&[Key::Down, Key::Enter, Key::Right, Key::Right]);
    d.chars("OTP");
    d.keys(&[Key::Enter, Key::Enter]);
    assert_eq!(d.app.context(), Context::QuizOrder);
    // Row → y of every step, as clicks would find them.
    let rows = |d: &Driver| {
        let mut buf = Buffer::empty(Rect::new(0, 0, 80, 24));
        let hits = hocso::ui::draw(&d.app, Theme::new(d.app.theme, false), buf.area, &mut buf);
        let mut ys: Vec<(usize, u16)> = hits
            .iter()
            .filter_map(|(r, t)| match t {
                Target::Row(i) => Some((*i, r.y)),
                _ => None,
            })
            .collect();
        ys.sort();
        ys.dedup_by_key(|(i, _)| *i);
        ys
    };
    let first = rows(&d);
    assert_eq!(first.len(), 3, "{first:?}");
    for (i, _) in first.clone() {
        if i == 2 {
            break;
        }
        d.send(Event::Click(Target::Row(i)));
        assert_eq!(rows(&d), first, "after picking step {}", i + 1);
    }
    let s = screen(&d, 80, 24);
    assert!(
        s.contains("[1]") && s.contains("[2]") && s.contains("[ ]"),
        "{s}"
    );
}

/// Item 5 on the name list of a big class: scrolled to the end, a click on a name in view
/// selects it and moves no row; the second click opens that learner.
#[test]
fn a_click_on_a_scrolled_picker_selects_without_moving_the_list() {
    let people: Vec<_> = (0..30)
        .map(|i| {
            learner(
                &format!("hv-{i:02}"),
                &format!("Học viên {i:02}"),
                None,
                None,
            )
        })
        .collect();
    let mut d = Driver::new(people.iter().map(summary).collect(), Lang::Vi);
    d.send(Event::Resize(80, 24));
    d.key(Key::End);
    let Screen::Picker(before) = d.app.screen.clone() else {
        panic!()
    };
    assert!(before.top > 0, "{before:?}");
    let target = before.selected - 4;
    let name = format!("Học viên {:02}", target - 1);
    let row = |d: &Driver| screen(d, 80, 24).lines().position(|l| l.contains(&name));
    let y = row(&d);
    assert!(y.is_some());
    d.send(Event::Click(Target::Row(target)));
    let Screen::Picker(after) = d.app.screen.clone() else {
        panic!()
    };
    assert_eq!((after.selected, after.top), (target, before.top));
    assert_eq!(row(&d), y, "the name stays under the pointer");
    let fx = d.send(Event::Click(Target::Row(target)));
    assert!(
        matches!(fx.as_slice(), [Effect::Open { id, .. }] if *id == format!("hv-{:02}", target - 1)),
        "{fx:?}"
    );
}

/// Plain mode (and so a screen reader) says a lesson's result before the module and
/// certificate it earned: the learner hears "Đúng 3/3 câu" first, then the milestone.
#[test]
fn plain_mode_says_the_result_before_the_milestone() {
    let mut c = course();
    c.modules[0].lessons.truncate(1);
    c.required_modules = vec!["mau".into()];
    let mut d = driver(c, true);
    d.send(Event::Choose(0));
    d.keys(&[Key::Right, Key::Right]);
    d.keys(&[d.choice("phai"), Key::Enter, Key::Enter]);
    d.keys(&[Key::Char('2'), Key::Enter, Key::Enter]);
    d.keys(&[d.choice("goi"), d.choice("chup"), Key::Enter, Key::Enter]);
    assert!(
        matches!(d.app.screen, Screen::Summary(_)),
        "{:?}",
        d.app.screen
    );
    assert!(matches!(d.app.overlay, Some(Overlay::ModuleDone { .. })));
    let plain = hocso::ui::plain::screen(&d.app).join("\n");
    let result = plain.find("Đúng 3/3 câu").expect(&plain);
    let milestone = plain.find("Bác đã học xong chương").expect(&plain);
    assert!(result < milestone, "{plain}");
    // The summary's own prompt is not offered while the milestone waits for Enter.
    assert_eq!(plain.matches("Enter").count(), 1, "{plain}");
}
