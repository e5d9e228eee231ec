//! The course map: modules with a gauge, lessons with a status symbol and score.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Gauge, Widget};
use unicode_width::UnicodeWidthStr;

use super::symbols::Symbols;
use super::theme::Role;
use super::{View, inset, lines_at};
use crate::app::MapState;
use crate::app::course_map::{module_counts, progress, ratio, recommended, resume, status};
use crate::progress::model::LessonStatus;

enum Row {
    Module(usize),
    Lesson(usize),
}

/// Status symbol: shape, not colour, carries the meaning.
pub fn symbol(sym: &Symbols, s: LessonStatus) -> &'static str {
    match s {
        LessonStatus::Done => sym.done,
        LessonStatus::InProgress => sym.in_progress,
        LessonStatus::NotStarted => sym.not_started,
    }
}

pub fn render(v: &View, m: &MapState, area: Rect, buf: &mut Buffer) -> (String, String) {
    let app = v.app;
    let mut area = inset(area);
    // The app keeps the list's first row for this layout (see `course_map::follow`): lines
    // above and below the list are counted the same way here and there.
    // Questions due for spaced review come first: one line at the top.
    let due = crate::app::review::due_count(app);
    if due > 0 && area.height > 8 {
        let text = super::lt_args(v, "map.due", &[("n", due.to_string())]);
        buf.set_stringn(
            area.x,
            area.y,
            v.cut(&text, usize::from(area.width)),
            usize::from(area.width),
            v.style(Role::Strong),
        );
        area.y += 1;
        area.height -= 1;
    }
    // Then the way to the certificate: its modules carry a mark, and how many lessons are left.
    if let Some(cert) = crate::app::milestone::certificate(app)
        && area.height > 8
    {
        let text = v.fit(super::home::map_line(app, &cert));
        let role = if cert.earned {
            Role::Correct
        } else {
            Role::Body
        };
        buf.set_stringn(
            area.x,
            area.y,
            v.cut(&text, usize::from(area.width)),
            usize::from(area.width),
            v.style(role),
        );
        area.y += 1;
        area.height -= 1;
    }
    let marked = !app.course.required_modules.is_empty();
    let rec = recommended(app);
    let mut rows = Vec::new();
    let mut flat = 0;
    for (mi, module) in app.course.modules.iter().enumerate() {
        rows.push(Row::Module(mi));
        for _ in &module.lessons {
            rows.push(Row::Lesson(flat));
            flat += 1;
        }
    }
    // Detail of the selected lesson sits at the bottom.
    let detail_h: u16 = crate::app::course_map::detail_lines(area.height);
    let list = Rect {
        height: area.height.saturating_sub(detail_h),
        ..area
    };
    let sel_row = rows
        .iter()
        .position(|r| matches!(r, Row::Lesson(i) if *i == m.selected))
        .unwrap_or(0);
    let h = usize::from(list.height).max(1);
    let skip = crate::app::course_map::keep_in_view(m.top, sel_row, h, rows.len());
    let lessons: Vec<_> = app.course.lessons().map(|(_, l)| l).collect();
    for (i, row) in rows.iter().skip(skip).take(h).enumerate() {
        let y = list.y + i as u16;
        let line = Rect {
            y,
            height: 1,
            ..list
        };
        match row {
            Row::Module(mi) => {
                let (done, total) = module_counts(app, *mi);
                let gw = (line.width / 3).clamp(12, 24);
                let room = usize::from(line.width.saturating_sub(gw + 1));
                let title = match marked && crate::app::milestone::counts(app, *mi) {
                    true => format!("{} {}", v.sym.counts, app.course.modules[*mi].title),
                    false => app.course.modules[*mi].title.clone(),
                };
                let title = v.cut(&title, room);
                buf.set_stringn(line.x, y, title, room, v.style(Role::Heading));
                let label = format!("{done}/{total}");
                Gauge::default()
                    .ratio(ratio(done, total))
                    .label(label)
                    .gauge_style(v.style(Role::Correct))
                    .render(
                        Rect {
                            x: line.right().saturating_sub(gw),
                            width: gw,
                            ..line
                        },
                        buf,
                    );
            }
            Row::Lesson(idx) => {
                let Some(lesson) = lessons.get(*idx) else {
                    continue;
                };
                let sel = *idx == m.selected;
                let st = status(app, &lesson.id);
                // The best result in questions ("đúng 5/7"): percentages are for the trainer.
                let score = progress(app, &lesson.id)
                    .and_then(|p| p.best_score)
                    .and_then(|s| crate::app::results::best_in_questions(&lesson.quiz, s))
                    .map(|(right, total)| super::home::map_score(app, right, total))
                    .unwrap_or_default();
                let next = if rec == Some(*idx) {
                    format!(" {} {}", v.sym.star, v.tr("map.next"))
                } else {
                    String::new()
                };
                // Two spaces keep "★ nên học" and "đúng 5/7" apart.
                let right = match score.is_empty() {
                    true => format!("{next}  "),
                    false => format!("{next}  {score} "),
                };
                let marks = format!(
                    "{} {} ",
                    if sel { v.sym.cursor } else { " " },
                    symbol(v.sym, st),
                );
                let room = usize::from(line.width).saturating_sub(marks.width() + right.width());
                let left = format!("{marks}{}", v.cut(&lesson.title, room));
                v.hit_row(line.x, y, line.width, crate::app::Target::Row(*idx));
                let pad = usize::from(line.width).saturating_sub(left.width() + right.width());
                let role = if sel {
                    Role::Selected
                } else if st == LessonStatus::Done {
                    Role::Correct
                } else {
                    Role::Body
                };
                let text = format!("{left}{}{right}", " ".repeat(pad));
                buf.set_stringn(line.x, y, &text, usize::from(line.width), v.style(role));
                if !sel && rec == Some(*idx) {
                    let x = line.x + (left.width() + pad) as u16;
                    buf.set_stringn(x, y, &next, next.width(), v.style(Role::Warning));
                }
            }
        }
    }
    // The selected lesson: minutes and what it teaches, or where "Tiếp tục" goes.
    let detail = Rect {
        y: area.bottom().saturating_sub(detail_h),
        height: detail_h,
        ..area
    };
    let w = usize::from(detail.width);
    let mut lines = Vec::new();
    if let Some(l) = lessons.get(m.selected) {
        let mut d = l.objectives.first().cloned().unwrap_or_default();
        if let Some(min) = l.minutes {
            d = format!(
                "{} · {d}",
                rust_i18n::t!("tui.map.minutes", locale = app.lang.code(), n = min)
            );
        }
        lines.push(Line::from(v.span(v.cut(&d, w), Role::Muted)));
    }
    if detail_h > 1
        && let Some((lid, _)) = resume(app)
        && let Some(l) = app.course.lesson(&lid)
    {
        let resume = rust_i18n::t!(
            "tui.map.resume",
            locale = app.lang.code(),
            lesson = l.title.as_str()
        );
        lines.push(Line::from(v.span(v.cut(&resume, w), Role::Muted)));
    }
    lines_at(lines, 0, detail, buf);
    let name = app
        .learner
        .as_ref()
        .map(|l| l.profile.name.clone())
        .unwrap_or_default();
    (
        format!("{} · {}", v.tr("app_name"), name),
        app.course.title.clone(),
    )
}
