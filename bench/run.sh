#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Times `sentinella import` and `sentinella build` on generated content of 1,000 and 10,000 pages
# (or the sizes given), and prints a table of wall time, CPU time and peak memory.
#
#   bench/run.sh build/sentinella [PAGES...]
#
# Builds nothing itself. Everything goes to a temporary folder that is removed at the end.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
sentinella_and_sizes "$@"
theme=$(cd "$here/../themes/default" && pwd)

work=$(mktemp -d "${TMPDIR:-/tmp}/sentinella-bench-XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

need python3 /usr/bin/time

# step LABEL COMMAND...: measures the command and adds a row to the table.
step() {
  local label=$1
  shift
  measure "$@"
  printf "%-34s %9.2f %9.2f %9.0f\n" "$label" "$wall" "$cpu" "$mib" >>"$work/table.txt"
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
  step "$pages: import (new database)" "$bin" import --content "$content" --db "$db"
  step "$pages: import (nothing changed)" "$bin" import --content "$content" --db "$db"
  # The database is up to date: build = an import with nothing to do + the export.
  step "$pages: build (new folder)" "$bin" build --content "$content" --db "$db" --theme "$theme" --out "$out"
  written=$(find "$out" -type f | wc -l)
  outsize=$(du -sk "$out" | cut -f1)
  echo "$pages pages: build wrote $written files, $((outsize / 1024)) MiB" >>"$work/sizes.txt"
  step "$pages: build (replacing the folder)" "$bin" build --content "$content" --db "$db" --theme "$theme" --out "$out"
  rm -rf "$content" "$out" "$work/db-$pages"
done

echo
cat "$work/sizes.txt"
echo
printf "%-34s %9s %9s %9s\n" "step" "wall s" "cpu s" "max MiB"
cat "$work/table.txt"
echo
machine "$load_at_start"
