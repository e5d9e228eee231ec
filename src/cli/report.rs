//! The parts of `hocso report` for the commune office and the trainer at the screen: `--since` /
//! `--until`, the printable xlsx (title block from `--title` or the data folder's unit), the
//! questions table, and one learner's answers (`--learner`).

use std::path::Path;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use rust_i18n::t;
use sha2::{Digest, Sha256};

use super::EXIT_USAGE;
use super::ctx::Ctx;
use crate::course::Course;
use crate::course::source::select;
use crate::trainer::report::detail::{self, Mark};
use crate::trainer::report::output::fit;
use crate::trainer::report::window::{Window, clip};
use crate::trainer::report::xlsx::{self, Sheets, label_text, options_text};
use crate::trainer::report::{ClassReport, HARDEST_COUNT, LearnerInput};
use crate::ui::lang::Lang;

/// A day written as `2026-11-30`, `30/11/2026` or `30-11-2026`.
fn parse_day(s: &str) -> Option<Date> {
    let s = s.trim();
    if let Ok(d) = s.parse::<Date>() {
        return Some(d);
    }
    let parts: Vec<&str> = s.split(['/', '-', '.']).collect();
    let [d, m, y] = parts.as_slice() else {
        return None;
    };
    Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()
}

/// `--since DAY` (from its first moment) and `--until DAY` (to its last), in the local time zone.
pub fn window(
    since: Option<&str>,
    until: Option<&str>,
    tz: &TimeZone,
    lang: Lang,
) -> Result<Window, u8> {
    let day = |s: &str| {
        parse_day(s).ok_or_else(|| {
            crate::errln!(
                "{}",
                t!("office.report.bad_date", locale = lang.code(), value = s)
            );
            EXIT_USAGE
        })
    };
    let start = |d: Date| d.to_zoned_datetime(tz.clone()).ok().map(|z| z.timestamp());
    let (since_text, until_text) = (since, until);
    let since = match since {
        Some(s) => start(day(s)?),
        None => None,
    };
    let until = match until {
        Some(s) => day(s)?
            .tomorrow()
            .ok()
            .and_then(start)
            .and_then(|t| t.checked_sub(SignedDuration::from_nanos(1)).ok()),
        None => None,
    };
    if let (Some(a), Some(b)) = (since, until)
        && a > b
    {
        crate::errln!(
            "{}",
            t!(
                "office.report.reversed",
                locale = lang.code(),
                since = since_text.unwrap_or_default(),
                until = until_text.unwrap_or_default()
            )
        );
        return Err(EXIT_USAGE);
    }
    Ok(Window { since, until })
}

/// The learner inputs cut to the window.
pub fn clipped(course: &Course, inputs: Vec<LearnerInput>, w: Window) -> Vec<LearnerInput> {
    inputs
        .into_iter()
        .map(|i| match i {
            LearnerInput::Ok(f) => LearnerInput::Ok(clip(course, &f, w)),
            other => other,
        })
        .collect()
}

fn day_text(t: Timestamp, tz: &TimeZone) -> String {
    t.to_zoned_datetime(tz.clone())
        .strftime("%d/%m/%Y")
        .to_string()
}

/// "Từ 01/11/2026 đến 30/11/2026" (open ends said as such).
pub fn period(w: Window, tz: &TimeZone, lang: Lang) -> String {
    let l = lang.code();
    let today = day_text(Timestamp::now(), tz);
    match (w.since, w.until) {
        (Some(a), Some(b)) => t!(
            "office.report.period.both",
            locale = l,
            from = day_text(a, tz),
            to = day_text(b, tz)
        ),
        (Some(a), None) => t!(
            "office.report.period.since",
            locale = l,
            from = day_text(a, tz),
            today = today
        ),
        (None, Some(b)) => t!(
            "office.report.period.until",
            locale = l,
            to = day_text(b, tz)
        ),
        (None, None) => t!("office.report.period.all", locale = l, today = today),
    }
    .into_owned()
}

/// Course title and a short fingerprint of its lesson files, so two printed reports can be told
/// to come from the same lessons.
fn version(course: &Course, lessons: Option<&Path>, lang: Lang) -> String {
    let mut hash = Sha256::new();
    for f in select(lessons).unwrap_or_default() {
        hash.update(f.path.as_bytes());
        hash.update([0]);
        hash.update(&f.bytes);
    }
    let digest: String = hash
        .finalize()
        .iter()
        .take(4)
        .map(|b| format!("{b:02x}"))
        .collect();
    t!(
        "office.report.version",
        locale = lang.code(),
        course = course.title,
        hash = digest,
        hocso = env!("CARGO_PKG_VERSION")
    )
    .into_owned()
}

