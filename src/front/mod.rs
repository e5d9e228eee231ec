//! The terminal shell: load the course and learners, own the terminal (restored on exit, error
//! and panic), read keys, run `app::update`, perform its effects with the progress store.
//!
//! Nothing is printed to stdout/stderr while the screen is up; problems go to `hocso.log` in the
//! data folder and, in plain words, to the learner.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use jiff::Timestamp;

use crate::app::{self, App, Effect, Event, Msg};
use crate::course::Course;
use crate::store::learners::{DEFAULT_STALE_AFTER, NewLearner, Store};
use crate::store::lock::{LockError, SessionLock, stale_after_from_env};
use crate::ui::lang::Lang;

mod class;
mod course;
pub mod plain;
pub mod preview;
mod reach;
mod save;
mod screen;
pub mod signals;
pub mod term;
pub mod web;

pub use crate::store::lock::WEB_ENV;

/// This program runs for a browser page (`hocso serve`): the trainer's class view and PIN, and
/// read-aloud from this PC's speakers, are not offered.
pub(crate) fn for_browser() -> bool {
    std::env::var_os(WEB_ENV).is_some_and(|v| v == "1")
}

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
    /// `--symbols` / `HOCSO_SYMBOLS`: overrides this PC's stored choice.
    pub symbols: Option<crate::app::SymbolSet>,
    /// `--plain` (or `TERM=dumb`): the line mode instead of the full screen.
    pub plain: bool,
    /// `TERM`, for the default symbol set.
    pub term: Option<String>,
    /// `--classroom`: leaving the program needs the trainer PIN.
    pub classroom: bool,
}

/// The time given to the app. `HOCSO_TEST_DAYS_AHEAD=N` moves it N days into the future: for
/// trying spaced review by hand and in tests only (a learner never needs it).
fn learner_now() -> Timestamp {
    let days: i64 = std::env::var("HOCSO_TEST_DAYS_AHEAD")
        .ok()
        .and_then(|d| d.trim().parse().ok())
        .filter(|d: &i64| (0..=3650).contains(d))
        .unwrap_or(0);
    let now = Timestamp::now();
    now.checked_add(jiff::SignedDuration::from_hours(24 * days))
        .unwrap_or(now)
}

/// Appends a line to `hocso.log` in the data folder (never to the screen; never through a
/// link, see [`crate::store::safe_read::open_append`]). Callers pass the data folder, not `learners/`.
pub fn log(dir: &Path, what: &str) {
    // File names and learner names end up here: no escape codes for whoever `cat`s the log.
    let line = format!(
        "{} {}\n",
        Timestamp::now(),
        crate::ui::safe_text::line(what)
    );
    if let Ok(mut f) = crate::store::safe_read::open_append(&dir.join("hocso.log"), true) {
        let _ = f.write_all(line.as_bytes());
    }
}

pub use crate::front::term::key_of;

/// The running program: app, store, open session.
struct Shell {
    app: App,
    store: Store,
    lock: Option<SessionLock>,
    /// The built-in course, loaded right after the first frame (see [`run`]).
    loader: Option<Loader>,
    /// Why the program must stop (shown after the terminal is restored).
    fatal: Option<String>,
    theme_no_color: bool,
    /// The data folder (the trainer PIN lives here, beside `learners/`).
    data_dir: PathBuf,
    /// When the class view was last read from the data folder.
    class_at: std::time::Instant,
    /// Learner id → files repaired from backup at start-up: told to that learner on opening.
    restored: Vec<(String, crate::store::learners::Problem)>,
    /// Accessibility: click targets of the last frame, the voice, the raised hand.
    reach: reach::Reach,
    /// The open learner's journal.
    session: Option<crate::store::writer::Session>,
    /// A lesson was on screen at the last frame (leaving it rewrites the snapshot).
    in_lesson: bool,
    /// While an event is handled: the lesson on screen before it (`Some(None)`: none). Saves
    /// look for changes only there and in the lesson on screen after it; `None`: anywhere.
    lesson_before: Option<Option<String>>,
    /// Saves that failed so far: plain mode says it again at every failed answer, even when
    /// the screen is the same as before.
    save_failures: u32,
}

/// Loads the built-in course (run once, after the first frame).
type Loader = Box<dyn FnOnce() -> Result<Course, String>>;

