#!/usr/bin/env bash
# The request floor of the platform and what Tokenkeeper's cheap routes cost, in one sitting:
#
#   bash bench/floor.sh
#
# 1. a throw-away WAR (bench/floor/*.java: a constant JSON GET from a plain servlet and from an
#    application-scoped JAX-RS resource, and a POST refused by a plain servlet with 400 and with 401)
#    on the same Payara Micro that Tokenkeeper ships on;
# 2. Tokenkeeper (target/tokenkeeper.jar, embedded H2, demo off): the metadata GET (a constant
#    answer), and refusals of the token endpoint that must cost no database or signing work:
#    a malformed request (400), an unknown client (401, rate limit off) and a flood of made-up client
#    ids (a new one per request, 401);
# 3. Tokenkeeper again with a per-client limit of 1 request/s: the 429.
# 4. the WebSocket handshake alone on both (bench/HandshakeFloor.java: HANDSHAKES sockets opened, 500
#    at a time, after an unmeasured round of the same size; server CPU per opened socket).
# Each route: wrk -t2 -c16, WARMUP s unmeasured then DURATION s measured; CPU per request of the
# server JVM from /proc; each server's start to ready (launch to its first 200, polled every 0.1 s),
# Tokenkeeper's as a first start (empty database) and as a restart (the same database).
# Options: DURATION (15), WARMUP (10), HANDSHAKES (5000; 0 skips them), PORT (18090), TOKENKEEPER_JAR (target/tokenkeeper.jar), BARE (1;
# 0 skips the bare WAR, e.g. for a second jar in the same sitting), FLOOR_OUT (bench/out/floor). 127.0.0.1 only.
set -euo pipefail

DURATION="${DURATION:-15}"
WARMUP="${WARMUP:-10}"
PORT="${PORT:-18090}"
BARE="${BARE:-1}"
HANDSHAKES="${HANDSHAKES:-5000}"
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
OUT="${FLOOR_OUT:-$BENCH_DIR/out/floor}"
mkdir -p "$OUT" && OUT=$(cd "$OUT" && pwd) # absolute: H2 refuses a database path relative to the working directory
JAR="${TOKENKEEPER_JAR:-$ROOT/target/tokenkeeper.jar}"
MICRO="$ROOT/target/payara-micro.jar"

log() { printf '[floor.sh] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }
# shellcheck source=bench/service.sh
source "$BENCH_DIR/service.sh"
for n in "$DURATION" "$WARMUP" "$PORT" "$HANDSHAKES"; do [[ "$n" =~ ^[0-9]+$ ]] || die "DURATION, WARMUP and PORT must be whole numbers"; done
command -v wrk >/dev/null || die "wrk is not on the PATH (apt-get install -y wrk)"
if [[ ! -f "$JAR" || ! -f "$MICRO" ]]; then
    log "building target/tokenkeeper.jar (mvn -B -q -DskipTests package)"
    (cd "$ROOT" && mvn -B -q -DskipTests package) || die "the build failed"
fi
rm -rf "$OUT" && mkdir -p "$OUT"

SERVER_PID=""
stop() { if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; fi; SERVER_PID=""; }
trap stop EXIT

# await URL: polls every 0.1 s; READY_SECONDS = from the server's start to its first 200 (start to ready).
await() {
    local url=$1 i
    for i in $(seq 1 3000); do
        if [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" 2>/dev/null)" =~ ^(200|204)$ ]]; then
            READY_SECONDS=$(echo "$(date +%s.%N) - $STARTED" | bc | xargs printf '%.1f')
            return 0
        fi
        kill -0 "$SERVER_PID" 2>/dev/null || die "the server exited; see $OUT/*.log"
        sleep 0.1
    done
    die "the server did not answer $url within 300 s"
}

# measure NAME METHOD PATH [BODY]: one line of the table.
measure() {
    local name=$1 method=$2 path=$3 body=${4:-} script="$OUT/request.lua"
    printf 'wrk.method = "%s"\nwrk.body = "%s"\nwrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\nwrk.headers["Accept"] = "application/json"\n' \
        "$method" "$body" > "$script"
    if [[ "$body" == *"{n}"* ]]; then
        # "{n}" becomes a new value per request: a counter and the Lua state's address (one per wrk thread)
        printf 'local n = 0\nlocal me = tostring({}):sub(8)\nrequest = function()\n  n = n + 1\n  return wrk.format(nil, nil, nil, (string.gsub(wrk.body, "{n}", me .. "x" .. n)))\nend\n' >> "$script"
    fi
    wrk -t2 -c16 -d"${WARMUP}s" -s "$script" "http://127.0.0.1:$PORT$path" > /dev/null
    local t0 t1 out n rps status
    t0=$(awk '{print $14 + $15}' "/proc/$SERVER_PID/stat")
    out=$(wrk -t2 -c16 -d"${DURATION}s" --latency -s "$script" "http://127.0.0.1:$PORT$path")
    t1=$(awk '{print $14 + $15}' "/proc/$SERVER_PID/stat")
    n=$(awk '/requests in/ {print $1}' <<< "$out")
    rps=$(awk '/Requests\/sec/ {printf "%.0f", $2}' <<< "$out")
    status=$(curl -s -o /dev/null -w '%{http_code}' -X "$method" -H 'Content-Type: application/x-www-form-urlencoded' \
        -H 'Accept: application/json' ${body:+--data "$body"} "http://127.0.0.1:$PORT$path")
    printf '| %s | %s | %s | %s | %s | %.3f |\n' "$name" "$status" "$rps" "$(awk '/ 50%/ {print $2}' <<< "$out")" \
        "$(awk '/ 99%/ {print $2}' <<< "$out")" "$(echo "($t1 - $t0) * 1000 / $(getconf CLK_TCK) / $n" | bc -l)"
}

