#!/usr/bin/env bash
# The trainer's page of a module, its learners CSV and its JSON figures, against the real server with
# the bundled content and LEARNERS learners (default 10,000) put straight into the database: each
# enrolled in `usura`, every lesson read, two submitted attempts on its quiz with an answer to every
# question. Prints the time of one request of each (the first, then the median of 5), and the JSON's
# requests/s, p50 and p99 with wrk (one thread, 4 connections, a few seconds): the figures grow with
# the learners, not with queries per learner (there are none).
# (The learners were active just now: the retention rule would erase accounts never active.)
# Usage: bench/trainer_stats.sh [path/to/sentinella] [learners] [seconds]   (needs wrk, curl, sqlite3)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/sentinella}
learners=${2:-10000}
seconds=${3:-4}
for tool in wrk curl sqlite3; do command -v $tool >/dev/null || { echo "error: $tool is missing (apt-get install $tool)" >&2; exit 1; }; done
work=$(mktemp -d)
trap 'kill ${pid:-} 2>/dev/null || true; rm -rf "$work"' EXIT
source bench/lib.sh

module=usura
password="una parola segreta per la misura"
"$bin" import --db "$work/s.db" >/dev/null
echo "$password" | "$bin" user add --db "$work/s.db" --username capo --name "Amministrazione" \
  --roles admin --password-stdin >/dev/null
sqlite3 "$work/s.db" <<SQL
PRAGMA foreign_keys = ON;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $learners)
INSERT INTO users (username, display_name, password_hash, target_group, organization, created_at, last_active_at)
SELECT 'allievo-' || i, 'Allievo ' || i, '', g.id, 'Ente ' || (i % 40), unixepoch(), unixepoch()
  FROM n JOIN (SELECT id, row_number() OVER (ORDER BY position) - 1 AS k FROM target_groups) g
  ON g.k = n.i % (SELECT count(*) FROM target_groups);
INSERT INTO enrolments SELECT id, '$module', 1767225600 + (id * 2999) % 31536000,
       CASE WHEN id % 2 THEN 1767225600 + (id * 2999) % 31536000 + 86400 END FROM users WHERE username LIKE 'allievo-%';
INSERT INTO lesson_progress SELECT u.id, '$module', l.slug, 1 FROM users u, lessons l
  WHERE u.username LIKE 'allievo-%' AND l.module_slug = '$module';
INSERT INTO quiz_attempts (user_id, module_slug, quiz_slug, quiz_version, started_at, submitted_at, option_order,
                           score, max_score, passed)
SELECT u.id, '$module', q.slug, q.version, t.k, t.k + 60, '[]', (u.id * 7 + t.k) % 6, 5, ((u.id * 7 + t.k) % 6) >= 4
  FROM users u, quizzes q, (SELECT 1 AS k UNION ALL SELECT 2) t
  WHERE u.username LIKE 'allievo-%' AND q.module_slug = '$module';
INSERT INTO quiz_answers SELECT a.id, qq.position, CAST((a.id + qq.position) % 3 AS TEXT), (a.id + qq.position) % 3 = 0
  FROM quiz_attempts a JOIN quiz_questions qq ON qq.module_slug = a.module_slug AND qq.quiz_slug = a.quiz_slug;
COMMIT;
SQL
echo "seeded: $(sqlite3 "$work/s.db" "SELECT count(*) FROM enrolments") enrolments," \
     "$(sqlite3 "$work/s.db" "SELECT count(*) FROM quiz_attempts") attempts," \
     "$(sqlite3 "$work/s.db" "SELECT count(*) FROM quiz_answers") answers"

serve_and_sign_in "$work/s.db" capo "$password"

printf "%-44s %8s %10s %10s\n" request status "first ms" "median ms"
for path in "/admin/moduli/$module" "/admin/moduli/$module/allievi.csv" "/api/v1/modules/$module/progress"; do
  times=()
  for _ in 1 2 3 4 5 6; do
    out=$(curl -s -o "$work/body" -w '%{http_code} %{time_total}' -b "sentinella_session=$token" "$base$path")
    times+=("$(awk '{printf "%.1f", $2 * 1000}' <<<"$out")")
    status=${out%% *}
  done
  median=$(printf "%s\n" "${times[@]:1}" | sort -n | sed -n 3p)
  printf "%-44s %8s %10s %10s   %s bytes\n" "$path" "$status" "${times[0]}" "$median" "$(wc -c <"$work/body")"
done
SENTINELLA_COOKIE=$token wrk -t1 -c4 -d"${seconds}s" --timeout 10s --latency -s bench/cookie.lua \
  "$base/api/v1/modules/$module/progress" >"$work/wrk.txt"
if grep -q "Non-2xx\|Socket errors" "$work/wrk.txt"; then cat "$work/wrk.txt" >&2; exit 1; fi
echo "JSON under load: $(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt") requests/s," \
     "p50 $(awk '$1 == "50%" {print $2}' "$work/wrk.txt"), p99 $(awk '$1 == "99%" {print $2}' "$work/wrk.txt")"
echo "machine: $(nproc) cores; load average at the end $(cut -d' ' -f1-3 /proc/loadavg); $(date +%Y-%m-%d)"