/// How often the class view re-reads the shared folder.
const CLASS_REFRESH: std::time::Duration = std::time::Duration::from_secs(3);

/// Runs the learner program until the learner quits. Errors before the screen is up are
/// returned as messages for the learner (already in their language).
pub fn run(opts: Options) -> Result<(), String> {
    let lang = opts.lang;
    let tr = |k: &str| rust_i18n::t!(k, locale = lang.code()).into_owned();
    // A trainer's folder is checked before the screen opens, so its problems print plainly.
    // The built-in course (checked by the test suite) loads right after the picker is drawn:
    // the first frame does not wait for sixty lessons to be parsed. It loads on this thread, not
    // a helper thread, so its memory comes from the one heap (a second allocator arena would add
    // its own high-water mark to the program's peak memory).
    let (course, loader): (_, Option<Loader>) = match &opts.lessons {
        Some(dir) => (Some(course::load_course(Some(dir), lang)?), None),
        None => (
            None,
            Some(Box::new(move || course::load_course(None, lang))),
        ),
    };
    // Classroom mode without a PIN could not keep anyone in: the trainer sets one first.
    if opts.classroom && !crate::trainer::pin::is_set(&opts.data_dir) {
        return Err(rust_i18n::t!("nav.classroom_needs_pin", locale = lang.code()).into_owned());
    }
    // The trainer's setting for this folder (`hocso classroom on`). Its PIN removed since, it
    // cannot keep anyone in: learners are not locked out of starting, the log says why.
    let stored = crate::store::classroom::classroom_mode(&opts.data_dir);
    let pin = crate::trainer::pin::is_set(&opts.data_dir);
    if stored && !pin {
        log(
            &opts.data_dir,
            "classroom mode is on for this folder but no trainer PIN is set: not used",
        );
    }
    // In a learner's browser (`hocso serve`) closing the tab is the way out, and the trainer's
    // PIN is never asked there; the room is a class, not home.
    let remote = for_browser();
    let classroom = !remote && (opts.classroom || (stored && pin));
    // At home: self-study by name, or a folder no trainer has set up a class on (no class
    // view ever opened on it, no trainer PIN).
    let class_folder = pin || crate::store::classroom::class_seen(&opts.data_dir);
    let home = !remote && !classroom && (opts.learner.is_some() || !class_folder);
    let store = Store::open(&opts.data_dir)
        .map(|s| s.with_stale_after(stale_after_from_env(DEFAULT_STALE_AFTER)))
        .map_err(|e| format!("{}\n{}", tr("tui.error.data_dir"), e.message(lang.code())))?;
    let (learners, problems) = store.list();
    for p in &problems {
        log(&opts.data_dir, &p.message("en"));
    }
    let seed = Timestamp::now().as_nanosecond() as u64 ^ u64::from(std::process::id());
    let placeholder = Course::default;
    let mut app = App::new(course.unwrap_or_else(placeholder), learners, lang, seed);
    app.tz = jiff::tz::TimeZone::system();
    app.remote = remote;
    // Started by `hocso serve` for the trainer's own window (see `web::CLASS_ONLY_ENV`).
    app.class_only = opts.class && std::env::var_os(web::CLASS_ONLY_ENV).is_some_and(|v| v == "1");
    app.classroom = classroom;
    app.home = home;
    let mut shell = Shell {
        app,
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
                crate::store::learners::Problem::Restored { id, .. } => {
                    Some((id.clone(), p.clone()))
                }
                _ => None,
            })
            .collect(),
        reach: reach::Reach::new(opts.lessons.as_deref()),
        session: None,
        in_lesson: false,
        lesson_before: None,
        save_failures: 0,
    };
    // A file repaired from its backup (or a half-written last journal line) is fine; the others
    // need the trainer.
    shell.app.problems = problems
        .iter()
        .filter(|p| {
            !matches!(
                p,
                crate::store::learners::Problem::Restored { .. }
                    | crate::store::learners::Problem::JournalTail { .. }
            )
        })
        .count();
    if let Some(who) = &opts.learner {
        shell.start_as(who);
    }
    if opts.class {
        shell.perform(vec![Effect::OpenClass]);
    }
    shell.display_choices(&opts);
    let data_dir = opts.data_dir.clone();
    install_panic_hook(&data_dir, lang);
    let result = if opts.plain {
        shell.plain_loop()
    } else {
        shell.event_loop()
    };
    if let Some(msg) = shell.fatal.take() {
        return Err(msg);
    }
    // Whatever happened, the learner's work is on disk before we leave.
    let mut goodbye = goodbye(&shell.app);
    if let Some(lf) = shell.app.learner.take()
        && let Some(problem) = shell.end_session(&lf)
    {
        goodbye = problem;
    }
    // The screen is given back: one plain line says the work is kept (a farmer left at the
    // command prompt knows the program ended on purpose).
    if result.is_ok() && shell.app.preview.is_none() {
        crate::outln!("{goodbye}");
    }
    result.map_err(|e| {
        log(&data_dir, &format!("error: {e:#}"));
        tr("tui.error.terminal")
    })
}

