#!/usr/bin/env bash
# Tokenkeeper against Keycloak, refresh-token rotation, one sitting: one command, see bench/README.md.
#
#   bash bench/versus-keycloak.sh
#
# Fetches Keycloak's server distribution with Maven (org.keycloak:keycloak-quarkus-dist, cached in
# bench/out/keycloak), builds it for PostgreSQL and runs it on the local PostgreSQL with its own
# database and a realm with rotation enforced; runs Tokenkeeper (target/tokenkeeper.jar, built if
# missing) on its own fresh database with the rate limit off, as rotation.sh does. Then PAIRS times:
# Keycloak, then Tokenkeeper, each driven by the same driver (bench.RotationBench: LEVELS
# connections, DURATION s each, families rotated strictly in sequence), with a VACUUM of both
# databases before every run. Prints every run, then per pair and overall the ratio
# Tokenkeeper / Keycloak of rates, latencies and CPU per rotation (service and PostgreSQL, from
# /proc), with the machine. Both servers are stopped on exit, however the script ends.
#
# Keycloak reads every KC_* variable of its environment as an option (KC_DB is its database vendor):
# this script's own settings are named KEYCLOAK_*, and Keycloak starts with no other KC_* variable.
#
# Options (environment): PAIRS (3), LEVELS ("16 64"), DURATION seconds per level (30), WARMUP
# seconds before each run's first level (10), FAMILIES refresh-token families per run (64; at least
# the largest level), PORT Tokenkeeper's port (18080), KEYCLOAK_PORT Keycloak's port (18180; KEYCLOAK_PORT+1 is
# its cache transport), KEYCLOAK_VERSION (26.7.3), KEYCLOAK_JAVA_HOME a JDK 21+ for Keycloak (default: the
# newest under /usr/lib/jvm), KEYCLOAK_HEAP Keycloak's -Xmx (1g, as Tokenkeeper's), KEYCLOAK_POOL
# its database connections at most (48, or what PostgreSQL has room for), BENCH_DB
# (tokenkeeper_versus), KEYCLOAK_DB (keycloak_versus), TOKENKEEPER_JAR. Both databases are dropped and
# recreated. Everything listens on and talks to 127.0.0.1 only. A benchmark, not a test.
set -euo pipefail

PAIRS="${PAIRS:-3}"
LEVELS="${LEVELS:-16 64}"
DURATION="${DURATION:-30}"
WARMUP="${WARMUP:-10}"
FAMILIES="${FAMILIES:-64}"
PORT="${PORT:-18080}"
KEYCLOAK_PORT="${KEYCLOAK_PORT:-18180}"
KEYCLOAK_VERSION="${KEYCLOAK_VERSION:-26.7.3}"
KEYCLOAK_HEAP="${KEYCLOAK_HEAP:-1g}"
# Tokenkeeper's pool holds at most 16 connections (SchemaMigration's @DataSourceDefinition); Keycloak's
# would grow to 100, PostgreSQL's default max_connections, keep them while idle and starve
# Tokenkeeper's run that follows. Unset: 48 (Keycloak's own default is 100), or less if PostgreSQL has no room (below).
KEYCLOAK_POOL="${KEYCLOAK_POOL:-}"

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
OUT="$BENCH_DIR/out"
DB="${BENCH_DB:-tokenkeeper_versus}"
KEYCLOAK_DB="${KEYCLOAK_DB:-keycloak_versus}"
BASE_URL="http://127.0.0.1:$PORT"
KEYCLOAK_URL="http://127.0.0.1:$KEYCLOAK_PORT"
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -U postgres)
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
RUN_DIR="$OUT/versus-$STAMP"
SERVICE_LOG="$RUN_DIR/tokenkeeper.log"
KEYCLOAK_LOG="$RUN_DIR/keycloak.log"
KEYCLOAK_CACHE="$OUT/keycloak"
KEYCLOAK_HOME="$KEYCLOAK_CACHE/keycloak-$KEYCLOAK_VERSION"
KEYCLOAK_REALM=bench-rotate
KEYCLOAK_CLIENT=bench-client
KEYCLOAK_SECRET=bench-secret-not-secret
KEYCLOAK_USER=bench-user
KEYCLOAK_PASSWORD=bench-pass-not-secret
KEYCLOAK_TOKEN_PATH="/realms/$KEYCLOAK_REALM/protocol/openid-connect/token"

