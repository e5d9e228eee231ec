//! What a save costs, for a new learner and for one who has done the whole built-in course three
//! times over:
//! - a page turn and an answer as the learner program saves them: one journal line appended and
//!   flushed (`fdatasync`);
//! - the snapshot rewrite done when a lesson ends or the learner closes (temp file, fsync,
//!   rename, folder fsync, previous version kept as `.bak`, fresh journal), which before the
//!   journal was the cost of every page turn and answer.
//!
//! Run: `cargo bench --bench save`. The data folder is in the target folder, i.e. on the same
//! kind of disk a data folder would be on.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use hocso::app::record;
use hocso::course::load::load;
use hocso::course::source::builtin;
use hocso::progress::change::Scope;
use hocso::progress::model::{AnswerRecord, LearnerFile};
use hocso::quiz::Answer;
use hocso::store::learners::Store;
use hocso::store::writer::Session;
use jiff::Timestamp;

#[path = "common/history.rs"]
mod history;

fn cases(c: &mut Criterion) {
    let course = load(&builtin()).course.expect("built-in course");
    let tmp = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("temp dir");
    let store = Store::open(tmp.path()).expect("store");
    let learners = [
        (
            "new learner",
            history::new_learner(&store, "Nguyễn Thị Hoa"),
        ),
        (
            "course done 3x",
            history::course_thrice(&store, &course, "Trần Văn Bốn"),
        ),
    ];
    for (name, lf) in learners {
        let bytes = serde_json::to_vec_pretty(&lf).expect("json").len();
        eprintln!("{name}: learner file {bytes} bytes");
        bench_learner(c, &store, name, lf);
    }
}

fn bench_learner(c: &mut Criterion, store: &Store, name: &str, mut lf: LearnerFile) {
    let id = lf.profile.id.clone();
    let _lock = store.lock(&id, Timestamp::now()).expect("lock");
    let mut session = Session::start(store, &lf).expect("session");
    let (cid, lesson) = ("cong-dan-so", "bai-bench");
    // As the learner program records: only the lesson on screen is looked at.
    let scope = Scope::Lessons {
        course: cid,
        lessons: [Some(lesson), None],
    };
    let mut page = 0;
    // As in the learner program, the snapshot is rewritten when the journal passes 64 KB
    // (`after_frame`); that rewrite runs on the writer thread, off the key path, so it is done
    // here outside the timed part (its own cost is the third figure below).
    c.bench_function(
        &format!("{name}: page turn (journal line + fdatasync)"),
        |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    page += 1;
                    let t = Instant::now();
                    record::turn_page(&mut lf, cid, lesson, page % 7, Timestamp::now());
                    session.record(black_box(&lf), scope).expect("record");
                    session.flush().expect("flush");
                    total += t.elapsed();
                    compact_now_and_then(&mut session, &lf);
                }
                total
            })
        },
    );
    record::start_attempt(
        &mut lf,
        cid,
        lesson,
        "bench".into(),
        vec![],
        Timestamp::now(),
    );
    session.record(&lf, scope).expect("record");
    let mut n = 0u64;
    c.bench_function(&format!("{name}: answer (journal line + fdatasync)"), |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                n += 1;
                let rec = AnswerRecord {
                    answer: Answer::One(format!("c{}", n % 4)),
                    correct: !n.is_multiple_of(3),
                    hints: 0,
                    shown: vec![],
                    at: Timestamp::now(),
                };
                let t = Instant::now();
                // One question answered again and again: the attempt does not grow.
                record::record_answer(&mut lf, cid, lesson, "bench", "q1", rec);
                session.record(black_box(&lf), scope).expect("record");
                total += t.elapsed();
                compact_now_and_then(&mut session, &lf);
            }
            total
        })
    });
    session.close(&lf).expect("close");
    drop(_lock);
    c.bench_function(
        &format!("{name}: snapshot rewrite (lesson end, close)"),
        |b| {
            b.iter(|| {
                page += 1;
                record::turn_page(&mut lf, cid, lesson, page % 7, Timestamp::now());
                store.save(black_box(&lf)).expect("save");
            })
        },
    );
}

/// What `Session::after_frame` does after a frame: the snapshot is rewritten once the journal
/// passes 64 KB. Waits for it, so the next timed save does not queue behind it.
fn compact_now_and_then(session: &mut Session, lf: &LearnerFile) {
    let errors = session.after_frame(lf, false);
    assert!(errors.is_empty(), "{errors:?}");
    session.flush().expect("flush");
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(3));
    targets = cases
}
criterion_main!(benches);
