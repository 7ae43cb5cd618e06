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

STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
RESULTS="$OUT/nodes-$STAMP.tsv"
for n in $NODES; do
    bench_fresh_database
    bench_start_cluster "$n" "$OUT/nodes-data" "$OUT/nodes" "$HEAP"
    SERVICE_LOG="$OUT/nodes-1.log"
    log "== $n node(s): driver over $NODE_URLS"
    bench_run_driver RotationBench 512m "$OUT/nodes-$n-$STAMP.txt" \
        --levels "$LEVELS" --duration "$DURATION" --warmup "$WARMUP" --families "$FAMILIES" \
        --node-urls "$NODE_URLS" --node-pids "$OTHER_NODE_PIDS" --label "$n" --results "$RESULTS"
    bench_stop_cluster
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
