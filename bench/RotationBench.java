package bench;

import static bench.Harness.*;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Refresh-token rotation load driver. JDK only; bench/rotation.sh compiles bench/*.java and runs it:
 *
 * <pre>java -cp bench/out/classes bench.RotationBench --base-url http://127.0.0.1:18080 --service-pid 1234 [options]</pre>
 *
 * Setup against Tokenkeeper: a platform token (client credentials with the bootstrap client), a
 * tenant whose identity provider is a key pair generated here, an app, then N token families by
 * token exchange. Against Keycloak ({@code --server keycloak}, used by bench/versus-keycloak.sh): N
 * sessions by the password grant of a realm with rotation enforced. Then, per concurrency level, L
 * workers each own a disjoint set of families and rotate them one after another, always presenting
 * the refresh token the previous answer returned, for a fixed time: the same load, the same
 * measurement, whichever server answers. Prints grants/s, latency percentiles, errors, CPU per grant
 * (service, PostgreSQL, driver) and the machine, and a verdict against Tokenkeeper's target.
 *
 * This is a benchmark, never run by the test suite. All traffic goes to the base URL (127.0.0.1).
 */
public class RotationBench {

    // The target of the issue: on a 2-core machine, at concurrency 16.
    static final int TARGET_LEVEL = 16;
    static final double TARGET_GRANTS_PER_SECOND = 1500;
    static final double TARGET_P99_MS = 25;

    static final String KID = "bench-1";
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    // Options
    final Options common = new Options("http://127.0.0.1:18080");
    int[] levels = {16, 64};
    int durationSeconds = 30;
    int warmupSeconds = 10;
    int families = 2000;
    int setupWorkers = 16;
    String profile = null;           // a JFR file to dump the service's recording into, then analyse
    String transport = "socket";     // "socket": one keep-alive connection per worker; "jdk": java.net.http.HttpClient
    String server = "tokenkeeper";   // or "keycloak": families by password grant at --token-path
    String tenant = "bench";         // Tokenkeeper: the tenant created for the run
    String tokenPath = "/login/oauth/access_token";
    String label = null;             // names the run in --results
    Path results = null;             // one tab-separated line per level appended here (bench/versus-keycloak.sh)

    // State
    final List<HttpClient> clients = new ArrayList<>();
    IdentityProvider idp;
    String appClientId;
    String appClientSecret;
    String username;                 // Keycloak: the user whose password grants open the sessions
    String password;
    String[] refreshTokens;          // index = family; touched by exactly one worker at a time
    ServiceWatch watch;
    Cpu cpu;

    public static void main(String[] args) throws Exception {
        RotationBench bench = new RotationBench();
        try {
            bench.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("RotationBench: " + e.getMessage());
            System.exit(64);
        }
        try {
            System.exit(bench.run());
        } catch (SetupFailure e) {
            System.out.println("!! " + e.getMessage());
            System.exit(2);
        }
    }

    void parse(String[] args) {
        Harness.parse(args, common, "RotationBench", "--levels \"16 64\" --duration S --warmup S --families N --http socket|jdk"
                + " --profile FILE.jfr --server tokenkeeper|keycloak --tenant SLUG --token-path PATH --client-id ID --client-secret S"
                + " --username U --password P --label TEXT --results FILE", (name, value) -> {
                    switch (name) {
                        case "--levels" -> levels = Arrays.stream(value.trim().split("[\\s,]+")).mapToInt(Integer::parseInt).toArray();
                        case "--duration" -> durationSeconds = Integer.parseInt(value.trim());
                        case "--warmup" -> warmupSeconds = Integer.parseInt(value.trim());
                        case "--families" -> families = Integer.parseInt(value.trim());
                        case "--http" -> transport = value.trim();
                        case "--profile" -> profile = value.trim();
                        case "--server" -> server = value.trim();
                        case "--tenant" -> tenant = value.trim();
                        case "--token-path" -> tokenPath = value.trim();
                        case "--client-id" -> appClientId = value;
                        case "--client-secret" -> appClientSecret = value;
                        case "--username" -> username = value;
                        case "--password" -> password = value;
                        case "--label" -> label = value.trim();
                        case "--results" -> results = Path.of(value.trim());
                        default -> {
                            return false;
                        }
                    }
                    return true;
                });
        for (int level : levels) {
            if (level < 1) {
                throw new IllegalArgumentException("levels must be positive");
            }
            if (level > families) {
                throw new IllegalArgumentException("level " + level + " needs at least as many families (" + families + ")");
            }
        }
        if (!transport.equals("socket") && !transport.equals("jdk")) {
            throw new IllegalArgumentException("--http is socket or jdk");
        }
        if (!server.equals("tokenkeeper") && !server.equals("keycloak")) {
            throw new IllegalArgumentException("--server is tokenkeeper or keycloak");
        }
        if (keycloak() && (appClientId == null || appClientSecret == null || username == null || password == null)) {
            throw new IllegalArgumentException("--server keycloak needs --client-id, --client-secret, --username and --password");
        }
        if (durationSeconds < 1 || warmupSeconds < 0) {
            throw new IllegalArgumentException("duration must be >= 1 s, warmup >= 0 s");
        }
    }