log() { printf '[versus-keycloak.sh] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# shellcheck source=bench/service.sh
. "$BENCH_DIR/service.sh"
bench_require_numbers PAIRS DURATION WARMUP FAMILIES PORT KEYCLOAK_PORT
[[ -z "$KEYCLOAK_POOL" ]] || bench_require_numbers KEYCLOAK_POOL
[[ "$LEVELS" =~ ^[0-9\ ]+$ ]] || die "LEVELS must be numbers separated by spaces (got '$LEVELS')"
[[ "$KEYCLOAK_VERSION" =~ ^[0-9][0-9.]*$ ]] || die "KEYCLOAK_VERSION is a version such as 26.7.3 (got '$KEYCLOAK_VERSION')"
[[ "$KEYCLOAK_HEAP" =~ ^[0-9]+[kKmMgG]?$ ]] || die "KEYCLOAK_HEAP is a -Xmx size such as 1g (got '$KEYCLOAK_HEAP')"
for name in DB KEYCLOAK_DB; do
    [[ "${!name}" =~ ^[a-z_][a-z0-9_]*$ ]] || die "$name must be a plain database name (got '${!name}')"
done
[[ "$DB" != "$KEYCLOAK_DB" ]] || die "Tokenkeeper and Keycloak need two databases"
for level in $LEVELS; do
    (( level >= 1 && level <= FAMILIES )) || die "every level must be between 1 and FAMILIES ($FAMILIES); got $level"
done
(( PAIRS >= 1 )) || die "PAIRS must be at least 1"
bench_require_tools java javac curl psql mvn tar
mkdir -p "$OUT" "$RUN_DIR" "$KEYCLOAK_CACHE"
bench_warn_if_busy

# A JDK 21+ for Keycloak 26: KEYCLOAK_JAVA_HOME, else the newest JDK under /usr/lib/jvm.
java_feature() {
    local v
    v="$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
    v="${v%%.*}"
    [[ "$v" =~ ^[0-9]+$ ]] && echo "$v" || echo 0
}
if [[ -z "${KEYCLOAK_JAVA_HOME:-}" ]]; then
    best=0
    for candidate in /usr/lib/jvm/*; do
        [[ -x "$candidate/bin/java" && ! -L "$candidate" ]] || continue
        feature="$(java_feature "$candidate")"
        if (( feature > best )); then
            best="$feature"
            KEYCLOAK_JAVA_HOME="$candidate"
        fi
    done
fi
[[ -n "${KEYCLOAK_JAVA_HOME:-}" && -x "$KEYCLOAK_JAVA_HOME/bin/java" ]] || die "Keycloak $KEYCLOAK_VERSION needs a JDK 21 or newer: set KEYCLOAK_JAVA_HOME"
(( "$(java_feature "$KEYCLOAK_JAVA_HOME")" >= 21 )) || die "Keycloak $KEYCLOAK_VERSION needs a JDK 21 or newer; $KEYCLOAK_JAVA_HOME is older: set KEYCLOAK_JAVA_HOME"
KEYCLOAK_JAVA_VERSION="$("$KEYCLOAK_JAVA_HOME/bin/java" -version 2>&1 | head -n 2 | paste -sd ' ' -)"
log "JDK for Keycloak: $KEYCLOAK_JAVA_HOME"

# Keycloak takes any KC_* environment variable as an option: none of the caller's reach it.
clean_kc_environment() {
    local name
    for name in $(compgen -e | grep '^KC_' || true); do
        unset "$name"
    done
}

# 1. Tokenkeeper's jar, the driver, and Keycloak from Maven Central (cached; built for PostgreSQL once).
bench_jar
bench_compile
KEYCLOAK_TGZ="$KEYCLOAK_CACHE/keycloak-quarkus-dist-$KEYCLOAK_VERSION.tar.gz"
if [[ ! -f "$KEYCLOAK_TGZ" ]]; then
    log "fetching org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:tar.gz with Maven"
    timeout 1200 mvn -B -q -Dstyle.color=never org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy \
        -Dartifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:tar.gz" \
        -DoutputDirectory="$KEYCLOAK_CACHE" -Dmdep.useBaseVersion=true || die "Maven could not fetch Keycloak $KEYCLOAK_VERSION"
    [[ -f "$KEYCLOAK_TGZ" ]] || die "Maven did not produce $KEYCLOAK_TGZ"
fi
if [[ ! -f "$KEYCLOAK_HOME/.built-postgres" ]]; then
    log "unpacking Keycloak $KEYCLOAK_VERSION and building it for PostgreSQL (kc.sh build --db=postgres)"
    rm -rf "$KEYCLOAK_HOME"
    tar xzf "$KEYCLOAK_TGZ" -C "$KEYCLOAK_CACHE"
    (clean_kc_environment; JAVA_HOME="$KEYCLOAK_JAVA_HOME" exec timeout 600 "$KEYCLOAK_HOME/bin/kc.sh" build --db=postgres) >"$KEYCLOAK_CACHE/build.log" 2>&1 \
        || { tail -n 30 "$KEYCLOAK_CACHE/build.log" >&2; die "kc.sh build failed (see $KEYCLOAK_CACHE/build.log)"; }
    touch "$KEYCLOAK_HOME/.built-postgres"
fi

# 2. PostgreSQL and two fresh databases.
DB="$KEYCLOAK_DB" bench_fresh_database
bench_fresh_database

# Both pools must fit under max_connections beside what else is connected, or a run gets refused
# connections (Tokenkeeper answers 503 "The database cannot be reached").
pg_free="$("${PSQL[@]}" -d postgres -tA -c "SELECT current_setting('max_connections')::int - count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'")"
if [[ -z "$KEYCLOAK_POOL" ]]; then
    KEYCLOAK_POOL=$(( pg_free - 16 - 2 < 48 ? pg_free - 16 - 2 : 48 ))
    (( KEYCLOAK_POOL >= 8 )) || KEYCLOAK_POOL=8
    (( KEYCLOAK_POOL == 48 )) || log "PostgreSQL has room for $pg_free more connections: Keycloak's pool gets $KEYCLOAK_POOL (Tokenkeeper's holds up to 16)"
fi
if (( pg_free < 16 + KEYCLOAK_POOL + 2 )); then
    log "warning: PostgreSQL has room for $pg_free more connections; the two pools may need $((16 + KEYCLOAK_POOL)): lower KEYCLOAK_POOL or raise max_connections"
fi

# 3. Both servers, always stopped on exit.
KEYCLOAK_WRAPPER_PID=""
KEYCLOAK_PID=""
stop_keycloak() {
    [[ -n "$KEYCLOAK_WRAPPER_PID" ]] || return 0
    log "stopping Keycloak (pid $KEYCLOAK_WRAPPER_PID, JVM $KEYCLOAK_PID)"
    kill -TERM "$KEYCLOAK_WRAPPER_PID" 2>/dev/null || true
    [[ -z "$KEYCLOAK_PID" ]] || kill -TERM "$KEYCLOAK_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do
        kill -0 "$KEYCLOAK_WRAPPER_PID" 2>/dev/null || { [[ -n "$KEYCLOAK_PID" ]] && kill -0 "$KEYCLOAK_PID" 2>/dev/null; } || break
        sleep 0.5
    done
    for pid in $KEYCLOAK_PID $KEYCLOAK_WRAPPER_PID; do
        if kill -0 "$pid" 2>/dev/null; then
            log "Keycloak ignored SIGTERM for 30 s: killing pid $pid"
            kill -KILL "$pid" 2>/dev/null || true
        fi
    done
    wait "$KEYCLOAK_WRAPPER_PID" 2>/dev/null || true
    KEYCLOAK_WRAPPER_PID=""
    KEYCLOAK_PID=""
}
BENCH_ON_EXIT=(stop_keycloak)
bench_traps

log "starting Tokenkeeper on port $PORT (log: $SERVICE_LOG)"
JFR_OPTIONS=()
bench_start_service "$RUN_DIR/tokenkeeper-data" "$SERVICE_LOG" 1g

if curl -s -o /dev/null --max-time 2 "$KEYCLOAK_URL/" 2>/dev/null; then
    die "something already listens on port $KEYCLOAK_PORT: stop it or set KEYCLOAK_PORT"
fi
log "starting Keycloak $KEYCLOAK_VERSION on port $KEYCLOAK_PORT (production mode, database $KEYCLOAK_DB; log: $KEYCLOAK_LOG)"
(
    clean_kc_environment
    export JAVA_HOME="$KEYCLOAK_JAVA_HOME"
    export JAVA_OPTS_KC_HEAP="-Xms64m -Xmx$KEYCLOAK_HEAP"
    export KC_BOOTSTRAP_ADMIN_USERNAME=admin
    export KC_BOOTSTRAP_ADMIN_PASSWORD=admin-not-secret
    # --cache-embedded-network-*: the default cache stack binds its cluster transport to a
    # site-local address otherwise; a single node on loopback here.
    exec "$KEYCLOAK_HOME/bin/kc.sh" start --optimized \
        --db-url="jdbc:postgresql://127.0.0.1:5432/$KEYCLOAK_DB" --db-username=postgres --db-password=postgres \
        --db-pool-max-size="$KEYCLOAK_POOL" \
        --http-enabled=true --http-host=127.0.0.1 --http-port="$KEYCLOAK_PORT" --hostname-strict=false \
        --cache-embedded-network-bind-address=127.0.0.1 --cache-embedded-network-bind-port="$((KEYCLOAK_PORT + 1))"
) >"$KEYCLOAK_LOG" 2>&1 </dev/null &
KEYCLOAK_WRAPPER_PID=$!
boot_start=$SECONDS
until [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$KEYCLOAK_URL/realms/master/.well-known/openid-configuration" 2>/dev/null)" == 200 ]]; do
    kill -0 "$KEYCLOAK_WRAPPER_PID" 2>/dev/null || { tail -n 40 "$KEYCLOAK_LOG" >&2; KEYCLOAK_WRAPPER_PID=""; die "Keycloak exited during boot (see $KEYCLOAK_LOG)"; }
    (( SECONDS - boot_start < 300 )) || { tail -n 40 "$KEYCLOAK_LOG" >&2; die "Keycloak did not answer within 300 s"; }
    sleep 1
done
# kc.sh either runs java as its child or has exec'd it.
KEYCLOAK_PID="$(ps -o pid= --ppid "$KEYCLOAK_WRAPPER_PID" 2>/dev/null | tr -d ' ' | head -n 1 || true)"
[[ -n "$KEYCLOAK_PID" ]] || KEYCLOAK_PID="$KEYCLOAK_WRAPPER_PID"
log "Keycloak up in $((SECONDS - boot_start)) s (JVM pid $KEYCLOAK_PID)"

# The realm: rotation enforced (a refresh token is good once), a confidential client with the
# password grant (it opens the sessions whose refresh tokens the driver rotates), one user.
json_string() { sed -n "s/.*\"$1\" *: *\"\\([^\"]*\\)\".*/\\1/p"; }
ADMIN_TOKEN="$(curl -s --max-time 30 "$KEYCLOAK_URL/realms/master/protocol/openid-connect/token" \
    -d grant_type=password -d client_id=admin-cli -d username=admin -d password=admin-not-secret | json_string access_token)"
[[ -n "$ADMIN_TOKEN" ]] || die "no admin token from Keycloak"
REALM_JSON="$(cat <<JSON
{"realm":"$KEYCLOAK_REALM","enabled":true,"sslRequired":"none","revokeRefreshToken":true,"refreshTokenMaxReuse":0,
 "clients":[{"clientId":"$KEYCLOAK_CLIENT","enabled":true,"protocol":"openid-connect","publicClient":false,
   "clientAuthenticatorType":"client-secret","secret":"$KEYCLOAK_SECRET","directAccessGrantsEnabled":true,
   "standardFlowEnabled":false,"serviceAccountsEnabled":false}],
 "users":[{"username":"$KEYCLOAK_USER","enabled":true,"email":"$KEYCLOAK_USER@example.invalid","emailVerified":true,
   "firstName":"Bench","lastName":"User","credentials":[{"type":"password","value":"$KEYCLOAK_PASSWORD","temporary":false}]}]}
JSON
)"
code="$(curl -s -o "$RUN_DIR/realm-answer.txt" -w '%{http_code}' --max-time 120 -X POST "$KEYCLOAK_URL/admin/realms" \
    -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' --data-binary "$REALM_JSON")"
