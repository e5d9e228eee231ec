//! A typical save: one learner with 50 lessons of history (pages, attempts, answers), written
//! durably (temp file, fsync, rename, folder fsync, previous version kept as `.bak`).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use hocso::progress::model::{AnswerRecord, Attempt, LessonProgress, LessonStatus};
use hocso::progress::store::{NewLearner, Store};
use hocso::quiz::Answer;
use jiff::Timestamp;

fn history(store: &Store) -> hocso::progress::model::LearnerFile {
    let t0: Timestamp = "2026-11-01T08:00:00Z".parse().expect("time");
    let mut file = store
        .create(
            NewLearner {
                name: "Nguyễn Thị Hoa".into(),
                ..Default::default()
            },
            t0,
        )
        .expect("create");
    let course = file.courses.entry("cong-dan-so".into()).or_default();
    for l in 0..50 {
        let attempts = (0..2)
            .map(|a| Attempt {
                id: format!("att-{l}-{a}"),
                started: t0,
                ended: Some(t0),
                order: (0..6).map(|q| format!("q{q}")).collect(),
                answers: (0..6)
                    .map(|q| {
                        let rec = AnswerRecord {
                            answer: Answer::One(format!("c{}", q % 4)),
                            correct: q % 3 != 0,
                            hints: 0,
                            shown: vec![],
                            at: t0,
                        };
                        (format!("q{q}"), rec)
                    })
                    .collect(),
                score: Some(67),
            })
            .collect();
        course.lessons.insert(
            format!("bai-{l:02}"),
            LessonProgress {
                status: LessonStatus::Done,
                page: 5,
                seconds: 420,
                first_opened: Some(t0),
                completed: Some(t0),
                attempts,
                best_score: Some(67),
                passed: true,
            },
        );
    }
    file
}

fn save(c: &mut Criterion) {
    // In the target folder, i.e. on the same kind of disk the data folder would be on.
    let tmp = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("temp dir");
    let store = Store::open(tmp.path()).expect("store");
    let mut file = history(&store);
    let bytes = serde_json::to_vec_pretty(&file).expect("json").len();
    eprintln!("learner file: {bytes} bytes");
    let mut page = 0;
    c.bench_function("save 50 lessons (fsync, .bak)", |b| {
        b.iter(|| {
            // A page turn: something changed, so the save really writes.
            page += 1;
            file.courses
                .get_mut("cong-dan-so")
                .expect("course")
                .lessons
                .get_mut("bai-00")
                .expect("lesson")
                .page = page;
            store.save(black_box(&file)).expect("save");
        })
    });
    // The parts without the disk, to see where the time goes.
    c.bench_function("serialise 50 lessons", |b| {
        b.iter(|| serde_json::to_vec_pretty(black_box(&file)).expect("json"))
    });
    let json = serde_json::to_vec_pretty(&file).expect("json");
    c.bench_function("parse 50 lessons", |b| {
        b.iter(|| {
            serde_json::from_slice::<hocso::progress::model::LearnerFile>(black_box(&json))
                .expect("parse")
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = save
}
criterion_main!(benches);