/// The class / xã name: `--title`, else the data folder's unit, else a plain heading.
fn title(ctx: &Ctx, given: Option<&str>) -> String {
    if let Some(t) = given.map(str::trim).filter(|t| !t.is_empty()) {
        return t.to_string();
    }
    let unit = crate::store::paths::data_dir(ctx.data_dir.as_deref())
        .ok()
        .and_then(|dir| crate::trainer::unit::load(&dir).ok().flatten())
        .map(|u| u.title())
        .filter(|t| !t.trim().is_empty());
    unit.unwrap_or_else(|| t!("office.report.default_title", locale = ctx.l()).into_owned())
}

/// The printable workbook.
#[allow(clippy::too_many_arguments)]
pub fn xlsx_bytes(
    ctx: &Ctx,
    course: &Course,
    report: &ClassReport,
    inputs: &[LearnerInput],
    in_window: &[LearnerInput],
    w: Window,
    given_title: Option<&str>,
    tz: &TimeZone,
) -> Result<Vec<u8>, String> {
    let ok = |inputs: &[LearnerInput]| -> Vec<_> {
        inputs
            .iter()
            .filter_map(|i| match i {
                LearnerInput::Ok(f) => Some(f.clone()),
                LearnerInput::Damaged { .. } => None,
            })
            .collect()
    };
    // The grid shows where everyone stands; the questions, what was answered in the period.
    let files = ok(inputs);
    let questions = detail::questions(course, &ok(in_window), HARDEST_COUNT);
    let sheets = Sheets {
        report,
        course,
        files: &files,
        questions: &questions,
        title: title(ctx, given_title),
        period: period(w, tz, ctx.lang),
        version: version(course, ctx.lessons.as_deref(), ctx.lang),
        lang: ctx.lang,
        tz,
        certified: &certified(ctx),
    };
    xlsx::write(&sheets).map_err(|e| e.to_string())
}

/// Learner id → date of their certificate, from the data folder's register (the latest when
/// several). An unreadable register leaves the column empty, said on stderr.
fn certified(ctx: &Ctx) -> std::collections::HashMap<String, String> {
    let Ok(dir) = crate::store::paths::data_dir(ctx.data_dir.as_deref()) else {
        return Default::default();
    };
    match crate::trainer::certificate::code::register(&dir) {
        Ok(reg) => reg
            .into_iter()
            .map(|i| {
                let date = i
                    .contents
                    .issued
                    .parse::<Date>()
                    .map(|d| d.strftime("%d/%m/%Y").to_string())
                    .unwrap_or(i.contents.issued);
                (i.contents.learner_id, date)
            })
            .collect(),
        Err(e) => {
            crate::errln!("{e:#}");
            Default::default()
        }
    }
}

/// `hocso report --table questions` as text: the hardest first, options under each question.
pub fn questions_table(
    course: &Course,
    inputs: &[LearnerInput],
    lang: Lang,
    width: usize,
) -> String {
    let l = lang.code();
    let files: Vec<_> = inputs
        .iter()
        .filter_map(|i| match i {
            LearnerInput::Ok(f) => Some(f.clone()),
            LearnerInput::Damaged { .. } => None,
        })
        .collect();
    let qs = detail::questions(course, &files, HARDEST_COUNT);
    let mut out = String::new();
    out.push_str(&t!("office.report.qtable.head", locale = l));
    out.push('\n');
    out.push_str(&"─".repeat(width));
    out.push('\n');
    if qs.is_empty() {
        out.push_str(&t!("report.no_hardest", locale = l));
        out.push('\n');
    }
    for q in &qs {
        let rank = q
            .rank
            .map(|r| format!("{r:>2}."))
            .unwrap_or_else(|| "   ".into());
        let prefix = format!(
            "{rank} {:>3.0}% {:>5}  ",
            q.wrong_share() * 100.0,
            format!("{}/{}", q.wrong_first, q.learners)
        );
        let text = format!("{} — {}", q.lesson_title, q.prompt.replace('\n', " "));
        let room = width.saturating_sub(unicode_width::UnicodeWidthStr::width(prefix.as_str()));
        out.push_str(&prefix);
        out.push_str(fit(&text, room).trim_end());
        out.push('\n');
        let opts = options_text(q, lang).replace('\n', " · ");
        out.push_str(fit(&format!("{:16}{opts}", ""), width).trim_end());
        out.push('\n');
    }
    out
}

