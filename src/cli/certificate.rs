//! `hocso certificate`: write a learner's (or the class's) certificate PDF, or check a code.

use std::path::{Path, PathBuf};

use jiff::Timestamp;
use jiff::tz::TimeZone;
use rust_i18n::t;

use super::ctx::Ctx;
use super::learners::{find, open_store};
use super::{CertificateAction, Cli, EXIT_ERRORS, EXIT_OK, EXIT_USAGE};
use crate::course::Course;
use crate::progress::model::LearnerFile;
use crate::store::learners::write_atomic;
use crate::trainer::certificate::code::{self, CertModule, Contents, Issued};
use crate::trainer::certificate::pdf::{Sheet, name_fits, render, render_many};
use crate::trainer::certificate::{Standing, standing};
use crate::trainer::unit::Unit;
use crate::ui::lang::Lang;

/// Entry point for the subcommand.
pub fn run(
    cli: &Cli,
    action: Option<&CertificateAction>,
    learner: Option<&str>,
    (class, split): (bool, bool),
    out: Option<&Path>,
    lang: Lang,
) -> u8 {
    let l = lang.code();
    if let Some(CertificateAction::Verify { code, db }) = action {
        if let Some(url) = db {
            return super::certificate_verify::db(url, cli.data_dir.as_deref(), code, lang);
        }
        // Only reads: a write-protected copy of the data folder can check codes too.
        return match super::data_folder_read(cli.data_dir.as_deref(), lang) {
            Ok(dir) => super::certificate_verify::local(&dir, code, lang),
            Err(code) => code,
        };
    }
    let data_dir = match super::data_folder(cli.data_dir.as_deref(), lang) {
        Ok(d) => d,
        Err(code) => return code,
    };
    let ctx = Ctx {
        lang,
        data_dir: cli.data_dir.clone(),
        lessons: cli.lessons.clone(),
    };
    let course = match ctx.course() {
        Ok(c) => c,
        Err(code) => return code,
    };
    let unit = match crate::trainer::unit::load(&data_dir) {
        Ok(Some(u)) => u,
        Ok(None) => {
            crate::errln!("{}", t!("certificate.no_unit", locale = l));
            Unit::default()
        }
        Err(e) => {
            crate::errln!(
                "{}",
                t!("certificate.unit_unreadable", locale = l, error = e)
            );
            Unit::default()
        }
    };
    let job = Job {
        data_dir: &data_dir,
        course: &course,
        unit: &unit,
        lang,
        tz: TimeZone::system(),
        now: Timestamp::now(),
    };
    match (learner, class) {
        (Some(who), false) => job.one(cli.data_dir.as_deref(), who, out),
        (None, true) if split => job.class_split(out),
        (None, true) => job.class(out),
        _ => {
            crate::errln!("{}", t!("certificate.usage", locale = l));
            EXIT_USAGE
        }
    }
}

struct Job<'a> {
    data_dir: &'a Path,
    course: &'a Course,
    unit: &'a Unit,
    lang: Lang,
    tz: TimeZone,
    now: Timestamp,
}