# measure_handshakes NAME PATH: one line for the WebSocket handshake alone (a warm-up round first).
measure_handshakes() {
    [[ "$HANDSHAKES" -gt 0 ]] || return 0
    local url="ws://127.0.0.1:$PORT$2"
    java "$BENCH_DIR/HandshakeFloor.java" warm-up "$url" "$SERVER_PID" "$HANDSHAKES" 500 > /dev/null
    sleep 2
    java "$BENCH_DIR/HandshakeFloor.java" "$1" "$url" "$SERVER_PID" "$HANDSHAKES" 500
}

echo "# Request floor, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr), $(java -version 2>&1 | head -1), load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "wrk -t2 -c16, ${WARMUP} s warm-up + ${DURATION} s per route; CPU = server JVM user+system per request"
echo
echo "| route | status | requests/s | p50 | p99 | server CPU ms/request |"
echo "|---|---:|---:|---:|---:|---:|"

if [[ "$BARE" == 1 ]]; then
    log "compiling the floor WAR"
    bench_floor_war "$OUT" "$BENCH_DIR"/floor/*.java
    STARTED=$(date +%s.%N)
    java -Xmx1g -jar "$MICRO" --deploy "$OUT/floor.war" --contextroot / --port "$PORT" --nocluster > "$OUT/floor.log" 2>&1 &
    SERVER_PID=$!
    await "http://127.0.0.1:$PORT/servlet"
    echo "| (bare WAR start to ready: $READY_SECONDS s) |||||"
    measure "bare WAR: constant GET, plain servlet" GET /servlet
    measure "bare WAR: constant GET, JAX-RS resource" GET /rest/jaxrs
    measure "bare WAR: POST refused by a plain servlet, 400 (the platform closes the connection)" POST /refuse/400 "client_id=x&client_secret=y"
    measure "bare WAR: POST refused by a plain servlet, 401" POST /refuse/401 "client_id=x&client_secret=y"
    measure_handshakes "bare WAR: WebSocket handshake (echo endpoint), CPU ms per socket" /ws/bare
    stop
fi

# start_tokenkeeper NAME WHAT [NAME=VALUE ...]: boots the jar on one data directory (H2) for both
# starts, so the first is a first start (an empty database: Liquibase builds the schema) and the
# second a restart (the schema as the changelog wants it); started as the README starts it.
start_tokenkeeper() {
    local name=$1 what=$2 data="$OUT/data"; shift 2
    mkdir -p "$data"
    STARTED=$(date +%s.%N)
    (
        cd "$JAR_CWD"
        exec env TOKENKEEPER_DATA_DIR="$data" TOKENKEEPER_DEMO_ENABLED=false TOKENKEEPER_PEPPER=floor-pepper-not-secret-0123456789 \
            TOKENKEEPER_ISSUER="http://127.0.0.1:$PORT" LIQUIBASE_ANALYTICS_ENABLED=false "$@" \
            java -Xmx1g "${JAR_ARGS[@]}" --port "$PORT" --nocluster
    ) > "$OUT/tokenkeeper-$name.log" 2>&1 &
    SERVER_PID=$!
    await "http://127.0.0.1:$PORT/.well-known/oauth-authorization-server"
    echo "| (Tokenkeeper start to ready, $what: $READY_SECONDS s) |||||"
}

bench_jar_command
start_tokenkeeper open "first start" TOKENKEEPER_RATE_LIMIT_PER_SECOND=0 TOKENKEEPER_VIEWER_HELLO_SECONDS=600
measure "Tokenkeeper: metadata GET (constant)" GET /.well-known/oauth-authorization-server
measure "Tokenkeeper: token endpoint, grant_type missing" POST /login/oauth/access_token "client_id=Tk1.nobody&client_secret=x"
measure "Tokenkeeper: token endpoint, unknown client" POST /login/oauth/access_token \
    "grant_type=refresh_token&refresh_token=tkr_x&client_id=Tk1.nobody&client_secret=wrong"
measure "Tokenkeeper: token endpoint, a new made-up client id per request" POST /login/oauth/access_token \
    "grant_type=refresh_token&refresh_token=tkr_x&client_id=Tk1.made{n}&client_secret=wrong"
measure_handshakes "Tokenkeeper: WebSocket handshake of /ws/viewer (no hello), CPU ms per socket" /ws/viewer
stop
start_tokenkeeper limited restart TOKENKEEPER_RATE_LIMIT_PER_SECOND=1 TOKENKEEPER_RATE_LIMIT_BURST=1
measure "Tokenkeeper: token endpoint, rate limited" POST /login/oauth/access_token \
    "grant_type=refresh_token&refresh_token=tkr_x&client_id=Tk1.flood&client_secret=wrong"
stop
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
