//! Turning a [`ClassReport`] into what trainers open: an 80-column table, CSV for Excel, JSON
//! (the printable xlsx is [`super::xlsx`]).

use jiff::Timestamp;
use jiff::tz::TimeZone;
use rust_i18n::t;
use unicode_width::UnicodeWidthStr;

use super::{ClassReport, LearnerRow, QuestionRow};
use crate::ui::lang::Lang;

/// Which table of the report (CSV and the text table show one at a time).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    Learners,
    Questions,
}

/// Makes `s` terminal-safe ([`crate::ui::safe_text::cell`]: no escape codes, bidi overrides or
/// invisible joiners), cuts it to at most `width` terminal columns, never inside a character or
/// grapheme, ending in `…` when cut, and pads it with spaces to exactly `width`.
pub fn fit(s: &str, width: usize) -> String {
    let mut out = crate::ui::safe_text::cell(s, width);
    let pad = width.saturating_sub(out.width());
    out.extend(std::iter::repeat_n(' ', pad));
    out
}

/// A CSV cell that Excel will not run as a formula: cells starting with `= + - @` (or tab / CR)
/// get a leading apostrophe.
pub fn neutralise(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

fn detail(r: &LearnerRow) -> String {
    let mut parts = Vec::new();
    if let Some(y) = r.birth_year {
        parts.push(y.to_string());
    }
    if let Some(g) = &r.group {
        parts.push(g.clone());
    }
    parts.join(", ")
}

fn local(ts: Timestamp, tz: &TimeZone) -> String {
    ts.to_zoned_datetime(tz.clone())
        .strftime("%Y-%m-%d %H:%M")
        .to_string()
}

fn minutes(seconds: u64) -> u64 {
    seconds.div_ceil(60)
}

fn duration(seconds: u64, lang: Lang) -> String {
    let m = minutes(seconds);
    t!(
        "report.duration",
        locale = lang.code(),
        h = m / 60,
        m = format!("{:02}", m % 60)
    )
    .into_owned()
}

fn score(s: Option<f64>) -> String {
    s.map(|s| format!("{s:.0}")).unwrap_or_default()
}

fn status(r: &LearnerRow, lang: Lang) -> String {
    let l = lang.code();
    if r.damaged.is_some() {
        t!("report.flag.damaged", locale = l).into_owned()
    } else if r.needs_help {
        t!("report.flag.help", locale = l).into_owned()
    } else {
        String::new()
    }
}

fn notes(r: &LearnerRow, lang: Lang) -> String {
    let l = lang.code();
    let mut n = Vec::new();
    if let Some(d) = &r.damaged {
        n.push(t!("report.note.damaged", locale = l, reason = d).into_owned());
    }
    if !r.struggling_with.is_empty() {
        n.push(
            t!(
                "report.note.struggling",
                locale = l,
                lessons = r.struggling_with.join(", ")
            )
            .into_owned(),
        );
    }
    if !r.orphaned.is_empty() {
        n.push(
            t!(
                "report.note.orphaned",
                locale = l,
                lessons = r.orphaned.join(", ")
            )
            .into_owned(),
        );
    }
    n.join("; ")
}

fn learner_headers(lang: Lang) -> Vec<String> {
    [
        "name",
        "detail",
        "id",
        "done",
        "total",
        "modules",
        "score",
        "minutes",
        "last",
        "help",
        "notes",
        "to_review",
    ]
    .iter()
    .map(|k| t!(format!("report.col.{k}"), locale = lang.code()).into_owned())
    .collect()
}

fn learner_cells(r: &LearnerRow, report: &ClassReport, lang: Lang, tz: &TimeZone) -> Vec<String> {
    vec![
        r.name.clone(),
        detail(r),
        r.id.clone(),
        r.lessons_done.to_string(),
        report.lessons_total.to_string(),
        r.modules_passed.to_string(),
        score(r.average_best_score),
        minutes(r.seconds).to_string(),
        r.last_activity.map(|t| local(t, tz)).unwrap_or_default(),
        status(r, lang),
        notes(r, lang),
        r.to_review.to_string(),
    ]
}

fn question_headers(lang: Lang) -> Vec<String> {
    [
        "lesson",
        "lesson_title",
        "question",
        "prompt",
        "learners",
        "wrong_first",
        "wrong_pct",
        "answers",
        "review_missed",
    ]
    .iter()
    .map(|k| t!(format!("report.col.{k}"), locale = lang.code()).into_owned())
    .collect()
}

fn question_cells(q: &QuestionRow) -> Vec<String> {
    vec![
        q.lesson_id.clone(),
        q.lesson_title.clone(),
        q.question_id.clone(),
        q.prompt.replace('\n', " "),
        q.learners.to_string(),
        q.wrong_first.to_string(),
        format!("{:.0}", q.wrong_first_share() * 100.0),
        q.answers.to_string(),
        q.missed_in_review.to_string(),
    ]
}

/// "trong kỳ: 3 bài, 25 phút" for a learner of a report with a period (empty without one).
pub fn in_period(report: &ClassReport, r: &LearnerRow, lang: Lang) -> String {
    let Some(p) = report.in_period.as_ref() else {
        return String::new();
    };
    if r.damaged.is_some() {
        return String::new();
    }
    let p = p.get(&r.id).copied().unwrap_or_default();
    t!(
        "office.report.in_period",
        locale = lang.code(),
        lessons = p.lessons_done,
        minutes = minutes(p.seconds)
    )
    .into_owned()
}

/// CSV for Excel: UTF-8 BOM, Vietnamese (or English) headers, formula-like cells neutralised.
pub fn csv(
    report: &ClassReport,
    table: Table,
    delimiter: u8,
    lang: Lang,
    tz: &TimeZone,
) -> Result<Vec<u8>, csv::Error> {
    csv_titled(report, table, delimiter, lang, tz, None)
}

/// [`csv`] with a first line saying what the report covers (the period), and with a period,
/// a "Trong kỳ" column.
pub fn csv_titled(
    report: &ClassReport,
    table: Table,
    delimiter: u8,
    lang: Lang,
    tz: &TimeZone,
    title: Option<&str>,
) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_writer(vec![0xEF, 0xBB, 0xBF]);
    if let Some(title) = title {
        w.write_record([neutralise(title)])?;
    }
    let period = report.in_period.is_some();
    let (headers, rows): (Vec<String>, Vec<Vec<String>>) = match table {
        Table::Learners => (
            {
                let mut h = learner_headers(lang);
                if period {
                    h.push(t!("office.report.col.in_period", locale = lang.code()).into_owned());
                }
                h
            },
            report
                .learners
                .iter()
                .map(|r| {
                    let mut cells = learner_cells(r, report, lang, tz);
                    if period {
                        cells.push(in_period(report, r, lang));
                    }
                    cells
                })
                .collect(),
        ),
        Table::Questions => (
            question_headers(lang),
            report.questions.iter().map(question_cells).collect(),
        ),
    };
    w.write_record(&headers)?;
    for row in rows {
        w.write_record(row.iter().map(|c| neutralise(c)))?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

/// JSON for other tools.
pub fn json(report: &ClassReport) -> String {
    serde_json::to_string_pretty(report).unwrap_or_else(|_| "{}".to_string())
}

/// A plain-text table that fits in `width` (≥ 60) columns: learners, then the hardest questions.
pub fn table(report: &ClassReport, lang: Lang, width: usize, tz: &TimeZone) -> String {
    let l = lang.code();
    let width = width.max(60);
    // Fixed columns: done 7, score 5, time 9, last 11, flag 10, separators.
    let fixed = 7 + 5 + 9 + 11 + 10 + 5;
    let name_w = width - fixed;
    let mut out = String::new();
    let head = [
        fit(&t!("report.col.name", locale = l), name_w),
        fit(&t!("report.col.done_short", locale = l), 7),
        fit(&t!("report.col.score_short", locale = l), 5),
        fit(&t!("report.col.time_short", locale = l), 9),
        fit(&t!("report.col.last_short", locale = l), 11),
        fit(&t!("report.col.help_short", locale = l), 10),
    ];
    out.push_str(head.join(" ").trim_end());
    out.push('\n');
    out.push_str(&"─".repeat(width));
    out.push('\n');
    for r in &report.learners {
        let mut name = r.name.clone();
        let d = detail(r);
        if !d.is_empty() {
            name = format!("{name} ({d})");
        }
        let cells = [
            fit(&name, name_w),
            fit(&format!("{}/{}", r.lessons_done, report.lessons_total), 7),
            fit(&score(r.average_best_score), 5),
            fit(
                &if r.seconds == 0 {
                    "-".to_string()
                } else {
                    duration(r.seconds, lang)
                },
                9,
            ),
            fit(
                &r.last_activity
                    .map(|t| {
                        t.to_zoned_datetime(tz.clone())
                            .strftime("%d/%m %H:%M")
                            .to_string()
                    })
                    .unwrap_or_default(),
                11,
            ),
            fit(&status(r, lang), 10),
        ];
        out.push_str(cells.join(" ").trim_end());
        out.push('\n');
        let p = in_period(report, r, lang);
        if !p.is_empty() {
            out.push_str(fit(&format!("    {p}"), width).trim_end());
            out.push('\n');
        }
    }
    if report.learners.is_empty() {
        out.push_str(&t!("report.no_learners", locale = l));
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&t!(
        "report.hardest_title",
        locale = l,
        n = super::HARDEST_COUNT
    ));
    out.push('\n');
    if report.hardest.is_empty() {
        out.push_str(&t!("report.no_hardest", locale = l));
        out.push('\n');
    }
    for q in &report.hardest {
        let pct = format!("{:>3.0}%", q.wrong_first_share() * 100.0);
        let count = format!("{}/{}", q.wrong_first, q.learners);
        let prefix = format!("{pct} {count:>5}  ");
        let text = format!("{} — {}", q.lesson_title, q.prompt.replace('\n', " "));
        out.push_str(&prefix);
        out.push_str(fit(&text, width - prefix.width()).trim_end());
        out.push('\n');
    }
    out
}