impl Job<'_> {
    fn l(&self) -> &'static str {
        self.lang.code()
    }

    fn date(&self, at: Timestamp) -> jiff::civil::Date {
        at.to_zoned_datetime(self.tz.clone()).date()
    }

    fn one(&self, data_flag: Option<&Path>, who: &str, out: Option<&Path>) -> u8 {
        let store = match open_store(data_flag, self.lang) {
            Ok(s) => s,
            Err(code) => return code,
        };
        let summary = match find(&store, who, self.lang) {
            Ok(s) => s,
            Err(code) => return code,
        };
        let file = match store.load(&summary.id) {
            Ok(loaded) => loaded.file,
            Err(e) => {
                crate::errln!("{}", e.message(self.l()));
                return EXIT_ERRORS;
            }
        };
        let st = standing(self.course, &file);
        if !st.earned() {
            self.print_missing(&file, &st);
            return EXIT_ERRORS;
        }
        let out = out.map_or_else(
            || PathBuf::from(format!("giay-chung-nhan-{}.pdf", file.profile.id)),
            Path::to_path_buf,
        );
        match self.write(&file, &st, &out) {
            Ok(issued) => {
                self.say_written(&issued, &out);
                EXIT_OK
            }
            Err(code) => code,
        }
    }

    /// The class's learners who have earned a certificate, in Vietnamese name order (as the
    /// report lists them), and how many have not yet.
    fn earned(&self) -> Result<(Vec<(LearnerFile, Standing)>, usize), u8> {
        let store = crate::store::learners::Store::open(self.data_dir).map_err(|e| {
            crate::errln!("{}", e.message(self.l()));
            EXIT_USAGE
        })?;
        let (mut files, _) = store.load_all();
        let order = crate::trainer::report::order::NameOrder::new();
        files.sort_by(|a, b| order.compare(&a.profile.name, &b.profile.name));
        let mut waiting = 0;
        let mut earned = Vec::new();
        for file in files {
            let st = standing(self.course, &file);
            if st.earned() {
                earned.push((file, st));
            } else {
                waiting += 1;
            }
        }
        Ok((earned, waiting))
    }

    fn say_total(&self, written: usize, waiting: usize) {
        crate::outln!(
            "{}",
            t!(
                "certificate.class_total",
                locale = self.l(),
                written = written,
                waiting = waiting
            )
        );
    }

    /// The whole class as one PDF, a page per learner: what an office prints and files.
    fn class(&self, out: Option<&Path>) -> u8 {
        let name = "giay-chung-nhan-ca-lop.pdf";
        let out = match out {
            // `--out` naming a folder (as earlier versions asked): the file goes inside it.
            Some(dir) if dir.is_dir() => dir.join(name),
            Some(file) => file.to_path_buf(),
            None => PathBuf::from(name),
        };
        let (earned, waiting) = match self.earned() {
            Ok(e) => e,
            Err(code) => return code,
        };
        let mut status = EXIT_OK;
        let mut sheets = Vec::new();
        let mut pages = Vec::new();
        for (file, st) in &earned {
            match self.issue(file, st) {
                Ok(issued) => {
                    sheets.push(self.sheet(&issued));
                    pages.push(issued);
                }
                Err(code) => status = code,
            }
        }
        if !sheets.is_empty() {
            let title = t!(
                "certificate.pdf.class_title",
                locale = self.l(),
                class = self.unit.title()
            );
            if let Err(code) = self.save(render_many(&sheets, &title), &out) {
                return code;
            }
            for (i, issued) in pages.iter().enumerate() {
                crate::outln!(
                    "{}",
                    t!(
                        "certificate.class_page",
                        locale = self.l(),
                        page = i + 1,
                        name = issued.contents.name,
                        code = issued.code
                    )
                );
            }
            crate::outln!(
                "{}",
                t!(
                    "certificate.class_written",
                    locale = self.l(),
                    pages = pages.len(),
                    path = out.display()
                )
            );
        }
        self.say_total(pages.len(), waiting);
        status
    }

    /// `--split`: one PDF per learner in the folder `out`.
    fn class_split(&self, out: Option<&Path>) -> u8 {
        let Some(dir) = out else {
            crate::errln!("{}", t!("certificate.class_needs_out", locale = self.l()));
            return EXIT_USAGE;
        };
        if let Err(e) = std::fs::create_dir_all(dir) {
            crate::errln!(
                "{}",
                t!(
                    "certificate.write_failed",
                    locale = self.l(),
                    path = dir.display(),
                    error = e
                )
            );
            return EXIT_ERRORS;
        }
        let (earned, waiting) = match self.earned() {
            Ok(e) => e,
            Err(code) => return code,
        };
        let mut written = 0;
        let mut status = EXIT_OK;
        for (file, st) in &earned {
            let path = dir.join(format!("giay-chung-nhan-{}.pdf", file.profile.id));
            match self.write(file, st, &path) {
                Ok(issued) => {
                    written += 1;
                    self.say_written(&issued, &path);
                }
                Err(code) => status = code,
            }
        }
        self.say_total(written, waiting);
        status
    }

    fn say_written(&self, issued: &Issued, path: &Path) {
        crate::outln!(
            "{}",
            t!(
                "certificate.written",
                locale = self.l(),
                name = issued.contents.name,
                path = path.display(),
                code = issued.code
            )
        );
    }

    fn print_missing(&self, file: &LearnerFile, st: &Standing) {
        crate::errln!(
            "{}",
            t!(
                "certificate.not_yet",
                locale = self.l(),
                name = file.profile.name
            )
        );
        for m in &st.missing {
            crate::errln!(
                "{}",
                t!(
                    "certificate.missing_module",
                    locale = self.l(),
                    module = m.title,
                    count = m.lessons_left.len(),
                    lessons = m.lessons_left.join("; ")
                )
            );
        }
    }

    fn contents(&self, file: &LearnerFile, st: &Standing) -> Contents {
        let p = &file.profile;
        Contents {
            learner_id: p.id.clone(),
            name: p.name.clone(),
            birth_year: p.birth_year,
            group: p.group.clone(),
            course: self.course.title.clone(),
            modules: st
                .done
                .iter()
                .map(|m| CertModule {
                    id: m.id.clone(),
                    title: m.title.clone(),
                    completed: self.date(m.completed).to_string(),
                })
                .collect(),
            unit: self.unit.title(),
            trainer: self.unit.trainer.clone(),
            issued: self.date(self.now).to_string(),
        }
    }

    fn write(&self, file: &LearnerFile, st: &Standing, out: &Path) -> Result<Issued, u8> {
        let issued = self.issue(file, st)?;
        self.save(render(&self.sheet(&issued)), out)?;
        Ok(issued)
    }

    /// Registers the learner's certificate (or finds it registered) after checking the name.
    fn issue(&self, file: &LearnerFile, st: &Standing) -> Result<Issued, u8> {
        // Before anything is registered: a certificate with no name, or one running off the
        // page, is never issued.
        let name = &file.profile.name;
        if !name_fits(name) {
            let key = if name.trim().is_empty() {
                "certificate.blank_name"
            } else {
                "certificate.name_too_long"
            };
            let chars = name.chars().count();
            let id = &file.profile.id;
            crate::errln!("{}", t!(key, locale = self.l(), id = id, chars = chars));
            return Err(EXIT_ERRORS);
        }
        code::issue(self.data_dir, self.contents(file, st)).map_err(|e| {
            crate::errln!(
                "{}",
                t!("certificate.register_failed", locale = self.l(), error = e)
            );
            EXIT_ERRORS
        })
    }

    fn save(&self, pdf: anyhow::Result<Vec<u8>>, out: &Path) -> Result<(), u8> {
        let pdf = pdf.map_err(|e| {
            crate::errln!(
                "{}",
                t!("certificate.pdf_failed", locale = self.l(), error = e)
            );
            EXIT_ERRORS
        })?;
        write_atomic(out, &pdf).map_err(|e| {
            crate::errln!(
                "{}",
                t!(
                    "certificate.write_failed",
                    locale = self.l(),
                    path = out.display(),
                    error = e
                )
            );
            EXIT_ERRORS
        })
    }

    fn sheet(&self, issued: &Issued) -> Sheet {
        super::certificate_sheet::sheet(self.unit, issued, self.l())
    }
}
