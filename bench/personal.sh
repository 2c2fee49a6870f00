#!/usr/bin/env bash
# Anonymous against signed-in requests for the home page and an event page, against the real server
# with the bundled content: anonymous visitors get the cached page as it is; a person signed in gets
# the cached segments joined around their personal slots (the header's account area; on the event
# page their registration, which reads the database). wrk, one thread and 16 connections, a few
# seconds per case; prints requests/s, latency p50 and p99, and the signed-in/anonymous ratio.
# Usage: bench/personal.sh [path/to/sentinella] [seconds]   (needs Debian's wrk and curl)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/sentinella}
seconds=${2:-4}
for tool in wrk curl; do command -v $tool >/dev/null || { echo "error: $tool is missing (apt-get install $tool)" >&2; exit 1; }; done
work=$(mktemp -d)
trap 'kill ${pid:-} 2>/dev/null || true; rm -rf "$work"' EXIT
source bench/lib.sh

event=/eventi/2026/formazione-polizia-locale-usura-estorsione   # registration open, for polizia-locale
password="una parola segreta per la misura"
"$bin" import --db "$work/s.db" >/dev/null
echo "$password" | "$bin" user add --db "$work/s.db" --username persona --name "Persona di Prova" \
  --roles learner --group polizia-locale --organization "Comune" --password-stdin >/dev/null
serve_and_sign_in "$work/s.db" persona "$password"
# Register for the event, so that its page shows "Sei iscritto/a" and the cancel form.
csrf=$(curl -s -b "sentinella_session=$token" "$base/area" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)
curl -s -o /dev/null -b "sentinella_session=$token" -d "csrf=$csrf" "$base$event/iscrizione"
# (Read whole before searching: grep -q stops at the first match, and under pipefail curl's broken
# pipe would fail the check.)
event_page=$(curl -s -b "sentinella_session=$token" "$base$event")
grep -q "Sei iscritto" <<<"$event_page" ||
  { echo "error: the event page does not show the registration" >&2; exit 1; }

# run PATH COOKIE: sets rps, p50, p99 (milliseconds).
run() {
  SENTINELLA_COOKIE=$2 wrk -t1 -c16 -d"${seconds}s" --timeout 5s --latency -s bench/cookie.lua "$base$1" >"$work/wrk.txt"
  if grep -q "Non-2xx\|Socket errors" "$work/wrk.txt"; then cat "$work/wrk.txt" >&2; exit 1; fi
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
  ms() { awk -v p="$1" '$1 == p { v = $2; if (v ~ /us$/) v = v / 1000; else if (v ~ /ms$/) v = v + 0; else if (v ~ /s$/) v = v * 1000; printf "%.2f", v }' "$work/wrk.txt"; }
  p50=$(ms 50%)
  p99=$(ms 99%)
}

wrk -t1 -c16 -d1s -s bench/cookie.lua "$base/" >/dev/null   # warm-up: the pages enter the cache
printf "%-8s %-10s %10s %9s %9s\n" page who "requests/s" "p50 ms" "p99 ms"
for page in / "$event"; do
  run "$page" ""
  anon=$rps
  printf "%-8s %-10s %10s %9s %9s\n" "$([ "$page" = / ] && echo home || echo event)" anonymous "$rps" "$p50" "$p99"
  run "$page" "$token"
  printf "%-8s %-10s %10s %9s %9s   signed-in/anonymous: %s\n" "$([ "$page" = / ] && echo home || echo event)" \
    signed-in "$rps" "$p50" "$p99" "$(awk -v a="$anon" -v s="$rps" 'BEGIN { printf "%.2f", s / a }')"
done
echo "machine: $(nproc) cores; load average at the end $(cut -d' ' -f1-3 /proc/loadavg); $(date +%Y-%m-%d)"
