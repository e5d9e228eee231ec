//! Class view, trainer PIN prompt and author preview: state machine (keys → state + effects),
//! snapshots at 80×24 (vi and en), and loading a previewed lesson file from disk.
#![allow(clippy::unwrap_used)]

use crate::common::*;
use hocso::app::{App, Effect, Event, Msg, Screen, update};
use hocso::trainer::report::{ClassReport, LearnerRow, Spot, Whereabouts};
use hocso::ui::keymap::Key;
use hocso::ui::lang::Lang;
use hocso::ui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn row(name: &str, done: usize, score: Option<f64>, help: bool) -> LearnerRow {
    LearnerRow {
        id: name.to_lowercase(),
        name: name.into(),
        birth_year: Some(1960),
        group: Some("Thôn 2".into()),
        lessons_done: done,
        modules_passed: 0,
        average_best_score: score,
        seconds: 600,
        last_activity: (done > 0).then(|| "2026-11-25T08:30:00Z".parse().unwrap()),
        orphaned: Vec::new(),
        damaged: None,
        needs_help: help,
        at: (done > 0).then(|| Whereabouts {
            lesson_title: "Mật khẩu mạnh".into(),
            spot: Spot::Question { n: 2, of: 5 },
        }),
        active: done > 5,
        phone: false,
        struggling_with: Vec::new(),
        to_review: 0,
    }
}

fn report() -> ClassReport {
    let mut damaged = row("an-x1.json", 0, None, true);
    damaged.birth_year = None;
    damaged.group = None;
    damaged.damaged = Some("không đọc được".into());
    ClassReport {
        course_id: "mau".into(),
        lessons_total: 12,
        modules_total: 2,
        learners: vec![
            damaged,
            row("Nguyễn Thị Hoa", 3, Some(55.0), true),
            row(
                "Trần Thị Bích Ngọc Hoa Hồng Lan Phương Thảo Nguyên",
                7,
                Some(86.4),
                false,
            ),
            row("Lê Văn Cường", 0, None, false),
        ],
        questions: Vec::new(),
        hardest: Vec::new(),
        in_period: None,
    }
}

fn refreshed(d: &mut Driver, open: bool) -> Vec<Effect> {
    d.send(Event::ClassRefreshed {
        report: Box::new(report()),
        open,
    })
}

fn render(app: &App, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| hocso::ui::render(app, Theme::new(app.theme, false), f.area(), f.buffer_mut()))
        .unwrap();
    term
}

