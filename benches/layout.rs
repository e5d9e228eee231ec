//! Page layout with one unbroken word of 100,000 and 900,000 characters (a pasted link or a
//! stuck key). Issue 14 measured 1.4 s and 83 s per frame before the fix (time grew with the
//! square of the word's length); the layout is now linear in it. Run: `cargo bench --bench layout`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

fn long_word(c: &mut Criterion) {
    let mut g = c.benchmark_group("layout_long_word");
    g.sample_size(10).measurement_time(Duration::from_secs(3));
    for n in [100_000usize, 900_000] {
        let page = format!("Trước {} sau.", "a".repeat(n));
        g.bench_with_input(BenchmarkId::from_parameter(n), &page, |b, page| {
            b.iter(|| hocso::app::doc::render(black_box(page), &[], 76))
        });
    }
    g.finish();
}

criterion_group!(benches, long_word);
criterion_main!(benches);
