# Issue 28, the rest of its attack list (sourced by run.sh; uses its $BIN, $T, h, hoa, tm, $TM,
# result, answers_of from learner.sh). One PASS/FAIL line per attack.

# Marks every lesson of the built-in course passed in learner file $1 and sets its name to the
# Python expression $2 (a certificate is then earned).
earned() {
  python3 - "$1" "$2" <<'PY'
import glob, json, re, sys
path, name = sys.argv[1], eval(sys.argv[2])
v = json.load(open(path))
lessons = {}
for f in sorted(glob.glob("lessons/*/[0-9]*.yaml")):
    m = re.search(r"^id:\s*\"?([a-z0-9-]+)", open(f, encoding="utf-8").read(), re.M)
    if m:
        lessons[m.group(1)] = {"status": "done", "passed": True, "best_score": 90,
                               "completed": "2026-11-20T09:00:00Z", "first_opened": "2026-11-20T08:00:00Z"}
v["courses"] = {"cong-dan-so": {"lessons": lessons}}
v["profile"]["name"] = name
json.dump(v, open(path, "w"), ensure_ascii=False)
PY
}

# ── H1. a taken-over session stops writing (the lock did not hold: its files deleted) ──────────
D=$T/h1; F=$(hoa "$D"); ID=$(basename "$F" .json)
mkfifo "$T/h1in"
"$BIN" --data-dir "$D" --plain --learner "$ID" < "$T/h1in" > "$T/h1a" 2>&1 &
PA=$!; exec 8>"$T/h1in"
printf '\n\n\n\n\n\n\n\n' >&8
for _ in $(seq 200); do [ "$(grep -o '> ' "$T/h1a" | wc -l)" -ge 9 ] && break; sleep 0.1; done
printf '1\n\n' >&8
for _ in $(seq 100); do grep -q "Bấm Enter để đi tiếp" "$T/h1a" && break; sleep 0.1; done
# The share lost the lock: another PC opens the same learner and answers.
rm -f "$D/learners/$ID.lock" "$D/learners/$ID.session"
python3 -c "print('\n'*8 + '1\n\n'*3, end='')" | timeout 60 "$BIN" --data-dir "$D" --plain --learner "$ID" > "$T/h1b" 2>&1
SHOWN_B=$(grep -c "Bấm Enter để đi tiếp" "$T/h1b")
# The first session answers on: it must notice, stop writing, and keep its answers aside.
A_BEFORE=$(grep -c "Bấm Enter để đi tiếp" "$T/h1a")
# (The next question of the first lesson is a matching one.)
printf '1a 2b 3c 4d\n' >&8
sleep 2; exec 8>&-; wait $PA
NOTICED=$(grep -c "ngừng ghi" "$T/h1a")
A_AFTER=$(grep -c "Bấm Enter để đi tiếp" "$T/h1a")
ASIDE=$(ls "$D"/learners/"$ID".unsaved-*.json 2>/dev/null | wc -l)
SAVED=$(answers_of "$D" "$ID")
result "H1 taken-over session" "$([ "$NOTICED" -ge 1 ] && [ "$A_AFTER" = "$A_BEFORE" ] && [ "$SAVED" -ge $((SHOWN_B + A_BEFORE)) ] && echo 1)" \
  "lock files deleted, a second session answered ($SHOWN_B with feedback); the first one said it stopped writing ($NOTICED), gave no feedback after ($A_BEFORE → $A_AFTER), kept $ASIDE file(s) aside; answers on disk $SAVED (was: 3 of 7 lost, unnoticed)"

# ── H2. a journal past the old 16 MB cap: folded into the snapshot, never a reset ─────────────
D=$T/h2; F=$(hoa "$D"); ID=$(basename "$F" .json)
python3 -c "print('\n'*8 + '1\n\n'*3, end='')" > "$T/h2in"
mkfifo "$T/h2fifo"
"$BIN" --data-dir "$D" --plain --learner "$ID" < "$T/h2fifo" > "$T/h2out" 2>&1 &
P=$!; exec 9>"$T/h2fifo"; cat "$T/h2in" >&9
for _ in $(seq 200); do [ "$(grep -c "Bấm Enter để đi tiếp" "$T/h2out")" -ge 3 ] && break; sleep 0.1; done
# Killed mid-session: the answers are only in the journal.
kill -9 $P 2>/dev/null; wait $P 2>/dev/null; exec 9>&-
rm -f "$D/learners/$ID.session"
BEFORE=$(answers_of "$D" "$ID")
python3 - "$D/learners/$ID.journal" "$F" <<'PY'
import hashlib, json, sys
journal, snap = sys.argv[1], json.load(open(sys.argv[2]))
def line(obj):
    j = json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode()
    return hashlib.sha256(j).hexdigest()[:16].encode() + b" " + j + b"\n"
