#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Serving side by side: `sentinella serve` and Debian's nginx serving the static export of the same
# content (`sentinella build`), under the same wrk load as bench/load.sh (2 threads, 256
# connections, the same paths), one after the other. Prints requests/s, median and 99th percentile
# latency, non-2xx answers and socket errors of each, and Sentinella's figure divided by nginx's.
#
#   bench/compare_serve.sh build/sentinella [seconds]     (default 30 s per server)
#   CONTENT=other/content bench/compare_serve.sh ...      (default: the repo's content/)
#
# Both servers run on this machine, as the current user, on 127.0.0.1 and free ports; wrk shares the
# same cores. Both are stopped and the temporary folder removed on exit.
set -euo pipefail

usage() {
  echo "usage: $0 path/to/sentinella [seconds]   (default: 30)" >&2
  exit 2
}
[[ $# -ge 1 && $1 != -h && $1 != --help ]] || usage
[[ -f $1 && -x $1 ]] || { echo "error: $1 is not an executable" >&2; exit 1; }
bin=$(realpath "$1")
seconds=${2:-30}
[[ $seconds =~ ^[1-9][0-9]*$ ]] || usage
here=$(cd "$(dirname "$0")" && pwd)
content=${CONTENT:-$here/../content}
theme=$here/../themes/default

work=$(mktemp -d "${TMPDIR:-/tmp}/sentinella-serve-XXXXXX")
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
source "$here/lib.sh"
nginx=$(command -v nginx || echo /usr/sbin/nginx)
need wrk curl python3 "$nginx"

# The paths wrk cycles through (bench/paths.lua, as for load.sh), read from its table to check them.
mapfile -t paths < <(sed -n '/^local paths = {/,/}/p' "$here/paths.lua" | grep -o '"/[^"]*"' | tr -d '"')
[[ ${#paths[@]} -gt 0 ]] || { echo "error: could not read the paths from $here/paths.lua" >&2; exit 1; }

load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)
echo "importing $content and exporting it..." >&2
"$bin" import --content "$content" --db "$work/s.db" >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
"$bin" build --content "$content" --db "$work/s.db" --theme "$theme" --out "$work/site" >"$work/build.log" 2>&1 ||
  { cat "$work/build.log" >&2; exit 1; }

"$bin" serve --content "$content" --db "$work/s.db" --theme "$theme" --port 0 >"$work/serve.log" 2>&1 &
pids+=($!)
sentinella_pid=$!
for _ in $(seq 100); do grep -q "listening on" "$work/serve.log" && break; sleep 0.1; done
sentinella_port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$work/serve.log")
[[ -n $sentinella_port ]] || { echo "error: sentinella serve did not start:" >&2; cat "$work/serve.log" >&2; exit 1; }

# nginx as docs/static-export.md configures it (/a/b is a/b/index.html, .ics as text/calendar, the
# same security headers), with its pid, logs and temporary files under $work. It logs every request
# to a file, as Sentinella logs every request (to stderr, here a file).
nginx_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir "$work/nginx"
cat >"$work/nginx/nginx.conf" <<EOF
$([[ $(id -u) -eq 0 ]] && echo "user root;   # the workers run as the current user, who can read $work")
worker_processes auto;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    access_log $work/nginx/access.log;
    client_body_temp_path $work/nginx/body;
    proxy_temp_path $work/nginx/proxy;
    fastcgi_temp_path $work/nginx/fastcgi;
    uwsgi_temp_path $work/nginx/uwsgi;
    scgi_temp_path $work/nginx/scgi;
    server {
        listen 127.0.0.1:$nginx_port;
        root $work/site;
        location / {
            try_files \$uri \$uri/index.html =404;
        }
        location ~ \.ics\$ {
            default_type "text/calendar; charset=utf-8";
        }
        location ~ /\. {
            return 404;
        }
        error_page 404 /404.html;
        add_header Content-Security-Policy "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'" always;
        add_header X-Content-Type-Options nosniff always;
        add_header Referrer-Policy no-referrer always;
        add_header X-Frame-Options DENY always;
    }
}
EOF
"$nginx" -p "$work/nginx" -e "$work/nginx/error.log" -c "$work/nginx/nginx.conf" &
pids+=($!)
nginx_pid=$!
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$nginx_port/" && break; sleep 0.1; done
curl -s -o /dev/null "http://127.0.0.1:$nginx_port/" ||
  { echo "error: nginx did not start:" >&2; cat "$work/nginx/error.log" >&2; exit 1; }

# Every path answers 200 on both, with bodies of about the same size (the live pages have a few
# more links and notes than the exported ones).
printf "\n%-32s %18s %18s\n" "path" "sentinella bytes" "nginx bytes"
failed=0
for path in "${paths[@]}"; do
  read -r s_code s_bytes < <(curl -s -o /dev/null -w '%{http_code} %{size_download}\n' "http://127.0.0.1:$sentinella_port$path")
  read -r n_code n_bytes < <(curl -s -o /dev/null -w '%{http_code} %{size_download}\n' "http://127.0.0.1:$nginx_port$path")
  note=""
  [[ $s_code == 200 && $n_code == 200 ]] || note="  FAIL: status $s_code / $n_code"
  (( s_bytes * 4 >= n_bytes * 3 && n_bytes * 4 >= s_bytes * 3 )) || note="$note  FAIL: sizes differ by more than a third"
  printf "%-32s %18s %18s%s\n" "$path" "$s_bytes" "$n_bytes" "$note"
  [[ -z $note ]] || failed=1
done
if [[ $failed -ne 0 ]]; then
  echo "error: the two servers do not serve the same pages; nothing measured" >&2
  exit 1
fi

# run NAME PORT: a warm-up, then the measured run; adds a row to the table.
run() {
  echo "wrk against $1 for ${seconds}s..." >&2
  wrk -t2 -c256 -d5s --timeout 5s -s "$here/paths.lua" "http://127.0.0.1:$2/" >/dev/null
  wrk -t2 -c256 -d"${seconds}s" --timeout 5s --latency -s "$here/paths.lua" "http://127.0.0.1:$2/" >"$work/wrk-$1.txt"
  awk -v name="$1" '
    function ms(t) {   # wrk prints 812.00us, 1.23ms, 1.05s or 2.00m
      if (t ~ /us$/) return t / 1000
      if (t ~ /ms$/) return t + 0
      if (t ~ /m$/) return t * 60000
      return t * 1000
    }
    /^ +50%/ { p50 = ms($2) }
    /^ +99%/ { p99 = ms($2) }
    /Socket errors/ { gsub(/,/, ""); errors = $4 + $6 + $8 + $10 }
    /Non-2xx/ { non2xx = $NF }
    /Requests\/sec/ { rps = $2 }
    END { printf "%-18s %12.0f %10.2f %10.2f %8d %8d\n", name, rps, p50, p99, non2xx, errors }' \
    "$work/wrk-$1.txt" >>"$work/table.txt"
  sed -n "s/^ *Socket errors/$1: socket errors/p" "$work/wrk-$1.txt" >>"$work/notes.txt"
}
# rss PID: kB of resident memory of the process and its children.
rss() { ps -o rss= --pid "$1" --ppid "$1" | awk '{ s += $1 } END { print s }'; }

: >"$work/table.txt"
: >"$work/notes.txt"
run sentinella "$sentinella_port"
run nginx "$nginx_port"

echo
printf "%-18s %12s %10s %10s %8s %8s\n" "server" "requests/s" "p50 ms" "p99 ms" "non-2xx" "errors"
cat "$work/table.txt"
awk '{ rps[NR] = $2; p50[NR] = $3; p99[NR] = $4 }
  END { printf "%-18s %12.2f %10.2f %10.2f\n", "sentinella / nginx", rps[1] / rps[2], p50[1] / p50[2], p99[1] / p99[2] }' \
  "$work/table.txt"
cat "$work/notes.txt"
echo
echo "memory after the runs: sentinella $(rss "$sentinella_pid") kB, nginx (master and workers) $(rss "$nginx_pid") kB"
echo "wrk -t2 -c256 -d${seconds}s --timeout 5s over ${#paths[@]} paths (bench/paths.lua), after a 5 s warm-up each;" \
  "$(nproc) cores shared by the server and wrk"
machine "$load_at_start"
