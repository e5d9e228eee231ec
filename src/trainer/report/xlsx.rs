//! The report as an .xlsx the xã can print: "Tổng quan lớp" (one A4 landscape page for a class
//! of 40: title block, status next to the name with a fill colour), "Tiến độ" (learners ×
//! lessons) and "Câu hỏi" (answers option by option, the ten hardest first). Titles, never ids.

use std::collections::HashMap;

use jiff::tz::TimeZone;
use rust_i18n::t;
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use super::detail::{Label, Mark, QuestionDetail, marks};
use super::{ClassReport, LearnerRow};
use crate::course::Course;
use crate::progress::model::LearnerFile;
use crate::ui::lang::Lang;

/// A class up to this size is scaled to one page tall as well as one page wide.
pub const ONE_PAGE_CLASS: usize = 45;

/// What the xlsx is about, besides the report itself.
pub struct Sheets<'a> {
    pub report: &'a ClassReport,
    pub course: &'a Course,
    /// The learner files the report was built from (already cut to the window).
    pub files: &'a [LearnerFile],
    pub questions: &'a [QuestionDetail],
    /// Class / xã name.
    pub title: String,
    /// "Từ … đến …".
    pub period: String,
    /// Course title and content version.
    pub version: String,
    pub lang: Lang,
    pub tz: &'a TimeZone,
}

/// A learner's status as the overview shows it (symbol, word and fill colour).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Done,
    Help,
    Damaged,
    Learning,
    NotStarted,
}

impl Status {
    pub fn of(r: &LearnerRow, lessons_total: usize) -> Status {
        if r.damaged.is_some() {
            Status::Damaged
        } else if r.needs_help {
            Status::Help
        } else if lessons_total > 0 && r.lessons_done >= lessons_total {
            Status::Done
        } else if r.last_activity.is_some() {
            Status::Learning
        } else {
            Status::NotStarted
        }
    }

    fn key(self) -> &'static str {
        match self {
            Status::Done => "done",
            Status::Help => "help",
            Status::Damaged => "damaged",
            Status::Learning => "learning",
            Status::NotStarted => "not_started",
        }
    }

    /// "✓ Hoàn thành", "⚠ Cần giúp", "✗ Tệp hỏng"…
    pub fn label(self, lang: Lang) -> String {
        t!(
            format!("office.report.status.{}", self.key()),
            locale = lang.code()
        )
        .into_owned()
    }

    fn fill(self) -> Option<u32> {
        match self {
            Status::Done => Some(0xC6EFCE),
            Status::Help => Some(0xFFEB9C),
            Status::Damaged => Some(0xFFC7CE),
            Status::Learning | Status::NotStarted => None,
        }
    }
}

/// Words for an option label.
pub fn label_text(label: &Label, lang: Lang) -> String {
    let l = lang.code();
    match label {
        Label::Text(s) => s.clone(),
        Label::True => t!("office.report.true", locale = l).into_owned(),
        Label::False => t!("office.report.false", locale = l).into_owned(),
        Label::Right => t!("office.report.right", locale = l).into_owned(),
        Label::Wrong => t!("office.report.wrong", locale = l).into_owned(),
    }
}

fn tr(lang: Lang, key: &str) -> String {
    t!(format!("office.report.{key}"), locale = lang.code()).into_owned()
}

fn cell_format() -> Format {
    Format::new()
        .set_border(FormatBorder::Thin)
        .set_font_size(10)
}

fn header_format() -> Format {
    cell_format()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color(Color::RGB(0xD9E1F2))
}

/// Title rows 0..=2 across `cols` columns; returns the first free row.
fn title_block(ws: &mut Worksheet, s: &Sheets, cols: u16) -> Result<u32, XlsxError> {
    let big = Format::new().set_bold().set_font_size(14);
    let small = Format::new().set_font_size(10);
    let last = cols.saturating_sub(1);
    ws.merge_range(0, 0, 0, last, &s.title, &big)?;
    ws.merge_range(1, 0, 1, last, &s.period, &small)?;
    ws.merge_range(2, 0, 2, last, &s.version, &small)?;
    ws.set_row_height(0, 20)?;
    Ok(3)
}

/// Landscape A4, one page wide (and tall for a class of up to [`ONE_PAGE_CLASS`]), header rows
/// repeated on every page, page numbers in the footer.
fn page_setup(
    ws: &mut Worksheet,
    lang: Lang,
    header_rows: (u32, u32),
    last: (u32, u16),
    learners: usize,
) -> Result<(), XlsxError> {
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_margins(0.4, 0.4, 0.5, 0.5, 0.2, 0.2);
    ws.set_print_fit_to_pages(1, if learners <= ONE_PAGE_CLASS { 1 } else { 0 });
    ws.set_print_area(0, 0, last.0, last.1)?;
    ws.set_repeat_rows(header_rows.0, header_rows.1)?;
    ws.set_footer(tr(lang, "footer"));
    Ok(())
}

