//! `hocso new lesson DIR "Tiêu đề"`: a lesson file to start from, with one question of each kind,
//! commented in Vietnamese, that validates clean.

use std::path::{Path, PathBuf};

use rust_i18n::t;

use super::{EXIT_OK, EXIT_USAGE};
use crate::lang::Lang;
use crate::progress::id::fold;

const TEMPLATE: &str = include_str!("lesson_template.yaml");

/// A lesson id from a title: ASCII, lowercase, `-` between words, cut at a word boundary.
pub fn lesson_id(title: &str) -> String {
    let mut id = String::new();
    for word in fold(title)
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !id.is_empty() && id.len() + 1 + word.len() > 40 {
            break;
        }
        if !id.is_empty() {
            id.push('-');
        }
        id.push_str(&word[..word.len().min(40)]);
    }
    if id.is_empty() {
        "bai-moi".to_string()
    } else {
        id
    }
}

/// The next free `NN-` prefix in `dir` (one more than the highest, from 01).
fn next_prefix(dir: &Path) -> u32 {
    let highest = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
            digits.parse::<u32>().ok()
        })
        .max()
        .unwrap_or(0);
    highest + 1
}

/// Where the lesson schema is, relative to `dir`: the nearest `schemas/lesson.schema.json` in
/// `dir` or an ancestor, else `None`.
fn schema_path(dir: &Path) -> Option<String> {
    let abs = std::path::absolute(dir).ok()?;
    for (up, ancestor) in abs.ancestors().enumerate() {
        if ancestor.join("schemas/lesson.schema.json").is_file() {
            return Some(format!("{}schemas/lesson.schema.json", "../".repeat(up)));
        }
    }
    None
}

/// The text of a new lesson; `month` (`YYYY-MM`) goes in `as_of`.
pub fn lesson_text(id: &str, title: &str, file: &str, schema: &str, month: &str) -> String {
    let title = title.replace('\\', "\\\\").replace('"', "\\\"");
    TEMPLATE
        .replace("{schema}", schema)
        .replace("{month}", month)
        .replace("{file}", file)
        .replace("{title}", &title)
        .replace("{id}", id)
}

/// Writes the lesson; returns its path.
pub fn new_lesson(dir: &Path, title: &str) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let id = lesson_id(title);
    let path = dir.join(format!("{:02}-{id}.yaml", next_prefix(dir)));
    let schema = match schema_path(dir) {
        Some(s) => s,
        None => {
            // Outside a course checkout: put the schema beside the lesson so VS Code finds it.
            let local = dir.join("lesson.schema.json");
            if !local.exists() {
                std::fs::write(
                    &local,
                    super::schema::schema_text("lesson").unwrap_or_default(),
                )?;
            }
            "lesson.schema.json".to_string()
        }
    };
    let now = jiff::Timestamp::now().to_zoned_datetime(jiff::tz::TimeZone::system());
    let month = format!("{:04}-{:02}", now.year(), now.month());
    let text = lesson_text(&id, title, &path.display().to_string(), &schema, &month);
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)?;
    std::io::Write::write_all(&mut f, text.as_bytes())?;
    Ok(path)
}

/// `hocso new lesson DIR TITLE`.
pub fn run(dir: &Path, title: &str, lang: Lang) -> u8 {
    let l = lang.code();
    if title.trim().is_empty() {
        crate::errln!("{}", t!("trainer.new.empty_title", locale = l));
        return EXIT_USAGE;
    }
    match new_lesson(dir, title.trim()) {
        Ok(path) => {
            crate::outln!(
                "{}",
                t!("trainer.new.done", locale = l, path = path.display())
            );
            EXIT_OK
        }
        Err(e) => {
            crate::errln!(
                "{}",
                t!(
                    "trainer.write_failed",
                    locale = l,
                    path = dir.display(),
                    error = e
                )
            );
            EXIT_USAGE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_cut_at_word_boundaries() {
        assert_eq!(
            lesson_id("Mật khẩu mạnh: giữ an toàn"),
            "mat-khau-manh-giu-an-toan"
        );
        assert_eq!(
            lesson_id("Đăng ký khai sinh trực tuyến cho con mới sinh ở xã"),
            "dang-ky-khai-sinh-truc-tuyen-cho-con-moi"
        );
        assert_eq!(lesson_id("!!!"), "bai-moi");
    }
}
