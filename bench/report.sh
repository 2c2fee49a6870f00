#!/usr/bin/env bash
# The attendance report (GET /api/v1/reports/attendance) over 50,000 people and 1,000,000 marks,
# against its budget of 200 ms, through the real server: the bundled content plus 2,000 generated
# courses of 5 meetings and 200 evenings (bench/attendance_data.py events), imported, then people,
# walk-ins and marks put straight into the database (attendance_data.py marks). Times each `by`
# below over the whole period (median of RUNS requests after one to warm up), and as the reference
# the same number of full scans of the marks in one process (`SELECT COUNT(*), TOTAL(hours) FROM
# attendance_marks` through Python's sqlite3), so the ratio says how far the report is from
# reading every mark once. Also the server's CPU time per request (user + system, from /proc): on a
# busy machine the wall time says more about the other work than about this one. Ends with the
# query plan of the statement that reads each meeting's marks.
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
tick_ms=$((1000 / $(getconf CLK_TCK)))
printf "%-40s %6s %9s %10s %8s %8s\n" by status "first ms" "median ms" "cpu ms" rows
for by in "" target_group module target_group,module organization month quarter,target_group \
          year,target_group,module organization,target_group,module; do
  times=()
  ticks=$(cpu_ticks)
  for _ in $(seq $((runs + 1))); do
    out=$(curl -s -o "$work/body" -w '%{http_code} %{time_total}' -b "sentinella_session=$token" \
            "$base/api/v1/reports/attendance?$period&by=$by")
    times+=("$(awk '{printf "%.1f", $2 * 1000}' <<<"$out")")
    status=${out%% *}
  done
  cpu=$(( ($(cpu_ticks) - ticks) * tick_ms / (runs + 1) ))
  median=$(printf "%s\n" "${times[@]:1}" | sort -n | sed -n "$(((runs + 1) / 2))p")
  rows=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["rows"]))' "$work/body")
  printf "%-40s %6s %9s %10s %8s %8s\n" "${by:-(totals only)}" "$status" "${times[0]}" "$median" "$cpu" "$rows"
done
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
echo "query plan of each meeting's marks:"
sqlite3 "$work/s.db" "EXPLAIN QUERY PLAN SELECT hours, group_concat(COALESCE(user_id, -walk_in_id)) FROM attendance_marks
  INDEXED BY attendance_marks_report WHERE event_uid = 'x' AND meeting = 1 AND status IN ('present', 'late', 'left_early')
  GROUP BY hours" | sed 's/^/  /'
machine "$load"
