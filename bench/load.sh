#!/usr/bin/env bash
# Load test: wrk at 256 connections for 30 s on public pages and the calendar feed, against the real
# server with the bundled content. Fails on any socket error or non-2xx answer, or if the server's
# memory grows by more than 20% between the warm-up and the end. A request is a timeout after 5 s
# (wrk's default of 2 s counts a busy build machine's scheduling as server errors).
# Usage: bench/load.sh [path/to/sentinella] [seconds]   (needs Debian's wrk: apt-get install wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/sentinella}
seconds=${2:-30}
command -v wrk >/dev/null || { echo "error: wrk is missing (apt-get install wrk)" >&2; exit 1; }
work=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT

"$bin" import --db "$work/s.db" >/dev/null
"$bin" serve --db "$work/s.db" --port 0 2>"$work/log" &
pid=$!
for _ in $(seq 100); do grep -q "listening on" "$work/log" && break; sleep 0.1; done
port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$work/log")
[ -n "$port" ] || { cat "$work/log"; exit 1; }

rss() { awk '/VmRSS/ {print $2}' "/proc/$pid/status"; }

wrk -t2 -c256 -d5s -s bench/paths.lua "http://127.0.0.1:$port/" >/dev/null   # warm-up
before=$(rss)
wrk -t2 -c256 -d"${seconds}s" --timeout 5s --latency -s bench/paths.lua "http://127.0.0.1:$port/" | tee "$work/wrk.txt"
after=$(rss)
echo "memory: ${before} kB after warm-up, ${after} kB at the end"

status=0
if grep -q "Socket errors" "$work/wrk.txt"; then echo "FAIL: socket errors"; status=1; fi
if grep -q "Non-2xx" "$work/wrk.txt"; then echo "FAIL: answers that are not 2xx/3xx"; status=1; fi
if [ "$after" -gt $((before * 12 / 10)) ]; then echo "FAIL: memory grew by more than 20%"; status=1; fi
[ $status -eq 0 ] && echo "load test passed"
exit $status