with open(journal, "ab") as f:
    size, n = f.tell(), 0
    while size < 17 * 1024 * 1024:
        n += 1
        prof = dict(snap["profile"], group="Thôn %d" % n)
        b = line([{"op": "head", "format": snap["format"], "profile": prof, "settings": snap.get("settings", {})}])
        f.write(b); size += len(b)
PY
JBIG=$(stat -c %s "$D/learners/$ID.journal")
# Reading 17 MB of journal: more time than the usual 20 s for a debug build on a busy machine.
h() { timeout 120 "$BIN" "$@"; }
MID=$(answers_of "$D" "$ID")
timeout 120 "$BIN" --data-dir "$D" --plain --learner "$ID" </dev/null >/dev/null 2>&1
h() { timeout 20 "$BIN" "$@"; }
JAFTER=$(stat -c %s "$D/learners/$ID.journal")
AFTER=$(answers_of "$D" "$ID")
LAST=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['profile'].get('group'))" "$F")
result "H2 journal over cap" "$([ "$BEFORE" -ge 1 ] && [ "$MID" = "$BEFORE" ] && [ "$AFTER" = "$BEFORE" ] && [ "$JAFTER" -lt 4096 ] && [ "$LAST" != "None" ] && echo 1)" \
  "journal of $JBIG bytes: export sees $MID of $BEFORE answers; opening the learner folds it in: journal now $JAFTER bytes, answers $AFTER, last change kept (group '$LAST') (was: progress reset, answers lost)"

# ── H3. read-aloud never blocks: a slow engine, a 200 KB text ────────────────────────────────
D=$T/h3; hoa "$D" >/dev/null
C=$T/h3course; cp -r tests/fixtures/sample-course "$C"
# 115 KB each (the course loader takes files up to 1 MiB): the map alone says two of them.
LONG=$(python3 -c "print('một câu rất dài ' * 6000)")
for w in Chương Bài bác học; do echo "$w: \"$LONG\""; done > "$C/phat-am.yaml"
cat > "$T/slow-tts.sh" <<EOF
#!/bin/sh
echo \$\$ >> "$T/h3.pids"
sleep 300 &
echo \$! >> "$T/h3.pids"
wait
EOF
chmod +x "$T/slow-tts.sh"; : > "$T/h3.pids"
tm new -d -s "$TM" -x 80 -y 24 "env HOCSO_SYMBOLS=unicode HOCSO_LANG=vi HOCSO_TTS=$T/slow-tts.sh $BIN --data-dir $D --lessons $C --learner 'Nguyễn Thị Hoa'; echo EXIT=\$?; sleep 30"
for _ in $(seq 100); do tm capture-pane -p -t "$TM" | grep -q "Hoa" && break; sleep 0.1; done
sleep 0.5
tm send-keys -t "$TM" n
# Both ids written (the engine and the child it started) before the next key.
for _ in $(seq 100); do [ "$(wc -l < "$T/h3.pids")" -ge 2 ] && break; sleep 0.05; done
BEFORE_KEY=$(tm capture-pane -p -t "$TM")
S=$(date +%s%N); tm send-keys -t "$TM" '?'
for _ in $(seq 200); do [ "$(tm capture-pane -p -t "$TM")" != "$BEFORE_KEY" ] && break; sleep 0.02; done; E=$(date +%s%N)
KEY_MS=$(( (E - S) / 1000000 ))
tm send-keys -t "$TM" Escape; sleep 0.3; tm send-keys -t "$TM" n
for _ in $(seq 100); do [ "$(wc -l < "$T/h3.pids")" -ge 4 ] && break; sleep 0.05; done
S=$(date +%s%N); tm send-keys -t "$TM" C-c
for _ in $(seq 200); do tm capture-pane -p -t "$TM" | grep -q "EXIT=" && break; sleep 0.05; done; E=$(date +%s%N)
CC_MS=$(( (E - S) / 1000000 )); EXIT=$(tm capture-pane -p -t "$TM" | grep -o "EXIT=[0-9]*")
tm kill-session -t "$TM" 2>/dev/null
sleep 0.5; LEFT=0
for p in $(cat "$T/h3.pids"); do
  if [ -r "/proc/$p/stat" ] && ! awk '{ print $3 }' "/proc/$p/stat" | grep -q Z; then LEFT=$((LEFT+1)); kill -9 "$p" 2>/dev/null; fi