    boolean keycloak() {
        return server.equals("keycloak");
    }

    int run() throws Exception {
        Harness.printMachine(common);
        System.out.printf(Locale.ROOT, "run: levels %s, %d s per level, %d s warm-up, %d families, service pid %d, %s, HTTP client: %s%s%n%n",
                Arrays.toString(levels), durationSeconds, warmupSeconds, families, common.servicePid, String.join(" ", common.nodes()),
                transport.equals("jdk") ? "java.net.http.HttpClient" : "one keep-alive HTTP/1.1 connection per worker",
                keycloak() ? ", server: Keycloak, token endpoint " + tokenPath : "");
        // A few HTTP clients, so that one selector thread does not serialise all the traffic.
        int maxLevel = Arrays.stream(levels).max().orElse(16);
        int clientCount = Math.max(1, Math.min(8, maxLevel / 8));
        for (int i = 0; i < clientCount; i++) {
            clients.add(httpClient(TIMEOUT, null));
        }
        watch = ServiceWatch.start(common.servicePid);
        cpu = new Cpu(common.servicePid, common.clkTck, 0).alsoCounting(common.otherNodePids);

        long setupStart = System.nanoTime();
        if (keycloak()) {
            setupKeycloak();
        } else {
            setup();
        }
        System.out.printf(Locale.ROOT, "setup done in %.1f s%n%n", (System.nanoTime() - setupStart) / 1e9);

        List<LevelResult> levelResults = new ArrayList<>();
        for (int i = 0; i < levels.length; i++) {
            if (watch.gone()) {
                System.out.println("the service process is gone: stopping");
                break;
            }
            LevelResult result = runLevel(levels[i], i == 0 ? warmupSeconds : 0);
            levelResults.add(result);
            result.print();
            result.append();
        }
        if (profile != null && !levelResults.isEmpty() && !watch.gone()) {
            Profile.analyse(common.servicePid, Path.of(profile), levelResults);
        }
        printSummary(levelResults);
        return watch.gone() ? 3 : 0;
    }

    // ---------------------------------------------------------------- setup

    void setup() throws Exception {
        idp = new IdentityProvider(KID);
        HttpClient http = clients.get(0);
        String platformToken = platformToken(http, common, TIMEOUT);
        System.out.println("platform token: ok");

        Answer created = send(http, "POST", "/api/tenants", "application/json", idp.tenantJson(tenant, "Bench tenant"), platformToken);
        if (created.status() != 201) {
            throw new SetupFailure("POST /api/tenants (expected 201)", created);
        }
        System.out.println("tenant '" + tenant + "': created");

        Answer app = send(http, "POST", "/api/tenants/" + tenant + "/apps", "application/json",
                "{\"name\":\"bench app\",\"expiringUserTokens\":true}", platformToken);
        appClientId = app.status() == 201 ? Json.string(app.body(), "client_id") : null;
        appClientSecret = app.status() == 201 ? Json.string(app.body(), "client_secret") : null;
        if (appClientId == null || appClientSecret == null) {
            throw new SetupFailure("POST /api/tenants/" + tenant + "/apps (expected 201 with client_id and client_secret)", app);
        }
        System.out.println("app: " + appClientId);
        createFamilies("token exchange", (client, i) -> send(client, "POST", tokenPath, FORM,
                idp.exchangeForm("user-" + i, appClientId, appClientSecret), null));
    }

