#!/usr/bin/env bash
# Viewer fan-out benchmark: one command, see bench/README.md.
#
#   bash bench/fanout.sh
#
# Options (environment): LEVELS viewers per level ("2000 5000 10000"), WARMUP viewers of an
# unmeasured first level (1000; 0 = none), USERS signed-in users the viewers share (200),
# CONNECT_BATCH connects in flight at a time (500), TIMED_WAIT seconds a viewer may take to get its
# timed token before it counts as an error (30), PORT (18095), HEAP the service's -Xmx (1g),
# SPREAD_MILLIS sets tokenkeeper.viewer.timed-spread-millis (unset: the service's default),
# HISTOGRAM=0 to skip the heap class histograms, TOKENKEEPER_JAR the runnable jar (default
# target/tokenkeeper.jar, built if missing or older than the sources), PROFILE=1 to record the service with Java Flight
# Recorder and print where its Java CPU goes during each round.
#
# Boots the service against a fresh PostgreSQL database tokenkeeper_fanout on 127.0.0.1:5432 (trust
# auth, user postgres), runs bench/FanoutBench.java against it, and always stops the service.
# Each level waits for the tenant's next timed round (every minute), so a run takes a few minutes.
# Output goes to the terminal and to bench/out/fanout-<timestamp>.txt; the service logs to
# bench/out/fanout-service.log. A benchmark, not a test: nothing runs it automatically.
set -euo pipefail

LEVELS="${LEVELS:-2000 5000 10000}"
USERS="${USERS:-200}"
WARMUP="${WARMUP:-1000}"
CONNECT_BATCH="${CONNECT_BATCH:-500}"
TIMED_WAIT="${TIMED_WAIT:-30}"
PORT="${PORT:-18095}"
HEAP="${HEAP:-1g}"
SPREAD_MILLIS="${SPREAD_MILLIS:-}"
HISTOGRAM="${HISTOGRAM:-1}"
PROFILE="${PROFILE:-0}"

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
OUT="$BENCH_DIR/out"
DB=tokenkeeper_fanout
BASE_URL="http://127.0.0.1:$PORT"
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -U postgres)
SERVICE_LOG="$OUT/fanout-service.log"

