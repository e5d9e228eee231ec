//! Markdown is rendered everywhere lesson text appears (issue 22, item 3): every page, every
//! glossary, every question with the feedback of each choice and its hints, the summary and the
//! review summary with everything wrong — drawn at 40 and 80 columns and in plain mode — never
//! show `**`, `__` or three backticks.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;

use hocso::app::quiz::{Feedback, Input, QuizState, REVIEW_ATTEMPT};
use hocso::app::{App, Event, Msg, Overlay, ReaderState, Screen, SummaryState, update};
use hocso::course::Course;
use hocso::course::model::{Question, QuestionKind};
use hocso::quiz::Answer;
use hocso::quiz::grade::grade;
use hocso::ui::lang::Lang;
use hocso::ui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::common::t0;

/// Tall enough that no screen of the course needs scrolling: everything is drawn at once.
const HEIGHT: u16 = 400;

/// A Markdown marker left on screen: a run of exactly two `*` or `_` (a drawn password mask
/// "********" is a picture, not a marker), or three backticks.
fn marker(text: &str) -> Option<&'static str> {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let run = chars[i..].iter().take_while(|&&d| d == c).count();
        match (c, run) {
            ('*', 2) => return Some("**"),
            ('_', 2) => return Some("__"),
            ('`', 3..) => return Some("```"),
            _ => {}
        }
        i += run;
    }
    None
}

fn builtin() -> Course {
    hocso::course::load::load(&hocso::course::source::builtin())
        .course
        .unwrap()
}