done
STARTED=$(wc -l < "$T/h3.pids")
result "H3 slow read-aloud" "$([ "$KEY_MS" -lt 2000 ] && [ "$CC_MS" -lt 3000 ] && [ "$EXIT" = EXIT=0 ] && [ "$LEFT" = 0 ] && [ "$STARTED" -ge 4 ] && echo 1)" \
  "engine that never reads, 200 KB text: next key acted after ${KEY_MS} ms, Ctrl+C → $EXIT after ${CC_MS} ms; engine processes and children still running after: $LEFT of $STARTED (was: keys and Ctrl+C ignored > 25 s, engine kept running)"

# ── H4. certificate names: 10,000 characters, blank, long but real ───────────────────────────
D=$T/h4; mkdir -p "$D"
printf 'Họ tên\nA Một\nB Hai\nC Ba\n' > "$T/h4.csv"; h --data-dir "$D" roster import "$T/h4.csv" >/dev/null 2>&1
set -- "$D"/learners/*.json
earned "$1" "'Nguyễn Văn An ' * 715"; earned "$2" "'   '"
earned "$3" "'Tôn Nữ Thị Huyền Trang Công Tằng Tôn Nữ Diệu Hạnh Phương Thảo Bảo Ngọc Hoàng Anh'"
LONGID=$(basename "$1" .json); BLANKID=$(basename "$2" .json); REALID=$(basename "$3" .json)
h --data-dir "$D" certificate --learner "$LONGID" --out "$T/h4-long.pdf" >"$T/h4l" 2>&1; LRC=$?
h --data-dir "$D" certificate --learner "$BLANKID" --out "$T/h4-blank.pdf" >"$T/h4b" 2>&1; BRC=$?
h --data-dir "$D" certificate --learner "$REALID" --out "$T/h4-real.pdf" >"$T/h4r" 2>&1; RRC=$?
LSAID=$(grep -c "không vừa giấy chứng nhận" "$T/h4l"); BSAID=$(grep -c "chưa có tên" "$T/h4b")
WORDS=$(pdftotext -layout "$T/h4-real.pdf" - 2>/dev/null | tr -s ' \n' ' ' | grep -c "Diệu Hạnh Phương Thảo Bảo Ngọc Hoàng Anh")
PAGES=$(pdfinfo "$T/h4-real.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
REG=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))))" "$D/certificates/register.json" 2>/dev/null)
result "H4 certificate names" "$([ "$LRC" != 0 ] && [ "$BRC" != 0 ] && [ "$LSAID" = 1 ] && [ "$BSAID" = 1 ] && [ ! -e "$T/h4-long.pdf" ] && [ ! -e "$T/h4-blank.pdf" ] && [ "$RRC" = 0 ] && [ "$WORDS" = 1 ] && [ "$PAGES" = 1 ] && [ "${REG:-0}" = 1 ] && echo 1)" \
  "10,000-char name refused (exit $LRC, said $LSAID), blank refused (exit $BRC, said $BSAID), neither registered (register: ${REG:-0} entry); a 78-char real name printed whole ($WORDS) on $PAGES page"

# ── H5. a write-protected data folder (USB copy) ─────────────────────────────────────────────
D=$T/h5; F=$(hoa "$D"); ID=$(basename "$F" .json)
earned "$F" "'Nguyễn Thị Hoa'"
h --data-dir "$D" certificate --learner "$ID" --out "$T/h5.pdf" >"$T/h5c" 2>&1
CODE=$(grep -o 'mã xác minh [0-9A-Z-]*' "$T/h5c" | awk '{ print $4 }')
printf 'Họ tên\nLê Văn Tám\n' > "$T/h5.csv"; h --data-dir "$D" roster import "$T/h5.csv" >/dev/null 2>&1
G=$(ls "$D"/learners/le-van-tam-*.json); GID=$(basename "$G" .json)
python3 -c "import json,sys; p=sys.argv[1]; v=json.load(open(p)); v['profile']['birth_year']=70000; v['courses']={'cong-dan-so':{'lessons':{'bai-mot':{'best_score':300,'seconds':-5}}}}; json.dump(v,open(p,'w'))" "$G"
# chmod stops nothing for root: then the folder is made immutable (chattr +i stops root too).
chmod -R a-w "$D"; HOW=chmod
if touch "$D/.probe" 2>/dev/null; then rm -f "$D/.probe"; chattr -R +i "$D" 2>/dev/null && HOW=chattr; touch "$D/.probe" 2>/dev/null && { rm -f "$D/.probe"; HOW=none; }; fi
BEFORE=$(cd "$D" && find . -printf '%p %s %T@\n' | sort | md5sum)
ok=1; out=""
h --data-dir "$D" learners >"$T/h5l" 2>&1 || ok=0; out="$out learners→$?"
grep -q "Lê Văn Tám" "$T/h5l" && grep -q "best_score: 300 → 100" "$T/h5l" || ok=0
h --data-dir "$D" report --format csv --out "$T/h5.csv.out" >/dev/null 2>&1 || ok=0; out="$out report→$?"
grep -q "Lê Văn Tám" "$T/h5.csv.out" || ok=0
h --data-dir "$D" export --learner "$GID" --out "$T/h5e.json" >/dev/null 2>&1 || ok=0; out="$out export→$?"
h --data-dir "$D" certificate verify "$CODE" >"$T/h5v" 2>&1 || ok=0; out="$out verify→$?"
grep -q "HỢP LỆ" "$T/h5v" || ok=0
[ "$HOW" = chattr ] && chattr -R -i "$D"; chmod -R u+w "$D"
AFTER=$(cd "$D" && find . -printf '%p %s %T@\n' | sort | md5sum)
[ "$BEFORE" = "$AFTER" ] || ok=0
SCORE=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['courses']['cong-dan-so']['lessons']['bai-mot']['best_score'])" "$T/h5e.json" 2>/dev/null)
[ "$SCORE" = 100 ] || ok=0
result "H5 read-only folder, numbers out of range" "$ok" \
  "folder made read-only by $HOW:$out; learner with birth year 70000 and score 300 listed, reported and exported (score read as $SCORE, each field named), not set aside; folder unchanged: $([ "$BEFORE" = "$AFTER" ] && echo yes || echo no) (was: learners/report refused, learner set aside)"

# ── H6. the smaller items: zero-width characters, verify without the secret, sslmode=disable ──
mkdir -p "$T/h6"
printf 'id: bai-zw\ntitle: "Bài"\npages:\n  - title: "Trang"\n    body: "Con\xe2\x80\x8b gà\xe2\x80\x8d ăn\xe2\x81\xa0 lúa"\nquiz:\n  questions:\n    - id: q\n      kind: true_false\n      prompt: "Đúng?"\n      answer: true\n      explanation: "Vì."\n' > "$T/h6/bai.yaml"
W5=$(h validate "$T/h6/bai.yaml" 2>&1 | grep -c W005)
tm new -d -s "$TM" -x 80 -y 24 "env HOCSO_SYMBOLS=unicode HOCSO_LANG=vi $BIN preview $T/h6/bai.yaml; sleep 30"
# The preview first lists the lesson's warnings (W005 among them); Enter shows the page.
for _ in $(seq 100); do tm capture-pane -p -t "$TM" | grep -q "lúa\|W005" && break; sleep 0.1; done
tm capture-pane -p -t "$TM" | grep -q W005 && tm send-keys -t "$TM" Enter
for _ in $(seq 100); do tm capture-pane -p -t "$TM" | grep -q "lúa" && break; sleep 0.1; done
tm capture-pane -p -t "$TM" > "$T/h6screen"; tm kill-session -t "$TM" 2>/dev/null
ZW=$(python3 -c "import sys; t=open(sys.argv[1],encoding='utf-8').read(); print(sum(t.count(c) for c in '\u200b\u200c\u200d\u2060'))" "$T/h6screen")
JOINED=$(grep -c "Con gà ăn lúa" "$T/h6screen")
D=$T/h5; rm -f "$D/certificates/secret.key"
h --data-dir "$D" certificate verify "$CODE" >"$T/h6v" 2>&1; VRC=$?
NOSECRET=$(grep -c "thiếu khóa bí mật" "$T/h6v"); NOTIN=$(grep -c "KHÔNG có trong sổ cấp" "$T/h6v")
D=$T/h6d; hoa "$D" >/dev/null
h --data-dir "$D" setup --province "Hải Phòng" --commune "Xã An Lão" --class-name "Lớp" --db "postgresql://hocso@may-chu.invalid/hocso?sslmode=disable" >"$T/h6s" 2>&1
SSL=$(grep -c "sslmode=disable" "$T/h6s")
for i in 1 2; do h --data-dir "$D" sync >"$T/h6s$i" 2>&1; SSL=$((SSL + $(grep -c "sslmode=disable" "$T/h6s$i"))); done
result "H6 smaller items" "$([ "$W5" -ge 1 ] && [ "$ZW" = 0 ] && [ "$JOINED" = 1 ] && [ "$VRC" != 0 ] && [ "$NOSECRET" = 1 ] && [ "$NOTIN" = 0 ] && [ "$SSL" = 3 ] && echo 1)" \
  "zero-width chars: validate W005 ($W5), on screen $ZW (text joined: $JOINED); verify with the secret deleted: 'thiếu khóa bí mật' ($NOSECRET), 'not in the register' ($NOTIN), exit $VRC; sslmode=disable warned at setup and each of 2 syncs ($SSL of 3)"
