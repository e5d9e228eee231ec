//! `hocso new lesson DIR "Tiêu đề"`: a lesson file to start from, with one question of each kind,
//! commented in Vietnamese, that validates clean.

use std::path::{Path, PathBuf};

use rust_i18n::t;

use super::{EXIT_OK, EXIT_USAGE};
use crate::progress::id::fold;
use crate::ui::lang::Lang;

const TEMPLATE: &str = include_str!("lesson_template.yaml");
const MODULE_TEMPLATE: &str = include_str!("module_template.yaml");

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

/// Where the schema `name` is, relative to `dir`: the nearest `schemas/<name>.schema.json` in
/// `dir` or an ancestor, else `None`.
fn schema_path(dir: &Path, name: &str) -> Option<String> {
    let abs = std::path::absolute(dir).ok()?;
    let file = format!("schemas/{name}.schema.json");
    for (up, ancestor) in abs.ancestors().enumerate() {
        if ancestor.join(&file).is_file() {
            return Some(format!("{}{file}", "../".repeat(up)));
        }
    }
    None
}

/// The schema `name` for files in `dir`: the course's, or a copy written beside them (outside a
/// course checkout) so VS Code still finds it.
fn schema_for(dir: &Path, name: &str) -> std::io::Result<String> {
    if let Some(s) = schema_path(dir, name) {
        return Ok(s);
    }
    let file = format!("{name}.schema.json");
    let local = dir.join(&file);
    if !local.exists() {
        std::fs::write(&local, super::schema::schema_text(name).unwrap_or_default())?;
    }
    Ok(file)
}

/// A module id from a folder name: its words without the `NN-` order prefix.
pub fn module_id(folder: &str) -> String {
    let rest = folder.trim_start_matches(|c: char| c.is_ascii_digit());
    let id = lesson_id(rest.trim_start_matches(['-', '_', ' ']));
    if id == "bai-moi" {
        "chuong-moi".to_string()
    } else {
        id
    }
}

/// Writes a commented `module.yaml` in `dir` when it has none, so the new lesson belongs to a
/// module of the course; returns its path when one was written.
fn ensure_module(dir: &Path) -> std::io::Result<Option<PathBuf>> {
    let path = dir.join("module.yaml");
    if path.exists() {
        return Ok(None);
    }
    let folder = std::path::absolute(dir)?
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let id = module_id(&folder);
    let title = folder
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .trim_start_matches(['-', '_', ' '])
        .replace(['-', '_'], " ");
    let title = if title.trim().is_empty() {
        "Chương mới".to_string()
    } else {
        title.replace('\\', "\\\\").replace('"', "\\\"")
    };
    let text = MODULE_TEMPLATE
        .replace("{schema}", &schema_for(dir, "module")?)
        .replace("{title}", &title)
        .replace("{id}", &id);
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)?;
    std::io::Write::write_all(&mut f, text.as_bytes())?;
    Ok(Some(path))
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

/// Writes the lesson (and a `module.yaml` when the folder has none); returns its path.
pub fn new_lesson(dir: &Path, title: &str) -> std::io::Result<PathBuf> {
    Ok(new_lesson_and_module(dir, title)?.0)
}

/// [`new_lesson`], also saying whether a `module.yaml` was written.
pub fn new_lesson_and_module(
    dir: &Path,
    title: &str,
) -> std::io::Result<(PathBuf, Option<PathBuf>)> {
    std::fs::create_dir_all(dir)?;
    let module = ensure_module(dir)?;
    let id = lesson_id(title);
    let path = dir.join(format!("{:02}-{id}.yaml", next_prefix(dir)));
    let schema = schema_for(dir, "lesson")?;
    let now = jiff::Timestamp::now().to_zoned_datetime(jiff::tz::TimeZone::system());
    let month = format!("{:04}-{:02}", now.year(), now.month());
    let text = lesson_text(&id, title, &path.display().to_string(), &schema, &month);
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)?;
    std::io::Write::write_all(&mut f, text.as_bytes())?;
    Ok((path, module))
}

/// `hocso new lesson DIR TITLE`.
pub fn run(dir: &Path, title: &str, lang: Lang) -> u8 {
    let l = lang.code();
    if title.trim().is_empty() {
        crate::errln!("{}", t!("trainer.new.empty_title", locale = l));
        return EXIT_USAGE;
    }
    match new_lesson_and_module(dir, title.trim()) {
        Ok((path, module)) => {
            if let Some(m) = module {
                crate::outln!(
                    "{}",
                    t!(
                        "authoring.new.module_created",
                        locale = l,
                        path = m.display()
                    )
                );
            }
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
