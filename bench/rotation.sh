#!/usr/bin/env bash
# Refresh-token rotation benchmark: one command, see bench/README.md.
#
#   bash bench/rotation.sh
#
# Options (environment): DURATION seconds measured per level (30), WARMUP seconds before the first
# level (10), FAMILIES token families (2000), LEVELS concurrency levels ("16 64"), PORT (18080),
# TOKENKEEPER_JAR the runnable jar (default target/tokenkeeper.jar, built if missing or older than the sources), PROFILE=1 to
# record the service with Java Flight Recorder and print where its CPU goes (a separate run: the
# recording costs a little throughput, so figures for docs/benchmarks.md come from runs without it).
#
# Boots the service against a fresh PostgreSQL database tokenkeeper_bench on 127.0.0.1:5432 (trust
# auth, user postgres), runs bench/RotationBench.java against it, and always stops the service.
# Output goes to the terminal and to bench/out/rotation-<timestamp>.txt; the service logs to
# bench/out/service.log. A benchmark, not a test: nothing runs it automatically.
set -euo pipefail

DURATION="${DURATION:-30}"
WARMUP="${WARMUP:-10}"
FAMILIES="${FAMILIES:-2000}"
LEVELS="${LEVELS:-16 64}"
PORT="${PORT:-18080}"
PROFILE="${PROFILE:-0}"

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
OUT="$BENCH_DIR/out"
DB=tokenkeeper_bench
BASE_URL="http://127.0.0.1:$PORT"
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -U postgres)

log() { printf '[rotation.sh] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

for n in "$DURATION" "$WARMUP" "$FAMILIES" "$PORT"; do
    [[ "$n" =~ ^[0-9]+$ ]] || die "DURATION, WARMUP, FAMILIES and PORT must be whole numbers (got '$n')"
done
[[ "$LEVELS" =~ ^[0-9\ ]+$ ]] || die "LEVELS must be numbers separated by spaces (got '$LEVELS')"
command -v java >/dev/null || die "java (17+) is not on the PATH"
command -v curl >/dev/null || die "curl is not on the PATH"
command -v psql >/dev/null || die "psql is not on the PATH"

mkdir -p "$OUT"

# shellcheck source=bench/service.sh
. "$BENCH_DIR/service.sh"
bench_warn_if_busy

# 1. The jar.
bench_jar

# 2. PostgreSQL, and a fresh database.
bench_fresh_database

# 3. The service, always stopped on exit.
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
JFR_OPTIONS=()
PROFILE_ARGS=()
if [[ "$PROFILE" == 1 ]]; then
    JFR_OPTIONS=(-XX:FlightRecorderOptions:stackdepth=128
        -XX:StartFlightRecording=name=tokenkeeper-bench,settings=profile,maxage=30m)
    PROFILE_ARGS=(--profile "$OUT/service-$STAMP.jfr")
fi
log "starting the service on port $PORT (log: $OUT/service.log)"
bench_start_service "$OUT/data" "$OUT/service.log" 1g

# 4. The load driver.
REPORT="$OUT/rotation-$STAMP.txt"
JAVA_VERSION="$(java -version 2>&1 | head -n 2 | paste -sd ' ' -)"
set +e
java -Xmx512m "$BENCH_DIR/RotationBench.java" \
    --base-url "$BASE_URL" \
    --service-pid "$SERVICE_PID" \
    --levels "$LEVELS" \
    --duration "$DURATION" \
    --warmup "$WARMUP" \
    --families "$FAMILIES" \
    --clk-tck "$(getconf CLK_TCK 2>/dev/null || echo 100)" \
    --pg-version "$PG_VERSION" \
    --java-version "$JAVA_VERSION" \
    --platform-client-id Tk1.bench-platform \
    --platform-client-secret tks_bench_platform_secret_0000000001 \
    ${PROFILE_ARGS[@]+"${PROFILE_ARGS[@]}"} \
    2>&1 | tee "$REPORT"
STATUS=${PIPESTATUS[0]}
set -e
log "report: $REPORT"
if (( STATUS != 0 )); then
    log "the driver failed (exit $STATUS); the service's log: $OUT/service.log"
    exit "$STATUS"
fi
