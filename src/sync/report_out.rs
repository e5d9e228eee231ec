//! The province report as people open it: a text table, CSV for Excel (BOM, formulas
//! neutralised), an .xlsx workbook (units sheet + hardest questions sheet), or JSON.

use jiff::Timestamp;
use jiff::tz::TimeZone;
use rust_i18n::t;
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use unicode_width::UnicodeWidthStr;

use super::report::{HardQuestion, ProvinceReport, UnitRow};
use crate::ui::lang::Lang;

/// Which table CSV shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    Units,
    Questions,
}

fn tr(key: &str, lang: Lang) -> String {
    t!(key, locale = lang.code()).into_owned()
}

fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_string(), |v| format!("{v:.0}%"))
}

fn local(ts: Timestamp, tz: &TimeZone) -> String {
    ts.to_zoned_datetime(tz.clone())
        .strftime("%Y-%m-%d %H:%M")
        .to_string()
}

fn unit_name(u: &UnitRow, lang: Lang) -> String {
    if u.unit_key.is_empty() {
        return tr("sync.report.total", lang);
    }
    match &u.commune_code {
        Some(code) => format!("{} ({code})", u.commune),
        None => u.commune.clone(),
    }
}

/// Pads or cuts `s` to `w` columns.
fn fit(s: &str, w: usize) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if out.width() + c.to_string().width() > w {
            break;
        }
        out.push(c);
    }
    let pad = w.saturating_sub(out.width());
    out.extend(std::iter::repeat_n(' ', pad));
    out
}

/// An 80-column text table: units, completion per module (all units together), hardest questions.
pub fn table(r: &ProvinceReport, lang: Lang, tz: &TimeZone) -> String {
    let mut s = String::new();
    s.push_str(&t!(
        "sync.report.title",
        locale = lang.code(),
        units = r.units.len(),
        time = local(r.generated, tz)
    ));
    s.push_str("\n\n");
    let head = [
        "sync.report.col.province",
        "sync.report.col.commune",
        "sync.report.col.learners",
        "sync.report.col.active",
        "sync.report.col.course_done",
        "sync.report.col.pass_rate",
        "sync.report.col.needs_help",
    ]
    .map(|k| tr(k, lang));
    let widths = [14, 22, 8, 9, 9, 8, 7];
    let line = |cells: [String; 7]| {
        let mut out = String::new();
        for (c, w) in cells.iter().zip(widths) {
            out.push_str(&fit(c, w));
            out.push(' ');
        }
        out.trim_end().to_string() + "\n"
    };
    s.push_str(&line(head));
    for u in r.units.iter().chain(std::iter::once(&r.total)) {
        s.push_str(&line([
            u.province.clone(),
            unit_name(u, lang),
            u.learners.to_string(),
            u.active_30_days.to_string(),
            u.course_completed.to_string(),
            pct(u.pass_rate()),
            u.needs_help.to_string(),
        ]));
    }
    s.push('\n');
    s.push_str(&tr("sync.report.modules_heading", lang));
    s.push('\n');
    for (m, n) in r.modules.iter().zip(&r.total.modules_completed) {
        s.push_str(&format!("  {} {n}\n", fit(&m.title, 60)));
    }
    s.push('\n');
    s.push_str(&tr("sync.report.hardest_heading", lang));
    s.push('\n');
    if r.hardest.is_empty() {
        s.push_str(&format!("  {}\n", tr("sync.report.no_hardest", lang)));
    }
    for q in &r.hardest {
        s.push_str(&format!(
            "  {:>3.0}%  {}/{}  {}\n",
            q.share() * 100.0,
            q.wrong_first,
            q.learners,
            fit(&q.prompt, 60).trim_end()
        ));
    }
    s
}

/// JSON (pretty), the report as is.
pub fn json(r: &ProvinceReport) -> String {
    serde_json::to_string_pretty(r).unwrap_or_default() + "\n"
}

