//! "Kết quả của tôi" (the learner's own results) and the end of a spaced review.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::theme::Role;
use super::{View, inset};
use crate::app::SummaryState;
use crate::app::course_map::{progress, status};
use crate::app::review::cards;
use crate::progress::model::LessonStatus;
use crate::progress::review::tally;

type Lines = Vec<Line<'static>>;

pub use super::{lt, lt_args};

/// The results screen's lines (also used by the plain mode).
pub fn lines(v: &View, width: u16) -> Lines {
    let app = v.app;
    let mut out: Lines = Vec::new();
    let mut seconds = 0u64;
    let mut any = false;
    // The certificate first: how far it is, and which modules count.
    if let Some(cert) = crate::app::milestone::certificate(app) {
        let role = if cert.earned {
            Role::Correct
        } else {
            Role::Strong
        };
        out.extend(v.wrapped("", &v.fit(super::home::cert_line(app, &cert)), role, width));
        if !app.course.required_modules.is_empty() {
            out.extend(v.wrapped("", &v.fit(super::home::which_line(app)), Role::Body, width));
        }
        out.push(Line::default());
    }
    let marked = !app.course.required_modules.is_empty();
    for (mi, module) in app.course.modules.iter().enumerate() {
        let done = module
            .lessons
            .iter()
            .filter(|l| status(app, &l.id) == LessonStatus::Done)
            .count();
        let started = module
            .lessons
            .iter()
            .any(|l| progress(app, &l.id).is_some());
        let counts = marked && crate::app::milestone::counts(app, mi);
        // A module that counts is listed even before it is started: the learner sees all of
        // what the certificate needs.
        if !started && !counts {
            continue;
        }
        any |= started;
        let head = lt_args(
            v,
            "results.module",
            &[
                ("title", module.title.clone()),
                ("done", done.to_string()),
                ("total", module.lessons.len().to_string()),
            ],
        );
        let head = match counts {
            true => format!("{} {head}", v.sym.counts),
            false => head,
        };
        out.extend(v.wrapped("", &head, Role::Strong, width));
        for lesson in &module.lessons {
            let Some(p) = progress(app, &lesson.id) else {
                continue;
            };
            seconds += p.seconds;
            let mark = super::map::symbol(v.sym, p.status);
            // In questions, not points: a percentage is for the trainer's report.
            let title = ("title", lesson.title.clone());
            let text = match p.best_score {
                Some(score) => match crate::app::results::best_in_questions(&lesson.quiz, score) {
                    Some((right, total)) => super::home::t_args(
                        app,
                        "results.right_of",
                        &[
                            title,
                            ("right", right.to_string()),
                            ("total", total.to_string()),
                        ],
                    ),
                    None if p.passed => super::home::t_args(app, "results.passed", &[title]),
                    None => super::home::t_args(app, "results.not_passed", &[title]),
                },
                None => lesson.title.clone(),
            };
            out.extend(v.wrapped(&format!("  {mark} "), &text, Role::Body, width));
        }
        out.push(Line::default());
    }
    if !any {
        out.extend(v.wrapped("", &lt(v, "results.nothing_yet"), Role::Body, width));
        return out;
    }
    let minutes = seconds.div_ceil(60);
    let time = v.fit(super::linear::time_spent(app, minutes));
    out.extend(v.wrapped("", &time, Role::Strong, width));
    let (soon, learning, learnt) = tally(&cards(app));
    let review = lt_args(
        v,
        "results.review",
        &[
            ("soon", soon.to_string()),
            ("learning", learning.to_string()),
            ("learnt", learnt.to_string()),
        ],
    );
    out.extend(v.wrapped("", &review, Role::Body, width));
    out
}

pub fn render(v: &View, area: Rect, buf: &mut Buffer) -> (String, String) {
    let area = inset(area);
    let lines = lines(v, area.width);
    super::scrolled(v, lines, area, buf);
    let name = v
        .app
        .learner
        .as_ref()
        .map(|l| l.profile.name.clone())
        .unwrap_or_default();
    (lt(v, "results.title"), name)
}

/// The end of a review: how many were right, and which come back tomorrow.
pub fn render_review_summary(
    v: &View,
    s: &SummaryState,
    area: Rect,
    buf: &mut Buffer,
) -> (String, String) {
    let app = v.app;
    let area = inset(area);
    let w = area.width;
    let mut out: Lines = Vec::new();
    let head = v.fit(super::home::review_done(app, s.score, s.missed.len()));
    out.extend(v.wrapped("", &head, Role::Strong, w));
    out.push(Line::default());
    if s.missed.is_empty() {
        let ok = format!("{} ", v.sym.right);
        out.extend(v.wrapped(&ok, &lt(v, "review.all_right"), Role::Correct, w));
    } else {
        out.extend(v.wrapped("", &lt(v, "review.come_back"), Role::Body, w));
        let wrong = format!("  {} ", v.sym.wrong);
        for key in &s.missed {
            let (lesson, q) = key.split_once('/').unwrap_or(("", key));
            let prompt = app
                .course
                .lesson(lesson)
                .and_then(|l| l.quiz.question(q))
                .map(|q| q.prompt.clone())
                .unwrap_or_default();
            out.extend(v.md(&wrong, &prompt, Role::Incorrect, w));
        }
    }
    super::scrolled(v, out, area, buf);
    (lt(v, "review.title"), String::new())
}
