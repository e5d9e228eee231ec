//! What every trainer command needs: the UI language, the data folder and the course folder, with
//! the plain messages for when either cannot be opened. Its own file so the trainer commands share
//! it without importing each other.

use std::path::{Path, PathBuf};

use jiff::Timestamp;
use jiff::tz::TimeZone;
use rust_i18n::t;

use super::{EXIT_ERRORS, EXIT_USAGE};
use crate::course::Course;
use crate::course::load::load;
use crate::course::source::select;
use crate::store::learners::Store;
use crate::ui::lang::Lang;

/// What every trainer command needs to know.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub lang: Lang,
    pub data_dir: Option<PathBuf>,
    pub lessons: Option<PathBuf>,
}

impl Ctx {
    pub(crate) fn l(&self) -> &'static str {
        self.lang.code()
    }

    pub(crate) fn store(&self) -> Result<Store, u8> {
        let dir = super::data_folder(self.data_dir.as_deref(), self.lang)?;
        Store::open(&dir).map_err(|e| {
            crate::errln!("{}", e.message(self.l()));
            EXIT_USAGE
        })
    }

    /// The course the report is about: `--lessons DIR` or the built-in one.
    pub(crate) fn course(&self) -> Result<Course, u8> {
        let files = select(self.lessons.as_deref()).map_err(|e| {
            let dir = self.lessons.as_deref().unwrap_or(Path::new(""));
            crate::errln!(
                "{}",
                t!(
                    "trainer.lessons_unreadable",
                    locale = self.l(),
                    dir = dir.display(),
                    error = e
                )
            );
            EXIT_USAGE
        })?;
        load(&files).course.ok_or_else(|| {
            crate::errln!("{}", t!("trainer.course_invalid", locale = self.l()));
            EXIT_ERRORS
        })
    }
}

pub(crate) fn this_year() -> i16 {
    Timestamp::now()
        .to_zoned_datetime(TimeZone::system())
        .year()
}
