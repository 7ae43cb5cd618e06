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

# The figures only mean something on an otherwise idle machine: say so when it is not.
LOAD1="$(cut -d ' ' -f 1 /proc/loadavg 2>/dev/null || echo 0)"
if awk -v l1="$LOAD1" -v cores="$(nproc)" 'BEGIN { exit !(l1 + 0 > cores / 2) }'; then
    log "warning: load average $LOAD1 on $(nproc) cores: other work is running, the figures will be disturbed"
fi

# 1. The jar.
JAR="${TOKENKEEPER_JAR:-$ROOT/target/tokenkeeper.jar}"
# a jar older than the sources would measure old code: rebuild it (a given TOKENKEEPER_JAR is used as is)
if [[ -z "${TOKENKEEPER_JAR:-}" && -f "$JAR" && -n "$(find "$ROOT/src/main" "$ROOT/liquibase" "$ROOT/pom.xml" -newer "$JAR" -print -quit)" ]]; then
    log "$JAR is older than the sources: rebuilding it"
    rm -f "$JAR"
fi
if [[ ! -f "$JAR" ]]; then
    [[ -z "${TOKENKEEPER_JAR:-}" ]] || die "TOKENKEEPER_JAR=$TOKENKEEPER_JAR does not exist"
    log "no $JAR: building it (mvn -B -q -DskipTests package)"
    (cd "$ROOT" && mvn -B -q -DskipTests package) || die "the build failed"
    [[ -f "$JAR" ]] || die "the build did not produce $JAR"
fi
JAR="$(cd "$(dirname "$JAR")" && pwd)/$(basename "$JAR")"
log "jar: $JAR"

# 2. PostgreSQL, and a fresh database.
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    log "PostgreSQL is not answering on 127.0.0.1:5432: starting the local cluster"
    command -v pg_ctlcluster >/dev/null || die "pg_ctlcluster not found: start PostgreSQL on 127.0.0.1:5432 yourself"
    PG_MAJOR="$(ls /etc/postgresql | sort -n | tail -1)"
    pg_ctlcluster --skip-systemctl-redirect "$PG_MAJOR" main start
    for _ in $(seq 1 30); do
        pg_isready -q -h 127.0.0.1 -p 5432 && break
        sleep 1
    done
    pg_isready -q -h 127.0.0.1 -p 5432 || die "PostgreSQL did not come up on 127.0.0.1:5432"
fi
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)"
"${PSQL[@]}" -d postgres -c "CREATE DATABASE $DB"
PG_VERSION="$("${PSQL[@]}" -d postgres -tA -c 'SHOW server_version')"
log "database $DB recreated (PostgreSQL $PG_VERSION)"

# 3. The service, always stopped on exit.
if curl -s -o /dev/null --max-time 2 "$BASE_URL/" 2>/dev/null; then
    die "something already listens on port $PORT: stop it or set PORT"
fi
SERVICE_PID=""
stop_service() {
    if [[ -n "$SERVICE_PID" ]] && kill -0 "$SERVICE_PID" 2>/dev/null; then
        log "stopping the service (pid $SERVICE_PID)"
        kill "$SERVICE_PID" 2>/dev/null || true
        for _ in $(seq 1 40); do
            kill -0 "$SERVICE_PID" 2>/dev/null || break
            sleep 0.5
        done
        if kill -0 "$SERVICE_PID" 2>/dev/null; then
            log "the service ignored SIGTERM for 20 s: killing it"
            kill -9 "$SERVICE_PID" 2>/dev/null || true
        fi
        wait "$SERVICE_PID" 2>/dev/null || true
    fi
    SERVICE_PID=""
}
trap stop_service EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

rm -rf "$OUT/data"
mkdir -p "$OUT/data"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
JFR_OPTIONS=()
PROFILE_ARGS=()
if [[ "$PROFILE" == 1 ]]; then
    JFR_OPTIONS=(-XX:FlightRecorderOptions:stackdepth=128
        -XX:StartFlightRecording=name=tokenkeeper-bench,settings=profile,maxage=30m)
    PROFILE_ARGS=(--profile "$OUT/service-$STAMP.jfr")
fi
log "starting the service on port $PORT (log: $OUT/service.log)"
(
    cd "$OUT"
    export TOKENKEEPER_DB_URL="jdbc:postgresql://127.0.0.1:5432/$DB"
    export TOKENKEEPER_DB_USER=postgres
    export TOKENKEEPER_DB_PASSWORD=postgres
    export TOKENKEEPER_DATA_DIR="$OUT/data"
    export TOKENKEEPER_PEPPER=bench-pepper-not-secret-0123456789
    export TOKENKEEPER_ISSUER="$BASE_URL"
    export TOKENKEEPER_BOOTSTRAP_CLIENT_ID=Tk1.bench-platform
    export TOKENKEEPER_BOOTSTRAP_CLIENT_SECRET=tks_bench_platform_secret_0000000001
    export TOKENKEEPER_RATE_LIMIT_PER_SECOND=0
    export LIQUIBASE_ANALYTICS_ENABLED=false
    exec java -Xmx1g ${JFR_OPTIONS[@]+"${JFR_OPTIONS[@]}"} -jar "$JAR" --port "$PORT" --nocluster
) >"$OUT/service.log" 2>&1 </dev/null &
SERVICE_PID=$!

BOOT_START=$SECONDS
until [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$BASE_URL/.well-known/oauth-authorization-server" 2>/dev/null)" == 200 ]]; do
    if ! kill -0 "$SERVICE_PID" 2>/dev/null; then
        SERVICE_PID=""
        tail -n 40 "$OUT/service.log" >&2 || true
        die "the service exited during boot (see $OUT/service.log)"
    fi
    if (( SECONDS - BOOT_START >= 120 )); then
        tail -n 40 "$OUT/service.log" >&2 || true
        die "the service did not answer 200 on /.well-known/oauth-authorization-server within 120 s"
    fi
    sleep 1
done
log "service up in $((SECONDS - BOOT_START)) s (pid $SERVICE_PID)"

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
