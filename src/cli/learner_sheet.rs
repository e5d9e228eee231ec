//! The words of one learner's "Phiếu học tập" (`hocso report --learner X --format xlsx|pdf`):
//! who, which class, the period, where they stand overall (and in the period), each module's
//! lessons with the result, and the office's changes to their record. Placed on the page by
//! [`crate::trainer::report::learner_sheet`].

use jiff::Timestamp;
use jiff::tz::TimeZone;
use rust_i18n::t;

use crate::course::Course;
use crate::progress::model::LearnerFile;
use crate::trainer::report::ClassReport;
use crate::trainer::report::detail::{Mark, marks};
use crate::trainer::report::learner_sheet::LearnerSheet;
use crate::trainer::report::output::in_period;
use crate::trainer::report::xlsx::Status;
use crate::ui::lang::Lang;

/// What the sheet is made from.
pub struct Parts<'a> {
    pub course: &'a Course,
    /// The learner's whole file (results are overall).
    pub file: &'a LearnerFile,
    /// The report of this one learner (with the period's figures when there is a period).
    pub report: &'a ClassReport,
    /// Class and commune.
    pub class: String,
    /// "Từ ngày … đến ngày …".
    pub period: String,
    /// "Hồ sơ đã sửa:" and its lines (empty when none).
    pub changes: Vec<String>,
    pub lang: Lang,
    pub tz: &'a TimeZone,
}

/// The sheet's text.
pub fn build(p: &Parts) -> LearnerSheet {
    let l = p.lang.code();
    let tr = |k: &str| t!(format!("office.sheet.{k}"), locale = l).into_owned();
    let mut top = Vec::new();
    if let Some(r) = p.report.learners.first() {
        let detail: Vec<String> = r
            .birth_year
            .map(|y| y.to_string())
            .into_iter()
            .chain(r.group.clone())
            .collect();
        top.push(if detail.is_empty() {
            r.name.clone()
        } else {
            format!("{} ({})", r.name, detail.join(", "))
        });
        top.push(p.class.clone());
        top.push(p.period.clone());
        let mut summary = t!(
            "office.report.learner.summary",
            locale = l,
            done = r.lessons_done,
            total = p.report.lessons_total,
            score = r
                .average_best_score
                .map(|s| format!("{s:.0}"))
                .unwrap_or("-".into()),
            status = Status::of(r, p.report.lessons_total).label(p.lang)
        )
        .into_owned();
        let extra = in_period(p.report, r, p.lang);
        if !extra.is_empty() {
            summary = format!("{summary} · {extra}");
        }
        top.push(summary);
    }
    let all = marks(p.course, p.file);
    let mut results = all.iter();
    let modules = p
        .course
        .modules
        .iter()
        .map(|m| {
            let lessons = m
                .lessons
                .iter()
                .map(|lesson| {
                    let result = match results.next() {
                        Some(Mark::Passed(Some(s))) => format!("✓ {s}%"),
                        Some(Mark::Passed(None)) => tr("passed"),
                        Some(Mark::Started) => tr("started"),
                        _ => tr("not_started"),
                    };
                    (lesson.title.clone(), result)
                })
                .collect();
            (m.title.clone(), lessons)
        })
        .collect();
    let today = Timestamp::now()
        .to_zoned_datetime(p.tz.clone())
        .strftime("%d/%m/%Y")
        .to_string();
    let name = p
        .report
        .learners
        .first()
        .map(|r| r.name.clone())
        .unwrap_or_default();
    LearnerSheet {
        heading: tr("heading"),
        top,
        modules,
        notes: p.changes.clone(),
        footer: t!(
            "office.sheet.footer",
            locale = l,
            date = today,
            course = p.course.title,
            hocso = env!("CARGO_PKG_VERSION")
        )
        .into_owned(),
        doc_title: format!("{} — {name}", tr("title")),
        columns: (tr("col_lesson"), tr("col_result")),
    }
}
