# shellcheck shell=bash
# Functions shared by the benchmark scripts: `source "$here/lib.sh"` after setting `work` to the
# script's temporary folder.

# sentinella_and_sizes "$@": the arguments of run.sh and compare_build.sh, `path/to/sentinella
# [PAGES...]`: sets `bin` (an absolute path) and `sizes` (default: 1000 10000), or stops with usage.
sentinella_and_sizes() {
  if [[ $# -lt 1 || $1 == -h || $1 == --help ]]; then
    echo "usage: $0 path/to/sentinella [PAGES...]   (default: 1000 10000)" >&2
    exit 2
  fi
  [[ -f $1 && -x $1 ]] || { echo "error: $1 is not an executable" >&2; exit 1; }
  # shellcheck disable=SC2034  # the caller's variables
  bin=$(realpath "$1")
  shift
  # shellcheck disable=SC2034
  sizes=${*:-1000 10000}
}

# need TOOL...: stops with a hint if a tool is missing (a name is looked up in PATH, a path must
# be an executable: /usr/bin/time, not the shell's `time`; /usr/sbin is not in every user's PATH).
need() {
  local tool
  for tool in "$@"; do
    if [[ $tool == /* ]]; then [[ -x $tool ]] && continue; else command -v "$tool" >/dev/null && continue; fi
    echo "error: $tool is missing: run scripts/install-deps bench (as root or with sudo)" >&2
    exit 1
  done
}

# measure COMMAND...: runs the command under /usr/bin/time -v with its output in $work/out.txt and
# $work/err.txt, stops the script if it fails, and sets `wall` (seconds), `cpu` (user + system
# seconds: less disturbed by other load on the machine; above the wall time when several cores
# work) and `mib` (peak resident memory).
# shellcheck disable=SC2154  # work: the caller's temporary folder
measure() {
  if ! /usr/bin/time -v -o "$work/time.txt" "$@" >"$work/out.txt" 2>"$work/err.txt"; then
    echo "error: $* failed:" >&2
    cat "$work/err.txt" "$work/out.txt" >&2
    exit 1
  fi
  # shellcheck disable=SC2034  # the caller's variables
  read -r wall cpu mib < <(awk '
    /Elapsed \(wall clock\) time/ {
      n = split($NF, p, ":"); s = 0
      for (i = 1; i <= n; i++) s = s * 60 + p[i]
    }
    /User time \(seconds\)/ || /System time \(seconds\)/ { cpu += $NF }
    /Maximum resident set size/ { kb = $NF }
    END { printf "%.2f %.2f %.0f\n", s, cpu, kb / 1024 }' "$work/time.txt")
}

# machine LOAD_AT_START: the line that says where and when the figures were measured.
machine() {
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM;" \
    "load average at the start $1, at the end $(cut -d' ' -f1-3 /proc/loadavg); $(date +%Y-%m-%d)"
}

# serve_and_sign_in DB USERNAME PASSWORD [SERVE_ARGS...]: starts `$bin serve` on the database and a
# free port (its pid in `pid`, for the caller's trap to stop), waits until it listens and signs in:
# sets `base` and `token` (the session cookie's value), or stops the script.
# shellcheck disable=SC2034  # pid, base, token: the caller's variables
serve_and_sign_in() {
  "$bin" serve --db "$1" --port 0 "${@:4}" 2>"$work/log" &
  pid=$!
  for _ in $(seq 100); do grep -q "listening on" "$work/log" && break; sleep 0.1; done
  local port
  port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$work/log")
  [ -n "$port" ] || { cat "$work/log"; exit 1; }
  base="http://127.0.0.1:$port"
  token=$(curl -s -D - -o /dev/null --data-urlencode "username=$2" --data-urlencode "password=$3" \
            "$base/accedi" | sed -n 's/^Set-Cookie: sentinella_session=\([^;]*\);.*/\1/p' | tr -d '\r')
  [ -n "$token" ] || { echo "error: could not sign in" >&2; exit 1; }
}
