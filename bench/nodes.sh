#!/usr/bin/env bash
# Rotations per second with 1, 2 and 3 nodes on one PostgreSQL: one command, see bench/README.md.
#
#   bash bench/nodes.sh
#
# Options (environment): NODES the cluster sizes, one run each ("1 2 3"), LEVELS connections
# ("16 64"), DURATION seconds measured per level (20), WARMUP seconds before the first level (10),
# FAMILIES token families (2000), PORT the first node's HTTP port (18080; node i listens on PORT+i-1,
# its Hazelcast member on PORT+100+i-1), HEAP each node's -Xmx (512m), BENCH_DB (tokenkeeper_nodes,
# dropped and recreated before each run), TOKENKEEPER_JAR.
#
# For each size N: a fresh database, N nodes of the runnable jar clustered over loopback (Payara
# Micro's TCP/IP member list, the discovery the README describes), then bench.RotationBench with its
# workers spread over the nodes (worker w talks to node w mod N, as a load balancer with sticky
# connections would), the CPU of all N JVMs counted as the service's. Every node is stopped on exit.
# On one 2-core machine the nodes share the cores with PostgreSQL and the driver: this shows what a
# node costs the cluster (the grid's traffic, the shared caches), not what more hosts would add.
set -euo pipefail

NODES="${NODES:-1 2 3}"
DURATION="${DURATION:-20}"
WARMUP="${WARMUP:-10}"
FAMILIES="${FAMILIES:-2000}"
LEVELS="${LEVELS:-16 64}"
PORT="${PORT:-18080}"
HEAP="${HEAP:-512m}"

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
OUT="$BENCH_DIR/out"
DB="${BENCH_DB:-tokenkeeper_nodes}"
BASE_URL="http://127.0.0.1:$PORT"
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -U postgres)

log() { printf '[nodes.sh] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# shellcheck source=bench/service.sh
. "$BENCH_DIR/service.sh"
bench_require_numbers DURATION WARMUP FAMILIES PORT
[[ "$LEVELS" =~ ^[0-9\ ]+$ ]] || die "LEVELS must be numbers separated by spaces (got '$LEVELS')"
[[ "$NODES" =~ ^[1-9\ ]+$ ]] || die "NODES must be cluster sizes 1-9 separated by spaces (got '$NODES')"
[[ "$DB" =~ ^[a-z_][a-z0-9_]*$ ]] || die "BENCH_DB must be a plain database name (got '$DB')"
bench_require_tools java javac curl psql
mkdir -p "$OUT"
bench_warn_if_busy
bench_jar
bench_compile

NODE_PIDS=()
stop_nodes() {
    local pid
    for pid in ${NODE_PIDS[@]+"${NODE_PIDS[@]}"}; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in ${NODE_PIDS[@]+"${NODE_PIDS[@]}"}; do
        for _ in $(seq 1 40); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.5
        done
        kill -9 "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    NODE_PIDS=()
}
BENCH_ON_EXIT=(stop_nodes)
bench_traps

# start_node I N CLUSTER MEMBERS: node I (1-based) of N, in the background, its pid appended to NODE_PIDS.
start_node() {
    local i="$1" cluster="$3" members="$4"
    local port=$((PORT + i - 1)) grid=$((PORT + 100 + i - 1)) data="$OUT/nodes-data-$i"
    curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$port/" 2>/dev/null && die "something already listens on port $port"
    rm -rf "$data" && mkdir -p "$data"
    (
        cd "$OUT"
        export TOKENKEEPER_DB_URL="jdbc:postgresql://127.0.0.1:5432/$DB" TOKENKEEPER_DB_USER=postgres TOKENKEEPER_DB_PASSWORD=postgres
        export TOKENKEEPER_DATA_DIR="$data" TOKENKEEPER_PEPPER=bench-pepper-not-secret-0123456789
        export TOKENKEEPER_ISSUER="$BASE_URL" TOKENKEEPER_NODE_NAME="node-$i"
        export TOKENKEEPER_BOOTSTRAP_CLIENT_ID="$BENCH_CLIENT_ID" TOKENKEEPER_BOOTSTRAP_CLIENT_SECRET="$BENCH_CLIENT_SECRET"
        export TOKENKEEPER_RATE_LIMIT_PER_SECOND=0 TOKENKEEPER_DEMO_ENABLED=false LIQUIBASE_ANALYTICS_ENABLED=false
        exec java "-Xmx$HEAP" -Dhazelcast.socket.bind.any=false -jar "$JAR" --port "$port" \
            --clustername "$cluster" --clustermode "$members" --interfaces 127.0.0.1 --startport "$grid" --nohostaware
    ) >"$OUT/nodes-$i.log" 2>&1 </dev/null &
    NODE_PIDS+=("$!")
}

await_node() {
    local i="$1" pid="$2" start=$SECONDS port=$((PORT + $1 - 1))
    until [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$port/health/ready" 2>/dev/null)" == 200 ]]; do
        kill -0 "$pid" 2>/dev/null || { tail -n 30 "$OUT/nodes-$i.log" >&2; die "node $i exited during boot (see $OUT/nodes-$i.log)"; }
        (( SECONDS - start < 180 )) || die "node $i not ready within 180 s (see $OUT/nodes-$i.log)"
        sleep 1
    done
    log "node $i ready in $((SECONDS - start)) s (pid $pid, log $OUT/nodes-$i.log)"
}

STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
RESULTS="$OUT/nodes-$STAMP.tsv"
for n in $NODES; do
    bench_fresh_database
    cluster="tk-bench-$RANDOM$RANDOM"
    members="tcpip:"
    for i in $(seq 1 "$n"); do
        members+="127.0.0.1:$((PORT + 100 + i - 1)),"
    done
    members="${members%,}"
    for i in $(seq 1 "$n"); do
        start_node "$i" "$n" "$cluster" "$members"
        await_node "$i" "${NODE_PIDS[$((i - 1))]}"
    done
    if (( n > 1 )); then
        for _ in $(seq 1 60); do
            grep -q "DG Size: $n" "$OUT/nodes-$n.log" && break
            sleep 1
        done
        grep -q "DG Size: $n" "$OUT/nodes-$n.log" || die "the $n nodes did not form one cluster (see $OUT/nodes-*.log)"
        log "the $n nodes formed one cluster"
    fi
    urls=""
    for i in $(seq 1 "$n"); do
        urls+="http://127.0.0.1:$((PORT + i - 1)),"
    done
    SERVICE_PID="${NODE_PIDS[0]}"
    others="${NODE_PIDS[*]:1}"
    SERVICE_LOG="$OUT/nodes-1.log"
    log "== $n node(s): driver over ${urls%,}"
    bench_run_driver RotationBench 512m "$OUT/nodes-$n-$STAMP.txt" \
        --levels "$LEVELS" --duration "$DURATION" --warmup "$WARMUP" --families "$FAMILIES" \
        --node-urls "${urls%,}" --node-pids "${others// /,}" --label "$n" --results "$RESULTS"
    SERVICE_PID=""
    stop_nodes
done
# One line per (nodes, connections), in one sitting: the growth with nodes is the ratio to the 1-node line.
{
    printf '\n== rotations/s by cluster size (%s, %s cores, %s)\n' "$(date -u +%FT%TZ)" "$(nproc)" "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
    printf '| nodes | connections | rotations/s | vs 1 node | p50 ms | p99 ms | errors | CPU ms/rotation: nodes | PostgreSQL | other processes %% |\n'
    printf '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n'
    awk -F'\t' '{ if ($1 == 1) base[$3] = $4; ratio = (base[$3] > 0) ? sprintf("%.2f", $4 / base[$3]) : "-";
                   printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $3, $4, ratio, $5, $6, $7, $8, $9, $11 }' "$RESULTS"
} | tee "$OUT/nodes-$STAMP.txt"
log "summary: $OUT/nodes-$STAMP.txt (each run's report: $OUT/nodes-<n>-$STAMP.txt)"
