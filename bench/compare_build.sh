#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Static publishing side by side: `sentinella build` and Hugo (Debian's hugo) on the same generated
# content of 1,000 and 10,000 pages (or the sizes given). Prints wall time, CPU time and peak memory
# of each, and Hugo's figure divided by Sentinella's (above 1: Hugo took more).
#
#   bench/compare_build.sh build/sentinella [PAGES...]
#
# Sentinella is timed twice: `build` with the database already imported (as bench/run.sh does), and
# `build` into a new database, which imports every file first: what Hugo does, reading the content
# files. Laying the content out for Hugo (bench/hugo_content.py) is not timed. Everything goes to a
# temporary folder that is removed at the end.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
sentinella_and_sizes "$@"
theme=$(cd "$here/../themes/default" && pwd)

work=$(mktemp -d "${TMPDIR:-/tmp}/sentinella-compare-XXXXXX")
trap 'rm -rf "$work"' EXIT
need python3 /usr/bin/time hugo

# row PAGES TOOL HTML [WALL CPU MIB of Hugo]: a row of the table with the last measure; with Hugo's
# figures, the ratios Hugo / this row.
row() {
  printf "%-6s %-34s %6s %8.2f %8.2f %8.0f" "$1" "$2" "$3" "$wall" "$cpu" "$mib" >>"$work/table.txt"
  if [[ $# -gt 3 ]]; then
    awk -v w="$4" -v c="$5" -v m="$6" -v w0="$wall" -v c0="$cpu" -v m0="$mib" 'BEGIN {
      r = "%6.2f"; printf "   " r " " r " " r, (w0 > 0 ? w / w0 : 0), (c0 > 0 ? c / c0 : 0), (m0 > 0 ? m / m0 : 0) }' \
      >>"$work/table.txt"
  fi
  echo >>"$work/table.txt"
}
html() { find "$1" -name '*.html' | wc -l; }

: >"$work/table.txt"
load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)
for pages in $sizes; do
  content="$work/content-$pages"
  echo "generating $pages pages and their Hugo site..." >&2
  python3 "$here/generate_content.py" --pages "$pages" --out "$content" >&2
  python3 "$here/hugo_content.py" "$content" "$work/hugo-$pages"

  echo "timing $pages pages..." >&2
  measure "$bin" build --content "$content" --db "$work/db-$pages/new.db" --theme "$theme" --out "$work/out-new-$pages"
  read -r new_wall new_cpu new_mib <<<"$wall $cpu $mib"
  # The database is now up to date: this build is an import with nothing to do, then the export.
  measure "$bin" build --content "$content" --db "$work/db-$pages/new.db" --theme "$theme" --out "$work/out-$pages"
  read -r built_wall built_cpu built_mib <<<"$wall $cpu $mib"
  measure hugo --quiet --source "$work/hugo-$pages" --destination "$work/hugo-out-$pages" \
    --cacheDir "$work/hugo-cache"
  read -r hugo_wall hugo_cpu hugo_mib <<<"$wall $cpu $mib"

  ours=$(html "$work/out-$pages")
  theirs=$(html "$work/hugo-out-$pages")
  echo "$pages pages: sentinella wrote $(find "$work/out-$pages" -type f | wc -l) files ($ours HTML)," \
    "hugo $(find "$work/hugo-out-$pages" -type f | wc -l) files ($theirs HTML)" >>"$work/sizes.txt"
  if (( ours * 100 < theirs * 99 || theirs * 100 < ours * 99 )); then
    echo "  WARNING: the HTML page counts differ by more than 1%" >>"$work/sizes.txt"
  fi

  read -r wall cpu mib <<<"$built_wall $built_cpu $built_mib"
  row "$pages" "sentinella build (db imported)" "$ours" "$hugo_wall" "$hugo_cpu" "$hugo_mib"
  read -r wall cpu mib <<<"$new_wall $new_cpu $new_mib"
  row "$pages" "sentinella import + build (new db)" "$ours" "$hugo_wall" "$hugo_cpu" "$hugo_mib"
  read -r wall cpu mib <<<"$hugo_wall $hugo_cpu $hugo_mib"
  row "$pages" "hugo $(hugo version | grep -o 'v[0-9.]*' | head -1)" "$theirs"
  rm -rf "$content" "$work"/*-"$pages"
done

echo
cat "$work/sizes.txt"
echo
printf "%-6s %-34s %6s %8s %8s %8s   %-20s\n" "pages" "tool" "html" "wall s" "cpu s" "max MiB" "hugo / this: wall, cpu, memory"
cat "$work/table.txt"
echo
machine "$load_at_start"