fn notes(r: &LearnerRow, course: &Course, lang: Lang) -> String {
    let l = lang.code();
    let mut n = Vec::new();
    if let Some(d) = &r.damaged {
        n.push(t!("report.note.damaged", locale = l, reason = d).into_owned());
    }
    if !r.struggling_with.is_empty() {
        let titles: Vec<String> = r
            .struggling_with
            .iter()
            .map(|id| {
                course
                    .lesson(id)
                    .map_or_else(|| id.clone(), |x| x.title.clone())
            })
            .collect();
        n.push(
            t!(
                "office.report.struggling",
                locale = l,
                lessons = titles.join(", ")
            )
            .into_owned(),
        );
    }
    if !r.orphaned.is_empty() {
        n.push(t!("office.report.orphaned", locale = l, n = r.orphaned.len()).into_owned());
    }
    n.join("; ")
}

fn overview(wb: &mut Workbook, s: &Sheets) -> Result<(), XlsxError> {
    let lang = s.lang;
    let ws = wb.add_worksheet();
    ws.set_name(tr(lang, "sheet.overview"))?;
    let cols = [
        ("stt", 4.5),
        ("name", 26.0),
        ("status", 14.0),
        ("year", 7.0),
        ("group", 14.0),
        ("done", 9.0),
        ("modules", 8.0),
        ("score", 8.0),
        ("minutes", 9.0),
        ("last", 14.0),
        ("notes", 44.0),
    ];
    let head = title_block(ws, s, cols.len() as u16)?;
    let hf = header_format();
    for (c, (key, width)) in cols.iter().enumerate() {
        ws.set_column_width(c as u16, *width)?;
        ws.write_string_with_format(head, c as u16, tr(lang, &format!("col.{key}")), &hf)?;
    }
    let cell = cell_format();
    let num = cell_format().set_align(FormatAlign::Center);
    let total = s.report.lessons_total;
    for (i, r) in s.report.learners.iter().enumerate() {
        let row = head + 1 + i as u32;
        let status = Status::of(r, total);
        let status_fmt = match status.fill() {
            Some(rgb) => cell_format()
                .set_bold()
                .set_background_color(Color::RGB(rgb)),
            None => cell_format(),
        };
        ws.write_number_with_format(row, 0, (i + 1) as f64, &num)?;
        ws.write_string_with_format(row, 1, &r.name, &cell)?;
        ws.write_string_with_format(row, 2, status.label(lang), &status_fmt)?;
        match r.birth_year {
            Some(y) => ws.write_number_with_format(row, 3, f64::from(y), &num)?,
            None => ws.write_blank(row, 3, &num)?,
        };
        ws.write_string_with_format(row, 4, r.group.clone().unwrap_or_default(), &cell)?;
        if r.damaged.is_some() {
            for c in 5..=9 {
                ws.write_blank(row, c, &num)?;
            }
        } else {
            ws.write_string_with_format(row, 5, format!("{}/{total}", r.lessons_done), &num)?;
            ws.write_number_with_format(row, 6, r.modules_passed as f64, &num)?;
            match r.average_best_score {
                Some(v) => ws.write_number_with_format(row, 7, v.round(), &num)?,
                None => ws.write_blank(row, 7, &num)?,
            };
            ws.write_number_with_format(row, 8, r.seconds.div_ceil(60) as f64, &num)?;
            let last = r
                .last_activity
                .map(|t| {
                    t.to_zoned_datetime(s.tz.clone())
                        .strftime("%d/%m/%Y %H:%M")
                        .to_string()
                })
                .unwrap_or_default();
            ws.write_string_with_format(row, 9, last, &num)?;
        }
        ws.write_string_with_format(row, 10, notes(r, s.course, lang), &cell)?;
    }
    let last_row = head + s.report.learners.len() as u32;
    ws.set_freeze_panes(head + 1, 2)?;
    page_setup(
        ws,
        lang,
        (head, head),
        (last_row, cols.len() as u16 - 1),
        s.report.learners.len(),
    )
}