[[ "$code" == 201 ]] || die "creating realm $KEYCLOAK_REALM answered HTTP $code: $(head -c 300 "$RUN_DIR/realm-answer.txt")"
# Rotation is enforced: a spent refresh token must be refused.
kc_grant() { curl -s --max-time 30 "$KEYCLOAK_URL$KEYCLOAK_TOKEN_PATH" -d client_id="$KEYCLOAK_CLIENT" -d client_secret="$KEYCLOAK_SECRET" "$@"; }
rt0="$(kc_grant -d grant_type=password -d username="$KEYCLOAK_USER" -d password="$KEYCLOAK_PASSWORD" | json_string refresh_token)"
[[ -n "$rt0" ]] || die "Keycloak's password grant gave no refresh token"
rt1="$(kc_grant -d grant_type=refresh_token --data-urlencode "refresh_token=$rt0" | json_string refresh_token)"
reuse="$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 "$KEYCLOAK_URL$KEYCLOAK_TOKEN_PATH" -d client_id="$KEYCLOAK_CLIENT" \
    -d client_secret="$KEYCLOAK_SECRET" -d grant_type=refresh_token --data-urlencode "refresh_token=$rt0")"
[[ -n "$rt1" && "$rt1" != "$rt0" && "$reuse" == 400 ]] \
    || die "Keycloak does not enforce rotation in realm $KEYCLOAK_REALM (new token: ${rt1:+yes}, reuse answered $reuse)"
