//! Everything scrolls: the longest glossary, quiz summary and "Kết quả của tôi" of the built-in
//! course, at 40×12 and 80×24, reach their last line by keys and by the mouse wheel, and say
//! "▼ còn nữa" while there is more.
#![allow(clippy::unwrap_used)]

use hocso::app::{App, Event, Msg, Overlay, Screen, SummaryState, update};
use hocso::course::Course;
use hocso::ui::keymap::{Key, resolve};
use hocso::ui::lang::Lang;
use hocso::ui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::common::t0;

const SIZES: [(u16, u16); 2] = [(40, 12), (80, 24)];

fn builtin() -> Course {
    hocso::course::load::load(&hocso::course::source::builtin())
        .course
        .unwrap()
}

/// Draws a frame and tells the app how far the box scrolls, as the shell does.
fn frame(app: &mut App) -> String {
    let area = Rect::new(0, 0, app.size.0, app.size.1);
    let mut buf = Buffer::empty(area);
    let (_, max) = hocso::ui::draw_frame(app, Theme::new(app.theme, false), area, &mut buf);
    if let Some(max) = max {
        update(app, Msg::new(Event::ScrollMax(max), t0()));
    }
    let mut out = String::new();
    for y in 0..area.height {
        for x in 0..area.width {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

fn key(app: &mut App, k: Key) {
    let a = resolve(app.context(), k).unwrap_or_else(|| panic!("{k:?} in {:?}", app.context()));
    update(app, Msg::new(Event::Act(a), t0()));
}

/// The last word of a text, as it would appear on the last wrapped line.
fn last_word(text: &str) -> String {
    text.split_whitespace().last().unwrap().to_string()
}

/// From the top, `step` until the end mark shows; then the last word must be on screen.
fn reach_end(app: &mut App, last: &str, mut step: impl FnMut(&mut App), how: &str) {
    let mut screen = frame(app);
    assert!(
        screen.contains("▼ còn nữa"),
        "{how}: no 'còn nữa' at the top:\n{screen}"
    );
    assert!(
        screen.contains("Cuộn"),
        "{how}: the footer does not say ↑/↓ scrolls:\n{screen}"
    );
    for _ in 0..400 {
        if screen.contains("▲ hết") {
            break;
        }
        step(app);
        screen = frame(app);
    }
    assert!(
        screen.contains("▲ hết"),
        "{how}: never reached the end:\n{screen}"
    );
    assert!(
        screen.contains(last),
        "{how}: {last:?} not on screen:\n{screen}"
    );
}

/// One way of moving down a box.
type Step = Box<dyn Fn(&mut App)>;

fn check_all_ways(build: impl Fn(&mut App), last: &str, name: &str) {
    for (w, h) in SIZES {
        let ways: [(&str, Step); 4] = [
            ("↓", Box::new(|a: &mut App| key(a, Key::Down))),
            ("PgDn", Box::new(|a: &mut App| key(a, Key::PageDown))),
            (
                "wheel",
                Box::new(|a: &mut App| {
                    update(a, Msg::new(Event::Wheel { down: true }, t0()));
                }),
            ),
            ("End", Box::new(|a: &mut App| key(a, Key::End))),
        ];
        for (how, step) in ways {
            let mut app = App::new(builtin(), Vec::new(), Lang::Vi, 1);
            update(&mut app, Msg::new(Event::Resize(w, h), t0()));
            build(&mut app);
            reach_end(&mut app, last, step, &format!("{name} {w}x{h} {how}"));
            // And back to the top with Home.
            key(&mut app, Key::Home);
            let top = frame(&mut app);
            assert!(top.contains("▼ còn nữa"), "{name} {w}x{h}: Home\n{top}");
        }
    }
}

#[test]
fn the_longest_glossary_reaches_its_last_term() {
    let course = builtin();
    let text = |l: &hocso::course::model::Lesson| -> usize {
        l.terms
            .iter()
            .filter_map(|t| course.term(t))
            .map(|t| t.term.len() + t.definition.len() + t.english.as_ref().map_or(0, String::len))
            .sum()
    };
    let (_, lesson) = course.lessons().max_by_key(|(_, l)| text(l)).unwrap();
    let last_term = course.term(lesson.terms.last().unwrap()).unwrap();
    let last = last_word(&last_term.definition);
    let hoa = crate::common::learner("hoa-1", "Nguyễn Thị Hoa", None, None);
    let id = lesson.id.clone();
    check_all_ways(
        |app| {
            update(app, Msg::new(Event::Opened(Box::new(hoa.clone())), t0()));
            app.screen = Screen::Reader(hocso::app::ReaderState {
                lesson: id.clone(),
                page: 0,
                scroll: 0,
            });
            key(app, Key::Char('g'));
            assert_eq!(app.overlay, Some(Overlay::Glossary));
        },
        &last,
        &format!("glossary of {}", lesson.title),
    );
}

#[test]
fn the_longest_summary_reaches_its_last_missed_question() {
    let course = builtin();
    let size = |l: &hocso::course::model::Lesson| -> usize {
        l.quiz.questions.iter().map(|q| q.prompt.len()).sum()
    };
    let (_, lesson) = course.lessons().max_by_key(|(_, l)| size(l)).unwrap();
    let missed: Vec<String> = lesson.quiz.questions.iter().map(|q| q.id.clone()).collect();
    let hoa = crate::common::learner("hoa-1", "Nguyễn Thị Hoa", None, None);
    let id = lesson.id.clone();
    let pass_mark = lesson.quiz.pass_mark;
    // The retry tip is the summary's last line.
    check_all_ways(
        |app| {
            update(app, Msg::new(Event::Opened(Box::new(hoa.clone())), t0()));
            app.screen = Screen::Summary(SummaryState {
                lesson: id.clone(),
                attempt: "a1".into(),
                score: 0,
                pass_mark,
                passed: false,
                missed: missed.clone(),
            });
        },
        &last_word(&hocso::ui::translate("tui.summary.retry_tip", "vi")),
        &format!("summary of {}", lesson.title),
    );
}

#[test]
fn the_longest_results_reach_their_last_line() {
    let course = builtin();
    let all = crate::fake::whole_course(&course, "hoa-1", "Nguyễn Thị Hoa", 3, t0());
    // The review tally is the last line.
    let last = "chắc";
    check_all_ways(
        |app| {
            update(app, Msg::new(Event::Opened(Box::new(all.clone())), t0()));
            key(app, Key::Char('k'));
            assert!(matches!(app.screen, Screen::Results(_)));
        },
        last,
        "Kết quả của tôi",
    );
}

fn class_report(n: usize) -> hocso::trainer::report::ClassReport {
    use hocso::trainer::report::{ClassReport, LearnerRow};
    let row = |i: usize| LearnerRow {
        id: format!("lan-{i:02}"),
        name: format!("Lan {i:02}"),
        birth_year: None,
        group: None,
        lessons_done: i % 5,
        modules_passed: 0,
        average_best_score: None,
        seconds: 60,
        last_activity: None,
        orphaned: Vec::new(),
        damaged: None,
        needs_help: false,
        at: None,
        active: false,
        phone: false,
        struggling_with: Vec::new(),
        to_review: 0,
    };
    ClassReport {
        course_id: "hocso".into(),
        lessons_total: 12,
        modules_total: 2,
        learners: (1..=n).map(row).collect(),
        questions: Vec::new(),
        hardest: Vec::new(),
        in_period: None,
    }
}

#[test]
fn the_class_view_scrolls_to_its_last_learner() {
    check_all_ways(
        |app| {
            key(app, Key::F2);
            update(
                app,
                Msg::new(
                    Event::ClassRefreshed {
                        report: Box::new(class_report(30)),
                        open: true,
                    },
                    t0(),
                ),
            );
            assert!(matches!(app.screen, Screen::Class(_)));
        },
        "Lan 30",
        "class view of 30",
    );
}

#[test]
fn a_refresh_keeps_the_class_view_where_the_trainer_scrolled() {
    let mut app = App::new(builtin(), Vec::new(), Lang::Vi, 1);
    update(&mut app, Msg::new(Event::Resize(80, 24), t0()));
    key(&mut app, Key::F2);
    let refresh = |app: &mut App| {
        let ev = Event::ClassRefreshed {
            report: Box::new(class_report(30)),
            open: true,
        };
        update(app, Msg::new(ev, t0()));
    };
    refresh(&mut app);
    frame(&mut app);
    key(&mut app, Key::End);
    assert!(frame(&mut app).contains("Lan 30"));
    refresh(&mut app);
    let screen = frame(&mut app);
    assert!(
        screen.contains("Lan 30") && !screen.contains("Lan 01"),
        "{screen}"
    );
}

/// Settings: every row can be reached by keys and by the wheel, is drawn whole (wrapped, not
/// cut) when selected, and a list taller than the window says "▼ còn nữa".
#[test]
fn settings_follow_the_cursor_and_say_there_is_more() {
    use hocso::progress::model::Theme as ThemeName;
    let mut scrolled = 0;
    for (w, h) in SIZES {
        for lang in [Lang::Vi, Lang::En] {
            for theme in [ThemeName::Default, ThemeName::HighContrast] {
                let what = format!("{w}x{h} {lang:?} {theme:?}");
                let mut app = App::new(builtin(), Vec::new(), lang, 1);
                update(&mut app, Msg::new(Event::Resize(w, h), t0()));
                let hoa = crate::common::learner("hoa-1", "Nguyễn Thị Hoa", None, None);
                update(&mut app, Msg::new(Event::Opened(Box::new(hoa)), t0()));
                app.theme = theme;
                key(&mut app, Key::Char('s'));
                assert!(matches!(app.screen, Screen::Settings(0)), "{what}");
                let last = match lang {
                    Lang::Vi => "Kiểm tra màn hình",
                    Lang::En => "Check the screen",
                };
                let top = frame(&mut app);
                if top.contains("▼") {
                    scrolled += 1;
                    assert!(
                        !top.contains(last),
                        "{what}: last row shown under the mark\n{top}"
                    );
                }
                type Move = fn(&mut App);
                let ways: [(&str, Move); 3] = [
                    ("End", |a| key(a, Key::End)),
                    ("↓", |a| (0..4).for_each(|_| key(a, Key::Down))),
                    ("wheel", |a| {
                        for _ in 0..4 {
                            update(a, Msg::new(Event::Wheel { down: true }, t0()));
                        }
                    }),
                ];
                for (how, step) in ways {
                    key(&mut app, Key::Home);
                    assert!(matches!(app.screen, Screen::Settings(0)), "{what} Home");
                    let first = frame(&mut app);
                    assert!(
                        first.contains("› 1."),
                        "{what}: first row after Home\n{first}"
                    );
                    step(&mut app);
                    assert!(matches!(app.screen, Screen::Settings(4)), "{what} {how}");
                    let screen = frame(&mut app);
                    assert!(
                        screen.contains(&format!("› 5. {last}")),
                        "{what} {how}: last row not in view\n{screen}"
                    );
                }
                // The longest value, selected, is drawn whole.
                key(&mut app, Key::Home);
                key(&mut app, Key::Down);
                let screen = frame(&mut app);
                let value = match (lang, theme) {
                    (Lang::Vi, ThemeName::HighContrast) => "(máy chiếu)",
                    (Lang::En, ThemeName::HighContrast) => "(projector)",
                    (Lang::Vi, _) => "Bình thường",
                    (Lang::En, _) => "Normal",
                };
                assert!(screen.contains(value), "{what}: {value:?} cut\n{screen}");
            }
        }
    }
    assert!(
        scrolled > 0,
        "no size or language needed scrolling: the mark was never tested"
    );
}
