#!/usr/bin/env bash
# Issue 28's attacks on the province database, against a real PostgreSQL this script starts
# itself (a throwaway cluster on 127.0.0.1, as `nobody` when run as root, like
# tests/common/pg.rs). Set up as the README tells the province: `hocso province init`, one
# `add-unit` per commune, `add-reader` for reports. One PASS/FAIL line per attack.
#
# Sourced by tests/attacks/run.sh, or run alone: tests/attacks/province_db.sh
# Needs: PostgreSQL server binaries (Debian: apt-get install -y postgresql) and psql.
if [ -z "${FAILS+x}" ]; then
  set -u
  cd "$(dirname "$0")/../.."
  BIN=${HOCSO_BIN:-}
  if [ -z "$BIN" ]; then
    if [ -x target/release/hocso ]; then BIN=$PWD/target/release/hocso; else BIN=$PWD/target/debug/hocso; fi
  fi
  [ -x "$BIN" ] || { echo "no hocso binary (cargo build first, or set HOCSO_BIN)"; exit 2; }
  export HOCSO_LANG=vi
  unset HOCSO_DATA_DIR HOCSO_LESSONS
  T=$(mktemp -d); trap 'pg_stop; rm -rf "$T"' EXIT
  FAILS=0; STANDALONE=1
  result() { if [ "$2" = 1 ]; then echo "PASS $1 — $3"; else echo "FAIL $1 — $3"; FAILS=$((FAILS+1)); fi; }
  h() { timeout 20 "$BIN" "$@"; }
else
  STANDALONE=0
  # Stop our server too when run.sh exits (its own trap keeps working).
  trap "pg_stop; $(trap -p EXIT | awk -F"'" '{print $2}')" EXIT
fi
unset HOCSO_DB PGPASSWORD HOCSO_DB_PASSWORD HOCSO_DB_PASSWORD_FILE

PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
PGD=""; PGPID=""
pg_stop() {
  if [ -n "$PGPID" ]; then
    # The server itself (runuser does not pass signals on), then wait for it to end.
    PM=$(head -1 "$PGD/data/postmaster.pid" 2>/dev/null)
    [ -n "$PM" ] && kill -INT "$PM" 2>/dev/null
    for _ in $(seq 100); do kill -0 "$PGPID" 2>/dev/null || break; sleep 0.1; done
  fi
  [ -n "$PGD" ] && rm -rf "$PGD"
  PGPID=""; PGD=""
}
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi; }

if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ] || ! command -v psql >/dev/null; then
  for item in "DB1 read another unit (X1)" "DB2 write another unit's learner" "DB3 register a class under another unit" "DB4 DELETE/UPDATE/DROP with a unit's role" "DB5 normal sync and report"; do
    result "$item" 0 "no PostgreSQL server binaries or psql (apt-get install -y postgresql)"
  done
