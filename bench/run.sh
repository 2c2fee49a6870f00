#!/bin/sh
# Times `sentinella import` and `sentinella build` on generated content of 1,000 and 10,000 pages
# (or the sizes given), and prints a table of wall time and peak memory.
#
#   bench/run.sh build/sentinella [PAGES...]
#
# Builds nothing itself. Everything goes to a temporary folder that is removed at the end.
set -eu

usage() {
  echo "usage: $0 path/to/sentinella [PAGES...]   (default: 1000 10000)" >&2
  exit 2
}
[ $# -ge 1 ] || usage
case "$1" in -h|--help) usage ;; esac
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift
[ -x "$bin" ] || { echo "error: $bin is not an executable" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "error: /usr/bin/time is missing (Debian: apt-get install time)" >&2; exit 1; }
sizes=${*:-1000 10000}
here=$(cd "$(dirname "$0")" && pwd)
theme=$(cd "$here/../themes/default" && pwd)

work=$(mktemp -d "${TMPDIR:-/tmp}/sentinella-bench-XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

# measure LABEL COMMAND...: runs the command under /usr/bin/time -v, stops on failure, and adds a
# row to the table: wall-clock seconds, CPU seconds (user + system: less sensitive to other load on
# the machine; above the wall time when several cores work), peak memory.
measure() {
  label=$1
  shift
  if ! /usr/bin/time -v -o "$work/time.txt" "$@" >"$work/out.txt" 2>"$work/err.txt"; then
    echo "error: $label failed:" >&2
    cat "$work/err.txt" "$work/out.txt" >&2
    exit 1
  fi
  awk -v label="$label" '
    /Elapsed \(wall clock\) time/ {
      n = split($NF, p, ":"); s = 0
      for (i = 1; i <= n; i++) s = s * 60 + p[i]
    }
    /User time \(seconds\)/ || /System time \(seconds\)/ { cpu += $NF }
    /Maximum resident set size/ { kb = $NF }
    END { printf "%-34s %9.2f %9.2f %9.0f\n", label, s, cpu, kb / 1024 }' "$work/time.txt" >>"$work/table.txt"
}

: >"$work/table.txt"
load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)
for pages in $sizes; do
  content="$work/content-$pages"
  db="$work/db-$pages/sentinella.db"
  out="$work/site-$pages"
  echo "generating $pages pages..." >&2
  python3 "$here/generate_content.py" --pages "$pages" --out "$content" >&2
  files=$(find "$content" -type f | wc -l)
  size=$(du -sk "$content" | cut -f1)
  echo "$pages pages: $files content files, $((size / 1024)) MiB of Markdown" >>"$work/sizes.txt"

  echo "timing $pages pages..." >&2
  measure "$pages: import (new database)" "$bin" import --content "$content" --db "$db"
  measure "$pages: import (nothing changed)" "$bin" import --content "$content" --db "$db"
  # The database is up to date: build = an import with nothing to do + the export.
  measure "$pages: build (new folder)" "$bin" build --content "$content" --db "$db" --theme "$theme" --out "$out"
  written=$(find "$out" -type f | wc -l)
  outsize=$(du -sk "$out" | cut -f1)
  echo "$pages pages: build wrote $written files, $((outsize / 1024)) MiB" >>"$work/sizes.txt"
  measure "$pages: build (replacing the folder)" "$bin" build --content "$content" --db "$db" --theme "$theme" --out "$out"
  rm -rf "$content" "$out" "$work/db-$pages"
done

echo
cat "$work/sizes.txt"
echo
printf "%-34s %9s %9s %9s\n" "step" "wall s" "cpu s" "max MiB"
cat "$work/table.txt"
echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM;" \
  "load average at the start $load_at_start, at the end $(cut -d' ' -f1-3 /proc/loadavg); $(date +%Y-%m-%d)"
