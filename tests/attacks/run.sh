#!/usr/bin/env bash
# Issue 14's attack list, re-run on a built binary. Prints one PASS/FAIL line per item (with
# what was measured) and exits 1 if any item failed.
#
#   tests/attacks/run.sh                       # target/release/hocso, else target/debug/hocso
#   HOCSO_BIN=/path/to/hocso tests/attacks/run.sh
#
# Needs: bash, coreutils (timeout, stat, mkfifo), /usr/bin/time, tmux (the terminal items),
# python3 (to edit JSON), PostgreSQL server binaries and psql (the DB items). Unix only.
# Everything happens in a temp folder.
set -u
cd "$(dirname "$0")/../.."
BIN=${HOCSO_BIN:-}
if [ -z "$BIN" ]; then
  if [ -x target/release/hocso ]; then BIN=$PWD/target/release/hocso; else BIN=$PWD/target/debug/hocso; fi
fi
[ -x "$BIN" ] || { echo "no hocso binary (cargo build first, or set HOCSO_BIN)"; exit 2; }
export HOCSO_LANG=vi
# Skip the first-start screen check on this PC (it has its own tests).
export HOCSO_SYMBOLS=unicode
unset HOCSO_DATA_DIR HOCSO_LESSONS
T=$(mktemp -d)
TM="hocso-attack-$$"
# Our own tmux server (-L): never touches other tmux sessions, and starts with our environment.
tm() { tmux -L "$TM" "$@"; }
trap 'tmux -L "$TM" kill-server 2>/dev/null; rm -rf "$T"' EXIT
FAILS=0
result() { # item ok detail
  if [ "$2" = 1 ]; then echo "PASS $1 — $3"; else echo "FAIL $1 — $3"; FAILS=$((FAILS+1)); fi
}
h() { timeout 20 "$BIN" "$@"; }