fn neutralise(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

fn unit_header(r: &ProvinceReport, lang: Lang) -> Vec<String> {
    let mut h: Vec<String> = [
        "sync.report.col.province",
        "sync.report.col.province_code",
        "sync.report.col.commune",
        "sync.report.col.commune_code",
        "sync.report.col.classes",
        "sync.report.col.learners",
        "sync.report.col.active",
        "sync.report.col.course_done",
        "sync.report.col.pass_rate",
        "sync.report.col.needs_help",
        "sync.report.col.last_sync",
    ]
    .iter()
    .map(|k| tr(k, lang))
    .collect();
    h.extend(r.modules.iter().map(|m| m.title.clone()));
    h
}

fn unit_cells(u: &UnitRow, lang: Lang, tz: &TimeZone) -> Vec<String> {
    let mut c = vec![
        u.province.clone(),
        u.province_code.clone().unwrap_or_default(),
        if u.unit_key.is_empty() {
            tr("sync.report.total", lang)
        } else {
            u.commune.clone()
        },
        u.commune_code.clone().unwrap_or_default(),
        u.classes.to_string(),
        u.learners.to_string(),
        u.active_30_days.to_string(),
        u.course_completed.to_string(),
        u.pass_rate().map(|v| format!("{v:.1}")).unwrap_or_default(),
        u.needs_help.to_string(),
        u.last_sync.map(|t| local(t, tz)).unwrap_or_default(),
    ];
    c.extend(u.modules_completed.iter().map(i64::to_string));
    c
}

fn question_header(lang: Lang) -> Vec<String> {
    [
        "sync.report.col.lesson",
        "sync.report.col.question",
        "sync.report.col.prompt",
        "sync.report.col.learners",
        "sync.report.col.wrong_first",
        "sync.report.col.share",
        "sync.report.col.answers",
    ]
    .iter()
    .map(|k| tr(k, lang))
    .collect()
}

fn question_cells(q: &HardQuestion) -> Vec<String> {
    vec![
        q.lesson_title.clone(),
        q.question_id.clone(),
        q.prompt.clone(),
        q.learners.to_string(),
        q.wrong_first.to_string(),
        format!("{:.1}", q.share() * 100.0),
        q.answers.to_string(),
    ]
}

/// CSV with a UTF-8 BOM (Excel), one table.
pub fn csv(
    r: &ProvinceReport,
    table: Table,
    delimiter: u8,
    lang: Lang,
    tz: &TimeZone,
) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .terminator(csv::Terminator::CRLF)
        .from_writer(vec![0xEF, 0xBB, 0xBF]);
    let rows: Vec<Vec<String>> = match table {
        Table::Units => std::iter::once(unit_header(r, lang))
            .chain(
                r.units
                    .iter()
                    .chain(std::iter::once(&r.total))
                    .map(|u| unit_cells(u, lang, tz)),
            )
            .collect(),
        Table::Questions => std::iter::once(question_header(lang))
            .chain(r.hardest.iter().map(question_cells))
            .collect(),
    };
    for row in rows {
        w.write_record(row.iter().map(|c| neutralise(c)))?;
    }
    w.into_inner()
        .map_err(|e| csv::Error::from(std::io::Error::other(e.to_string())))
}

/// An .xlsx workbook: sheet "Đơn vị" (units and total), sheet "Câu khó".
pub fn xlsx(r: &ProvinceReport, lang: Lang, tz: &TimeZone) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let sheets: [(String, Vec<Vec<String>>, usize); 2] = [
        (
            tr("sync.report.sheet_units", lang),
            std::iter::once(unit_header(r, lang))
                .chain(
                    r.units
                        .iter()
                        .chain(std::iter::once(&r.total))
                        .map(|u| unit_cells(u, lang, tz)),
                )
                .collect(),
            4,
        ),
        (
            tr("sync.report.sheet_questions", lang),
            std::iter::once(question_header(lang))
                .chain(r.hardest.iter().map(question_cells))
                .collect(),
            3,
        ),
    ];
    for (name, rows, first_number) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(&name)?;
        for (ri, row) in rows.iter().enumerate() {
            for (ci, cell) in row.iter().enumerate() {
                let (rr, cc) = (ri as u32, ci as u16);
                if ri == 0 {
                    ws.write_string_with_format(rr, cc, cell, &bold)?;
                } else if ci >= first_number
                    && let Ok(n) = cell.parse::<f64>()
                {
                    ws.write_number(rr, cc, n)?;
                } else {
                    ws.write_string(rr, cc, cell)?;
                }
            }
        }
        ws.set_column_width(0, 18)?;
        ws.set_column_width(2, 24)?;
        ws.set_freeze_panes(1, 0)?;
    }
    wb.save_to_buffer()
}
