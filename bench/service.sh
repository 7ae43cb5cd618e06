# Shared by the benchmark scripts (sourced, not run): the jar, a fresh PostgreSQL database, the
# service started in the background and always stopped on exit, the drivers compiled and run with
# the options every driver takes. The caller defines log and die and sets BENCH_DIR, ROOT, OUT, DB,
# PORT, BASE_URL and PSQL before calling these.

# The bootstrap client every benchmark's service starts with: throw-away values, on 127.0.0.1 only.
BENCH_CLIENT_ID=Tk1.bench-platform
BENCH_CLIENT_SECRET=tks_bench_platform_secret_0000000001

# bench_require_numbers NAME...: every named variable holds a whole number.
bench_require_numbers() {
    local name
    for name in "$@"; do
        [[ "${!name}" =~ ^[0-9]+$ ]] || die "$name must be a whole number (got '${!name}')"
    done
}

# bench_require_tools TOOL...: each is on the PATH.
bench_require_tools() {
    local tool
    for tool in "$@"; do
        command -v "$tool" >/dev/null || die "$tool is not on the PATH"
    done
}

# Compiles the harness and the drivers (bench/*.java, JDK only) into bench/out/classes when a source
# is newer than the last compile. Compiled aside and moved into place, so that a run that starts
# meanwhile never sees half a directory.
bench_compile() {
    local classes="$OUT/classes"
    if [[ -f "$classes/.compiled" && -z "$(find "$BENCH_DIR" -maxdepth 1 -name '*.java' -newer "$classes/.compiled" -print -quit)" ]]; then
        return
    fi
    local fresh="$OUT/classes.$$"
    rm -rf "$fresh"
    mkdir -p "$fresh"
    log "compiling bench/*.java into $classes"
    javac --release 17 -encoding UTF-8 -d "$fresh" "$BENCH_DIR"/*.java || die "javac failed on bench/*.java"
    touch "$fresh/.compiled"
    rm -rf "$classes"
    mv "$fresh" "$classes"
}

# bench_profile_options JFR_FILE: with PROFILE=1, the service records itself (JFR_OPTIONS; Java
# samples every PROFILE_PERIOD, 10ms by default: 1ms gives ten times the samples for a short phase) and the
# driver dumps and reads the recording into JFR_FILE after the last level (PROFILE_ARGS).
bench_profile_options() {
    JFR_OPTIONS=()
    PROFILE_ARGS=()
    if [[ "${PROFILE:-0}" == 1 ]]; then
        JFR_OPTIONS=(-XX:FlightRecorderOptions:stackdepth=128
            "-XX:StartFlightRecording=name=tokenkeeper-bench,settings=profile,jdk.ExecutionSample#period=${PROFILE_PERIOD:-10ms},maxage=30m")
        PROFILE_ARGS=(--profile "$1")
    fi
}

# bench_run_driver CLASS HEAP REPORT [ARG ...]: runs the driver bench.CLASS against the service with
# the options every driver takes and the given ones; the report is printed and saved as REPORT.
# Exits with the driver's status if it failed.
bench_run_driver() {
    local class="$1" heap="$2" report="$3"
    shift 3
    bench_compile
    local java_version status
    # the service's JDK: the one on the PATH unless the caller says otherwise (Keycloak runs on its own)
    java_version="${SERVICE_JAVA_VERSION:-$(java -version 2>&1 | head -n 2 | paste -sd ' ' -)}"
    set +e
    java "-Xmx$heap" -cp "$OUT/classes" "bench.$class" \
        --base-url "$BASE_URL" \
        --service-pid "$SERVICE_PID" \
        --clk-tck "$(getconf CLK_TCK 2>/dev/null || echo 100)" \
        --pg-version "$PG_VERSION" \
        --java-version "$java_version" \
        --platform-client-id "$BENCH_CLIENT_ID" \
        --platform-client-secret "$BENCH_CLIENT_SECRET" \
        "$@" \
        2>&1 | tee "$report"
    status=${PIPESTATUS[0]}
    set -e
    log "report: $report"
    if (( status != 0 )); then
        log "the driver failed (exit $status); the service's log: ${SERVICE_LOG:-$OUT}"
        exit "$status"
    fi
}

# Warns when the machine is busy: the figures only mean something on an otherwise idle machine.
bench_warn_if_busy() {
    local load1
    load1="$(cut -d ' ' -f 1 /proc/loadavg 2>/dev/null || echo 0)"
    if awk -v l1="$load1" -v cores="$(nproc)" 'BEGIN { exit !(l1 + 0 > cores / 2) }'; then
        log "warning: load average $load1 on $(nproc) cores: other work is running, the figures will be disturbed"
    fi
}

# Sets JAR: TOKENKEEPER_JAR as given, or target/tokenkeeper.jar, rebuilt when missing or older than
# the sources (an old jar would measure old code).
bench_jar() {
    JAR="${TOKENKEEPER_JAR:-$ROOT/target/tokenkeeper.jar}"
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
    bench_jar_command
}

# Sets JAR_CWD and JAR_ARGS, how the scripts start JAR: as the README does when it is the build's own
# jar with its class data sharing archive (from the project's folder, -jar target/tokenkeeper.jar:
# the JVM takes the archive only with the path it was trained on), else plainly.
bench_jar_command() {
    if [[ "$JAR" == "$ROOT/target/tokenkeeper.jar" && -f "$ROOT/target/tokenkeeper.jsa" \
            && ! "$ROOT/target/tokenkeeper.jsa" -ot "$JAR" ]]; then
        JAR_CWD="$ROOT"
        JAR_ARGS=(-XX:SharedArchiveFile=target/tokenkeeper.jsa -jar target/tokenkeeper.jar)
        log "class data sharing archive: target/tokenkeeper.jsa"
    else
        JAR_CWD="$OUT"
        JAR_ARGS=(-jar "$JAR")
        log "no class data sharing archive for $JAR (start without it)"
    fi
}

# bench_floor_war DIR SOURCE...: the platform's floor, a bare WAR of the given bench/floor sources,
# compiled against the Jakarta EE API that Maven fetched for the build, written to DIR/floor.war.
bench_floor_war() {
    local dir=$1 api="$HOME/.m2/repository/jakarta/platform/jakarta.jakartaee-api/10.0.0/jakarta.jakartaee-api-10.0.0.jar"
    shift
    [[ -f "$api" ]] || die "the Jakarta EE API jar is missing ($api): run mvn -B -DskipTests package first"
    rm -rf "$dir/war" && mkdir -p "$dir/war/WEB-INF/classes"
    javac --release 17 -cp "$api" -d "$dir/war/WEB-INF/classes" "$@"
    (cd "$dir/war" && jar cf ../floor.war .)
}

# Starts PostgreSQL if it is down, recreates database DB and sets PG_VERSION.
bench_fresh_database() {
    if ! pg_isready -q -h 127.0.0.1 -p 5432; then
        log "PostgreSQL is not answering on 127.0.0.1:5432: starting the local cluster"
        command -v pg_ctlcluster >/dev/null || die "pg_ctlcluster not found: start PostgreSQL on 127.0.0.1:5432 yourself"
        pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -n | tail -1)" main start
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
}

# On exit, however the script ends: each function named in BENCH_ON_EXIT (a script's own processes),
# then the cluster's nodes and the service.
BENCH_ON_EXIT=()
bench_on_exit() {
    local stop
    for stop in ${BENCH_ON_EXIT[@]+"${BENCH_ON_EXIT[@]}"}; do
        "$stop" || true
    done
    bench_stop_cluster
    bench_stop_service
}
bench_traps() {
    trap bench_on_exit EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
}

SERVICE_PID=""
bench_stop_service() {
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

# bench_start_service DATA_DIR LOG HEAP [NAME=VALUE ...]: boots the jar on PORT against DB with a fresh
# data directory, the benchmark's platform app and no rate limit (plus the given settings), stops it
# on exit, and returns once it answers. Extra JVM options come from the array JFR_OPTIONS, if set.
bench_start_service() {
    local data_dir="$1" service_log="$2" heap="$3"
    shift 3
    if curl -s -o /dev/null --max-time 2 "$BASE_URL/" 2>/dev/null; then
        die "something already listens on port $PORT: stop it or set PORT"
    fi
    bench_traps
    rm -rf "$data_dir"
    mkdir -p "$data_dir"
    (
        cd "$JAR_CWD"
        export TOKENKEEPER_DB_URL="jdbc:postgresql://127.0.0.1:5432/$DB"
        export TOKENKEEPER_DB_USER=postgres
        export TOKENKEEPER_DB_PASSWORD=postgres
        export TOKENKEEPER_DATA_DIR="$data_dir"
        export TOKENKEEPER_PEPPER=bench-pepper-not-secret-0123456789
        export TOKENKEEPER_ISSUER="$BASE_URL"
        export TOKENKEEPER_BOOTSTRAP_CLIENT_ID="$BENCH_CLIENT_ID"
        export TOKENKEEPER_BOOTSTRAP_CLIENT_SECRET="$BENCH_CLIENT_SECRET"
        export TOKENKEEPER_RATE_LIMIT_PER_SECOND=0
        export TOKENKEEPER_DEMO_ENABLED=false
        export LIQUIBASE_ANALYTICS_ENABLED=false
        local setting
        for setting in "$@"; do
            export "${setting?}"
        done
        exec java "-Xmx$heap" ${JFR_OPTIONS[@]+"${JFR_OPTIONS[@]}"} "${JAR_ARGS[@]}" --port "$PORT" --nocluster
    ) >"$service_log" 2>&1 </dev/null &
    SERVICE_PID=$!

    local boot_start=$SECONDS
    until [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$BASE_URL/.well-known/oauth-authorization-server" 2>/dev/null)" == 200 ]]; do
        if ! kill -0 "$SERVICE_PID" 2>/dev/null; then
            SERVICE_PID=""
            tail -n 40 "$service_log" >&2 || true
            die "the service exited during boot (see $service_log)"
        fi
        # BOOT_WAIT: on a machine busy with other work the boot can take longer than the usual 20-30 s
        if (( SECONDS - boot_start >= ${BOOT_WAIT:-120} )); then
            tail -n 40 "$service_log" >&2 || true
            die "the service did not answer 200 on /.well-known/oauth-authorization-server within ${BOOT_WAIT:-120} s (BOOT_WAIT)"
        fi
        sleep 1
    done
    log "service up in $((SECONDS - boot_start)) s (pid $SERVICE_PID)"
}

# bench_start_cluster N DATA_PREFIX LOG_PREFIX HEAP [NAME=VALUE ...]: N nodes of the jar as one cluster
# on loopback (Payara Micro's TCP/IP member list, as the README's three-node example), against DB,
# with the benchmark's platform app, no rate limit and the given settings. Node i (1-based) serves
# HTTP on PORT+i-1 and its grid member listens on PORT+100+i-1, logs to LOG_PREFIX-i.log. Returns
# once every node is ready and the last one sees all N members; sets NODE_PIDS, NODE_URLS (comma
# separated), OTHER_NODE_PIDS (comma separated, all but the first) and SERVICE_PID (the first node).
NODE_PIDS=()
bench_start_cluster() {
    local n="$1" data_prefix="$2" log_prefix="$3" heap="$4"
    shift 4
    bench_traps
    local cluster="tk-bench-$RANDOM$RANDOM" members="tcpip:" i
    for i in $(seq 1 "$n"); do
        members+="127.0.0.1:$((PORT + 100 + i - 1)),"
    done
    members="${members%,}"
    NODE_URLS=""
    for i in $(seq 1 "$n"); do
        local port=$((PORT + i - 1)) grid=$((PORT + 100 + i - 1)) data="$data_prefix-$i"
        curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$port/" 2>/dev/null && die "something already listens on port $port"
        rm -rf "$data" && mkdir -p "$data"
        (
            cd "$JAR_CWD"
            export TOKENKEEPER_DB_URL="jdbc:postgresql://127.0.0.1:5432/$DB" TOKENKEEPER_DB_USER=postgres TOKENKEEPER_DB_PASSWORD=postgres
            export TOKENKEEPER_DATA_DIR="$data" TOKENKEEPER_PEPPER=bench-pepper-not-secret-0123456789
            export TOKENKEEPER_ISSUER="$BASE_URL" TOKENKEEPER_NODE_NAME="node-$i"
            export TOKENKEEPER_BOOTSTRAP_CLIENT_ID="$BENCH_CLIENT_ID" TOKENKEEPER_BOOTSTRAP_CLIENT_SECRET="$BENCH_CLIENT_SECRET"
            export TOKENKEEPER_RATE_LIMIT_PER_SECOND=0 TOKENKEEPER_DEMO_ENABLED=false LIQUIBASE_ANALYTICS_ENABLED=false
            local setting
            for setting in "$@"; do
                export "${setting?}"
            done
            exec java "-Xmx$heap" -Dhazelcast.socket.bind.any=false "${JAR_ARGS[@]}" --port "$port" \
                --clustername "$cluster" --clustermode "$members" --interfaces 127.0.0.1 --startport "$grid" --nohostaware
        ) >"$log_prefix-$i.log" 2>&1 </dev/null &
        NODE_PIDS+=("$!")
        NODE_URLS+="http://127.0.0.1:$port,"
        local start=$SECONDS pid="$!"
        until [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$port/health/ready" 2>/dev/null)" == 200 ]]; do
            kill -0 "$pid" 2>/dev/null || { tail -n 30 "$log_prefix-$i.log" >&2; die "node $i exited during boot (see $log_prefix-$i.log)"; }
            (( SECONDS - start < 180 )) || die "node $i not ready within 180 s (see $log_prefix-$i.log)"
            sleep 1
        done
        log "node $i ready in $((SECONDS - start)) s (pid $pid, log $log_prefix-$i.log)"
    done
    NODE_URLS="${NODE_URLS%,}"
    if (( n > 1 )); then
        for _ in $(seq 1 60); do
            grep -q "DG Size: $n" "$log_prefix-$n.log" && break
            sleep 1
        done
        grep -q "DG Size: $n" "$log_prefix-$n.log" || die "the $n nodes did not form one cluster (see $log_prefix-*.log)"
        log "the $n nodes formed one cluster"
    fi
    SERVICE_PID="${NODE_PIDS[0]}"
    OTHER_NODE_PIDS="$(IFS=,; echo "${NODE_PIDS[*]:1}")"
}

# Stops every node bench_start_cluster started (SIGTERM, then SIGKILL after 20 s).
bench_stop_cluster() {
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
    if (( ${#NODE_PIDS[@]} > 0 )); then
        SERVICE_PID=""
    fi
    NODE_PIDS=()
}
