//! The terminal shell: load the course and learners, own the terminal (restored on exit, error
//! and panic), read keys, run `app::update`, perform its effects with the progress store.
//!
//! Nothing is printed to stdout/stderr while the screen is up; problems go to `hocso.log` in the
//! data folder and, in plain words, to the learner.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use crossterm::event::{self, Event as CtEvent};
use jiff::Timestamp;

use crate::app::{self, App, Effect, Event, Msg};
use crate::course::Course;
use crate::course::diagnostic::Severity;
use crate::course::load::load;
use crate::course::source;
use crate::keymap;
use crate::lang::Lang;
use crate::progress::lock::{LockError, SessionLock, stale_after_from_env};
use crate::progress::store::{DEFAULT_STALE_AFTER, NewLearner, Store};
use crate::ui;

mod class;

/// How the learner program was started.
#[derive(Debug, Clone)]
pub struct Options {
    pub data_dir: PathBuf,
    pub lessons: Option<PathBuf>,
    /// `--learner NAME|ID`: start straight in (self-study at home).
    pub learner: Option<String>,
    pub lang: Lang,
    /// `hocso class`: start on the class view (behind the PIN when one is set).
    pub class: bool,
}

/// Appends a line to `hocso.log` in the data folder (never to the screen).
pub fn log(dir: &Path, what: &str) {
    let line = format!("{} {what}\n", Timestamp::now());
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join("hocso.log"))
    {
        let _ = f.write_all(line.as_bytes());
    }
}

use crate::term::TerminalGuard;
pub use crate::term::key_of;

/// The running program: app, store, open session.
struct Shell {
    app: App,
    store: Store,
    lock: Option<SessionLock>,
    /// The built-in course, still loading.
    loader: Option<std::thread::JoinHandle<Result<Course, String>>>,
    /// Why the program must stop (shown after the terminal is restored).
    fatal: Option<String>,
    theme_no_color: bool,
    /// The data folder (the trainer PIN lives here, beside `learners/`).
    data_dir: PathBuf,
    /// When the class view was last read from the data folder.
    class_at: std::time::Instant,
    /// Learner id → files repaired from backup at start-up: told to that learner on opening.
    restored: Vec<(String, crate::progress::store::Problem)>,
}

/// How often the class view re-reads the shared folder.
const CLASS_REFRESH: std::time::Duration = std::time::Duration::from_secs(3);

/// Runs the learner program until the learner quits. Errors before the screen is up are
/// returned as messages for the learner (already in their language).
pub fn run(opts: Options) -> Result<(), String> {
    let lang = opts.lang;
    let tr = |k: &str| rust_i18n::t!(k, locale = lang.code()).into_owned();
    // A trainer's folder is checked before the screen opens, so its problems print plainly.
    // The built-in course (checked by the test suite) loads on a thread while the picker is
    // drawn: the first frame does not wait for fifty lessons to be parsed and checked.
    let (course, loader) = match &opts.lessons {
        Some(dir) => (Some(load_course(Some(dir), lang)?), None),
        None => (
            None,
            Some(std::thread::spawn(move || load_course(None, lang))),
        ),
    };
    let store = Store::open(&opts.data_dir)
        .map(|s| s.with_stale_after(stale_after_from_env(DEFAULT_STALE_AFTER)))
        .map_err(|e| format!("{}\n{}", tr("tui.error.data_dir"), e.message(lang.code())))?;
    let (learners, problems) = store.list();
    for p in &problems {
        log(&opts.data_dir, &p.message("en"));
    }
    let seed = Timestamp::now().as_nanosecond() as u64 ^ u64::from(std::process::id());
    let placeholder = Course::default;
    let mut shell = Shell {
        app: App::new(course.unwrap_or_else(placeholder), learners, lang, seed),
        store,
        lock: None,
        loader,
        fatal: None,
        theme_no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        class_at: std::time::Instant::now(),
        data_dir: opts.data_dir.clone(),
        restored: problems
            .iter()
            .filter_map(|p| match p {
                crate::progress::store::Problem::Restored { id, .. } => {
                    Some((id.clone(), p.clone()))
                }
                _ => None,
            })
            .collect(),
    };
    // A file repaired from its backup is fine; the others need the trainer.
    shell.app.problems = problems
        .iter()
        .filter(|p| !matches!(p, crate::progress::store::Problem::Restored { .. }))
        .count();
    if let Some(who) = &opts.learner {
        shell.start_as(who);
    }
    if opts.class {
        shell.perform(vec![Effect::OpenClass]);
    }
    let data_dir = opts.data_dir.clone();
    install_panic_hook(&data_dir, lang);
    let result = shell.event_loop();
    if let Some(msg) = shell.fatal.take() {
        return Err(msg);
    }
    // Whatever happened, the learner's work is on disk before we leave.
    if let Some(lf) = &shell.app.learner
        && let Err(e) = shell.store.save(lf)
    {
        log(&data_dir, &format!("final save failed: {e}"));
    }
    result.map_err(|e| {
        log(&data_dir, &format!("error: {e:#}"));
        tr("tui.error.terminal")
    })
}

