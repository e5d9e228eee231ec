//! `hocso preview FILE [--watch]`: the learner screens on one lesson file, with a learner that
//! lives only in memory (no data folder is opened). With `--watch` the file's modification time
//! and size are polled every 500 ms (simple, works the same on every OS and on network folders)
//! and the lesson is reloaded, or the validator's messages shown, after each save.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use anyhow::Context as _;
use crossterm::event::{self, Event as CtEvent};
use jiff::Timestamp;

use crate::app::{self, App, Event, Msg};
use crate::course::Course;
use crate::course::diagnostic::Severity;
use crate::course::load::load;
use crate::course::source::{SourceFile, from_dir};
use crate::ui;
use crate::ui::keymap;
use crate::ui::lang::Lang;

/// How often a watched file is looked at.
const WATCH_EVERY: Duration = Duration::from_millis(500);

fn display(p: &Path) -> String {
    p.display().to_string().replace('\\', "/")
}

/// The course folder a lesson file belongs to: its folder or the one above with a `course.yaml`.
fn course_root(file: &Path) -> Option<PathBuf> {
    let dir = file.parent()?;
    [Some(dir), dir.parent()]
        .into_iter()
        .flatten()
        .find(|d| d.join("course.yaml").is_file())
        .map(Path::to_path_buf)
}

/// Glossaries the lesson may use (path, bytes): every glossary of its course, or (a loose
/// file) the ones in its folder and the folder above.
fn glossaries(file: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    if let Some(root) = course_root(file) {
        return from_dir(&root)
            .unwrap_or_default()
            .into_iter()
            .filter(|f| f.path == "glossary.yaml" || f.path.ends_with("/glossary.yaml"))
            .map(|f| (root.join(&f.path), f.bytes.into_owned()))
            .collect();
    }
    let Some(dir) = file.parent() else {
        return Vec::new();
    };
    [Some(dir), dir.parent()]
        .into_iter()
        .flatten()
        .map(|d| d.join("glossary.yaml"))
        .filter_map(|p| crate::course::source::read_capped(&p).ok().map(|b| (p, b)))
        .collect()
}

/// Reads one lesson file as a one-lesson course, or the validator's error lines (in `lang`).
pub fn load_lesson(file: &Path, lang: Lang) -> Result<Course, Vec<String>> {
    load_lesson_warned(file, lang).0
}

/// [`load_lesson`], and the validator's warning lines (in `lang`) about the file.
pub fn load_lesson_warned(file: &Path, lang: Lang) -> (Result<Course, Vec<String>>, Vec<String>) {
    match read_lesson(file, lang) {
        Ok((course, warnings)) => (Ok(course), warnings),
        Err(errors) => (Err(errors), Vec::new()),
    }
}

fn read_lesson(file: &Path, lang: Lang) -> Result<(Course, Vec<String>), Vec<String>> {
    let l = lang.code();
    let shown = display(file);
    // The safe reader: a FIFO or device in the file's place is refused, never waited on.
    let bytes = crate::course::source::read_capped(file).map_err(|e| {
        vec![
            match e.kind() {
                std::io::ErrorKind::NotFound => {
                    rust_i18n::t!("classview.preview.not_found", locale = l, path = shown)
                }
                _ => rust_i18n::t!(
                    "harden.preview.unreadable",
                    locale = l,
                    path = shown,
                    error = crate::store::problem::io_reason(&e, l)
                ),
            }
            .into_owned(),
        ]
    })?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "lesson.yaml".into());
    let inner = format!("preview/{name}");
    // JSON strings are valid YAML scalars: titles with any character stay well-formed.
    let quote = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let title = rust_i18n::t!("classview.preview.title", locale = l);
    let course_yaml = format!("format: 1\nid: preview\ntitle: {}\n", quote(&title));
    let module_yaml = format!("id: preview\ntitle: {}\n", quote(&title));
    // The lesson goes in a made-up course and module so the real loader checks it exactly as
    // in a course, glossary references included.
    let mut files = vec![
        SourceFile {
            path: "course.yaml".into(),
            bytes: course_yaml.into_bytes().into(),
        },
        SourceFile {
            path: "preview/module.yaml".into(),
            bytes: module_yaml.into_bytes().into(),
        },
        SourceFile {
            path: inner.clone(),
            bytes: bytes.into(),
        },
    ];
    // Each glossary in a folder of its own (the loader knows glossaries by their file name);
    // messages about it name the real file.
    let mut real = vec![(inner.clone(), shown.clone())];
    for (i, (path, bytes)) in glossaries(file).into_iter().enumerate() {
        let virtual_path = format!("glossary-{i}/glossary.yaml");
        real.push((virtual_path.clone(), display(&path)));
        files.push(SourceFile {
            path: virtual_path,
            bytes: bytes.into(),
        });
    }
    let loaded = load(&files);
    let lines = |severity: Severity| -> Vec<String> {
        loaded
            .diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .map(|d| {
                let mut d = d.clone();
                if let Some((_, path)) = real.iter().find(|(v, _)| *v == d.file) {
                    d.file = path.clone();
                }
                crate::cli::validate::format_line(&d, lang)
            })
            .collect()
    };
    let errors = lines(Severity::Error);
    let warnings = lines(Severity::Warning);
    match loaded.course {
        Some(c) if errors.is_empty() && c.lessons().next().is_some() => Ok((c, warnings)),
        _ if errors.is_empty() => Err(vec![format!(
            "{shown}: {}",
            crate::ui::translate("classview.preview.broken", l)
        )]),
        _ => Err(errors),
    }
}