/// The line left on the normal screen when the program ends: the open learner's name when
/// there is one.
pub fn goodbye(app: &App) -> String {
    let lang = app.lang.code();
    match &app.learner {
        Some(lf) => rust_i18n::t!("nav.goodbye.named", locale = lang, name = lf.profile.name),
        None => rust_i18n::t!("nav.goodbye.plain", locale = lang),
    }
    .into_owned()
}

/// On a panic: the details go to the log file, the learner sees one plain sentence and the
/// program ends (exit code 101, as an unwinding panic). The release build aborts on a panic
/// (Cargo.toml: less code, less memory), so no `Drop` runs: the hook itself gives the terminal
/// back (raw mode, main screen, cursor), removes the session notes and stops the voice, as a
/// signal does; the same path runs in every build. Work is already saved: every answer was
/// flushed before its feedback was shown, page turns within a second.
fn install_panic_hook(data_dir: &Path, lang: Lang) {
    let dir = data_dir.to_path_buf();
    std::panic::set_hook(Box::new(move |info| {
        crate::front::signals::clean_up();
        log(&dir, &format!("panic: {info}"));
        // A bug in the built-in course's loader says what a course that cannot load says.
        let key = if LOADING_COURSE.load(Ordering::SeqCst) {
            "tui.error.course"
        } else {
            "tui.error.crash"
        };
        let msg = rust_i18n::t!(key, locale = lang.code());
        crate::errln!("{msg}\n{}", dir.join("hocso.log").display());
        std::process::exit(101);
    }));
}

/// True while the built-in course loads (the panic hook's message).
static LOADING_COURSE: AtomicBool = AtomicBool::new(false);

impl Shell {
    /// Loads the course if it has not loaded yet. False when it failed: the program stops
    /// and the message is shown once the terminal is back to normal.
    fn ensure_course(&mut self) -> bool {
        let Some(load) = self.loader.take() else {
            return self.fatal.is_none();
        };
        // A bug in the loader ends in the same plain message as a course that cannot load
        // (the panic hook reads this flag).
        LOADING_COURSE.store(true, Ordering::SeqCst);
        let result = load();
        LOADING_COURSE.store(false, Ordering::SeqCst);
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
        self.lesson_before = Some(self.app.current_lesson().map(str::to_string));
        let fx = app::update(&mut self.app, Msg::new(event, learner_now()));
        self.perform(fx);
        self.lesson_before = None;
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
                    let problem = self.end_session(&lf);
                    self.lock = None;
                    let (list, _) = self.store.list();
                    self.send(Event::Learners(list));
                    if let Some(msg) = problem {
                        self.send(Event::SaveFailed(msg));
                    }
                }
                fx @ (Effect::OpenClass | Effect::CheckPin(_)) => self.class_effect(fx),
                fx @ (Effect::SavePc(_)
                | Effect::ToggleHand(_)
                | Effect::ClearHand(_)
                | Effect::Speak) => self.reach_effect(fx),
                Effect::Quit => self.app.quitting = true,
            }
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
                log(&self.data_dir, &format!("lock {id}: {e}"));
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
                    log(&self.data_dir, &p.message("en"));
                }
                self.lock = Some(lock);
                self.start_session(&loaded.file);
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
                log(&self.data_dir, &format!("load {id}: {e}"));
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
                log(&self.data_dir, &format!("create: {e}"));
                self.send(Event::Failed(e.message(self.lang())));
            }
        }
    }
}
