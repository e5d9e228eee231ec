//! The learner app as a pure state machine: `update(&mut App, Msg) -> Vec<Effect>`.
//!
//! No terminal, no files, no clock: the shell turns keys into [`Action`]s, passes the time in each
//! [`Msg`], and performs the returned [`Effect`]s (save, open a learner, quit). Screens keep their
//! own state in submodules; UI strings are i18n keys resolved by the UI.

pub mod action;
pub mod class;
pub mod context;
pub mod course_map;
pub mod doc;
pub mod hand;
pub mod input;
mod leave;
pub mod linear;
pub mod live;
pub mod milestone;
pub mod overlay;
pub mod picker;
pub mod pointer;
pub mod preview;
pub mod quiz;
pub mod reader;
pub mod ready;
pub mod record;
pub mod results;
pub mod review;
pub mod scroll;
pub mod settings;
mod state;
pub mod typing;

use leave::quit;
pub(crate) use leave::{ask_to_leave, quit_now, to_picker};

use jiff::Timestamp;

use crate::course::model::Course;
use crate::progress::model::{LearnerFile, Theme};
use crate::trainer::report::ClassReport;
use crate::ui::lang::Lang;

pub use action::Action;
pub use class::{ClassView, PinEntry};
pub use context::Context;
pub use course_map::MapState;
pub use hand::Hand;
pub use overlay::Overlay;
pub use picker::{Form, LearnerSummary, NewLearner, Picker};
pub use pointer::Target;
pub use preview::Preview;
pub use quiz::{QuizState, SummaryState};
pub use reader::ReaderState;
pub use ready::{PcSettings, ReadyAnswer, ReadyState, ReadyStep, SymbolSet};
pub use scroll::Scroll;
pub use settings::SETTINGS_ROWS;

/// Smallest terminal the layout works in; below it a "too small" screen is shown.
pub const MIN_SIZE: (u16, u16) = (40, 12);

/// Rows of key hints at the bottom: narrow terminals need a third row.
pub fn footer_height(cols: u16) -> u16 {
    if cols < 60 { 3 } else { 2 }
}

/// What happened, and when.
#[derive(Debug, Clone, PartialEq)]
pub struct Msg {
    pub at: Timestamp,
    pub event: Event,
}

impl Msg {
    pub fn new(event: Event, at: Timestamp) -> Msg {
        Msg { at, event }
    }
}

/// Inputs to the app.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    Act(Action),
    /// The terminal now has this many columns and rows.
    Resize(u16, u16),
    /// The shell opened (and locked) this learner.
    Opened(Box<LearnerFile>),
    /// The learner is in use elsewhere; `message` is already in the learner's language.
    /// Take-over is offered only when `stale`.
    LockHeld {
        id: String,
        message: String,
        stale: bool,
    },
    /// Something failed; `message` is already in the learner's language.
    Failed(String),
    /// Everything the app asked to save (`Effect::Save`) is on disk: a held answer's feedback
    /// may now be shown.
    Saved,
    /// A save failed; `message` (in the learner's language) says what to do. What was not saved
    /// stays in memory and the next key tries again.
    SaveFailed(String),
    /// The course finished loading (the shell draws the picker before it is ready).
    CourseLoaded(Box<Course>),
    /// The learner list, e.g. after a new learner was created elsewhere.
    Learners(Vec<LearnerSummary>),
    /// A trainer PIN protects the class view: ask for it.
    PinNeeded,
    /// The PIN typed was wrong.
    PinWrong,
    /// The class report read from the data folder: `open` shows the class view, otherwise it
    /// only refreshes a class view already on screen.
    ClassRefreshed {
        report: Box<ClassReport>,
        open: bool,
    },
    /// Preview: the lesson file was read again (a one-lesson course, or the validator's lines).
    LessonReloaded(Result<Box<Course>, Vec<String>>),
    /// Preview: the validator's warnings about the lesson just read (already in the author's
    /// language), under a heading; sent after `LessonReloaded`.
    LessonWarnings {
        heading: String,
        lines: Vec<String>,
    },
    /// A mouse click on something the last frame drew.
    Click(Target),
    /// The mouse wheel turned (down: towards the end).
    Wheel {
        down: bool,
    },
    /// Plain line mode: open row n of the list at once.
    Choose(usize),
    /// The learner's hand is now up (`true`) or down.
    Hand(bool),
    /// The renderer measured the scrolled box on view: its first line can go up to this.
    ScrollMax(usize),
    /// Classroom mode: the trainer PIN typed to leave the program was right.
    QuitAllowed,
    /// The learners waiting for help (class view), oldest first.
    Hands(Vec<Hand>),
}