/// The event that shows a lesson's warnings, under a heading that counts them.
fn warned(lines: Vec<String>, lang: Lang) -> Event {
    let heading = rust_i18n::t!("preview.warnings", locale = lang.code(), n = lines.len());
    Event::LessonWarnings {
        heading: heading.into_owned(),
        lines,
    }
}

/// Modification time and size: a save changes at least one of them.
fn stamp(file: &Path) -> Option<(SystemTime, u64)> {
    let m = std::fs::metadata(file).ok()?;
    Some((m.modified().ok()?, m.len()))
}

/// Runs the preview until the author quits. A broken file without `--watch` is reported as
/// plain text, like `hocso validate`, and the TUI does not start.
pub fn run(file: &Path, watch: bool, lang: Lang) -> Result<(), String> {
    let (first, warnings) = load_lesson_warned(file, lang);
    if !watch && let Err(lines) = &first {
        let hint = rust_i18n::t!("classview.preview.broken_once", locale = lang.code());
        return Err(format!("{}\n{hint}", lines.join("\n")));
    }
    let seed = Timestamp::now().as_nanosecond() as u64;
    let mut app = App::preview(display(file), lang, seed);
    app::update(
        &mut app,
        Msg::new(Event::LessonReloaded(first.map(Box::new)), Timestamp::now()),
    );
    app::update(&mut app, Msg::new(warned(warnings, lang), Timestamp::now()));
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    event_loop(&mut app, file, watch, no_color).map_err(|e| format!("{e:#}"))
}

fn event_loop(app: &mut App, file: &Path, watch: bool, no_color: bool) -> anyhow::Result<()> {
    let (mut terminal, _guard) = crate::front::term::init().context("terminal init")?;
    let size = terminal.size().context("terminal size")?;
    let send = |app: &mut App, ev: Event| app::update(app, Msg::new(ev, Timestamp::now()));
    send(app, Event::Resize(size.width, size.height));
    let mut last = stamp(file);
    while !app.quitting {
        let theme = ui::theme::Theme::new(app.theme, no_color);
        terminal
            .draw(|f| ui::render(app, theme, f.area(), f.buffer_mut()))
            .context("draw")?;
        if watch && !event::poll(WATCH_EVERY).context("poll event")? {
            let now = stamp(file);
            if now != last {
                last = now;
                let (result, warnings) = load_lesson_warned(file, app.lang);
                send(app, Event::LessonReloaded(result.map(Box::new)));
                send(app, warned(warnings, app.lang));
            }
            continue;
        }
        match event::read().context("read event")? {
            CtEvent::Key(k) => {
                let Some(key) = crate::front::term::key_of(k) else {
                    continue;
                };
                if let Some(a) = keymap::resolve(app.context(), key) {
                    // Effects other than quitting were already dropped by the app: nothing to do.
                    send(app, Event::Act(a));
                }
            }
            CtEvent::Resize(w, h) => {
                crate::front::term::fit(&mut terminal, w, h).context("resize")?;
                send(app, Event::Resize(w, h));
            }
            _ => {}
        }
    }
    Ok(())
}
