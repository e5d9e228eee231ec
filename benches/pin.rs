//! Cost of one offline PIN guess: the Argon2id hash at the parameters new PINs get
//! (`hocso::trainer::pin::COST`). Issue 14 asks for ≥ 100 ms per guess on the build machine, so that all
//! 10,000 four-digit PINs take at least ~17 minutes on one core even with a copied file (and the
//! growing delay makes guessing at the prompt hopeless). Run: `cargo bench --bench pin`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};

fn guess(c: &mut Criterion) {
    let mut g = c.benchmark_group("pin");
    g.sample_size(10).measurement_time(Duration::from_secs(5));
    g.bench_function("argon2id_guess", |b| {
        b.iter(|| {
            hocso::trainer::pin::hash(black_box("2468"), hocso::trainer::pin::COST).expect("hash")
        })
    });
    g.finish();
}

criterion_group!(benches, guess);
criterion_main!(benches);