# A learner Hoa in data folder $1 (created through roster import); prints its file path.
hoa() {
  printf 'Họ tên,Năm sinh\nNguyễn Thị Hoa,1960\n' > "$1.csv"
  h --data-dir "$1" roster import "$1.csv" >/dev/null 2>&1
  ls "$1"/learners/*.json | head -1
}
# Sets a profile field of learner file $1: field $2 to the Python expression $3.
setfield() {
  python3 -c "import json,sys; p=sys.argv[1]; v=json.load(open(p)); v['profile'][sys.argv[2]]=eval(sys.argv[3]); json.dump(v,open(p,'w'))" "$1" "$2" "$3"
}

# ── 1. simultaneous roster imports ──────────────────────────────────────────────────────────
D=$T/d1; mkdir -p "$D"
{ echo "Họ tên,Năm sinh,Thôn/lớp"; for i in $(seq 0 49); do echo "Học Viên $i,$((1940+i)),Thôn Đông"; done; } > "$T/lop.csv"
h --data-dir "$D" roster import "$T/lop.csv" >/dev/null 2>&1 & h --data-dir "$D" roster import "$T/lop.csv" >/dev/null 2>&1 & wait
N2=$(ls "$D"/learners/*.json | wc -l)
D=$T/d1b; mkdir -p "$D"
for i in $(seq 1 10); do h --data-dir "$D" roster import "$T/lop.csv" >/dev/null 2>&1 & done; wait
N10=$(ls "$D"/learners/*.json | wc -l)
result "1 roster import race" "$([ "$N2" = 50 ] && [ "$N10" = 50 ] && echo 1)" \
  "2 imports at once → $N2 learners, 10 at once → $N10 (want 50)"

# ── 2. escape sequences from a learner file to the trainer's terminal ──────────────────────
D=$T/d2; F=$(hoa "$D"); ID=$(basename "$F" .json)
setfield "$F" name "'Hoa\x1b]52;c;ZXZpbA==\x07\x1b[2J\x1b]8;;http://x\x1b\\\\link\u009b31m\u202eabc'"
setfield "$F" group "'Thôn\x1b[5mĐông\u009d'"
OUT=$T/o2; : > "$OUT"
{ h --data-dir "$D" report; h --data-dir "$D" report --format csv; h --data-dir "$D" report --format json
  h --data-dir "$D" learners; echo k | h --data-dir "$D" learners reset "$ID"
  h --data-dir "$D" export --learner "$ID" --out "$T/x.json"; } >>"$OUT" 2>&1
BAD=$(python3 -c "import sys; t=open(sys.argv[1],encoding='utf-8',errors='replace').read(); print(sum(t.count(c) for c in ['\x1b','\x07','\x9b','\x9d','\u202e']))" "$OUT")
SHOWN=$(grep -c "Hoa" "$OUT")
result "2 escape codes in names" "$([ "$BAD" = 0 ] && [ "$SHOWN" -ge 5 ] && echo 1)" \
  "report table/csv/json, learners, reset prompt, export message: $BAD control/bidi chars printed, name shown $SHOWN times"

# ── 3. FIFOs, /dev/zero, oversized files ────────────────────────────────────────────────────
D=$T/d3; F=$(hoa "$D"); ID=$(basename "$F" .json)
mkfifo "$D/learners/an-fifo23.json"; ln -s /dev/zero "$D/learners/binh-zero23.json"
ok=1; out=""
for cmd in "learners" "report" "export --learner $ID --out $T/e.json"; do
  timeout 10 "$BIN" --data-dir "$D" $cmd >/dev/null 2>&1; rc=$?; out="$out $cmd→$rc"
  [ $rc = 124 ] && ok=0
done
mkfifo "$T/in.json"; timeout 10 "$BIN" --data-dir "$D" import "$T/in.json" >/dev/null 2>&1; rc=$?; out="$out import-fifo→$rc"; [ $rc = 124 ] && ok=0
timeout 10 "$BIN" --data-dir "$D" import /dev/zero >/dev/null 2>&1; rc=$?; out="$out import-/dev/zero→$rc"; [ $rc = 124 ] && ok=0
mkfifo "$T/bai.yaml"; timeout 10 "$BIN" preview "$T/bai.yaml" >/dev/null 2>&1; rc=$?; out="$out preview-fifo→$rc"; [ $rc = 124 ] && ok=0
mkdir -p "$T/lesson"; cp tests/fixtures/valid/*.yaml "$T/lesson/" 2>/dev/null
printf 'id: bai\ntitle: "Bài"\npages:\n  - title: "T"\n    body: "x"\n' > "$T/lesson/bai.yaml"; mkfifo "$T/lesson/glossary.yaml"
timeout 10 "$BIN" preview "$T/lesson/bai.yaml" >/dev/null 2>&1 </dev/null; rc=$?; out="$out preview-glossary-fifo→$rc"; [ $rc = 124 ] && ok=0
D=$T/d3p; mkdir -p "$D"; mkfifo "$D/trainer-pin.json"
tm new -d -s "$TM" -x 80 -y 24 "env HOCSO_SYMBOLS=unicode timeout --foreground 10 $BIN --data-dir $D class; sleep 5"
for _ in $(seq 100); do tm capture-pane -p -t "$TM" | tr -d '\n' | grep -q "pin set" && break; sleep 0.1; done
PINSCREEN=$(tm capture-pane -p -t "$TM" | tr -d '\n'); tm kill-session -t "$TM" 2>/dev/null
if echo "$PINSCREEN" | grep -q "pin set"; then out="$out class-with-pin-fifo→locked-with-reset-message"; else ok=0; out="$out class-with-pin-fifo→?"; fi
result "3a FIFO and /dev/zero hang nothing" "$ok" "exit codes (124 = hung):$out"
D=$T/d3b; F=$(hoa "$D")
python3 -c "import json,sys; p=sys.argv[1]; v=json.load(open(p)); v['profile']['group']='x'*100_000_000; json.dump(v,open(p,'w'))" "$F"
/usr/bin/time -f "%M" -o "$T/mem3" timeout 60 "$BIN" --data-dir "$D" report >/dev/null 2>&1; MEM=$(tail -1 "$T/mem3")
result "3b 100 MB learner file" "$([ "${MEM:-999999999}" -lt 100000 ] && echo 1)" "report peak memory ${MEM} KB (was 1.3 GB); the file is reported as too large"

# ── 4. signals restore the terminal and remove the session note ────────────────────────────
ok=1; out=""
for sig in TERM INT HUP QUIT; do
  D=$T/d4$sig; hoa "$D" >/dev/null
  tm new -d -s "$TM" -x 80 -y 24 "env HOCSO_SYMBOLS=unicode HOCSO_LANG=vi $BIN --data-dir $D --learner 'Nguyễn Thị Hoa'; sleep 30"
  for _ in $(seq 50); do tm capture-pane -p -t "$TM" | grep -q "Hoa" && break; sleep 0.1; done
  PID=$(pgrep -f "^$BIN --data-dir $D" | head -1)
  kill -s "$sig" "$PID"; sleep 1
  ALT=$(tm display -p -t "$TM" '#{alternate_on}'); CUR=$(tm display -p -t "$TM" '#{cursor_flag}')
  NOTE=$(ls "$D"/learners/*.session 2>/dev/null | wc -l)
  tm kill-session -t "$TM" 2>/dev/null
  out="$out SIG$sig: alternate=$ALT cursor=$CUR notes=$NOTE;"
  { [ "$ALT" = 0 ] && [ "$CUR" = 1 ] && [ "$NOTE" = 0 ]; } || ok=0
done
result "4 signals" "$ok" "$out"

# ── 5. trainer PIN ──────────────────────────────────────────────────────────────────────────
D=$T/d5; mkdir -p "$D"
h --data-dir "$D" class pin set --pin 1 >/dev/null 2>&1; SHORT=$?
S=$(date +%s%N); h --data-dir "$D" class pin set --pin 2468 >/dev/null 2>&1; E=$(date +%s%N)
MS=$(( (E - S) / 1000000 ))
ARGON=$(grep -c 'argon2id' "$D/trainer-pin.json")
tm new -d -s "$TM" -x 80 -y 24 "env HOCSO_SYMBOLS=unicode HOCSO_LANG=vi $BIN --data-dir $D class; sleep 30"; sleep 1.5
for t in 1 2 3; do tm send-keys -t "$TM" 0000 Enter; sleep 1.2; done
tm send-keys -t "$TM" F2; sleep 1; tm send-keys -t "$TM" Escape; sleep 0.3; tm send-keys -t "$TM" F2; sleep 1
tm send-keys -t "$TM" 2468 Enter; sleep 1.5
WAIT=$(tm capture-pane -p -t "$TM" | grep -c "đợi")
tm kill-session -t "$TM" 2>/dev/null
D=$T/d5b; mkdir -p "$D"; ln -s "$D/gone" "$D/trainer-pin.json"
tm new -d -s "$TM" -x 80 -y 24 "env HOCSO_SYMBOLS=unicode HOCSO_LANG=vi $BIN --data-dir $D class; sleep 30"; sleep 1.5
DANGLING=$(tm capture-pane -p -t "$TM" | tr -d '\n' | grep -c "pin set")
tm kill-session -t "$TM" 2>/dev/null
result "5 trainer PIN" "$([ "$SHORT" = 2 ] && [ "$ARGON" = 1 ] && [ "$WAIT" -ge 1 ] && [ "$DANGLING" = 1 ] && echo 1)" \
  "1-digit PIN refused (exit $SHORT); stored as Argon2id ($ARGON); 'pin set' took ${MS} ms incl. start-up; right PIN after 3 wrong + reopening → wait message ($WAIT); dangling PIN link → locked with reset hint ($DANGLING)"

# ── 6. one unbroken 900,000-character word ──────────────────────────────────────────────────
mkdir -p "$T/long"
python3 - "$T/long/bai.yaml" <<'PY'
import sys
open(sys.argv[1], "w").write('id: bai-dai\ntitle: "Bài dài"\npages:\n  - title: "Trang"\n    body: "%s"\nquiz:\n  questions:\n    - id: q\n      kind: true_false\n      prompt: "Đúng không?"\n      answer: true\n      explanation: "Vì."\n' % ("a" * 900_000))
PY
W8=$(h validate "$T/long/bai.yaml" 2>&1 | grep -c W008)
tm new -d -s "$TM" -x 80 -y 24 "env HOCSO_SYMBOLS=unicode HOCSO_LANG=vi $BIN preview $T/long/bai.yaml; sleep 30"
S=$(date +%s%N); for _ in $(seq 600); do tm capture-pane -p -t "$TM" | grep -q "aaaaaaaaaa" && break; sleep 0.05; done; E=$(date +%s%N)
tm send-keys -t "$TM" Right; sleep 0.5; tm send-keys -t "$TM" Left
S2=$(date +%s%N); for _ in $(seq 600); do tm capture-pane -p -t "$TM" | grep -q "aaaaaaaaaa" && break; sleep 0.05; done; E2=$(date +%s%N)
tm kill-session -t "$TM" 2>/dev/null
FIRST=$(( (E - S) / 1000000 ))
result "6 long word" "$([ "$W8" -ge 1 ] && [ "$FIRST" -lt 5000 ] && echo 1)" \
  "validate warns W008 ($W8); preview of a 900,000-character word on screen after ${FIRST} ms (was 83 s per frame)"

# ── 7. symlinked learner file, file modes ───────────────────────────────────────────────────
D=$T/d7; F=$(hoa "$D")
chmod 777 "$F"
cp "$F" "$T/in7.json"; setfield "$T/in7.json" group "'Ấp Mới'"
h --data-dir "$D" import "$T/in7.json" >/dev/null 2>&1
MODE=$(stat -c %a "$F"); BAK=$(stat -c %a "$F.bak")
cp "$F" "$T/elsewhere.json"; rm "$F"; ln -s "$T/elsewhere.json" "$F"
cp "$T/elsewhere.json" "$T/in7b.json"; setfield "$T/in7b.json" group "'Ở Xóm Trên'"
MSG=$(h --data-dir "$D" import "$T/in7b.json" 2>&1 | grep -c "liên kết")
[ -L "$F" ] && LINK=kept || LINK=replaced
result "7 file modes, symlinked learner file" "$([ "$MODE" = 644 ] && [ "$BAK" = 644 ] && [ "$MSG" = 1 ] && [ "$LINK" = kept ] && echo 1)" \
  "after a save over a 0777 file: file $MODE, .bak $BAK (umask $(umask)); symlinked learner file: refused with a message ($MSG), link $LINK"

# ── 8. huge window ──────────────────────────────────────────────────────────────────────────
D=$T/d8; mkdir -p "$D"
tm new -d -s "$TM" -x 80 -y 24 "stty rows 65535 cols 65535; /usr/bin/time -f %M -o $T/mem8 env HOCSO_SYMBOLS=unicode $BIN --data-dir $D; echo EXIT=\$?; sleep 30"
for _ in $(seq 100); do tm capture-pane -p -t "$TM" | grep -q "quá lớn" && break; sleep 0.1; done
LARGE=$(tm capture-pane -p -t "$TM" | grep -c "quá lớn")
S=$(date +%s%N); tm send-keys -t "$TM" C-c
for _ in $(seq 100); do tm capture-pane -p -t "$TM" | grep -q "EXIT=" && break; sleep 0.1; done; E=$(date +%s%N)
EXIT=$(tm capture-pane -p -t "$TM" | grep -o "EXIT=[0-9]*"); tm kill-session -t "$TM" 2>/dev/null
MEM=$(tail -1 "$T/mem8" 2>/dev/null)
result "8 65535×65535 window" "$([ "$LARGE" -ge 1 ] && [ "$EXIT" = EXIT=0 ] && [ "${MEM:-999999999}" -lt 100000 ] && echo 1)" \
  "'Cửa sổ quá lớn' shown ($LARGE), Ctrl+C → $EXIT after $(( (E - S) / 1000000 )) ms, peak memory ${MEM} KB (was: 206 GB abort)"

# ── 9. the smaller items ───────────────────────────────────────────────────────────────────
D=$T/d9; F=$(hoa "$D")
setfield "$F" name "'Hoa\u200d\U0001F469\u200d\U0001F467\ufe0f ' + 'Nguyễn ' * 43"
LONGEST=$(h --data-dir "$D" learners | awk '{ print length($0) }' | sort -n | tail -1)
ZWJ=$(h --data-dir "$D" learners | grep -c $'\u200d')
cp "$F" "$F.tmp"; echo "{ hỏng" > "$F"
WORD=$(h --data-dir "$D" learners 2>&1 | grep -c "tệp bài học")
mkfifo "$T/p9.yaml"; PREV=$(h preview "$T/p9.yaml" 2>&1 | grep -c "Không đọc được")
mkdir -p "$T/v9"; cp -r tests/fixtures/sample-course/. "$T/v9/"; M=$(find "$T/v9" -mindepth 1 -maxdepth 1 -type d | head -1); mkfifo "$M/99-x.yaml"
VOUT=$(h validate "$T/v9" 2>&1); VRC=$?
VGO=$(echo "$VOUT" | grep -c "99-x.yaml"); VSUM=$(echo "$VOUT" | grep -c "bài")
D=$T/d9b; F=$(hoa "$D"); echo "{ hỏng" > "$F"; rm -f "$F.bak"
tm new -d -s "$TM" -x 80 -y 24 "env HOCSO_SYMBOLS=unicode HOCSO_LANG=vi $BIN --data-dir $D; sleep 30"; sleep 1.5; tm send-keys -t "$TM" C-c; sleep 0.5; tm kill-session -t "$TM" 2>/dev/null
LOG=$([ -f "$D/hocso.log" ] && [ ! -f "$D/learners/hocso.log" ] && echo "data/hocso.log" || echo "elsewhere")
printf 'id: bai\ntitle: "Bài"\npages:\n  - title: "T"\n    body: "Dòng một\xe2\x80\xa8dòng hai"\nquiz:\n  questions:\n    - id: q\n      kind: true_false\n      prompt: "Đúng?"\n      answer: true\n      explanation: "Vì."\n' > "$T/sep.yaml"
tm new -d -s "$TM" -x 80 -y 24 "env HOCSO_SYMBOLS=unicode HOCSO_LANG=vi $BIN preview $T/sep.yaml; sleep 30"; sleep 1.5
SEP=$(tm capture-pane -p -t "$TM" | grep -c "dòng hai"); tm kill-session -t "$TM" 2>/dev/null
result "9 smaller items" "$([ "$LONGEST" -lt 120 ] && [ "$ZWJ" = 0 ] && [ "$WORD" = 0 ] && [ "$PREV" = 1 ] && [ "$VGO" -ge 1 ] && [ "$VSUM" -ge 1 ] && [ "$LOG" = data/hocso.log ] && [ "$SEP" = 1 ] && echo 1)" \
  "learners: longest line $LONGEST chars for a 300-char name, ZWJ printed $ZWJ; damaged file called 'tệp bài học' $WORD times; preview of an unreadable file says 'Không đọc được' ($PREV); validate reports the FIFO ($VGO) and still checks the rest ($VSUM), exit $VRC; log at $LOG; U+2028 drawn as a line break ($SEP)"

# Issue 28, learner side: its own file, so the database items can be added here beside it.
. tests/attacks/learner.sh
# ── DB1–DB5. the province database (issue 28): a real PostgreSQL, started by the script ─────
. tests/attacks/province_db.sh

echo
if [ "$FAILS" = 0 ]; then echo "all attack items PASS"; else echo "$FAILS item(s) FAIL"; exit 1; fi