/// On a panic: the details go to the log file, the learner sees one plain sentence (ratatui's
/// hook, installed after this one, restores the terminal first). Work is already saved: every
/// page turn and answer was written when it happened.
fn install_panic_hook(data_dir: &Path, lang: Lang) {
    let dir = data_dir.to_path_buf();
    std::panic::set_hook(Box::new(move |info| {
        log(&dir, &format!("panic: {info}"));
        let msg = rust_i18n::t!("tui.error.crash", locale = lang.code());
        eprintln!("{msg}\n{}", dir.join("hocso.log").display());
    }));
}

/// Reads and checks a course: `dir`, or the built-in one. The error is a plain message with the
/// first problems as `hocso validate` shows them.
fn load_course(dir: Option<&Path>, lang: Lang) -> Result<Course, String> {
    let tr = |k: &str| rust_i18n::t!(k, locale = lang.code()).into_owned();
    let place = dir.map(|d| d.display().to_string()).unwrap_or_default();
    let files =
        source::select(dir).map_err(|e| format!("{}\n{place}: {e}", tr("tui.error.course")))?;
    let loaded = load(&files);
    let Some(course) = loaded.course else {
        let mut msg = tr("tui.error.course");
        let errors = loaded
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error);
        for d in errors.take(5) {
            msg.push('\n');
            msg.push_str(&crate::cli::validate::format_line(d, lang));
        }
        msg.push_str(&format!(
            "\n{}: hocso validate {place}",
            tr("tui.error.check_with")
        ));
        return Err(msg);
    };
    Ok(course)
}

impl Shell {
    /// Waits for the course if it is still loading. False when it failed: the program stops
    /// and the message is shown once the terminal is back to normal.
    fn ensure_course(&mut self) -> bool {
        let Some(handle) = self.loader.take() else {
            return self.fatal.is_none();
        };
        let result = handle.join().unwrap_or_else(|_| {
            Err(rust_i18n::t!("tui.error.course", locale = self.lang()).into_owned())
        });
        match result {
            Ok(course) => {
                self.send(Event::CourseLoaded(Box::new(course)));
                true
            }
            Err(msg) => {
                self.fatal = Some(msg);
                self.app.quitting = true;
                false
            }
        }
    }

    fn send(&mut self, event: Event) {
        let fx = app::update(&mut self.app, Msg::new(event, Timestamp::now()));
        self.perform(fx);
    }

    /// `--learner NAME|ID`: the id, or a name that matches exactly one learner; otherwise the
    /// picker opens with the name typed into its search.
    fn start_as(&mut self, who: &str) {
        let key = crate::progress::id::fold(who.trim());
        let hits: Vec<String> = self
            .app
            .learners
            .iter()
            .filter(|l| l.id == who || crate::progress::id::fold(&l.name) == key)
            .map(|l| l.id.clone())
            .collect();
        if let [id] = &hits[..] {
            self.perform(vec![Effect::Open {
                id: id.clone(),
                take_over: false,
            }]);
            return;
        }
        for c in who.chars() {
            self.send(Event::Act(app::Action::Type(c)));
        }
    }