fn screen_text(app: &App, w: u16, h: u16) -> String {
    let term = render(app, w, h);
    let buf = term.backend().buffer();
    (0..h)
        .map(|y| (0..w).map(|x| buf[(x, y)].symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn f2_on_the_picker_asks_the_shell_for_the_class() {
    let mut d = Driver::new(Vec::new(), Lang::Vi);
    assert_eq!(d.key(Key::F2), vec![Effect::OpenClass]);
    // Without a PIN the shell answers with the report.
    refreshed(&mut d, true);
    assert!(matches!(d.app.screen, Screen::Class(_)));
    // Read-only: Enter and letters do nothing, q goes back to the picker.
    assert!(hocso::ui::keymap::resolve(d.app.context(), Key::Enter).is_none());
    assert!(d.key(Key::Down).is_empty());
    assert!(d.key(Key::Char('q')).is_empty());
    assert!(matches!(d.app.screen, Screen::Picker(_)));
    // A refresh arriving after the trainer left does not pull the screen back.
    refreshed(&mut d, false);
    assert!(matches!(d.app.screen, Screen::Picker(_)));
}

#[test]
fn refresh_replaces_the_rows_and_keeps_the_scroll() {
    let mut d = Driver::new(Vec::new(), Lang::Vi);
    d.key(Key::F2);
    refreshed(&mut d, true);
    d.keys(&[Key::Down, Key::Down]);
    let mut fresh = report();
    fresh.learners.truncate(3);
    d.send(Event::ClassRefreshed {
        report: Box::new(fresh),
        open: false,
    });
    let Screen::Class(c) = &d.app.screen else {
        panic!("class view expected")
    };
    assert_eq!(c.report.learners.len(), 3);
    assert_eq!(d.app.scroll.top, 2);
}

#[test]
fn pin_prompt_masks_checks_and_gives_up_after_three_tries() {
    let mut d = Driver::new(Vec::new(), Lang::Vi);
    d.key(Key::F2);
    d.send(Event::PinNeeded);
    // Letters (q included) go into the PIN, they are not commands.
    d.chars("q24");
    d.key(Key::Backspace);
    d.key(Key::Backspace);
    d.chars("2468");
    let text = screen_text(&d.app, 80, 24);
    assert!(text.contains("•••••") && !text.contains("2468"), "{text}");
    assert_eq!(d.key(Key::Enter), vec![Effect::CheckPin("q2468".into())]);
    for n in 1..=2 {
        d.send(Event::PinWrong);
        let Screen::Pin(p) = &d.app.screen else {
            panic!("still asking after {n} wrong tries")
        };
        assert!(p.typed.is_empty());
    }
    d.send(Event::PinWrong);
    assert!(matches!(d.app.screen, Screen::Picker(_)));
    // Enter with nothing typed does not ask the shell; Esc goes back.
    d.key(Key::F2);
    d.send(Event::PinNeeded);
    assert!(d.key(Key::Enter).is_empty());
    d.key(Key::Esc);
    assert!(matches!(d.app.screen, Screen::Picker(_)));
}

#[test]
fn class_view_snapshots() {
    for lang in [Lang::Vi, Lang::En] {
        let mut d = Driver::new(Vec::new(), lang);
        d.key(Key::F2);
        refreshed(&mut d, true);
        let text = screen_text(&d.app, 80, 24);
        // The flag is a symbol and a word, the long name is cut by display width.
        assert!(text.contains('⚠') && text.contains('✗'), "{text}");
        assert!(text.contains('…'), "{text}");
        assert!(text.contains("3/12") && text.contains("7/12"), "{text}");
        // Where each learner is, and "đang học" for a file that is changing now.
        let (place, active) = match lang {
            Lang::Vi => ("Câu 2/5 · Mật", "đang học"),
            Lang::En => ("Q. 2/5 · Mật", "active now"),
        };
        assert!(text.contains(place) && text.contains(active), "{text}");
        let term = render(&d.app, 80, 24);
        insta::assert_snapshot!(format!("class_view_{}_80x24", lang.code()), term.backend());
        let mut d = Driver::new(Vec::new(), lang);
        d.key(Key::F2);
        d.send(Event::PinNeeded);
        d.chars("12");
        d.key(Key::Enter);
        d.send(Event::PinWrong);
        let term = render(&d.app, 80, 24);
        insta::assert_snapshot!(format!("class_pin_{}_80x24", lang.code()), term.backend());
    }
}

// ---- preview ----

fn preview_app(lang: Lang) -> App {
    App::preview("bai/01-thu.yaml".into(), lang, 1)
}

fn one_lesson_course() -> hocso::course::Course {
    let mut c = course();
    c.modules.truncate(1);
    c.modules[0].lessons.truncate(1);
    c
}

fn send(app: &mut App, ev: Event) -> Vec<Effect> {
    update(app, Msg::new(ev, t0()))
}

#[test]
fn preview_of_a_broken_file_shows_the_diagnostics_then_reloads() {
    let mut app = preview_app(Lang::Vi);
    let lines = vec![
        "bai/01-thu.yaml:32:13: lỗi: Trường \"kind\" không nhận giá trị \"onee\". [E018]"
            .to_string(),
    ];
    send(&mut app, Event::LessonReloaded(Err(lines)));
    assert_eq!(app.context(), hocso::app::Context::Broken);
    let term = render(&app, 80, 24);
    insta::assert_snapshot!("preview_broken_vi_80x24", term.backend());
    let text = screen_text(&app, 80, 24);
    assert!(text.contains("E018"), "{text}");

    send(
        &mut app,
        Event::LessonReloaded(Ok(Box::new(one_lesson_course()))),
    );
    assert!(matches!(app.screen, Screen::Reader(_)));
    let title = one_lesson_course().modules[0].lessons[0].title.clone();
    assert!(screen_text(&app, 80, 24).contains(&title));
}

#[test]
fn preview_keeps_the_page_across_reloads_and_never_saves() {
    let mut app = preview_app(Lang::Vi);
    send(&mut app, Event::Resize(80, 24));
    send(
        &mut app,
        Event::LessonReloaded(Ok(Box::new(one_lesson_course()))),
    );
    let pages = one_lesson_course().modules[0].lessons[0].pages.len();
    assert!(pages > 1, "the fixture lesson has several pages");
    let mut fx = Vec::new();
    let right = hocso::app::Action::Right;
    fx.extend(send(&mut app, Event::Act(right)));
    send(
        &mut app,
        Event::LessonReloaded(Ok(Box::new(one_lesson_course()))),
    );
    let Screen::Reader(r) = &app.screen else {
        panic!("reader expected")
    };
    assert_eq!(r.page, 1, "the author stays on the page being edited");
    // Through the pages and into the quiz: a learner would save at each step, the preview not.
    for _ in 0..pages + 3 {
        fx.extend(send(&mut app, Event::Act(right)));
        fx.extend(send(&mut app, Event::Act(hocso::app::Action::Pick(1))));
        fx.extend(send(&mut app, Event::Act(hocso::app::Action::Confirm)));
    }
    assert!(fx.is_empty(), "preview effects: {fx:?}");
    // A broken save keeps the lesson behind the messages; only leaving works meanwhile.
    send(&mut app, Event::LessonReloaded(Err(vec!["x".into()])));
    assert!(send(&mut app, Event::Act(right)).is_empty());
    assert_eq!(
        send(&mut app, Event::Act(hocso::app::Action::Back)),
        vec![Effect::Quit]
    );
}

// ---- loading the file ----

fn fixture_lesson() -> String {
    std::fs::read_to_string(fixture_dir().join("mau/01-lam-quen.yaml")).unwrap()
}

#[test]
fn a_lesson_in_a_course_folder_uses_the_course_glossary() {
    let tmp = tempfile::tempdir().unwrap();
    let course = tmp.path().join("khoa");
    copy_dir(&fixture_dir(), &course);
    let file = course.join("mau/01-lam-quen.yaml");
    let c = hocso::front::preview::load_lesson(&file, Lang::Vi).expect("loads with its glossary");
    let lesson = c.lessons().next().unwrap().1;
    assert!(
        !lesson.terms.is_empty(),
        "fixture lesson uses glossary terms"
    );
    assert!(!c.glossary.is_empty());
}

#[test]
fn a_broken_file_gives_validator_lines_and_fixing_it_loads() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("bai.yaml");
    let good = fixture_lesson();
    std::fs::write(&file, good.replacen("kind: one", "kind: onee", 1)).unwrap();
    let lines = hocso::front::preview::load_lesson(&file, Lang::En).unwrap_err();
    assert!(
        lines
            .iter()
            .any(|l| l.contains("E018") && l.contains("bai.yaml:")),
        "{lines:?}"
    );
    // A loose file without its glossary: term references are reported, not hidden.
    std::fs::write(&file, &good).unwrap();
    match hocso::front::preview::load_lesson(&file, Lang::En) {
        Ok(c) => assert!(c.lessons().next().unwrap().1.terms.is_empty()),
        Err(lines) => assert!(lines.iter().all(|l| l.contains("bai.yaml")), "{lines:?}"),
    }
    std::fs::copy(
        fixture_dir().join("mau/glossary.yaml"),
        tmp.path().join("glossary.yaml"),
    )
    .unwrap();
    assert!(hocso::front::preview::load_lesson(&file, Lang::En).is_ok());
    let missing = hocso::front::preview::load_lesson(&tmp.path().join("nope.yaml"), Lang::Vi);
    assert!(missing.unwrap_err()[0].contains("nope.yaml"));
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}