log "realm $KEYCLOAK_REALM: rotation enforced (a spent refresh token is refused with 400)"

# 4. The pairs: the same driver for both, both databases vacuumed before every run (this machine runs
# PostgreSQL without autovacuum, and dead rows of the previous run would cost the next one).
RESULTS="$RUN_DIR/results.tsv"
: >"$RESULTS"
vacuum() {
    local db
    for db in "$KEYCLOAK_DB" "$DB"; do
        timeout 300 "${PSQL[@]}" -d "$db" -c 'VACUUM (ANALYZE)' || die "VACUUM of $db failed"
    done
}
COMMON_ARGS=(--levels "$LEVELS" --duration "$DURATION" --warmup "$WARMUP" --families "$FAMILIES" --results "$RESULTS")
TK_PID="$SERVICE_PID"
for pair in $(seq 1 "$PAIRS"); do
    vacuum
    log "pair $pair of $PAIRS: Keycloak"
    BASE_URL="$KEYCLOAK_URL" SERVICE_PID="$KEYCLOAK_PID" SERVICE_LOG="$KEYCLOAK_LOG" SERVICE_JAVA_VERSION="$KEYCLOAK_JAVA_VERSION" \
        bench_run_driver RotationBench 512m "$RUN_DIR/pair$pair-keycloak.txt" "${COMMON_ARGS[@]}" \
        --label "pair$pair" --server keycloak --token-path "$KEYCLOAK_TOKEN_PATH" \
        --client-id "$KEYCLOAK_CLIENT" --client-secret "$KEYCLOAK_SECRET" --username "$KEYCLOAK_USER" --password "$KEYCLOAK_PASSWORD"
    vacuum
    log "pair $pair of $PAIRS: Tokenkeeper"
    SERVICE_PID="$TK_PID" bench_run_driver RotationBench 512m "$RUN_DIR/pair$pair-tokenkeeper.txt" "${COMMON_ARGS[@]}" \
        --label "pair$pair" --tenant "versus$pair"
done

# 5. The ratio.
REPORT="$OUT/versus-keycloak-$STAMP.txt"
java -cp "$OUT/classes" bench.VersusReport \
    --results "$RESULTS" \
    --clk-tck "$(getconf CLK_TCK 2>/dev/null || echo 100)" \
    --pg-version "$PG_VERSION" \
    --java-version "$(java -version 2>&1 | head -n 2 | paste -sd ' ' -)" \
    --keycloak "Keycloak $KEYCLOAK_VERSION" \
    --keycloak-java "$KEYCLOAK_JAVA_VERSION (-Xmx$KEYCLOAK_HEAP)" \
    --setting "$PAIRS pair(s), Keycloak then Tokenkeeper; levels [$LEVELS] connections, $DURATION s each, $WARMUP s warm-up per run, $FAMILIES families per run; VACUUM (ANALYZE) of both databases before every run; Tokenkeeper -Xmx1g, rate limit off, database $DB; Keycloak realm $KEYCLOAK_REALM (revokeRefreshToken, refreshTokenMaxReuse 0), database $KEYCLOAK_DB, pool of $KEYCLOAK_POOL; both servers up during every run" \
    | tee "$REPORT"
log "report: $REPORT (every run's own report: $RUN_DIR)"