    fn event_loop(&mut self) -> anyhow::Result<()> {
        let mut terminal = ratatui::try_init().context("terminal init")?;
        let _guard = TerminalGuard;
        let size = terminal.size().context("terminal size")?;
        self.send(Event::Resize(size.width, size.height));
        while !self.app.quitting {
            let theme = ui::theme::Theme::new(self.app.theme, self.theme_no_color);
            terminal
                .draw(|f| ui::render(&self.app, theme, f.area(), f.buffer_mut()))
                .context("draw")?;
            // The first frame is up; now wait for the course (its title goes in the header).
            if self.loader.is_some() {
                self.ensure_course();
                continue;
            }
            // The class view refreshes itself: wait for a key only until the next refresh.
            if app::class::showing(&self.app) {
                let due = CLASS_REFRESH.saturating_sub(self.class_at.elapsed());
                if !event::poll(due).context("poll event")? {
                    self.send_class(false);
                    continue;
                }
            }
            match event::read().context("read event")? {
                CtEvent::Key(k) => {
                    let Some(key) = key_of(k) else { continue };
                    if let Some(a) = keymap::resolve(self.app.context(), key) {
                        self.send(Event::Act(a));
                    }
                }
                CtEvent::Resize(w, h) => self.send(Event::Resize(w, h)),
                _ => {}
            }
        }
        Ok(())
    }

    fn lang(&self) -> &'static str {
        self.app.lang.code()
    }

    fn perform(&mut self, effects: Vec<Effect>) {
        for fx in effects {
            match fx {
                Effect::Save => self.save(),
                Effect::Open { id, take_over } => {
                    if self.ensure_course() {
                        self.open(&id, take_over)
                    }
                }
                Effect::Create(n) => {
                    if self.ensure_course() {
                        self.create(n)
                    }
                }
                Effect::Close(lf) => {
                    if let Err(e) = self.store.save(&lf) {
                        log(self.store.dir(), &format!("save on close failed: {e}"));
                    }
                    self.lock = None;
                    let (list, _) = self.store.list();
                    self.send(Event::Learners(list));
                }
                fx @ (Effect::OpenClass | Effect::CheckPin(_)) => self.class_effect(fx),
                Effect::Quit => self.app.quitting = true,
            }
        }
    }

    fn save(&mut self) {
        let Some(lf) = &self.app.learner else { return };
        if let Err(e) = self.store.save(lf) {
            log(self.store.dir(), &format!("save failed: {e}"));
            let msg = format!(
                "{}\n{}",
                rust_i18n::t!("tui.error.save", locale = self.lang()),
                e.message(self.lang())
            );
            self.send(Event::Failed(msg));
            return;
        }
        if let Some(lock) = self.lock.as_mut()
            && let Err(e) = lock.touch(Timestamp::now())
        {
            log(self.store.dir(), &format!("lock touch failed: {e}"));
        }
    }

    fn open(&mut self, id: &str, take_over: bool) {
        let now = Timestamp::now();
        let locked = if take_over {
            self.store.take_over(id, now)
        } else {
            self.store.lock(id, now)
        };
        let lock = match locked {
            Ok(l) => l,
            Err(e) => {
                let stale = matches!(e, LockError::Stale { .. });
                let message = e.message(self.lang());
                log(self.store.dir(), &format!("lock {id}: {e}"));
                self.send(Event::LockHeld {
                    id: id.to_string(),
                    message,
                    stale,
                });
                return;
            }
        };
        match self.store.load(id) {
            Ok(loaded) => {
                for p in &loaded.problems {
                    log(self.store.dir(), &p.message("en"));
                }
                self.lock = Some(lock);
                self.send(Event::Opened(Box::new(loaded.file)));
                // E.g. the file was damaged and its backup restored: the learner is told.
                let earlier = self.restored.iter().filter(|(who, _)| who == id);
                let problems: Vec<_> = earlier.map(|(_, p)| p).chain(&loaded.problems).collect();
                if !problems.is_empty() {
                    let lang = self.lang();
                    let text: Vec<String> = problems.iter().map(|p| p.message(lang)).collect();
                    self.send(Event::Failed(text.join("\n")));
                    self.restored.retain(|(who, _)| who != id);
                }
            }
            Err(e) => {
                log(self.store.dir(), &format!("load {id}: {e}"));
                self.send(Event::Failed(e.message(self.lang())));
            }
        }
    }

    fn create(&mut self, n: app::NewLearner) {
        let new = NewLearner {
            name: n.name,
            birth_year: n.birth_year,
            group: n.group,
        };
        match self.store.create(new, Timestamp::now()) {
            Ok(lf) => {
                let id = lf.profile.id.clone();
                self.open(&id, false);
            }
            Err(e) => {
                log(self.store.dir(), &format!("create: {e}"));
                self.send(Event::Failed(e.message(self.lang())));
            }
        }
    }
}
