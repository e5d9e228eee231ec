#!/bin/sh
# Regenerates link/hot.ld, the list of functions a learner's session runs (Linux, valgrind).
#
# Runs the startup and keys benches with the release binary under callgrind, collects every
# function that ran, and writes them as one linker input-section list. Rerun it after large
# changes to what the learner program does at start-up or in a lesson, then rebuild and check
# `cargo bench --bench startup` (README, "Bộ nhớ"). Needs valgrind, nm and python3.
set -eu
cd "$(dirname "$0")/.."
cargo build --release
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/hocso" <<WRAP
#!/bin/sh
exec valgrind --tool=callgrind --demangle=no --callgrind-out-file="$work/cg.%p" "$PWD/target/release/hocso" "\$@"
WRAP
chmod +x "$work/hocso"
HOCSO_BIN="$work/hocso" HOCSO_BENCH_TIMEOUT=120 cargo bench --profile dev --bench startup
HOCSO_BIN="$work/hocso" HOCSO_BENCH_TIMEOUT=120 cargo bench --profile dev --bench keys
python3 tools/hot_code.py target/release/hocso "$work"/cg.* > link/hot.ld.new
mv link/hot.ld.new link/hot.ld
echo "link/hot.ld: $(grep -c '^    \*' link/hot.ld) functions; now: cargo build --release"
