#!/usr/bin/env bash
# Refresh-token rotation benchmark: one command, see bench/README.md.
#
#   bash bench/rotation.sh
#
# Options (environment): DURATION seconds measured per level (30), WARMUP seconds before the first
# level (10), FAMILIES token families (2000), LEVELS concurrency levels ("16 64"), PORT (18080),
# BENCH_DB the database (tokenkeeper_bench, dropped and recreated), TOKENKEEPER_JAR the runnable jar
# (default target/tokenkeeper.jar, built if missing or older than the sources), PROFILE=1 to
# record the service with Java Flight Recorder and print where its CPU goes (a separate run: the
# recording costs a little throughput, so figures for docs/benchmarks.md come from runs without it).
#
# Boots the service against a fresh PostgreSQL database on 127.0.0.1:5432 (trust auth, user
# postgres), compiles bench/*.java and runs the driver bench.RotationBench against it, and always
# stops the service. Output goes to the terminal and to bench/out/rotation-<timestamp>.txt; the
# service logs to bench/out/service.log. A benchmark, not a test: nothing runs it automatically.
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
DB="${BENCH_DB:-tokenkeeper_bench}"
BASE_URL="http://127.0.0.1:$PORT"
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -U postgres)
SERVICE_LOG="$OUT/service.log"

log() { printf '[rotation.sh] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# shellcheck source=bench/service.sh
. "$BENCH_DIR/service.sh"
bench_require_numbers DURATION WARMUP FAMILIES PORT
[[ "$LEVELS" =~ ^[0-9\ ]+$ ]] || die "LEVELS must be numbers separated by spaces (got '$LEVELS')"
[[ "$DB" =~ ^[a-z_][a-z0-9_]*$ ]] || die "BENCH_DB must be a plain database name (got '$DB')"
bench_require_tools java javac curl psql
mkdir -p "$OUT"
bench_warn_if_busy

# 1. The jar and the driver.
bench_jar
bench_compile

# 2. PostgreSQL, and a fresh database.
bench_fresh_database

# 3. The service, always stopped on exit.
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
bench_profile_options "$OUT/service-$STAMP.jfr"
log "starting the service on port $PORT (log: $SERVICE_LOG)"
bench_start_service "$OUT/data" "$SERVICE_LOG" 1g

# 4. The load driver.
bench_run_driver RotationBench 512m "$OUT/rotation-$STAMP.txt" \
    --levels "$LEVELS" \
    --duration "$DURATION" \
    --warmup "$WARMUP" \
    --families "$FAMILIES" \
    ${PROFILE_ARGS[@]+"${PROFILE_ARGS[@]}"}
