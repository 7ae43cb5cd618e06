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
# CLIENT the viewers' WebSocket client: light (default; bench/LightWebSocket.java, one selector
# thread, a few microseconds per socket, so the cores stay with the service) or jdk (java.net.http,
# ~1.3 ms of CPU per socket opened), HISTOGRAM=0 to skip the heap class histograms, SPLIT_HELLO=1 to open every socket first and say the
# hellos after (the handshake's CPU and the hello's, each on its own; the service then allows 600 s
# for a hello), BENCH_DB the database (tokenkeeper_fanout, dropped
# and recreated), TOKENKEEPER_JAR the runnable jar (default target/tokenkeeper.jar, built if missing
# or older than the sources), PROFILE=1 to record the service with Java Flight Recorder (PROFILE_PERIOD
# its Java sampling period, 10ms by default) and print
# where its Java CPU goes during each round.
#
# Boots the service against a fresh PostgreSQL database on 127.0.0.1:5432 (trust auth, user
# postgres), compiles bench/*.java and runs the driver bench.FanoutBench against it, and always
# stops the service. Each level waits for the tenant's next timed round (every minute), so a run
# takes a few minutes. Output goes to the terminal and to bench/out/fanout-<timestamp>.txt; the
# service logs to bench/out/fanout-service.log. A benchmark, not a test: nothing runs it automatically.
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
SPLIT_HELLO="${SPLIT_HELLO:-0}"
CLIENT="${CLIENT:-light}"
SERVICE_ENV=()
[[ -z "${SPREAD_MILLIS:-}" ]] || SERVICE_ENV+=("TOKENKEEPER_VIEWER_TIMED_SPREAD_MILLIS=$SPREAD_MILLIS")
[[ "$SPLIT_HELLO" != 1 ]] || SERVICE_ENV+=("TOKENKEEPER_VIEWER_HELLO_SECONDS=600")
PROFILE="${PROFILE:-0}"
NODES="${NODES:-1}"

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
OUT="$BENCH_DIR/out"
DB="${BENCH_DB:-tokenkeeper_fanout}"
BASE_URL="http://127.0.0.1:$PORT"
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -U postgres)
SERVICE_LOG="$OUT/fanout-service.log"

log() { printf '[fanout.sh] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# shellcheck source=bench/service.sh
. "$BENCH_DIR/service.sh"
bench_require_numbers USERS WARMUP CONNECT_BATCH TIMED_WAIT PORT NODES
(( NODES >= 1 && NODES <= 9 )) || die "NODES is the cluster size, 1 to 9 (got $NODES)"
[[ -z "$SPREAD_MILLIS" ]] || bench_require_numbers SPREAD_MILLIS
[[ "$LEVELS" =~ ^[0-9\ ]+$ ]] || die "LEVELS must be numbers separated by spaces (got '$LEVELS')"
[[ "$HEAP" =~ ^[0-9]+[kKmMgG]?$ ]] || die "HEAP is a -Xmx size such as 1g (got '$HEAP')"
[[ "$DB" =~ ^[a-z_][a-z0-9_]*$ ]] || die "BENCH_DB must be a plain database name (got '$DB')"
bench_require_tools java javac curl psql
mkdir -p "$OUT"

# Every viewer is two sockets on this machine (the driver's and the service's): raise the limit on
# open files as far as we may. Driver and service inherit it.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
log "open files (ulimit -n): $(ulimit -n); ephemeral ports: $(tr '\t' '-' </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo unknown)"
bench_warn_if_busy

# 1. The jar and the driver.
bench_jar
bench_compile

# 2. PostgreSQL, and a fresh database.
bench_fresh_database

# 3. The service, always stopped on exit.
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
bench_profile_options "$OUT/fanout-service-$STAMP.jfr"
SERVICE_NOTES="-Xmx$HEAP, timed-spread-millis ${SPREAD_MILLIS:-default}"
[[ "$SPLIT_HELLO" != 1 ]] || SERVICE_NOTES+=", hello-seconds 600 (split hellos)"
NODE_ARGS=()
if (( NODES == 1 )); then
    log "starting the service on port $PORT ($SERVICE_NOTES; log: $SERVICE_LOG)"
    bench_start_service "$OUT/fanout-data" "$SERVICE_LOG" "$HEAP" ${SERVICE_ENV[@]+"${SERVICE_ENV[@]}"}
else
    # Viewer i connects to node i mod NODES; the round's moment is read from node 1's log (every
    # node's timer fires at the same multiple of the period); heap histograms are per JVM, so off.
    SERVICE_NOTES="$NODES nodes of one cluster, each $SERVICE_NOTES"
    log "starting $NODES nodes from port $PORT ($SERVICE_NOTES; logs: $OUT/fanout-node-<i>.log)"
    bench_start_cluster "$NODES" "$OUT/fanout-data" "$OUT/fanout-node" "$HEAP" ${SERVICE_ENV[@]+"${SERVICE_ENV[@]}"}
    SERVICE_LOG="$OUT/fanout-node-1.log"
    HISTOGRAM=0
    NODE_ARGS=(--node-urls "$NODE_URLS" --node-pids "$OTHER_NODE_PIDS")
fi

# 4. The driver: the viewers' sockets on one client (CLIENT); its heap holds the client side of
# every viewer.
HISTOGRAM_ARG=true
[[ "$HISTOGRAM" == 1 ]] || HISTOGRAM_ARG=false
bench_run_driver FanoutBench 2g "$OUT/fanout-$STAMP.txt" \
    --service-log "$SERVICE_LOG" \
    --levels "$LEVELS" \
    --users "$USERS" \
    --warmup "$WARMUP" \
    --connect-batch "$CONNECT_BATCH" \
    --timed-wait "$TIMED_WAIT" \
    --histogram "$HISTOGRAM_ARG" \
    --split-hello "$([[ "$SPLIT_HELLO" == 1 ]] && echo true || echo false)" \
    --client "$CLIENT" \
    --service-notes "$SERVICE_NOTES" \
    ${NODE_ARGS[@]+"${NODE_ARGS[@]}"} \
    ${PROFILE_ARGS[@]+"${PROFILE_ARGS[@]}"}
