#!/usr/bin/env bash
# Peak memory of the server while N people sign in at the same moment (each argon2id password check
# takes 64 MiB, so the number run at once is bounded). Prints the resident size before and the peak.
# Usage: bench/login_memory.sh [path/to/sentinella] [N, default 32]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/sentinella}
n=${2:-32}
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$work"' EXIT

"$bin" import --db "$work/s.db" >/dev/null
for i in $(seq "$n"); do
  echo "una password di prova" | "$bin" user add --db "$work/s.db" --username "utente$i" --roles trainer \
    --password-stdin >/dev/null
done
"$bin" serve --db "$work/s.db" --port 0 2>"$work/log" &
pid=$!
for _ in $(seq 100); do grep -q "listening on" "$work/log" && break; sleep 0.1; done
port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$work/log")
[ -n "$port" ] || { cat "$work/log"; exit 1; }
curl -s -o /dev/null "http://127.0.0.1:$port/"
before=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
start=$(date +%s.%N)
clients=()
for i in $(seq "$n"); do
  curl -s -o /dev/null -w "%{http_code}\n" --data "username=utente$i&password=una+password+di+prova" \
    "http://127.0.0.1:$port/accedi" >>"$work/codes" &
  clients+=($!)
done
wait "${clients[@]}"
end=$(date +%s.%N)
peak=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
echo "$n parallel logins: $(sort "$work/codes" | uniq -c | awk '{printf "%s x %s  ", $1, $2}')"
echo "resident memory: $((before / 1024)) MiB before, peak $((peak / 1024)) MiB; all answered in $(echo "$end - $start" | bc) s"
