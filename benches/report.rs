//! `hocso report` over a data folder of 10,000 learner files (issue target: ≤ 1 s).
//! Run: `cargo bench --bench report`.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;

use criterion::{Criterion, criterion_group, criterion_main};
use hocso::course::load::load;
use hocso::course::source::builtin;
use hocso::progress::model::{AnswerRecord, Attempt, LessonProgress, LessonStatus};
use hocso::quiz::Answer;
use hocso::store::learners::{NewLearner, Store};
use hocso::trainer::report;
use jiff::Timestamp;

const LEARNERS: usize = 10_000;

fn bench(c: &mut Criterion) {
    let course = load(&builtin()).course.expect("built-in course loads");
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let now = Timestamp::from_second(1_790_000_000).unwrap();
    let new = NewLearner {
        name: "Mẫu".into(),
        birth_year: Some(1960),
        group: None,
    };
    let template = store.create(new, now).unwrap();
    std::fs::remove_file(store.path_of(&template.profile.id)).unwrap();
    // A typical learner well into the course: the first 8 lessons answered once each. Files are
    // written plainly (no fsync): the benchmark measures reading, not setting up.
    for i in 0..LEARNERS {
        let mut f = template.clone();
        f.profile.id = format!("hoc-vien-{i:05}");
        f.profile.name = format!("Học viên {i}");
        let cp = f.courses.entry(course.id.clone()).or_default();
        for (_, lesson) in course.lessons().take(8) {
            let answers: BTreeMap<_, _> = lesson
                .quiz
                .questions
                .iter()
                .map(|q| {
                    let rec = AnswerRecord {
                        answer: Answer::TrueFalse(true),
                        correct: i % 3 != 0,
                        hints: 0,
                        shown: vec![],
                        at: now,
                    };
                    (q.id.clone(), rec)
                })
                .collect();
            let attempt = Attempt {
                id: format!("{i}-{}", lesson.id),
                started: now,
                ended: Some(now),
                order: lesson.quiz.questions.iter().map(|q| q.id.clone()).collect(),
                choices: Default::default(),
                answers,
                score: Some(80),
            };
            cp.lessons.insert(
                lesson.id.clone(),
                LessonProgress {
                    status: LessonStatus::Done,
                    page: 0,
                    seconds: 600,
                    first_opened: Some(now),
                    completed: Some(now),
                    attempts: vec![attempt],
                    best_score: Some(80),
                    passed: true,
                },
            );
        }
        std::fs::write(
            store.path_of(&f.profile.id),
            serde_json::to_vec_pretty(&f).unwrap(),
        )
        .unwrap();
    }
    let mut g = c.benchmark_group("report");
    g.sample_size(10);
    g.bench_function("read_and_build_10000_learners", |b| {
        b.iter(|| {
            let inputs = hocso::cli::trainer::read_class(&store);
            assert_eq!(inputs.len(), LEARNERS);
            report::build(&course, &inputs)
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