fn progress_grid(wb: &mut Workbook, s: &Sheets) -> Result<(), XlsxError> {
    let lang = s.lang;
    let ws = wb.add_worksheet();
    ws.set_name(tr(lang, "sheet.progress"))?;
    let lessons: Vec<_> = s.course.lessons().collect();
    let cols = 2 + lessons.len() as u16;
    let head = title_block(ws, s, cols.max(3))?;
    let hf = header_format();
    let rotated = header_format()
        .set_rotation(90)
        .set_align(FormatAlign::Bottom);
    ws.set_column_width(0, 4.5)?;
    ws.set_column_width(1, 26)?;
    ws.merge_range(head, 0, head + 1, 0, &tr(lang, "col.stt"), &hf)?;
    ws.merge_range(head, 1, head + 1, 1, &tr(lang, "col.name"), &hf)?;
    // Module titles over their lessons, lesson titles below (turned, so columns stay narrow).
    let mut c = 2u16;
    for m in &s.course.modules {
        let n = m.lessons.len() as u16;
        if n == 0 {
            continue;
        }
        if n == 1 {
            ws.write_string_with_format(head, c, &m.title, &hf)?;
        } else {
            ws.merge_range(head, c, head, c + n - 1, &m.title, &hf)?;
        }
        for l in &m.lessons {
            ws.set_column_width(c, 5)?;
            ws.write_string_with_format(head + 1, c, &l.title, &rotated)?;
            c += 1;
        }
    }
    ws.set_row_height(head, 30)?;
    ws.set_row_height(head + 1, 150)?;
    let by_id: HashMap<&str, &LearnerFile> =
        s.files.iter().map(|f| (f.profile.id.as_str(), f)).collect();
    let cell = cell_format();
    let center = cell_format().set_align(FormatAlign::Center);
    let passed = center.clone().set_background_color(Color::RGB(0xC6EFCE));
    let first = head + 2;
    for (i, r) in s.report.learners.iter().enumerate() {
        let row = first + i as u32;
        ws.write_number_with_format(row, 0, (i + 1) as f64, &center)?;
        ws.write_string_with_format(row, 1, &r.name, &cell)?;
        let row_marks = by_id
            .get(r.id.as_str())
            .map(|f| marks(s.course, f))
            .unwrap_or_else(|| vec![Mark::NotStarted; lessons.len()]);
        for (j, m) in row_marks.iter().enumerate() {
            let col = 2 + j as u16;
            match m {
                Mark::Passed(Some(score)) => {
                    ws.write_number_with_format(row, col, f64::from(*score), &passed)?
                }
                Mark::Passed(None) => ws.write_string_with_format(row, col, "✓", &passed)?,
                Mark::Started => ws.write_string_with_format(row, col, "◐", &center)?,
                Mark::NotStarted => ws.write_blank(row, col, &center)?,
            };
        }
    }
    let legend_row = first + s.report.learners.len() as u32 + 1;
    ws.write_string(legend_row, 1, tr(lang, "legend"))?;
    ws.set_freeze_panes(first, 2)?;
    page_setup(
        ws,
        lang,
        (head, head + 1),
        (legend_row, cols - 1),
        s.report.learners.len(),
    )
}

fn question_sheet(wb: &mut Workbook, s: &Sheets) -> Result<(), XlsxError> {
    let lang = s.lang;
    let ws = wb.add_worksheet();
    ws.set_name(tr(lang, "sheet.questions"))?;
    let cols = [
        ("rank", 5.0),
        ("module", 16.0),
        ("lesson", 22.0),
        ("prompt", 44.0),
        ("answered", 9.0),
        ("wrong_first", 9.0),
        ("wrong_pct", 9.0),
        ("options", 48.0),
    ];
    let head = title_block(ws, s, cols.len() as u16)?;
    let hf = header_format();
    for (c, (key, width)) in cols.iter().enumerate() {
        ws.set_column_width(c as u16, *width)?;
        ws.write_string_with_format(head, c as u16, tr(lang, &format!("qcol.{key}")), &hf)?;
    }
    let wrap = cell_format().set_text_wrap().set_align(FormatAlign::Top);
    let num = cell_format()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::Top);
    let hard = wrap.clone().set_background_color(Color::RGB(0xFFEB9C));
    for (i, q) in s.questions.iter().enumerate() {
        let row = head + 1 + i as u32;
        let text = if q.rank.is_some() { &hard } else { &wrap };
        match q.rank {
            Some(rank) => ws.write_number_with_format(row, 0, rank as f64, &num)?,
            None => ws.write_blank(row, 0, &num)?,
        };
        ws.write_string_with_format(row, 1, &q.module_title, &wrap)?;
        ws.write_string_with_format(row, 2, &q.lesson_title, &wrap)?;
        ws.write_string_with_format(row, 3, q.prompt.replace('\n', " "), text)?;
        ws.write_number_with_format(row, 4, q.learners as f64, &num)?;
        ws.write_number_with_format(row, 5, q.wrong_first as f64, &num)?;
        ws.write_number_with_format(row, 6, (q.wrong_share() * 100.0).round(), &num)?;
        ws.write_string_with_format(row, 7, options_text(q, lang), &wrap)?;
    }
    let last_row = head + s.questions.len().max(1) as u32;
    ws.set_freeze_panes(head + 1, 0)?;
    page_setup(
        ws,
        lang,
        (head, head),
        (last_row, cols.len() as u16 - 1),
        usize::MAX,
    )
}

/// "✓ Đúng: 20", "✗ Sai: 20", one option a line.
pub fn options_text(q: &QuestionDetail, lang: Lang) -> String {
    q.options
        .iter()
        .map(|o| {
            let mark = if o.correct { "✓" } else { "✗" };
            format!("{mark} {}: {}", label_text(&o.label, lang), o.count)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The whole workbook.
pub fn write(s: &Sheets) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    overview(&mut wb, s)?;
    progress_grid(&mut wb, s)?;
    question_sheet(&mut wb, s)?;
    wb.save_to_buffer()
}