/// Work for the shell.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Write the open learner file.
    Save,
    /// Open (and lock) this learner; answer with `Opened`, `LockHeld` or `Failed`.
    Open {
        id: String,
        take_over: bool,
    },
    /// Create a learner; answer with `Opened` or `Failed`.
    Create(NewLearner),
    /// Save this learner file one last time, then unlock it (the app has already let go of it).
    Close(Box<LearnerFile>),
    /// Open the class view: answer with `PinNeeded` or `ClassRefreshed { open: true }`.
    OpenClass,
    /// Check this trainer PIN: answer with `ClassRefreshed { open: true }` or `PinWrong`.
    CheckPin(String),
    /// Store this PC's display choices in the data folder.
    SavePc(PcSettings),
    /// Raise this hand, or lower it when it is up; answer with `Hand`.
    ToggleHand(Hand),
    /// Class view: the trainer cleared this learner's call; answer with `Hands`.
    ClearHand(String),
    /// Read the page or question on screen aloud (the shell stops it at the next key).
    Speak,
    Quit,
}

/// Which screen is up.
#[derive(Debug, Clone, PartialEq)]
pub enum Screen {
    Picker(Picker),
    NewLearner(Form),
    Map(MapState),
    Reader(ReaderState),
    Quiz(QuizState),
    Summary(SummaryState),
    Settings(usize),
    /// The trainer's class view (read-only).
    Class(ClassView),
    /// The trainer PIN prompt in front of the class view.
    Pin(PinEntry),
    /// The readiness check: are the letters and symbols clear?
    Ready(ReadyState),
    /// "Kết quả của tôi": modules, lessons, scores, time, review boxes. (The number is not
    /// used any more: the position lives in [`App::scroll`], shared by every scrolled box.)
    Results(usize),
}

/// The whole app state.
#[derive(Debug, Clone)]
pub struct App {
    pub course: Course,
    pub lang: Lang,
    pub theme: Theme,
    pub learners: Vec<LearnerSummary>,
    pub learner: Option<LearnerFile>,
    pub screen: Screen,
    pub overlay: Option<Overlay>,
    pub size: (u16, u16),
    pub quitting: bool,
    /// Learner files the store could not use (set aside or from a newer hocso); the picker
    /// tells the trainer to look at the log.
    pub problems: usize,
    /// The language the program started in; the picker goes back to it for the next learner.
    pub start_lang: Lang,
    /// Set when an author previews one lesson file (`hocso preview`): nothing is saved.
    pub preview: Option<Preview>,
    /// Symbols this PC can draw.
    pub symbols: SymbolSet,
    /// Mouse clicks and wheel on (a per-PC setting).
    pub mouse: bool,
    /// How the readiness check was last answered on this PC.
    pub checked: ReadyAnswer,
    /// The open learner's hand is up.
    pub hand: bool,
    /// Class view: learners waiting for help.
    pub hands: Vec<Hand>,
    /// Where the learner lives, for "today" in spaced review (the shell sets it; UTC in tests).
    pub tz: jiff::tz::TimeZone,
    /// A spaced review under way.
    pub review: Option<review::ReviewRun>,
    /// Where Q goes from a lesson opened with "Xem bài" after an answer.
    pub back_to: Option<Box<Screen>>,
    /// Classroom mode (`--classroom`): leaving the program needs the trainer PIN; Esc and
    /// Ctrl+C only go back to the picker.
    pub classroom: bool,
    /// Drawn in a learner's browser (`hocso serve`): the trainer's class view is not offered.
    pub remote: bool,
    /// The class view in the trainer's window of `hocso serve`: leaving it (or its PIN)
    /// ends this program and shows the class code and addresses again.
    pub class_only: bool,
    /// The learner is at home, not in a class: H offers what helps at home (family, the
    /// commune's digital team, the course's help number) instead of promising a teacher. The
    /// shell sets it: `--learner` self-study, or a data folder no class view was opened on.
    pub home: bool,
    /// The scrolled box or screen on view (see [`scroll`]).
    pub scroll: Scroll,
    rng: fastrand::Rng,
    last_at: Option<Timestamp>,
    /// Learning time under a second not yet added to the lesson.
    time_carry_ms: u64,
}

/// The one function that changes state.
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    let owner = scroll::owner(app);
    let reached = milestone::mark(app);
    let fx = update_inner(app, msg);
    milestone::follow(app, reached);
    course_map::follow(app);
    picker::follow(app);
    scroll::follow(app, &owner);
    if app.preview.is_some() {
        // Nothing is saved in a preview: feedback needs no disk.
        quiz::saved(app);
        preview::filter(fx)
    } else {
        fx
    }
}

