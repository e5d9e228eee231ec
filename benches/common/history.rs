//! Learner histories for the save and key benchmarks: a new learner, and one who has done the
//! whole built-in course three times over (every page read, three quiz attempts per lesson).

use hocso::app::record;
use hocso::course::Course;
use hocso::progress::model::{AnswerRecord, LearnerFile};
use hocso::quiz::Answer;
use hocso::store::learners::{NewLearner, Store};
use jiff::{SignedDuration, Timestamp};

pub fn new_learner(store: &Store, name: &str) -> LearnerFile {
    let t0: Timestamp = "2026-11-01T08:00:00Z".parse().expect("time");
    store
        .create(
            NewLearner {
                name: name.into(),
                birth_year: Some(1958),
                group: Some("Thôn 3".into()),
            },
            t0,
        )
        .expect("create")
}

/// The whole course done three times over, saved.
pub fn course_thrice(store: &Store, course: &Course, name: &str) -> LearnerFile {
    let mut lf = new_learner(store, name);
    let mut at: Timestamp = "2026-11-01T08:00:00Z".parse().expect("time");
    let mut tick = || {
        at += SignedDuration::from_secs(7);
        at
    };
    for round in 0..3 {
        for (_, lesson) in course.lessons() {
            for page in 0..lesson.pages.len() {
                record::turn_page(&mut lf, &course.id, &lesson.id, page, tick());
            }
            let order: Vec<String> = lesson.quiz.questions.iter().map(|q| q.id.clone()).collect();
            let id = format!("r{round}-{}", lesson.id);
            record::start_attempt(
                &mut lf,
                &course.id,
                &lesson.id,
                id.clone(),
                order.clone(),
                tick(),
            );
            for (i, q) in order.iter().enumerate() {
                let rec = AnswerRecord {
                    answer: Answer::Text("điện toán đám mây".into()),
                    correct: i % 4 != 0,
                    hints: u32::from(i % 3 == 0),
                    shown: vec![],
                    at: tick(),
                };
                record::record_answer(&mut lf, &course.id, &lesson.id, &id, q, rec);
            }
            record::finish_attempt(&mut lf, &course.id, lesson, &id, tick());
        }
    }
    store.save(&lf).expect("save");
    lf
}
