#!/usr/bin/env bash
# The attendance report (GET /api/v1/reports/attendance) over 50,000 people and 1,000,000 marks,
# against its budget of 200 ms, through the real server: the bundled content plus 2,000 generated
# courses of 5 meetings and 200 evenings (bench/attendance_data.py events), imported, then people,
# walk-ins and marks put straight into the database (attendance_data.py marks). Times each `by`
# below over the whole period, cold and warm: cold is the first request after a write to the marks
# (made with the sqlite3 shell, as another process would), which reads the server's snapshot again
# (core/attendance_report_cache.h); warm the requests after it, counted from the snapshot (medians
# of RUNS requests each). As the reference, RUNS + 1 full scans of the marks in one process
# (`SELECT COUNT(*), TOTAL(hours) FROM attendance_marks` through Python's sqlite3). Also the server's
# CPU time per request (user + system, from /proc): on a busy machine the wall time says more about
# the other work than about this one; its memory before and after, and the snapshot's size (logged
# by the server). Ends with the query plans of the snapshot's reads.
# Usage: bench/report.sh [path/to/sentinella] [runs]   (needs python3, curl, sqlite3)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/sentinella}
runs=${2:-7}
for tool in python3 curl sqlite3; do command -v $tool >/dev/null || { echo "error: $tool is missing (apt-get install $tool)" >&2; exit 1; }; done
work=$(mktemp -d)
trap 'kill ${pid:-} 2>/dev/null || true; rm -rf "$work"' EXIT
source bench/lib.sh
load=$(cut -d' ' -f1-3 /proc/loadavg)

password="una parola segreta per la misura"
cp -r content "$work/content"
python3 bench/attendance_data.py events "$work/content"
"$bin" import --content "$work/content" --db "$work/s.db" >/dev/null
echo "$password" | "$bin" user add --db "$work/s.db" --username capo --name "Amministrazione" \
  --roles admin --password-stdin >/dev/null
python3 bench/attendance_data.py marks "$work/s.db"
sqlite3 "$work/s.db" "PRAGMA optimize; PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
echo "database: $(du -m "$work/s.db" | cut -f1) MiB"

serve_and_sign_in "$work/s.db" capo "$password" --content "$work/content"

period="from=2025-01-01&to=2027-12-31"
cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
rss_mib() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status"; }
tick_ms=$((1000 / $(getconf CLK_TCK)))
# A write the report counts (the trigger bumps the attendance generation), so the next request is cold.
touch_marks() { sqlite3 "$work/s.db" "UPDATE attendance_marks SET hours = hours WHERE id = (SELECT MIN(id) FROM attendance_marks)"; }
# request BY: one request; sets `ms` (wall), `cpu` (server's CPU ms) and `status`.
request() {
  local ticks out
  ticks=$(cpu_ticks)
  out=$(curl -s -o "$work/body" -w '%{http_code} %{time_total}' -b "sentinella_session=$token" \
          "$base/api/v1/reports/attendance?$period&by=$1")
  cpu=$(( ($(cpu_ticks) - ticks) * tick_ms ))
  ms=$(awk '{printf "%.1f", $2 * 1000}' <<<"$out")
  status=${out%% *}
}
median() { printf "%s\n" "$@" | sort -n | sed -n "$((($# + 1) / 2))p"; }
rss_before=$(rss_mib)
printf "%-40s %6s %8s %8s %8s %8s %8s %6s\n" by status "cold ms" "cold cpu" "1.5s ms" "warm ms" "warm cpu" rows
for by in "" target_group module target_group,module organization month quarter,target_group \
          year,target_group,module organization,target_group,module; do
  cold=() settled=() warm=() cold_cpu=0 warm_cpu=0
  for _ in $(seq "$runs"); do
    touch_marks
    request "$by"; cold+=("$ms"); cold_cpu=$((cold_cpu + cpu))
  done
  for _ in $(seq "$runs"); do
    touch_marks
    sleep 1.5
    request "$by"; settled+=("$ms")
  done
  for _ in $(seq "$runs"); do
    request "$by"; warm+=("$ms"); warm_cpu=$((warm_cpu + cpu))
  done
  rows=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["rows"]))' "$work/body")
  printf "%-40s %6s %8s %8s %8s %8s %8s %6s\n" "${by:-(totals only)}" "$status" "$(median "${cold[@]}")" \
    "$((cold_cpu / runs))" "$(median "${settled[@]}")" "$(median "${warm[@]}")" "$((warm_cpu / runs))" "$rows"
done
echo "cold: the first request at once after a write to the marks (it waits for the snapshot to be read again);"
echo "  1.5s: the first request 1.5 s after a write (the server has read the snapshot again in the background);"
echo "  warm: the next ones;"
echo "  medians of $runs requests each, cpu: the server's mean CPU ms per request"
echo "server memory (RSS): $rss_before MiB before the first report, $(rss_mib) MiB after;" \
     "$(grep -o 'snapshot read again, [0-9]* bytes' "$work/log" | tail -1 | awk '{printf "snapshot %.1f MiB", $4 / 1048576}')"
python3 - "$work/s.db" "$runs" <<'PY'
import sqlite3, statistics, sys, time
db = sqlite3.connect(sys.argv[1])
times, cpu = [], []
for _ in range(int(sys.argv[2]) + 1):
    start, start_cpu = time.perf_counter(), time.process_time()
    db.execute("SELECT COUNT(*), TOTAL(hours) FROM attendance_marks").fetchone()
    times.append((time.perf_counter() - start) * 1000)
    cpu.append((time.process_time() - start_cpu) * 1000)
print(f"reference: a full scan of the marks (COUNT, TOTAL(hours)): median {statistics.median(times[1:]):.1f} ms,"
      f" cpu {statistics.mean(cpu):.0f} ms")
PY
echo "$(sqlite3 "$work/s.db" "SELECT COUNT(*) FROM attendance_marks") marks," \
     "$(sqlite3 "$work/s.db" "SELECT COUNT(*) FROM users") accounts, $(sqlite3 "$work/s.db" "SELECT COUNT(*) FROM walk_ins") walk-ins"
echo "query plans of the snapshot's reads (meetings, then each meeting's marks):"
sqlite3 "$work/s.db" "EXPLAIN QUERY PLAN SELECT event_uid, number, substr(start_local, 1, 10) AS day FROM event_meetings
  WHERE day BETWEEN '' AND '~' UNION ALL SELECT uid, 1, substr(start_local, 1, 10) AS day FROM events e
  WHERE day BETWEEN '' AND '~' AND NOT EXISTS (SELECT 1 FROM event_meetings m WHERE m.event_uid = e.uid) ORDER BY 1, 2" |
  sed 's/^/  /'
sqlite3 "$work/s.db" "EXPLAIN QUERY PLAN SELECT hours, group_concat(COALESCE(user_id, -walk_in_id)) FROM attendance_marks
  INDEXED BY attendance_marks_report WHERE event_uid = 'x' AND meeting = 1 AND status IN ('present', 'late', 'left_early')
  GROUP BY hours ORDER BY hours" | sed 's/^/  /'
machine "$load"