fn update_inner(app: &mut App, msg: Msg) -> Vec<Effect> {
    let at = msg.at;
    // Learning time: the gap since the last input counts for the lesson on screen.
    if let (Some(since), Some(lesson)) = (app.last_at, app.current_lesson().map(str::to_string)) {
        let course = app.course.id.clone();
        if let Some(lf) = app.learner.as_mut() {
            record::add_time(lf, &course, &lesson, since, at, &mut app.time_carry_ms);
        }
    }
    app.last_at = Some(at);
    match msg.event {
        Event::Resize(w, h) => {
            app.size = (w, h);
            reader::clamp(app);
            Vec::new()
        }
        Event::Opened(lf) => open(app, *lf),
        Event::LockHeld { id, message, stale } => {
            app.overlay = Some(Overlay::Notice {
                message,
                take_over: stale.then_some(id),
            });
            Vec::new()
        }
        Event::Failed(message) => {
            app.overlay = Some(Overlay::Notice {
                message,
                take_over: None,
            });
            Vec::new()
        }
        Event::Saved => {
            quiz::saved(app);
            Vec::new()
        }
        Event::SaveFailed(message) => {
            app.overlay = Some(Overlay::Notice {
                message,
                take_over: None,
            });
            Vec::new()
        }
        Event::CourseLoaded(course) => {
            app.course = *course;
            Vec::new()
        }
        Event::Learners(list) => {
            picker::set_learners(app, list);
            Vec::new()
        }
        ev @ (Event::PinNeeded | Event::PinWrong | Event::ClassRefreshed { .. }) => {
            class::event(app, ev, at);
            Vec::new()
        }
        Event::LessonReloaded(result) => {
            preview::reloaded(app, result.map(|c| *c), at);
            Vec::new()
        }
        Event::LessonWarnings { heading, lines } => {
            preview::warned(app, heading, lines);
            Vec::new()
        }
        Event::Click(t) => pointer::click(app, t, at),
        Event::Wheel { down } => pointer::wheel(app, down, at),
        Event::Choose(i) => pointer::choose(app, i, at),
        Event::Hand(up) => {
            hand::set(app, up);
            Vec::new()
        }
        Event::Hands(list) => {
            app.hands = list;
            Vec::new()
        }
        Event::ScrollMax(max) => {
            scroll::measured(app, max);
            Vec::new()
        }
        Event::QuitAllowed => match &app.screen {
            Screen::Pin(p) if p.quit => quit_now(app),
            _ => Vec::new(),
        },
        Event::Act(a) => dispatch(app, a, at),
    }
}

/// A key's action (or a footer button's).
fn dispatch(app: &mut App, a: Action, at: Timestamp) -> Vec<Effect> {
    match a {
        Action::Quit => quit(app),
        a => act(app, a, at),
    }
}

fn act(app: &mut App, a: Action, at: Timestamp) -> Vec<Effect> {
    if let Some(ov) = app.overlay.clone() {
        let mut fx = overlay::act(app, ov, a);
        // The learner read why an answer is not saved: try again at once.
        if app.overlay.is_none() && quiz::awaiting_save(app) && !fx.contains(&Effect::Save) {
            fx.push(Effect::Save);
        }
        return fx;
    }
    if a == Action::Help {
        app.overlay = Some(Overlay::Help);
        return Vec::new();
    }
    if app.preview.as_ref().is_some_and(Preview::broken) {
        // Only leaving makes sense until the file is fixed.
        return if a == Action::Back {
            quit(app)
        } else {
            Vec::new()
        };
    }
    if a == Action::RaiseHand {
        return hand::toggle(app, at);
    }
    if a == Action::ReadAloud {
        return vec![Effect::Speak];
    }
    match app.screen {
        Screen::Picker(_) if a == Action::ClassView && !app.remote => class::request(app),
        Screen::Class(_) if matches!(a, Action::Pick(_)) => match a {
            Action::Pick(n) => hand::clear(app, usize::from(n).saturating_sub(1)),
            _ => Vec::new(),
        },
        Screen::Ready(_) => ready::act(app, a),
        Screen::Picker(_) | Screen::NewLearner(_) => picker::act(app, a),
        Screen::Class(_) | Screen::Pin(_) => class::act(app, a),
        Screen::Map(_) => course_map::act(app, a, at),
        Screen::Reader(_) => reader::act(app, a, at),
        Screen::Summary(_) | Screen::Results(_) if scroll::is_scroll(a) => {
            scroll::act(app, a);
            Vec::new()
        }
        Screen::Quiz(_) | Screen::Summary(_) => quiz::act(app, a, at),
        Screen::Settings(_) => settings::act(app, a),
        Screen::Results(_) => results::act(app, a),
    }
}

fn open(app: &mut App, lf: LearnerFile) -> Vec<Effect> {
    if let Some(l) = lf.settings.language {
        app.lang = l;
    }
    app.theme = lf.settings.theme;
    app.overlay = None;
    app.hand = false;
    app.review = None;
    app.back_to = None;
    app.learner = Some(lf);
    app.screen = Screen::Map(MapState::recommended(app));
    Vec::new()
}

// Screens that lead to each other go through here, so their files do not import each other: the
// quiz's "Xem bài" opens the reader (the reader's last page starts the quiz), and the quiz shows
// and records review questions (review asks the quiz to show them).

fn open_page(app: &mut App, lesson: &str, page: usize, at: Timestamp) -> Vec<Effect> {
    reader::open(app, lesson, page, at)
}

fn review_next(app: &mut App) -> Vec<Effect> {
    review::next(app)
}

fn review_position(app: &App) -> (usize, usize) {
    review::position(app)
}

fn review_record(
    app: &mut App,
    lesson: &str,
    question: &str,
    rec: &crate::progress::model::AnswerRecord,
) {
    review::record(app, lesson, question, rec)
}