log() { printf '[fanout.sh] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

for n in "$USERS" "$WARMUP" "$CONNECT_BATCH" "$TIMED_WAIT" "$PORT" ${SPREAD_MILLIS:+"$SPREAD_MILLIS"}; do
    [[ "$n" =~ ^[0-9]+$ ]] || die "USERS, WARMUP, CONNECT_BATCH, TIMED_WAIT, PORT and SPREAD_MILLIS must be whole numbers (got '$n')"
done
[[ "$LEVELS" =~ ^[0-9\ ]+$ ]] || die "LEVELS must be numbers separated by spaces (got '$LEVELS')"
[[ "$HEAP" =~ ^[0-9]+[kKmMgG]?$ ]] || die "HEAP is a -Xmx size such as 1g (got '$HEAP')"
command -v java >/dev/null || die "java (17+) is not on the PATH"
command -v curl >/dev/null || die "curl is not on the PATH"
command -v psql >/dev/null || die "psql is not on the PATH"

mkdir -p "$OUT"

# Every viewer is two sockets on this machine (the driver's and the service's): raise the limit on
# open files as far as we may. Driver and service inherit it.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
log "open files (ulimit -n): $(ulimit -n); ephemeral ports: $(tr '\t' '-' </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo unknown)"

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

DATA_DIR="$OUT/fanout-data"
rm -rf "$DATA_DIR"
mkdir -p "$DATA_DIR"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
JFR_OPTIONS=()
PROFILE_ARGS=()
if [[ "$PROFILE" == 1 ]]; then
    JFR_OPTIONS=(-XX:FlightRecorderOptions:stackdepth=128
        -XX:StartFlightRecording=name=tokenkeeper-bench,settings=profile,maxage=30m)
    PROFILE_ARGS=(--profile "$OUT/fanout-service-$STAMP.jfr")
fi
SERVICE_NOTES="-Xmx$HEAP, timed-spread-millis ${SPREAD_MILLIS:-default}"
log "starting the service on port $PORT ($SERVICE_NOTES; log: $SERVICE_LOG)"
(
    cd "$OUT"
    export TOKENKEEPER_DB_URL="jdbc:postgresql://127.0.0.1:5432/$DB"
    export TOKENKEEPER_DB_USER=postgres
    export TOKENKEEPER_DB_PASSWORD=postgres
    export TOKENKEEPER_DATA_DIR="$DATA_DIR"
    export TOKENKEEPER_PEPPER=bench-pepper-not-secret-0123456789
    export TOKENKEEPER_ISSUER="$BASE_URL"
    export TOKENKEEPER_BOOTSTRAP_CLIENT_ID=Tk1.bench-platform
    export TOKENKEEPER_BOOTSTRAP_CLIENT_SECRET=tks_bench_platform_secret_0000000001
    export TOKENKEEPER_RATE_LIMIT_PER_SECOND=0
    export LIQUIBASE_ANALYTICS_ENABLED=false
    if [[ -n "$SPREAD_MILLIS" ]]; then
        export TOKENKEEPER_VIEWER_TIMED_SPREAD_MILLIS="$SPREAD_MILLIS"
    fi
    exec java "-Xmx$HEAP" ${JFR_OPTIONS[@]+"${JFR_OPTIONS[@]}"} -jar "$JAR" --port "$PORT" --nocluster
) >"$SERVICE_LOG" 2>&1 </dev/null &
SERVICE_PID=$!

BOOT_START=$SECONDS
until [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$BASE_URL/.well-known/oauth-authorization-server" 2>/dev/null)" == 200 ]]; do
    if ! kill -0 "$SERVICE_PID" 2>/dev/null; then
        SERVICE_PID=""
        tail -n 40 "$SERVICE_LOG" >&2 || true
        die "the service exited during boot (see $SERVICE_LOG)"
    fi
    if (( SECONDS - BOOT_START >= 120 )); then
        tail -n 40 "$SERVICE_LOG" >&2 || true
        die "the service did not answer 200 on /.well-known/oauth-authorization-server within 120 s"
    fi
    sleep 1
done
log "service up in $((SECONDS - BOOT_START)) s (pid $SERVICE_PID)"

# 4. The driver: one HttpClient for every socket, a 2-thread executor; its heap holds the client
# side of every viewer.
REPORT="$OUT/fanout-$STAMP.txt"
JAVA_VERSION="$(java -version 2>&1 | head -n 2 | paste -sd ' ' -)"
HISTOGRAM_ARG=true
[[ "$HISTOGRAM" == 1 ]] || HISTOGRAM_ARG=false
set +e
java -Xmx2g "$BENCH_DIR/FanoutBench.java" \
    --base-url "$BASE_URL" \
    --service-pid "$SERVICE_PID" \
    --service-log "$SERVICE_LOG" \
    --levels "$LEVELS" \
    --users "$USERS" \
    --warmup "$WARMUP" \
    --connect-batch "$CONNECT_BATCH" \
    --timed-wait "$TIMED_WAIT" \
    --histogram "$HISTOGRAM_ARG" \
    --clk-tck "$(getconf CLK_TCK 2>/dev/null || echo 100)" \
    --pg-version "$PG_VERSION" \
    --java-version "$JAVA_VERSION" \
    --service-notes "$SERVICE_NOTES" \
    --platform-client-id Tk1.bench-platform \
    --platform-client-secret tks_bench_platform_secret_0000000001 \
    ${PROFILE_ARGS[@]+"${PROFILE_ARGS[@]}"} \
    2>&1 | tee "$REPORT"
STATUS=${PIPESTATUS[0]}
set -e
log "report: $REPORT"
if (( STATUS != 0 )); then
    log "the driver failed (exit $STATUS); the service's log: $SERVICE_LOG"
    exit "$STATUS"
fi
