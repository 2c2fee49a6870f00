#!/usr/bin/env bash
# 500 learners submitting quiz attempts at the same time against the real server, with the bundled
# content (the usura module's quiz, its attempt limit lifted so that each learner can take it
# ROUNDS times). Learners and their sessions are written straight into the database; each learner
# is a thread of bench/quiz_client.py with its own keep-alive connection: start an attempt, load it,
# submit it (graded on the server, one write transaction), read the result. Prints requests/s,
# attempts submitted/s, latency p50 and p99, and the errors (any status but the expected one).
# Usage: bench/quiz.sh [path/to/sentinella] [learners] [rounds]   (needs python3)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/sentinella}
learners=${2:-500}
rounds=${3:-3}
work=$(mktemp -d)
trap 'kill ${pid:-} 2>/dev/null || true; rm -rf "$work"' EXIT

cp -r content "$work/content"
sed -i '/^attempts:/d' "$work/content/modules/usura/quiz-verifica.md"
"$bin" import --content "$work/content" --db "$work/s.db" >/dev/null
python3 bench/quiz_client.py prepare "$work/s.db" "$learners"
"$bin" serve --content "$work/content" --db "$work/s.db" --port 0 2>"$work/log" &
pid=$!
for _ in $(seq 100); do grep -q "listening on" "$work/log" && break; sleep 0.1; done
port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$work/log")
[ -n "$port" ] || { cat "$work/log"; exit 1; }

python3 bench/quiz_client.py run "$port" "$learners" "$rounds"
submitted=$(sqlite3 "$work/s.db" "SELECT COUNT(*) FROM quiz_attempts WHERE submitted_at IS NOT NULL" 2>/dev/null || echo "?")
echo "attempts submitted in the database: $submitted (expected $((learners * rounds)))"
echo "machine: $(nproc) cores; load average at the end $(cut -d' ' -f1-3 /proc/loadavg); $(date +%Y-%m-%d)"