/// `hocso report --learner NAME|ID`: lessons, then every attempt with each answer, right or
/// wrong; with `--format xlsx|pdf --out FILE`, the one-page "Phiếu học tập" instead. The status
/// is the learner's overall one; with a period, what they did in it is added. Returns the
/// file's bytes for the caller to write (`None`: printed on the screen already).
pub fn learner_view(
    ctx: &Ctx,
    who: &str,
    w: Window,
    tz: &TimeZone,
    format: &str,
) -> Result<Option<Vec<u8>>, u8> {
    let lang = ctx.lang;
    let l = lang.code();
    let course = ctx.course()?;
    let store = ctx.store()?;
    let found = super::learners::find(&store, who, lang)?;
    let (whole, file) = match store.load(&found.id) {
        Ok(f) => (f.file.clone(), clip(&course, &f.file, w)),
        Err(e) => {
            crate::errln!("{}", e.message(l));
            return Err(super::EXIT_ERRORS);
        }
    };
    let report = if w.is_all() {
        crate::trainer::report::build(&course, &[LearnerInput::Ok(whole.clone())])
    } else {
        crate::trainer::report::build_for_period(
            &course,
            &[LearnerInput::Ok(whole.clone())],
            &[LearnerInput::Ok(file.clone())],
        )
    };
    let changes = record_changes(store.dir(), &found.id, tz, l);
    if format != "table" {
        let sheet = super::learner_sheet::build(&super::learner_sheet::Parts {
            course: &course,
            file: &whole,
            report: &report,
            class: title(ctx, None),
            period: period(w, tz, lang),
            changes: changes
                .lines()
                .map(|x| x.trim().to_string())
                .filter(|x| !x.is_empty())
                .collect(),
            lang,
            tz,
        });
        let bytes = if format == "xlsx" {
            crate::trainer::report::learner_sheet::xlsx(&sheet).map_err(|e| e.to_string())
        } else {
            crate::trainer::report::learner_sheet::pdf(&sheet).map_err(|e| format!("{e:#}"))
        };
        return match bytes {
            Ok(b) => Ok(Some(b)),
            Err(e) => {
                crate::errln!("{e}");
                Err(EXIT_USAGE)
            }
        };
    }
    let mut out = String::new();
    if let Some(r) = report.learners.first() {
        let detail: Vec<String> = r
            .birth_year
            .map(|y| y.to_string())
            .into_iter()
            .chain(r.group.clone())
            .collect();
        out.push_str(&format!("{} ({}) — {}\n", r.name, detail.join(", "), r.id));
        let status = xlsx::Status::of(r, report.lessons_total).label(lang);
        out.push_str(&t!(
            "office.report.learner.summary",
            locale = l,
            done = r.lessons_done,
            total = report.lessons_total,
            score = r
                .average_best_score
                .map(|s| format!("{s:.0}"))
                .unwrap_or("-".into()),
            status = status
        ));
        let p = crate::trainer::report::output::in_period(&report, r, lang);
        if !p.is_empty() {
            out.push_str(&format!(" · {p}"));
        }
        out.push_str("\n\n");
    }
    out.push_str(&changes);
    let lessons = detail::history(&course, &file);
    if lessons.is_empty() {
        out.push_str(&t!("office.report.learner.nothing", locale = l));
        out.push('\n');
    }
    for lesson in lessons {
        let mark = match lesson.mark {
            Mark::Passed(Some(s)) => format!("✓ {} — {s}%", lesson.title),
            Mark::Passed(None) => format!("✓ {}", lesson.title),
            Mark::Started => format!("◐ {}", lesson.title),
            Mark::NotStarted => format!("  {}", lesson.title),
        };
        out.push_str(&mark);
        out.push('\n');
        for (n, a) in lesson.attempts.iter().enumerate() {
            let when = a
                .started
                .to_zoned_datetime(tz.clone())
                .strftime("%d/%m %H:%M")
                .to_string();
            let score = a.score.map(|s| format!(" — {s}%")).unwrap_or_default();
            out.push_str(&format!(
                "  {}\n",
                t!(
                    "office.report.learner.attempt",
                    locale = l,
                    n = n + 1,
                    when = when,
                    score = score
                )
            ));
            for ans in &a.answers {
                let (mark, word) = if ans.correct {
                    ("✓", t!("office.report.learner.right", locale = l))
                } else {
                    ("✗", t!("office.report.learner.wrong", locale = l))
                };
                let given: Vec<String> = ans.answer.iter().map(|x| label_text(x, lang)).collect();
                out.push_str(&format!(
                    "    {mark} {word}: {} — {}\n",
                    ans.prompt.replace('\n', " "),
                    t!(
                        "office.report.learner.answered",
                        locale = l,
                        answer = given.join("; ")
                    )
                ));
            }
        }
    }
    crate::out!("{out}");
    Ok(None)
}

/// The office's corrections and merges of this learner (empty when none), then a blank line.
fn record_changes(learners_dir: &std::path::Path, id: &str, tz: &TimeZone, l: &str) -> String {
    use crate::trainer::roster::history;
    let data_dir = learners_dir.parent().unwrap_or(learners_dir);
    // An unreadable history must not hide the learner's results: say so and go on.
    let entries = history::load(data_dir).unwrap_or_else(|e| {
        crate::errln!("{e:#}");
        Vec::new()
    });
    let mine = history::of(&entries, id);
    if mine.is_empty() {
        return String::new();
    }
    let mut out = format!("{}\n", t!("office.history.title", locale = l));
    for e in mine {
        out.push_str(&format!("  {}\n", history::describe(e, tz, l)));
    }
    out.push('\n');
    out
}
