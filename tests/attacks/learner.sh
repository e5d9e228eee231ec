# Issue 28, the learner side (sourced by run.sh; uses its $BIN, $T, h, hoa, result).
# Each item prints PASS/FAIL (SKIP when this machine cannot run it, e.g. not root for tmpfs).

# Answers in a learner file (export of $2 from data folder $1): records with an answer and a verdict.
answers_of() {
  h --data-dir "$1" export --learner "$2" --out "$T/count.json" >/dev/null 2>&1 || { echo -1; return; }
  python3 -c "
import json,sys
def c(v):
  if isinstance(v,dict): return (1 if 'correct' in v and 'answer' in v else 0)+sum(c(x) for x in v.values())
  if isinstance(v,list): return sum(c(x) for x in v)
  return 0
print(c(json.load(open(sys.argv[1]))))" "$T/count.json"
}

# ── L1. plain mode, answers typed ahead, kill -9 ─────────────────────────────────────────────
D=$T/l1; F=$(hoa "$D"); ID=$(basename "$F" .json)
LOST=0; SHOWN_ALL=0; RUNS=20
for run in $(seq $RUNS); do
  BEFORE=$(answers_of "$D" "$ID")
  python3 -c "print('1\n\n'*60, end='')" > "$T/ahead"
  "$BIN" --data-dir "$D" --plain --learner "$ID" < "$T/ahead" > "$T/l1out" 2>&1 &
  P=$!; sleep "$(( RANDOM % 3 + 1 )).$(( RANDOM % 10 ))"; kill -9 $P 2>/dev/null; wait $P 2>/dev/null
  SHOWN=$(grep -c "Bấm Enter để đi tiếp" "$T/l1out")
  AFTER=$(answers_of "$D" "$ID")
  [ $(( AFTER - BEFORE )) -lt "$SHOWN" ] && LOST=$((LOST + SHOWN - AFTER + BEFORE))
  SHOWN_ALL=$((SHOWN_ALL + SHOWN))
  # The next run takes over the session the kill left behind.
  rm -f "$D/learners/$ID.session"
done
result "L1 plain typed-ahead kill -9" "$([ "$LOST" = 0 ] && [ "$SHOWN_ALL" -gt 0 ] && echo 1)" \
  "$RUNS kills: $SHOWN_ALL answers got feedback, $LOST of them not on disk (was 15 of 20 runs losing 1–2)"

# ── L2. disk full: no feedback for an unsaved answer, told at every failed answer, retried ────
M=$T/full; mkdir -p "$M"
if mount -t tmpfs -o size=1m tmpfs "$M" 2>/dev/null; then
  D=$M/d; F=$(hoa "$D"); ID=$(basename "$F" .json)
  mkfifo "$T/l2in"
  "$BIN" --data-dir "$D" --plain --learner "$ID" < "$T/l2in" > "$T/l2out" 2>&1 &
  P=$!; exec 7>"$T/l2in"
  printf '\n\n\n\n\n\n\n\n' >&7
  # Until those eight lines were read (the learner is in a lesson), then the disk fills up.
  for _ in $(seq 200); do [ "$(grep -o '> ' "$T/l2out" | wc -l)" -ge 9 ] && break; sleep 0.1; done
  dd if=/dev/zero of="$M/fill" bs=4k 2>/dev/null; sync
  for i in $(seq 30); do printf '1\n\n' >&7; done
  for _ in $(seq 200); do [ "$(grep -o '> ' "$T/l2out" | wc -l)" -ge 69 ] && break; sleep 0.1; done
  FULL_MSG=$(grep -c "Báo giáo viên: ổ đĩa đã đầy" "$T/l2out")
  SHOWN_FULL=$(grep -c "Bấm Enter để đi tiếp" "$T/l2out")
  rm -f "$M/fill"; printf '\n\n' >&7; sleep 2; exec 7>&-; wait $P
  SHOWN=$(grep -c "Bấm Enter để đi tiếp" "$T/l2out")
  SAVED=$(answers_of "$D" "$ID")
  umount "$M"
  result "L2 disk full" "$([ "$FULL_MSG" -ge 2 ] && [ "$SAVED" -ge "$SHOWN" ] && [ "$SHOWN" -gt "$SHOWN_FULL" ] && echo 1)" \
    "'Báo giáo viên: ổ đĩa đã đầy' shown $FULL_MSG times; feedback shown $SHOWN, answers on disk $SAVED; the held answer saved and shown once space was back ($SHOWN_FULL → $SHOWN)"
else
  echo "SKIP L2 disk full — needs root to mount a small tmpfs"
fi

# ── L3. PIN: parallel prompts, an unwritable tries file ──────────────────────────────────────
D=$T/l3; mkdir -p "$D"; h --data-dir "$D" class pin set --pin 246802 >/dev/null 2>&1
for i in $(seq 8); do echo 000000 | timeout 60 "$BIN" --data-dir "$D" --plain class >/dev/null 2>&1 & done; wait
W=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['wrong'])" "$D/trainer-pin-tries.json" 2>/dev/null)
D=$T/l3b; mkdir -p "$D"; h --data-dir "$D" class pin set --pin 246802 >/dev/null 2>&1; mkdir "$D/trainer-pin-tries.json"
IN=0; for i in $(seq 10); do echo 246802 | timeout 60 "$BIN" --data-dir "$D" --plain class 2>&1 | grep -q "Bấm Enter để xem lại" && IN=$((IN+1)); done
TMP=$(find "$D" -maxdepth 1 -name '.trainer-pin-tries*' | wc -l)
SHORT=$(h --data-dir "$D" class pin set --pin 1234 >/dev/null 2>&1; echo $?)
result "L3 PIN tries" "$([ "${W:-99}" -le 4 ] && [ "$IN" = 0 ] && [ "$TMP" = 0 ] && [ "$SHORT" != 0 ] && echo 1)" \
  "8 prompts at once: $W tries checked (3 free + 1, the rest wait; was all 8); tries file a folder: right PIN let in $IN of 10 times, $TMP temp files left; a new 4-digit PIN refused (exit $SHORT)"
