//! Long lesson titles and map descriptions are cut with "…", never silently (issue 22; issue 25's
//! walk): the header, the map row, the map's description of the selected lesson, the page title
//! and the results header, at 40 and 80 columns, for every lesson of the built-in course.
#![allow(clippy::unwrap_used)]

use hocso::app::{App, Event, MapState, Msg, ReaderState, Screen, SummaryState, update};
use hocso::course::Course;
use hocso::ui::lang::Lang;
use hocso::ui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

use crate::common::t0;

fn builtin() -> Course {
    hocso::course::load::load(&hocso::course::source::builtin())
        .course
        .unwrap()
}

fn rows(app: &App) -> Vec<String> {
    let area = Rect::new(0, 0, app.size.0, app.size.1);
    let mut buf = Buffer::empty(area);
    hocso::ui::draw(app, Theme::new(app.theme, false), area, &mut buf);
    (0..area.height)
        .map(|y| (0..area.width).map(|x| buf[(x, y)].symbol()).collect())
        .collect()
}

/// `text` is on `row` whole, or as its beginning followed by "…"; returns whether it was cut.
fn whole_or_cut(row: &str, text: &str, what: &str) -> bool {
    if row.contains(text) {
        return false;
    }
    let chars: Vec<char> = text.chars().collect();
    let cut = (2..chars.len()).rev().find(|&k| {
        let start: String = chars[..k].iter().collect();
        row.contains(&format!("{}…", start.trim_end()))
    });
    assert!(
        cut.is_some(),
        "{what}: {text:?} neither whole nor cut with … on\n{row:?}"
    );
    true
}

fn app(course: &Course, width: u16) -> App {
    let mut app = App::new(course.clone(), Vec::new(), Lang::Vi, 1);
    update(&mut app, Msg::new(Event::Resize(width, 24), t0()));
    let hoa = crate::common::learner("hoa-1", "Nguyễn Thị Hoa", None, None);
    update(&mut app, Msg::new(Event::Opened(Box::new(hoa)), t0()));
    app
}

#[test]
fn every_title_is_whole_or_cut_with_an_ellipsis_at_40_and_80_columns() {
    let course = builtin();
    for width in [40u16, 80] {
        let mut app = app(&course, width);
        let mut cut = 0;
        for (idx, (_, lesson)) in course.lessons().enumerate() {
            let what = format!("{} at {width} columns", lesson.id);
            // The map: the selected lesson's row and its description at the bottom.
            app.screen = Screen::Map(MapState {
                selected: idx,
                top: 0,
            });
            let screen = rows(&app);
            let row = screen
                .iter()
                .find(|r| r.trim_start().starts_with('›'))
                .unwrap_or_else(|| panic!("{what}: no selected row\n{}", screen.join("\n")));
            cut += usize::from(whole_or_cut(
                row,
                &lesson.title,
                &format!("map row, {what}"),
            ));
            if let Some(objective) = lesson.objectives.first() {
                // The first of the two detail rows at the bottom of the body.
                let footer = usize::from(hocso::app::footer_height(width));
                let row = &screen[24 - footer - 2];
                cut += usize::from(whole_or_cut(row, objective, &format!("map detail, {what}")));
            }
            // A page: the header (lesson title) and the page title.
            app.screen = Screen::Reader(ReaderState {
                lesson: lesson.id.clone(),
                page: 0,
                scroll: 0,
            });
            let screen = rows(&app);
            cut += usize::from(whole_or_cut(
                &screen[0],
                &lesson.title,
                &format!("header, {what}"),
            ));
            let page = &lesson.pages[0].title;
            cut += usize::from(whole_or_cut(
                &screen[1],
                page,
                &format!("page title, {what}"),
            ));
            // The summary's header.
            app.screen = Screen::Summary(SummaryState {
                lesson: lesson.id.clone(),
                attempt: "a1".into(),
                score: 100,
                pass_mark: lesson.quiz.pass_mark,
                passed: true,
                missed: Vec::new(),
            });
            let screen = rows(&app);
            cut += usize::from(whole_or_cut(
                &screen[0],
                &lesson.title,
                &format!("summary header, {what}"),
            ));
            // Nothing runs past the window.
            for r in &screen {
                assert!(r.width() <= usize::from(width), "{what}: {r:?}");
            }
        }
        // The course has titles too long for 40 columns: the test saw cuts, not only whole ones.
        if width == 40 {
            assert!(cut > 20, "only {cut} cuts at 40 columns");
        }
    }
}