    /** Keycloak: one session, hence one refresh-token family, per password grant. */
    void setupKeycloak() throws Exception {
        System.out.println("keycloak: client " + appClientId + ", user " + username);
        createFamilies("password grant", (client, i) -> send(client, "POST", tokenPath, FORM, form(
                "grant_type", "password",
                "client_id", appClientId,
                "client_secret", appClientSecret,
                "username", username,
                "password", password), null));
    }

    @FunctionalInterface
    interface Grant {
        Answer first(HttpClient client, int family);
    }

    /** N families, each started by one grant, by a few parallel workers. */
    void createFamilies(String how, Grant grant) throws Exception {
        refreshTokens = new String[families];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
        Map<String, String> samples = new ConcurrentHashMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(Math.max(120, families / 10L)).toNanos();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < setupWorkers; w++) {
            HttpClient client = clients.get(w % clients.size());
            Thread t = new Thread(() -> {
                for (int i; (i = next.getAndIncrement()) < families; ) {
                    if (System.nanoTime() > deadline || watch.gone()) {
                        return;
                    }
                    Answer answer = grant.first(client, i);
                    String refresh = answer.status() == 200 ? Json.string(answer.body(), "refresh_token") : null;
                    if (refresh == null) {
                        String key = answer.key();
                        failures.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
                        samples.putIfAbsent(key, answer.sample());
                        continue;
                    }
                    refreshTokens[i] = refresh;
                    int n = done.incrementAndGet();
                    if (n % 500 == 0) {
                        System.out.println("families: " + n + " / " + families);
                    }
                }
            }, "setup-" + w);
            t.start();
            workers.add(t);
        }
        for (Thread t : workers) {
            t.join();
        }
        int failed = families - done.get();
        if (!failures.isEmpty() || failed > 0) {
            System.out.println("families: " + failed + " could not be created:");
            printBreakdown(failures, samples);
        }
        if (done.get() == 0) {
            throw new SetupFailure(how + " (no family could be created)", null);
        }
        System.out.println("families: " + done.get() + " created");
        if (failed > 0) {
            // Keep only the families that exist; workers never see a hole.
            refreshTokens = Arrays.stream(refreshTokens).filter(t -> t != null).toArray(String[]::new);
            families = refreshTokens.length;
        }
    }

    Answer send(HttpClient client, String method, String path, String contentType, String body, String bearer) {
        return Harness.send(client, common.baseUrl, TIMEOUT, method, path, contentType, body, bearer);
    }

    // ---------------------------------------------------------------- one level

    LevelResult runLevel(int level, int warmup) throws InterruptedException {
        System.out.printf(Locale.ROOT, "== concurrency %d: %s%d s measured%n", level,
                warmup > 0 ? warmup + " s warm-up, then " : "", durationSeconds);
        long start = System.nanoTime();
        long measureStart = start + Duration.ofSeconds(warmup).toNanos();
        long measureEnd = measureStart + Duration.ofSeconds(durationSeconds).toNanos();
        Worker[] workers = new Worker[level];
        for (int w = 0; w < level; w++) {
            HttpClient jdk = clients.get(w % clients.size());
            Transport client = transport.equals("jdk") ? (path, type, body, bearer) -> send(jdk, "POST", path, type, body, bearer)
                    : new SocketTransport(URI.create(common.nodes().get(w % common.nodes().size())), TIMEOUT);
            workers[w] = new Worker(w, level, client, measureStart, measureEnd);
        }
        for (Worker worker : workers) {
            worker.thread.start();
        }

        sleepUntil(measureStart);
        Cpu.Sample before = cpu.now();
        Map<String, Double> threadsBefore = cpu.threads();
        Instant windowStart = Instant.now();
        sleepUntil(measureEnd);
        Cpu.Sample after = cpu.now();
        Map<String, Double> threadsAfter = cpu.threads();
        Instant windowEnd = Instant.now();

        // Workers issue nothing after measureEnd; the last requests end within the 5 s timeout.
        for (Worker worker : workers) {
            worker.thread.join(TIMEOUT.toMillis() + 5_000);
            if (worker.thread.isAlive()) {
                worker.thread.interrupt();
            }
        }
        for (Worker worker : workers) {
            worker.thread.join();
            worker.close();
        }

        LevelResult result = new LevelResult(level, durationSeconds);
        for (Worker worker : workers) {
            result.add(worker);
        }
        result.window = cpu.window(before, after);
        result.serviceThreadsMs = Cpu.threadGroups(threadsBefore, threadsAfter);
        result.windowStart = windowStart;
        result.windowEnd = windowEnd;
        return result;
    }

    final class Worker implements Runnable {
        final Thread thread;
        final int index;
        final int stride;
        final Transport client;
        final long measureStart;
        final long measureEnd;
        long[] latencies = new long[4096];
        int count;
        long lateSuccesses;   // finished after the window: not counted
        final Map<String, AtomicLong> errors = new TreeMap<>();
        final Map<String, String> samples = new TreeMap<>();
        long errorsMeasured;
        int familiesLost;

        Worker(int index, int stride, Transport client, long measureStart, long measureEnd) {
            this.index = index;
            this.stride = stride;
            this.client = client;
            this.measureStart = measureStart;
            this.measureEnd = measureEnd;
            this.thread = new Thread(this, "rotate-" + index);
        }

        @Override
        public void run() {
            // This worker's families: index, index + stride, ... (disjoint across workers).
            List<Integer> mine = new ArrayList<>();
            for (int f = index; f < families; f += stride) {
                mine.add(f);
            }
            int[] owned = mine.stream().mapToInt(Integer::intValue).toArray();
            boolean[] dead = new boolean[owned.length];
            int alive = owned.length;
            int cursor = 0;
            while (alive > 0 && !watch.gone() && !Thread.currentThread().isInterrupted()) {
                long begin = System.nanoTime();
                if (begin - measureEnd >= 0) {
                    return;
                }
                while (dead[cursor]) {
                    cursor = (cursor + 1) % owned.length;
                }
                int family = owned[cursor];
                Answer answer = client.send(tokenPath, FORM, form(
                        "grant_type", "refresh_token",
                        "client_id", appClientId,
                        "client_secret", appClientSecret,
                        "refresh_token", refreshTokens[family]), null);
                long end = System.nanoTime();
                boolean measured = begin - measureStart >= 0 && end - measureEnd <= 0;
                String next = answer.status() == 200 ? Json.string(answer.body(), "refresh_token") : null;
                if (next != null) {
                    refreshTokens[family] = next;
                    if (measured) {
                        if (count == latencies.length) {
                            latencies = Arrays.copyOf(latencies, count * 2);
                        }
                        latencies[count++] = end - begin;
                    } else if (begin - measureStart >= 0) {
                        lateSuccesses++;
                    }
                } else {
                    // Keep the token we presented: if the server did rotate it (a lost answer), presenting it
                    // again inside the grace window answers the same pair. A family the server revoked is
                    // dropped, never presented again.
                    if (begin - measureStart >= 0 && begin - measureEnd < 0) {
                        errorsMeasured++;
                        String key = answer.key();
                        errors.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
                        samples.putIfAbsent(key, answer.sample());
                    }
                    if (answer.status() == 400 && answer.body() != null && "invalid_grant".equals(Json.string(answer.body(), "error"))) {
                        dead[cursor] = true;
                        alive--;
                        familiesLost++;
                    } else if (answer.status() == 429 || answer.status() == 503 || answer.status() < 0) {
                        pause(answer.status() < 0 ? 50 : 10);
                    }
                }
                cursor = (cursor + 1) % owned.length;
            }
        }

        void close() {
            client.close();
        }
    }

    final class LevelResult {
        final int level;
        final int seconds;
        long[] latencies = new long[0];
        long successes;
        long errors;
        long late;
        int familiesLost;
        final Map<String, AtomicLong> breakdown = new TreeMap<>();
        final Map<String, String> samples = new TreeMap<>();
        Cpu.Window window = new Cpu.Window(0, 0, 0, 0, 0);
        Map<String, Double> serviceThreadsMs = new LinkedHashMap<>();
        Instant windowStart;
        Instant windowEnd;

        LevelResult(int level, int seconds) {
            this.level = level;
            this.seconds = seconds;
        }

        void add(Worker worker) {
            int old = latencies.length;
            latencies = Arrays.copyOf(latencies, old + worker.count);
            System.arraycopy(worker.latencies, 0, latencies, old, worker.count);
            successes += worker.count;
            errors += worker.errorsMeasured;
            late += worker.lateSuccesses;
            familiesLost += worker.familiesLost;
            worker.errors.forEach((k, v) -> breakdown.computeIfAbsent(k, x -> new AtomicLong()).addAndGet(v.get()));
            worker.samples.forEach(samples::putIfAbsent);
        }

        /** Other processes' CPU as a share of the machine's capacity over the window. */
        double othersShare() {
            return 100.0 * window.othersMs() / (seconds * 1000.0 * Runtime.getRuntime().availableProcessors());
        }

        boolean disturbed() {
            return othersShare() > 5;
        }

        double grantsPerSecond() {
            return successes / (double) seconds;
        }

        double percentileMs(double p) {
            return latencies.length == 0 ? Double.NaN : percentile(latencies, p) / 1e6;
        }

        double perGrant(double cpuMs) {
            return successes == 0 ? Double.NaN : cpuMs / successes;
        }

        void print() {
            Arrays.sort(latencies);
            System.out.printf(Locale.ROOT, "concurrency %d: %.0f grants/s (%d in %d s), p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms, errors %d%n",
                    level, grantsPerSecond(), successes, seconds, percentileMs(50), percentileMs(90), percentileMs(99),
                    percentileMs(100), errors);
            if (errors > 0) {
                printBreakdown(breakdown, samples);
            }
            if (familiesLost > 0) {
                System.out.println("  families dropped after invalid_grant: " + familiesLost);
            }
            if (common.servicePid > 0) {
                System.out.printf(Locale.ROOT, "  CPU per grant: service %.3f ms, PostgreSQL %.3f ms, driver %.3f ms, total %.3f ms"
                                + " (machine %.0f%% busy over %d cores)%n",
                        perGrant(window.serviceMs()), perGrant(window.postgresMs()), perGrant(window.driverMs()),
                        perGrant(window.serviceMs() + window.postgresMs() + window.driverMs()), window.busyPercent(),
                        Runtime.getRuntime().availableProcessors());
                System.out.printf(Locale.ROOT, "  CPU over the window: service %.1f s, PostgreSQL %.1f s, driver %.1f s, other processes %.1f s%n",
                        window.serviceMs() / 1000, window.postgresMs() / 1000, window.driverMs() / 1000, window.othersMs() / 1000);
                if (disturbed()) {
                    System.out.printf(Locale.ROOT, "  !! the machine was not quiet: other processes used %.0f%% of its CPU during the window;"
                            + " these figures understate the service%n", othersShare());
                }
                double threadTotal = serviceThreadsMs.values().stream().mapToDouble(Double::doubleValue).sum();
                if (threadTotal > 0) {
                    StringBuilder line = new StringBuilder("  service CPU by thread (ms/grant):");
                    double rest = 0;
                    for (Map.Entry<String, Double> group : serviceThreadsMs.entrySet()) {
                        if (group.getValue() / threadTotal >= 0.02) {
                            line.append(String.format(Locale.ROOT, " %s %.3f (%.0f%%),", group.getKey(), perGrant(group.getValue()),
                                    100 * group.getValue() / threadTotal));
                        } else {
                            rest += group.getValue();
                        }
                    }
                    line.append(String.format(Locale.ROOT, " other %.3f (%.0f%%)", perGrant(rest), 100 * rest / threadTotal));
                    System.out.println(line);
                }
            }
            System.out.println();
        }

        /** One tab-separated line for VersusReport: label, server, level, the rates, the CPU per grant, the families. */
        void append() throws IOException {
            if (results == null) {
                return;
            }
            String line = String.join("\t", label == null ? server : label, server, Integer.toString(level),
                    String.format(Locale.ROOT, "%.1f", grantsPerSecond()), String.format(Locale.ROOT, "%.3f", percentileMs(50)),
                    String.format(Locale.ROOT, "%.3f", percentileMs(99)), Long.toString(errors),
                    String.format(Locale.ROOT, "%.4f", perGrant(window.serviceMs())), String.format(Locale.ROOT, "%.4f", perGrant(window.postgresMs())),
                    String.format(Locale.ROOT, "%.4f", perGrant(window.driverMs())), String.format(Locale.ROOT, "%.1f", othersShare()),
                    Integer.toString(families)) + "\n";
            Files.writeString(results, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    void printSummary(List<LevelResult> results) {
        System.out.println("== summary");
        System.out.println("| concurrency | grants/s | p50 ms | p90 ms | p99 ms | max ms | errors | CPU ms/grant service | PostgreSQL | driver | total | other processes |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (LevelResult r : results) {
            Cpu.Window w = r.window;
            System.out.printf(Locale.ROOT, "| %d | %.0f | %.2f | %.2f | %.2f | %.2f | %d | %.3f | %.3f | %.3f | %.3f | %.0f%% |%n",
                    r.level, r.grantsPerSecond(), r.percentileMs(50), r.percentileMs(90), r.percentileMs(99), r.percentileMs(100),
                    r.errors, r.perGrant(w.serviceMs()), r.perGrant(w.postgresMs()), r.perGrant(w.driverMs()),
                    r.perGrant(w.serviceMs() + w.postgresMs() + w.driverMs()), r.othersShare());
        }
        if (keycloak()) {
            return;   // the target is Tokenkeeper's
        }
        LevelResult target = results.stream().filter(r -> r.level == TARGET_LEVEL).findFirst().orElse(null);
        String verdict;
        if (target == null) {
            verdict = "MISSED (concurrency " + TARGET_LEVEL + " was not measured)";
        } else {
            List<String> why = new ArrayList<>();
            if (target.grantsPerSecond() < TARGET_GRANTS_PER_SECOND) {
                why.add(String.format(Locale.ROOT, "%.0f grants/s < %.0f", target.grantsPerSecond(), TARGET_GRANTS_PER_SECOND));
            }
            if (!(target.percentileMs(99) <= TARGET_P99_MS)) {
                why.add(String.format(Locale.ROOT, "p99 %.2f ms > %.0f ms", target.percentileMs(99), TARGET_P99_MS));
            }
            if (target.errors > 0) {
                why.add(target.errors + " errors");
            }
            verdict = why.isEmpty() ? "MET" : "MISSED (" + String.join(", ", why) + ")";
            if (target.disturbed()) {
                verdict += String.format(Locale.ROOT, " [not a clean run: other processes used %.0f%% of the machine]", target.othersShare());
            }
        }
        System.out.printf(Locale.ROOT, "%nverdict: %s: target >= %.0f rotations/s at concurrency %d with p99 <= %.0f ms and zero errors%n",
                verdict, TARGET_GRANTS_PER_SECOND, TARGET_LEVEL, TARGET_P99_MS);
    }

    // ---------------------------------------------------------------- profile

    /**
     * Where the service's request CPU goes, from its own flight recording (PROFILE=1 in rotation.sh starts
     * the service with one): the execution samples taken inside each measured window, each charged to the
     * innermost frame that belongs to a known component. Java code only: GC and JIT are in the per-thread
     * CPU line above, time in native code (socket writes, for instance) is not sampled.
     */
    static final class Profile {

        // innermost match wins; order only matters for prefixes of one another
        static final String[][] COMPONENTS = {
                {"com.nimbusds.jose.crypto", "signing (JWT)"},
                {"org.bouncycastle", "signing (JWT)"},
                {"sun.security.ec", "signing (JWT)"},
                {"sun.security.rsa", "signing (JWT)"},
                {"sun.security.provider.SHA", "hashing (SHA-256, HMAC)"},
                {"sun.security.provider.DigestBase", "hashing (SHA-256, HMAC)"},
                {"com.sun.crypto.provider.Hmac", "hashing (SHA-256, HMAC)"},
                {"javax.crypto.Mac", "hashing (SHA-256, HMAC)"},
                {"java.security.MessageDigest", "hashing (SHA-256, HMAC)"},
                {"com.sun.crypto.provider", "sealing (AES-GCM)"},
                {"javax.crypto", "sealing (AES-GCM)"},
                {"sun.security.provider", "random and other JCA"},
                {"java.security.SecureRandom", "random and other JCA"},
                {"org.postgresql", "database: JDBC driver"},
                {"org.eclipse.persistence", "database: JPA (EclipseLink)"},
                {"com.sun.gjc", "database: connection pool, JTA"},
                {"com.sun.enterprise.resource", "database: connection pool, JTA"},
                {"com.sun.enterprise.connectors", "database: connection pool, JTA"},
                {"com.sun.enterprise.transaction", "database: connection pool, JTA"},
                {"com.sun.jts", "database: connection pool, JTA"},
                {"org.eclipse.parsson", "JSON"},
                {"org.eclipse.yasson", "JSON"},
                {"com.nimbusds", "JWT building (nimbus, not crypto)"},
                {"dev.tokenkeeper", "Tokenkeeper's own code"},
                {"org.glassfish.jersey", "framework: JAX-RS (Jersey)"},
                {"org.jboss.weld", "framework: CDI (Weld)"},
                {"com.sun.ejb", "framework: EJB"},
                {"org.glassfish.ejb", "framework: EJB"},
                {"org.glassfish.grizzly", "framework: HTTP (Grizzly, servlet)"},
                {"org.apache.catalina", "framework: HTTP (Grizzly, servlet)"},
                {"org.apache.coyote", "framework: HTTP (Grizzly, servlet)"},
                {"com.sun.enterprise.web", "framework: HTTP (Grizzly, servlet)"},
                {"fish.payara", "framework: Payara, other"},
                {"com.sun.enterprise", "framework: Payara, other"},
                {"org.glassfish", "framework: Payara, other"},
                {"jakarta.", "framework: Payara, other"},
        };

        static void analyse(long pid, Path file, List<LevelResult> results) {
            try {
                Map<LevelResult, Map<String, Long>> counts = new LinkedHashMap<>();
                results.forEach(r -> counts.put(r, new TreeMap<>()));
                boolean recorded = readExecutionSamples(pid, file, event -> {
                    for (LevelResult r : results) {
                        if (inside(event.getStartTime(), r.windowStart, r.windowEnd)) {
                            counts.get(r).merge(component(event.getStackTrace()), 1L, Long::sum);
                        }
                    }
                });
                if (!recorded) {
                    return;
                }
                for (LevelResult r : results) {
                    Map<String, Long> c = counts.get(r);
                    long all = c.values().stream().mapToLong(Long::longValue).sum();
                    System.out.printf(Locale.ROOT, "== profile of the service at concurrency %d: %d Java execution samples (%s)%n",
                            r.level, all, file);
                    if (all == 0) {
                        continue;
                    }
                    Map<String, Long> coarse = new TreeMap<>();
                    c.forEach((k, v) -> coarse.merge(k.contains(":") ? k.substring(0, k.indexOf(':')) : k, v, Long::sum));
                    print("  by kind:", coarse, all);
                    print("  in detail:", c, all);
                }
                System.out.println();
            } catch (IOException | RuntimeException e) {
                System.out.println("profile: could not be read: " + e);
            }
        }

        static void print(String title, Map<String, Long> counts, long all) {
            System.out.println(title);
            counts.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                    .forEach(e -> System.out.printf(Locale.ROOT, "    %5.1f%%  %s%n", 100.0 * e.getValue() / all, e.getKey()));
        }

        static String component(jdk.jfr.consumer.RecordedStackTrace stack) {
            if (stack == null) {
                return "unknown";
            }
            // A JWS signer anywhere on the stack: signing, including the digest it computes.
            for (var frame : stack.getFrames()) {
                String type = frame.getMethod() == null || frame.getMethod().getType() == null ? "" : frame.getMethod().getType().getName();
                if (type.startsWith("com.nimbusds.jose.crypto") || type.equals("java.security.Signature")) {
                    return "signing (JWT)";
                }
            }
            for (var frame : stack.getFrames()) {
                if (frame.getMethod() == null || frame.getMethod().getType() == null) {
                    continue;
                }
                String type = frame.getMethod().getType().getName();
                for (String[] component : COMPONENTS) {
                    if (type.startsWith(component[0])) {
                        return component[1];
                    }
                }
            }
            return stack.isTruncated() ? "unattributed (deep stack, truncated)" : "JDK, other";
        }
    }
}