else
  PGD=$(mktemp -d /tmp/hocso-attack-pg.XXXXXX); chmod 755 "$PGD"
  echo "pg-owner-pw" > "$PGD/pw"
  [ "$(id -u)" = 0 ] && chown -R nobody: "$PGD"
  as_pg "$PGBIN/initdb" -D "$PGD/data" -U postgres -E UTF8 --no-locale --auth-local=trust \
    --auth-host=scram-sha-256 --pwfile="$PGD/pw" >"$PGD/initdb.log" 2>&1
  PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  as_pg "$PGBIN/postgres" -D "$PGD/data" -k "$PGD" -p "$PORT" -c listen_addresses=127.0.0.1 \
    -c fsync=off >"$PGD/log" 2>&1 &
  PGPID=$!
  OWNER="postgresql://postgres:pg-owner-pw@127.0.0.1:$PORT/hocso"
  for _ in $(seq 100); do psql "${OWNER%/hocso}/postgres" -tAc "select 1" >/dev/null 2>&1 && break; sleep 0.1; done
  psql "${OWNER%/hocso}/postgres" -qc "CREATE DATABASE hocso" >/dev/null
  own() { psql "$OWNER" -tAc "$1" 2>&1; }

  # The province, as in the README: init, one role per commune, a report role.
  h province init --db "$OWNER" >"$T/db-init.txt" 2>&1
  h province add-unit --db "$OWNER" --province "Hải Phòng" --commune "Xã An Lão" --commune-code 11111 --out "$T/an-lao.url" >/dev/null 2>&1
  h province add-unit --db "$OWNER" --province "Hải Phòng" --commune "Xã Bạch Đằng" --commune-code 22222 --out "$T/bach-dang.url" >/dev/null 2>&1
  h province add-reader --db "$OWNER" --name so-tttt --out "$T/reader.url" >/dev/null 2>&1
  A=$(cat "$T/an-lao.url" 2>/dev/null); B=$(cat "$T/bach-dang.url" 2>/dev/null); R=$(cat "$T/reader.url" 2>/dev/null)
  MODE=$(stat -c %a "$T/an-lao.url" 2>/dev/null)
  # Bạch Đằng's class: 20 learners, synced with its own string.
  DB_B=$T/db-b; mkdir -p "$DB_B"
  { echo "Họ tên,Năm sinh,Thôn/lớp"; for i in $(seq 1 20); do echo "Người Bạch Đằng $i,$((1950+i)),Thôn Nam"; done; } > "$T/db-b.csv"
  h --data-dir "$DB_B" roster import "$T/db-b.csv" >/dev/null 2>&1
  h --data-dir "$DB_B" setup --province "Hải Phòng" --commune "Xã Bạch Đằng" --commune-code 22222 --class-name "Lớp B" --db "$B" >/dev/null 2>&1
  h --data-dir "$DB_B" sync >"$T/db-b-sync.txt" 2>&1; BRC=$?

  # DB1 / X1: An Lão's string, a data folder that claims Bạch Đằng's code.
  X1=$T/x1; mkdir -p "$X1"
  h --data-dir "$X1" setup --province "Hải Phòng" --commune "Xã Bạch Đằng" --commune-code 22222 --class-name "Lớp giả" --db "$A" >/dev/null 2>&1
  h --data-dir "$X1" sync >"$T/x1.txt" 2>&1; XRC=$?
  PULLED=$(ls "$X1"/learners/*.json 2>/dev/null | wc -l)
  SEEN=$(psql "$A" -tAc "SELECT count(*) FROM learners WHERE unit_key = 'code:22222'" 2>&1)
  SEENANS=$(psql "$A" -tAc "SELECT count(*) FROM answers a JOIN learners l USING (learner_id)" 2>&1)
  result "DB1 read another unit (X1)" "$([ "$BRC" = 0 ] && [ "$XRC" = 1 ] && [ "$PULLED" = 0 ] && [ "$SEEN" = 0 ] && [ "$SEENANS" = 0 ] && grep -q "Chuỗi kết nối này là của đơn vị code:11111" "$T/x1.txt" && echo 1)" \
    "B synced (exit $BRC); setup --commune-code 22222 + An Lão's string: sync exit $XRC, learners pulled $PULLED (was 20), 'SELECT … unit 22222' as An Lão → $SEEN rows"

  # DB2: one of Bạch Đằng's learner files, renamed, synced from An Lão's own class.
  DA=$T/db-a; mkdir -p "$DA"
  h --data-dir "$DA" setup --province "Hải Phòng" --commune "Xã An Lão" --commune-code 11111 --class-name "Lớp A" --db "$A" >/dev/null 2>&1
  VF=$(ls "$DB_B"/learners/*.json | head -1); VID=$(basename "$VF" .json)
  mkdir -p "$DA/learners"; cp "$VF" "$DA/learners/"
  python3 -c "import json,sys; p=sys.argv[1]; v=json.load(open(p)); v['profile']['name']='Bị sửa'; json.dump(v,open(p,'w'))" "$DA/learners/$VID.json"
  h --data-dir "$DA" sync >"$T/db-a-sync.txt" 2>&1; ARC=$?
  SAID=$(grep -c "thuộc xã/phường khác" "$T/db-a-sync.txt")
  NAME=$(own "SELECT name FROM learners WHERE learner_id = '$VID'")
  CL=$(own "SELECT course_id || ',' || lesson_id FROM lesson_progress WHERE learner_id = '$VID' LIMIT 1")
  [ -n "$CL" ] || CL="co-ban,bai-1"
  PLANT=$(psql "$A" -tAc "INSERT INTO attempts (learner_id, course_id, lesson_id, attempt_id, started_ns, question_order, score) VALUES ('$VID', '${CL%%,*}', '${CL#*,}', 'planted', 1, '{}', 100)" 2>&1)
  PLANTED=$(own "SELECT count(*) FROM attempts WHERE attempt_id = 'planted'")
  result "DB2 write another unit's learner" "$([ "$ARC" = 0 ] && [ "$SAID" -ge 1 ] && [ "$NAME" != "Bị sửa" ] && [ "$PLANTED" = 0 ] && echo "$PLANT" | grep -q "row-level security" && echo 1)" \
    "sync of B's learner from A: exit $ARC, said 'thuộc xã/phường khác' $SAID×, name in DB '$NAME'; raw INSERT of an attempt: $(echo "$PLANT" | head -1)"

  # DB3: a class under another unit, straight SQL with An Lão's role.
  CLS=$(psql "$A" -tAc "INSERT INTO classes (unit_key, class_name) VALUES ('code:22222', 'Lớp giả')" 2>&1)
  UNI=$(psql "$A" -tAc "INSERT INTO units (unit_key, province, commune) VALUES ('code:99999', 'x', 'y')" 2>&1)
  NCLS=$(own "SELECT count(*) FROM classes WHERE unit_key = 'code:22222'")
  result "DB3 register a class under another unit" "$([ "$NCLS" = 1 ] && echo "$CLS" | grep -q "row-level security" && echo "$UNI" | grep -q "row-level security" && echo 1)" \
    "INSERT class for 22222: $(echo "$CLS" | head -1); INSERT unit 99999: $(echo "$UNI" | head -1); classes of 22222: $NCLS"

  # DB4: what a unit's role must never do.
  out=""; ok=1
  for sql in "DELETE FROM answers" "DELETE FROM learners WHERE unit_key = 'code:11111'" "TRUNCATE learners CASCADE" "DROP TABLE answers" "ALTER TABLE learners DISABLE ROW LEVEL SECURITY" "UPDATE hocso_roles SET unit_key = 'code:22222'" "CREATE TABLE planted (x int)"; do
    r=$(psql "$A" -tAc "$sql" 2>&1)
    if echo "$r" | grep -qE "permission denied|must be owner"; then out="$out ${sql%% *}:refused"; else out="$out ${sql%% *}:ALLOWED"; ok=0; fi
  done
  UPD=$(psql "$A" -c "UPDATE learners SET name = 'x' WHERE unit_key = 'code:22222'" 2>&1)
  NB=$(own "SELECT count(*) FROM learners WHERE unit_key = 'code:22222' AND name <> 'x'")
  [ "$UPD" = "UPDATE 0" ] && [ "$NB" = 20 ] || ok=0
  result "DB4 DELETE/UPDATE/DROP with a unit's role" "$ok" "$out; UPDATE of 22222's learners → $UPD; B still has $NB learners untouched"

  # DB5: the normal work still works.
  h --data-dir "$DB_B" sync >"$T/db-b2.txt" 2>&1; B2=$?
  h report --db "$R" --format json >"$T/rep.json" 2>"$T/rep.err"; RRC=$?
  UNITS=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['units']))" "$T/rep.json" 2>/dev/null)
  RWRITE=$(psql "$R" -tAc "UPDATE learners SET name = 'x'" 2>&1 | grep -c "permission denied")
  result "DB5 normal sync and report" "$([ "$B2" = 0 ] && [ "$RRC" = 0 ] && [ "$UNITS" -ge 2 ] && [ "$RWRITE" = 1 ] && [ "$MODE" = 600 ] && echo 1)" \
    "B re-sync exit $B2; report --db (reader) exit $RRC with $UNITS units; reader UPDATE refused ($RWRITE); connection string file mode $MODE"
  pg_stop
fi

if [ "$STANDALONE" = 1 ]; then
  echo
  if [ "$FAILS" = 0 ]; then echo "all province database items PASS"; else echo "$FAILS item(s) FAIL"; exit 1; fi
fi
