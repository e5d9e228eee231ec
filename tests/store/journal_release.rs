//! Old data folders open unchanged: learner files written by the release before the journal
//! (`tests/fixtures/release-data`, made with that build in a terminal: a learner who finished one
//! quiz and stopped in the middle of the next) are read as they are, resumed where they stopped,
//! and carried forward: the learner file stays plain JSON of the same format.
#![allow(clippy::unwrap_used)]

use std::fs;
use std::path::Path;

use hocso::app::{Action, App, Event, Msg, Screen, update};
use hocso::progress::model::{LearnerFile, PROGRESS_FORMAT};
use hocso::store::learners::Store;
use hocso::store::writer::Session;
use hocso::ui::lang::Lang;
use jiff::Timestamp;

const ID: &str = "nguyen-thi-hoa-8sqz3i";

fn copy_fixture(to: &Path) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/release-data/learners");
    fs::create_dir_all(to.join("learners")).unwrap();
    for e in fs::read_dir(from).unwrap().flatten() {
        fs::copy(e.path(), to.join("learners").join(e.file_name())).unwrap();
    }
}

#[test]
fn release_files_load_as_they_are_and_resume_where_the_learner_stopped() {
    let tmp = tempfile::tempdir().unwrap();
    copy_fixture(tmp.path());
    let store = Store::open(tmp.path()).unwrap();
    let original = fs::read(store.path_of(ID)).unwrap();
    let as_written: LearnerFile = serde_json::from_slice(&original).unwrap();
    let (list, problems) = store.list();
    assert_eq!(problems, vec![]);
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].name, "Nguyễn Thị Hoa");
    let loaded = store.load(ID).unwrap();
    assert_eq!(loaded.problems, vec![]);
    assert_eq!(loaded.file, as_written);
    // Reading changed nothing on disk.
    assert_eq!(fs::read(store.path_of(ID)).unwrap(), original);
    assert!(!store.journal_path(ID).exists());

    // The learner opens and presses "Tiếp tục": the next unanswered question of the quiz.
    let course = hocso::course::load::load(
        &hocso::course::source::from_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sample-course"),
        )
        .unwrap(),
    )
    .course
    .unwrap();
    let mut app = App::new(course, list, Lang::Vi, 1);
    let now = Timestamp::now();
    update(
        &mut app,
        Msg::new(Event::Opened(Box::new(loaded.file.clone())), now),
    );
    update(&mut app, Msg::new(Event::Act(Action::Continue), now));
    match &app.screen {
        Screen::Quiz(q) => {
            assert_eq!(
                (q.lesson.as_str(), q.question.as_str()),
                ("mau-tra-loi", "mau-q-sap-xep")
            )
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn release_files_are_carried_forward_in_the_same_format() {
    let tmp = tempfile::tempdir().unwrap();
    copy_fixture(tmp.path());
    let store = Store::open(tmp.path()).unwrap();
    let mut lf = store.load(ID).unwrap().file;
    let _lock = store.lock(ID, Timestamp::now()).unwrap();
    let mut s = Session::start(&store, &lf).unwrap();
    hocso::app::record::turn_page(&mut lf, "mau", "mau-lam-quen", 0, Timestamp::now());
    s.record(&lf, hocso::progress::change::Scope::All).unwrap();
    s.close(&lf).unwrap();
    // Still one plain JSON learner file of the format the release reads, holding everything.
    let bytes = fs::read(store.path_of(ID)).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(v["format"], PROGRESS_FORMAT);
    let back: LearnerFile = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(back, lf);
    assert_eq!(store.load(ID).unwrap().file, lf);
}
