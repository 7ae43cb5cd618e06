#!/usr/bin/env bash
# Start to ready, phase by phase, against the platform's own boot, in one sitting:
#
#   bash bench/startup.sh
#
# ROUNDS times (default 3), one after the other: Payara Micro booting a one-servlet WAR (bench/floor's
# constant servlet, the platform's floor) and Tokenkeeper started as the README starts it (embedded H2,
# demo off; the first round is a first start on an empty database, the next ones restarts on the same
# one). For each boot, from the server's own log lines and the launch time:
#
#   launch      JVM start to Payara Micro's first line (its runtime unpacked, the archive mapped)
#   platform    to the start of the deployment ("deployed in N ms" subtracted from its line)
#   deploy      Payara's "deployed in N ms" (scan, descriptors, JPA, CDI, EJB; for ours also MicroProfile)
#   after       "deployed" to Payara's "ready" (start-up beans, the web module: Faces, JAX-RS)
#   answer      "ready" to the first 200 (polled every 0.05 s)
#   total       launch to the first 200 (start to ready), and the JVM's CPU by then
#
# Then the median of each column. Options: ROUNDS (3), PORT (18095), TOKENKEEPER_JAR, STARTUP_OUT
# (bench/out/startup). 127.0.0.1 only; nothing else should run meanwhile (the machine prints its load).
set -euo pipefail

ROUNDS="${ROUNDS:-3}"
PORT="${PORT:-18095}"
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
OUT="${STARTUP_OUT:-$BENCH_DIR/out/startup}"
mkdir -p "$OUT" && OUT=$(cd "$OUT" && pwd) # absolute: H2 refuses a database path relative to the working directory
MICRO="$ROOT/target/payara-micro.jar"

log() { printf '[startup.sh] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# shellcheck source=bench/service.sh
source "$BENCH_DIR/service.sh"
bench_require_numbers ROUNDS PORT
bench_require_tools curl java javac jar awk
bench_jar
[[ -f "$MICRO" ]] || die "$MICRO is missing: run mvn -B -DskipTests package first"
bench_warn_if_busy

rm -rf "$OUT/data" "$OUT"/*.log && mkdir -p "$OUT/data"
bench_floor_war "$OUT" "$BENCH_DIR"/floor/ConstantServlet.java

SERVER_PID=""
stop() { if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; fi; SERVER_PID=""; }
trap stop EXIT

# epoch seconds (with fractions) of the first log line matching PATTERN in LOG, or empty
line_time() {
    local stamp
    stamp=$(sed 's/\x1b\[[0-9;]*m//g' "$1" | grep -m1 -E "$2" | grep -o '^\[[0-9T:.+-]*\]' | tr -d '[]' || true)
    [[ -n "$stamp" ]] && date -d "$stamp" +%s.%N
}

# boot NAME URL COMMAND...: starts COMMAND, polls URL, prints one row of the table.
boot() {
    local name=$1 url=$2 logfile started answered first deployed ready deploy_ms cpu
    logfile="$OUT/$(tr -cs 'A-Za-z0-9' '-' <<< "$name" | sed 's/-$//').log"
    shift 2
    started=$(date +%s.%N)
    "$@" > "$logfile" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 6000); do
        [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" 2>/dev/null)" == 200 ]] && break
        kill -0 "$SERVER_PID" 2>/dev/null || die "$name exited; see $logfile"
        sleep 0.05
    done
    answered=$(date +%s.%N)
    cpu=$(awk -v t="$(getconf CLK_TCK)" '{printf "%.1f", ($14 + $15) / t}' "/proc/$SERVER_PID/stat")
    stop
    first=$(line_time "$logfile" '^\[20')
    deployed=$(line_time "$logfile" 'was successfully deployed in')
    ready=$(line_time "$logfile" 'Payara Micro .* ready in')
    deploy_ms=$(sed 's/\x1b\[[0-9;]*m//g' "$logfile" | grep -m1 -o 'successfully deployed in [0-9,]* milliseconds' | tr -dc '0-9')
    [[ -n "$first" && -n "$deployed" && -n "$ready" && -n "$deploy_ms" ]] || die "$name: a log line is missing; see $logfile"
    awk -v n="$name" -v s="$started" -v f="$first" -v d="$deployed" -v r="$ready" -v a="$answered" -v dm="$deploy_ms" -v c="$cpu" 'BEGIN {
        answer = (a - r < 0) ? 0 : a - r # the first 200 can come within the millisecond of the ready line
        printf "| %s | %.1f | %.1f | %.1f | %.1f | %.1f | **%.1f** | %s |\n", n, f - s, (d - dm / 1000) - f, dm / 1000, r - d, answer, a - s, c }' \
        | tee -a "$OUT/rows.md"
}

echo "# Start to ready, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr), $(java -version 2>&1 | head -1), load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "jar: $JAR ($(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo '?')), started as: java ${JAR_ARGS[*]} --nocluster"
echo
echo "| boot | launch s | platform s | deploy s | after s | answer s | start to ready s | CPU s |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
: > "$OUT/rows.md"
for round in $(seq 1 "$ROUNDS"); do
    boot "platform alone (one servlet), round $round" "http://127.0.0.1:$PORT/servlet" \
        java -Xmx1g -jar "$MICRO" --deploy "$OUT/floor.war" --contextroot / --port "$PORT" --nocluster
    what=$([[ $round == 1 ]] && echo "first start" || echo "restart")
    boot "Tokenkeeper, $what, round $round" "http://127.0.0.1:$PORT/.well-known/oauth-authorization-server" \
        env -C "$JAR_CWD" TOKENKEEPER_DATA_DIR="$OUT/data" TOKENKEEPER_DEMO_ENABLED=false \
        TOKENKEEPER_PEPPER=startup-pepper-not-secret-0123456789 LIQUIBASE_ANALYTICS_ENABLED=false \
        java -Xmx1g "${JAR_ARGS[@]}" --port "$PORT" --nocluster
done
# medians per column, the platform's rows and ours apart (restarts only for ours when there are any)
median_rows() {
    awk -F'|' -v label="$1" '{
        for (i = 3; i <= 9; i++) { v = $i; gsub(/[* ]/, "", v); col[i, NR] = v }
        n = NR
    } END {
        if (n == 0) exit
        printf "| **median, %s** (%d) |", label, n
        for (i = 3; i <= 9; i++) {
            m = 0; for (r = 1; r <= n; r++) a[r] = col[i, r] + 0
            for (x = 1; x <= n; x++) for (y = x + 1; y <= n; y++) if (a[y] < a[x]) { t = a[x]; a[x] = a[y]; a[y] = t }
            m = (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
            printf " %.1f |", m
        }
        printf "\n"
    }'
}
grep 'platform alone' "$OUT/rows.md" | median_rows "platform alone"
if [[ "$ROUNDS" -gt 1 ]]; then
    grep 'Tokenkeeper, restart' "$OUT/rows.md" | median_rows "Tokenkeeper restarts"
fi
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg); logs in $OUT"