fn drawn(app: &App) -> String {
    let area = Rect::new(0, 0, app.size.0, app.size.1);
    let mut buf = Buffer::empty(area);
    hocso::ui::draw(app, Theme::new(app.theme, false), area, &mut buf);
    let mut out = String::new();
    for y in 0..area.height {
        for x in 0..area.width {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

/// Fails with the screen when a Markdown marker shows, in full screen or in plain mode.
fn check(app: &App, what: &str, shown: &mut usize) {
    let screen = drawn(app);
    let plain = hocso::ui::plain::screen(app).join("\n");
    for (how, text) in [("full screen", &screen), ("plain mode", &plain)] {
        if let Some(m) = marker(text) {
            panic!("{what} ({how}, {} columns) shows {m}:\n{text}", app.size.0);
        }
    }
    *shown += 1;
}

/// Every answer worth showing: each choice alone, true and false, a wrong text, the order and
/// the pairs as listed in the file (right) and reversed (wrong).
fn answers(q: &Question) -> Vec<Answer> {
    match &q.kind {
        QuestionKind::One { choices } => {
            choices.iter().map(|c| Answer::One(c.id.clone())).collect()
        }
        QuestionKind::Many { choices } => {
            let mut out: Vec<Answer> = choices
                .iter()
                .map(|c| Answer::Many(vec![c.id.clone()]))
                .collect();
            out.push(Answer::Many(choices.iter().map(|c| c.id.clone()).collect()));
            out
        }
        QuestionKind::TrueFalse { .. } => vec![Answer::TrueFalse(true), Answer::TrueFalse(false)],
        QuestionKind::Text { accept, .. } => {
            let mut out = vec![Answer::Text("không biết".into())];
            out.extend(accept.first().cloned().map(Answer::Text));
            out
        }
        QuestionKind::Order { items } => {
            let ids: Vec<String> = items.iter().map(|i| i.id.clone()).collect();
            vec![
                Answer::Order(ids.clone()),
                Answer::Order(ids.into_iter().rev().collect()),
            ]
        }
        QuestionKind::Match { pairs } => {
            let ids: Vec<String> = pairs.iter().map(|p| p.id.clone()).collect();
            let right: BTreeMap<String, String> =
                ids.iter().map(|i| (i.clone(), i.clone())).collect();
            let wrong: BTreeMap<String, String> =
                ids.iter().cloned().zip(ids.iter().rev().cloned()).collect();
            vec![Answer::Match(right), Answer::Match(wrong)]
        }
    }
}

/// The input a learner would have left for this answer (placed items and pairs).
fn input_for(answer: &Answer) -> Input {
    let mut input = Input::default();
    match answer {
        Answer::Order(ids) => input.placed = ids.clone(),
        Answer::Match(map) => input.placed = map.values().cloned().collect(),
        Answer::Text(t) => input.text = t.clone(),
        _ => {}
    }
    input
}

#[test]
fn no_screen_of_the_builtin_course_shows_markdown_markers() {
    let course = builtin();
    let hoa = crate::common::learner("hoa-1", "Nguyễn Thị Hoa", None, None);
    let mut shown = 0;
    let mut all_missed = Vec::new();
    for width in [40u16, 80] {
        let mut app = App::new(course.clone(), Vec::new(), Lang::Vi, 1);
        update(&mut app, Msg::new(Event::Resize(width, HEIGHT), t0()));
        update(
            &mut app,
            Msg::new(Event::Opened(Box::new(hoa.clone())), t0()),
        );
        for (_, lesson) in course.lessons() {
            let id = lesson.id.clone();
            for page in 0..lesson.pages.len() {
                app.overlay = None;
                app.screen = Screen::Reader(ReaderState {
                    lesson: id.clone(),
                    page,
                    scroll: 0,
                });
                check(&app, &format!("{id} page {}", page + 1), &mut shown);
            }
            if !lesson.terms.is_empty() {
                app.overlay = Some(Overlay::Glossary);
                check(&app, &format!("{id} glossary"), &mut shown);
                app.overlay = None;
            }
            for q in &lesson.quiz.questions {
                let what = format!("{id}/{}", q.id);
                let mut st = QuizState {
                    lesson: id.clone(),
                    attempt: "a1".into(),
                    question: q.id.clone(),
                    input: Input::default(),
                    hints: q.hints.len(),
                    feedback: None,
                    held: None,
                    notice: None,
                };
                app.screen = Screen::Quiz(st.clone());
                check(&app, &format!("{what} with its hints"), &mut shown);
                for answer in answers(q) {
                    st.input = input_for(&answer);
                    st.feedback = Some(Feedback {
                        grade: grade(q, &answer),
                        answer: answer.clone(),
                    });
                    app.screen = Screen::Quiz(st.clone());
                    check(&app, &format!("{what} answered {answer:?}"), &mut shown);
                }
                if width == 40 {
                    all_missed.push(format!("{id}/{}", q.id));
                }
            }
            app.screen = Screen::Summary(SummaryState {
                lesson: id.clone(),
                attempt: "a1".into(),
                score: 0,
                pass_mark: lesson.quiz.pass_mark,
                passed: false,
                missed: lesson.quiz.questions.iter().map(|q| q.id.clone()).collect(),
            });
            check(&app, &format!("{id} summary, all wrong"), &mut shown);
        }
    }
    // A review that got every question of the course wrong lists every prompt.
    let mut app = App::new(course.clone(), Vec::new(), Lang::Vi, 1);
    update(&mut app, Msg::new(Event::Resize(80, 500), t0()));
    update(&mut app, Msg::new(Event::Opened(Box::new(hoa)), t0()));
    let chunks: Vec<Vec<String>> = all_missed.chunks(40).map(<[String]>::to_vec).collect();
    for missed in chunks {
        app.screen = Screen::Summary(SummaryState {
            lesson: String::new(),
            attempt: REVIEW_ATTEMPT.into(),
            score: 0,
            pass_mark: 0,
            passed: false,
            missed,
        });
        check(&app, "review summary, all wrong", &mut shown);
    }
    assert!(shown > 1000, "only {shown} screens were checked");
}

/// The renderer keeps what the markers meant: bold text is bold, not starred.
#[test]
fn bold_in_an_explanation_is_drawn_bold() {
    use ratatui::style::Modifier;
    let course = builtin();
    let (lesson, q) = course
        .lessons()
        .flat_map(|(_, l)| l.quiz.questions.iter().map(move |q| (l, q)))
        .find(|(_, q)| q.explanation.as_deref().is_some_and(|e| e.contains("**")))
        .expect("an explanation with bold text");
    let e = q.explanation.clone().unwrap();
    let start = e.find("**").unwrap() + 2;
    let len = e[start..].find("**").unwrap();
    let bold = &e[start..start + len];
    let first = bold.split_whitespace().next().unwrap();
    let mut app = App::new(course.clone(), Vec::new(), Lang::Vi, 1);
    update(&mut app, Msg::new(Event::Resize(80, 200), t0()));
    let hoa = crate::common::learner("hoa-1", "Nguyễn Thị Hoa", None, None);
    update(&mut app, Msg::new(Event::Opened(Box::new(hoa)), t0()));
    let answer = answers(q).remove(0);
    app.screen = Screen::Quiz(QuizState {
        lesson: lesson.id.clone(),
        attempt: "a1".into(),
        question: q.id.clone(),
        input: input_for(&answer),
        hints: 0,
        feedback: Some(Feedback {
            grade: grade(q, &answer),
            answer,
        }),
        held: None,
        notice: None,
    });
    let area = Rect::new(0, 0, 80, 200);
    let mut buf = Buffer::empty(area);
    hocso::ui::draw(&app, Theme::new(app.theme, false), area, &mut buf);
    // The prompt is bold anyway: look only after "Vì sao".
    let rows: Vec<String> = (0..area.height)
        .map(|y| (0..area.width).map(|x| buf[(x, y)].symbol()).collect())
        .collect();
    let why = rows.iter().position(|r| r.contains("Vì sao")).unwrap();
    let found = rows.iter().enumerate().skip(why).find_map(|(y, row)| {
        let from = if y == why {
            row.find("Vì sao").unwrap()
        } else {
            0
        };
        let byte = from + row[from..].find(first)?;
        let x = row[..byte].chars().count() as u16;
        Some(buf[(x, y as u16)].modifier)
    });
    let modifier = found.unwrap_or_else(|| panic!("{first:?} of {bold:?} not drawn"));
    assert!(
        modifier.contains(Modifier::BOLD),
        "{first:?} is not bold: {modifier:?}"
    );
}
