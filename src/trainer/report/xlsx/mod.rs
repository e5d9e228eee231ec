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

mod grid;
mod questions;
pub use questions::options_text;

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
    /// Learners (by id) with a certificate in the data folder's register, and its date.
    pub certified: &'a HashMap<String, String>,
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
        .set_align(FormatAlign::VerticalCenter)
}

fn header_format() -> Format {
    cell_format()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color(Color::RGB(0xD9E1F2))
}

/// Text for a page header: `&` doubled (it starts a header code), cut to fit Excel's 255.
fn header_text(s: &str) -> String {
    s.replace('&', "&&").chars().take(110).collect()
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
    let period = s.report.in_period.is_some();
    let mut cols = vec![
        ("stt", 4.5),
        ("name", 26.0),
        ("status", 14.0),
        ("year", 6.0),
        ("group", 13.0),
        ("done", 7.0),
        ("modules", 7.0),
        ("score", 7.0),
        ("minutes", 8.0),
        ("last", 14.0),
    ];
    if period {
        cols.push(("in_period", 16.0));
    }
    // Narrow, wrapping columns keep the page-fitting scale (and so the type) large.
    cols.push(("certificate", 14.0));
    cols.push(("notes", 32.0));
    let notes_col = cols.len() as u16 - 1;
    let cert_col = notes_col - 1;
    let head = title_block(ws, s, cols.len() as u16)?;
    let hf = header_format();
    for (c, (key, width)) in cols.iter().enumerate() {
        ws.set_column_width(c as u16, *width)?;
        ws.write_string_with_format(head, c as u16, tr(lang, &format!("col.{key}")), &hf)?;
    }
    // Two-line headings ("Thời gian học (phút)") need the room; LibreOffice does not grow a
    // header row by itself.
    ws.set_row_height(head, 28)?;
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
        // A long name (or a damaged file's name) wraps rather than being cut at the border.
        ws.write_string_with_format(row, 1, &r.name, &cell.clone().set_text_wrap())?;
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
        if period {
            let p = super::output::in_period(s.report, r, lang);
            ws.write_string_with_format(row, 10, p, &cell.clone().set_text_wrap())?;
        }
        let cert = s
            .certified
            .get(&r.id)
            .map(|d| format!("{} {d}", tr(lang, "certified")))
            .unwrap_or_default();
        ws.write_string_with_format(row, cert_col, cert, &cell.clone().set_text_wrap())?;
        let n = notes(r, s.course, lang);
        // Notes wrap instead of being cut; the row is sized for them (about 36 characters a
        // line in a 32-wide column at 10 pt, as LibreOffice prints it), and for the
        // certificate's two lines.
        let lines = n
            .chars()
            .count()
            .div_ceil(36)
            .max(1 + usize::from(s.certified.contains_key(&r.id)));
        if lines > 1 {
            ws.set_row_height(row, 13.5 * lines as f64)?;
        }
        ws.write_string_with_format(row, notes_col, n, &cell.clone().set_text_wrap())?;
    }
    // Totals: learners, finished, needing help, certificates.
    let totals_row = head + 1 + s.report.learners.len() as u32;
    let count = |st: Status| {
        s.report
            .learners
            .iter()
            .filter(|r| Status::of(r, total) == st)
            .count()
    };
    let certified = s
        .report
        .learners
        .iter()
        .filter(|r| s.certified.contains_key(&r.id))
        .count();
    let totals = t!(
        "office.report.totals",
        locale = lang.code(),
        learners = s.report.learners.len(),
        done = count(Status::Done),
        help = count(Status::Help),
        certified = certified
    );
    ws.merge_range(
        totals_row,
        0,
        totals_row,
        notes_col,
        &totals,
        &cell_format().set_bold(),
    )?;
    let last_row = totals_row;
    ws.set_freeze_panes(head + 1, 2)?;
    page_setup(
        ws,
        lang,
        (head, head),
        (last_row, cols.len() as u16 - 1),
        s.report.learners.len(),
    )
}

/// Landscape A4 width for columns, in Excel character widths, as LibreOffice prints them at
/// 100 % (measured: STT + name + 8 columns of 9 fill a page), with a little to spare.
const PAGE_CHARS: f64 = 100.0;
/// The whole workbook.
pub fn write(s: &Sheets) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    overview(&mut wb, s)?;
    grid::progress_grid(&mut wb, s)?;
    questions::question_sheet(&mut wb, s)?;
    wb.save_to_buffer()
}
