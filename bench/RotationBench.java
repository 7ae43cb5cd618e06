import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Refresh-token rotation load driver for Tokenkeeper. JDK only, launched as a single source file:
 *
 * <pre>java bench/RotationBench.java --base-url http://127.0.0.1:18080 --service-pid 1234 [options]</pre>
 *
 * Normally started by {@code bench/rotation.sh}, which boots the service on a fresh PostgreSQL
 * database first. Setup: a platform token (client credentials with the bootstrap client), a tenant
 * whose identity provider is a key pair generated here, an app, then N token families by token
 * exchange. Then, per concurrency level, L workers each own a disjoint set of families and rotate
 * them one after another, always presenting the refresh token the previous answer returned, for a
 * fixed time. Prints grants/s, latency percentiles, errors, CPU per grant (service, PostgreSQL,
 * driver) and the machine, and a verdict against the target.
 *
 * This is a benchmark, never run by the test suite. All traffic goes to the base URL (127.0.0.1).
 */
public class RotationBench {

    // The target of the issue: on a 2-core machine, at concurrency 16.
    static final int TARGET_LEVEL = 16;
    static final double TARGET_GRANTS_PER_SECOND = 1500;
    static final double TARGET_P99_MS = 25;

    static final String IDP_ISSUER = "https://idp.bench.local";
    static final String KID = "bench-1";
    static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
    static final String JWT_TYPE = "urn:ietf:params:oauth:token-type:jwt";
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    // Options
    String baseUrl = "http://127.0.0.1:18080";
    long servicePid = -1;
    int[] levels = {16, 64};
    int durationSeconds = 30;
    int warmupSeconds = 10;
    int families = 2000;
    int setupWorkers = 16;
    int clkTck = 100;
    String platformClientId = "Tk1.bench-platform";
    String platformClientSecret = "tks_bench_platform_secret_0000000001";
    String pgVersion = "unknown";
    String javaVersion = null;
    String profile = null;           // a JFR file to dump the service's recording into, then analyse
    String transport = "socket";     // "socket": one keep-alive connection per worker; "jdk": java.net.http.HttpClient

    // State
    final List<HttpClient> clients = new ArrayList<>();
    PrivateKey idpKey;
    RSAPublicKey idpPublicKey;
    String appClientId;
    String appClientSecret;
    String[] refreshTokens;          // index = family; touched by exactly one worker at a time
    volatile boolean serviceGone;

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
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--help") || name.equals("-h")) {
                System.out.println("options: --base-url URL --service-pid PID --levels \"16 64\" --duration S --warmup S"
                        + " --families N --http socket|jdk --profile FILE.jfr --clk-tck N --pg-version V --java-version V --platform-client-id ID"
                        + " --platform-client-secret S");
                System.exit(0);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + name + " needs a value");
            }
            String value = args[++i];
            switch (name) {
                case "--base-url" -> baseUrl = value.replaceAll("/+$", "");
                case "--service-pid" -> servicePid = Long.parseLong(value.trim());
                case "--levels" -> levels = Arrays.stream(value.trim().split("[\\s,]+")).mapToInt(Integer::parseInt).toArray();
                case "--duration" -> durationSeconds = Integer.parseInt(value.trim());
                case "--warmup" -> warmupSeconds = Integer.parseInt(value.trim());
                case "--families" -> families = Integer.parseInt(value.trim());
                case "--clk-tck" -> clkTck = Integer.parseInt(value.trim());
                case "--pg-version" -> pgVersion = value.trim();
                case "--java-version" -> javaVersion = value.trim();
                case "--http" -> transport = value.trim();
                case "--profile" -> profile = value.trim();
                case "--platform-client-id" -> platformClientId = value;
                case "--platform-client-secret" -> platformClientSecret = value;
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        URI uri = URI.create(baseUrl);
        if (!"127.0.0.1".equals(uri.getHost()) && !"localhost".equals(uri.getHost())) {
            throw new IllegalArgumentException("the benchmark only talks to 127.0.0.1, not " + uri.getHost());
        }
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
        if (durationSeconds < 1 || warmupSeconds < 0) {
            throw new IllegalArgumentException("duration must be >= 1 s, warmup >= 0 s");
        }
    }

    int run() throws Exception {
        printMachine();
        // A few HTTP clients, so that one selector thread does not serialise all the traffic.
        int maxLevel = Arrays.stream(levels).max().orElse(16);
        int clientCount = Math.max(1, Math.min(8, maxLevel / 8));
        for (int i = 0; i < clientCount; i++) {
            clients.add(HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(TIMEOUT)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build());
        }
        startServiceWatch();

        long setupStart = System.nanoTime();
        setup();
        System.out.printf(Locale.ROOT, "setup done in %.1f s%n%n", (System.nanoTime() - setupStart) / 1e9);

        List<LevelResult> results = new ArrayList<>();
        for (int i = 0; i < levels.length; i++) {
            if (serviceGone) {
                System.out.println("the service process is gone: stopping");
                break;
            }
            LevelResult result = runLevel(levels[i], i == 0 ? warmupSeconds : 0);
            results.add(result);
            result.print();
        }
        if (profile != null && !results.isEmpty() && !serviceGone) {
            Profile.analyse(servicePid, Path.of(profile), results);
        }
        printSummary(results);
        return serviceGone ? 3 : 0;
    }

    // ---------------------------------------------------------------- setup

    void setup() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        idpKey = pair.getPrivate();
        idpPublicKey = (RSAPublicKey) pair.getPublic();

        HttpClient http = clients.get(0);
        Answer platform = post(http, "/login/oauth/access_token", form(
                "grant_type", "client_credentials",
                "client_id", platformClientId,
                "client_secret", platformClientSecret), null);
        String platformToken = platform.status == 200 ? Json.string(platform.body, "access_token") : null;
        if (platformToken == null) {
            throw new SetupFailure("platform token (client_credentials with the bootstrap client)", platform);
        }
        System.out.println("platform token: ok");

        String tenant = "{\"slug\":\"bench\",\"name\":\"Bench tenant\",\"identityProvider\":{\"issuer\":\"" + IDP_ISSUER
                + "\",\"jwks\":{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"" + KID + "\",\"use\":\"sig\",\"alg\":\"RS256\",\"n\":\""
                + b64(unsigned(idpPublicKey.getModulus())) + "\",\"e\":\"" + b64(unsigned(idpPublicKey.getPublicExponent()))
                + "\"}]}}}";
        Answer created = postJson(http, "/api/tenants", tenant, platformToken);
        if (created.status != 201) {
            throw new SetupFailure("POST /api/tenants (expected 201)", created);
        }
        System.out.println("tenant 'bench': created");

        Answer app = postJson(http, "/api/tenants/bench/apps", "{\"name\":\"bench app\",\"expiringUserTokens\":true}", platformToken);
        appClientId = app.status == 201 ? Json.string(app.body, "client_id") : null;
        appClientSecret = app.status == 201 ? Json.string(app.body, "client_secret") : null;
        if (appClientId == null || appClientSecret == null) {
            throw new SetupFailure("POST /api/tenants/bench/apps (expected 201 with client_id and client_secret)", app);
        }
        System.out.println("app: " + appClientId);

        // N families by token exchange, by a few parallel workers.
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
                    if (System.nanoTime() > deadline || serviceGone) {
                        return;
                    }
                    Answer answer = exchange(client, i);
                    String refresh = answer.status == 200 ? Json.string(answer.body, "refresh_token") : null;
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
            throw new SetupFailure("token exchange (no family could be created)", null);
        }
        System.out.println("families: " + done.get() + " created");
        if (failed > 0) {
            // Keep only the families that exist; workers never see a hole.
            refreshTokens = Arrays.stream(refreshTokens).filter(t -> t != null).toArray(String[]::new);
            families = refreshTokens.length;
        }
    }

    Answer exchange(HttpClient client, int family) {
        long now = System.currentTimeMillis() / 1000;
        String jwt = jwt("{\"iss\":\"" + IDP_ISSUER + "\",\"sub\":\"user-" + family + "\",\"aud\":\"" + appClientId
                + "\",\"iat\":" + now + ",\"exp\":" + (now + 600) + "}");
        return post(client, "/login/oauth/access_token", form(
                "grant_type", TOKEN_EXCHANGE,
                "client_id", appClientId,
                "client_secret", appClientSecret,
                "subject_token", jwt,
                "subject_token_type", JWT_TYPE), null);
    }

    String jwt(String claims) {
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + KID + "\"}";
        String signingInput = b64(header.getBytes(StandardCharsets.UTF_8)) + "." + b64(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(idpKey);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64(signature.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
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
            Transport client = transport.equals("jdk") ? (path, type, body, bearer) -> send(jdk, path, type, body, bearer)
                    : new SocketTransport(URI.create(baseUrl));
            workers[w] = new Worker(w, level, client, measureStart, measureEnd);
        }
        for (Worker worker : workers) {
            worker.thread.start();
        }

        sleepUntil(measureStart);
        Cpu before = Cpu.sample(servicePid, clkTck);
        java.time.Instant windowStart = java.time.Instant.now();
        sleepUntil(measureEnd);
        Cpu after = Cpu.sample(servicePid, clkTck);
        java.time.Instant windowEnd = java.time.Instant.now();

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
        result.cpu(before, after);
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
            while (alive > 0 && !serviceGone && !Thread.currentThread().isInterrupted()) {
                long begin = System.nanoTime();
                if (begin - measureEnd >= 0) {
                    return;
                }
                while (dead[cursor]) {
                    cursor = (cursor + 1) % owned.length;
                }
                int family = owned[cursor];
                Answer answer = client.send("/login/oauth/access_token", "application/x-www-form-urlencoded", form(
                        "grant_type", "refresh_token",
                        "client_id", appClientId,
                        "client_secret", appClientSecret,
                        "refresh_token", refreshTokens[family]), null);
                long end = System.nanoTime();
                boolean measured = begin - measureStart >= 0 && end - measureEnd <= 0;
                String next = answer.status == 200 ? Json.string(answer.body, "refresh_token") : null;
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
                    if (answer.status == 400 && answer.body != null && "invalid_grant".equals(Json.string(answer.body, "error"))) {
                        dead[cursor] = true;
                        alive--;
                        familiesLost++;
                    } else if (answer.status == 429 || answer.status == 503 || answer.status < 0) {
                        pause(answer.status < 0 ? 50 : 10);
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
        double serviceCpuMs;
        double postgresCpuMs;
        double driverCpuMs;
        double machineBusy = Double.NaN;
        double othersCpuMs = Double.NaN;   // CPU of every other process on the machine during the window
        Map<String, Double> serviceThreadsMs = new LinkedHashMap<>();
        java.time.Instant windowStart;
        java.time.Instant windowEnd;

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

        void cpu(Cpu before, Cpu after) {
            serviceCpuMs = after.serviceMs - before.serviceMs;
            postgresCpuMs = after.postgresMs - before.postgresMs;
            driverCpuMs = after.driverMs - before.driverMs;
            serviceThreadsMs = Cpu.threadGroups(before, after);
            long total = after.machineTotal - before.machineTotal;
            if (total > 0) {
                long busy = total - (after.machineIdle - before.machineIdle);
                machineBusy = 100.0 * busy / total;
                othersCpuMs = Math.max(0, busy * 1000.0 / clkTck - serviceCpuMs - postgresCpuMs - driverCpuMs);
            }
        }

        /** Other processes' CPU as a share of the machine's capacity over the window. */
        double othersShare() {
            return 100.0 * othersCpuMs / (seconds * 1000.0 * Runtime.getRuntime().availableProcessors());
        }

        boolean disturbed() {
            return othersShare() > 5;
        }

        double grantsPerSecond() {
            return successes / (double) seconds;
        }

        double percentileMs(double p) {
            if (latencies.length == 0) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(p / 100.0 * latencies.length) - 1;
            return latencies[Math.max(0, Math.min(latencies.length - 1, rank))] / 1e6;
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
            if (servicePid > 0) {
                System.out.printf(Locale.ROOT, "  CPU per grant: service %.3f ms, PostgreSQL %.3f ms, driver %.3f ms, total %.3f ms"
                                + " (machine %.0f%% busy over %d cores)%n",
                        perGrant(serviceCpuMs), perGrant(postgresCpuMs), perGrant(driverCpuMs),
                        perGrant(serviceCpuMs + postgresCpuMs + driverCpuMs), machineBusy,
                        Runtime.getRuntime().availableProcessors());
                System.out.printf(Locale.ROOT, "  CPU over the window: service %.1f s, PostgreSQL %.1f s, driver %.1f s, other processes %.1f s%n",
                        serviceCpuMs / 1000, postgresCpuMs / 1000, driverCpuMs / 1000, othersCpuMs / 1000);
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
    }

    void printSummary(List<LevelResult> results) {
        System.out.println("== summary");
        System.out.println("| concurrency | grants/s | p50 ms | p90 ms | p99 ms | max ms | errors | CPU ms/grant service | PostgreSQL | driver | total | other processes |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (LevelResult r : results) {
            System.out.printf(Locale.ROOT, "| %d | %.0f | %.2f | %.2f | %.2f | %.2f | %d | %.3f | %.3f | %.3f | %.3f | %.0f%% |%n",
                    r.level, r.grantsPerSecond(), r.percentileMs(50), r.percentileMs(90), r.percentileMs(99), r.percentileMs(100),
                    r.errors, r.perGrant(r.serviceCpuMs), r.perGrant(r.postgresCpuMs), r.perGrant(r.driverCpuMs),
                    r.perGrant(r.serviceCpuMs + r.postgresCpuMs + r.driverCpuMs), r.othersShare());
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

    // ---------------------------------------------------------------- machine and CPU

    void printMachine() {
        String model = "unknown";
        try {
            model = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse("unknown");
        } catch (IOException ignored) {
            // not Linux
        }
        String memory = "unknown";
        try {
            memory = Files.readAllLines(Path.of("/proc/meminfo")).stream()
                    .filter(l -> l.startsWith("MemTotal:"))
                    .map(l -> String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0))
                    .findFirst().orElse("unknown");
        } catch (IOException ignored) {
            // not Linux
        }
        System.out.println("== machine");
        System.out.println("cores (nproc): " + Runtime.getRuntime().availableProcessors());
        System.out.println("CPU: " + model);
        System.out.println("memory: " + memory);
        System.out.println("OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        System.out.println("java: " + (javaVersion != null ? javaVersion
                : System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")));
        System.out.println("PostgreSQL: " + pgVersion);
        System.out.println("date: " + ZonedDateTime.now().withNano(0));
        System.out.printf(Locale.ROOT, "run: levels %s, %d s per level, %d s warm-up, %d families, service pid %d, %s, HTTP client: %s%n%n",
                Arrays.toString(levels), durationSeconds, warmupSeconds, families, servicePid, baseUrl,
                transport.equals("jdk") ? "java.net.http.HttpClient" : "one keep-alive HTTP/1.1 connection per worker");
    }

    /** CPU consumed so far, in ms: the service JVM, every postgres process, this JVM, and the machine's jiffies. */
    record Cpu(double serviceMs, double postgresMs, double driverMs, long machineTotal, long machineIdle,
            Map<String, Double> serviceThreads) {

        static Cpu sample(long servicePid, int clkTck) {
            double tickMs = 1000.0 / clkTck;
            double service = servicePid > 0 ? ticks(Path.of("/proc", Long.toString(servicePid), "stat"), false) * tickMs : 0;
            long postgres = 0;
            try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
                for (Path proc : procs) {
                    String stat = read(proc.resolve("stat"));
                    if (stat != null && "postgres".equals(comm(stat))) {
                        // with the children's times: a backend that exited in the window is counted by the postmaster
                        postgres += fields(stat, true);
                    }
                }
            } catch (IOException ignored) {
                // not Linux
            }
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long total = 0;
            long idle = 0;
            String cpu = read(Path.of("/proc/stat"));
            if (cpu != null) {
                String[] parts = cpu.lines().findFirst().orElse("").trim().split("\\s+");
                for (int i = 1; i < parts.length && i <= 8; i++) {   // user nice system idle iowait irq softirq steal
                    long v = Long.parseLong(parts[i]);
                    total += v;
                    if (i == 4 || i == 5) {
                        idle += v;
                    }
                }
            }
            // The service's threads, by id and name: where inside the JVM the CPU goes (requests, GC, JIT...).
            Map<String, Double> threads = new TreeMap<>();
            if (servicePid > 0) {
                try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(servicePid), "task"))) {
                    for (Path task : tasks) {
                        String stat = read(task.resolve("stat"));
                        if (stat != null) {
                            threads.put(task.getFileName() + " " + comm(stat), fields(stat, false) * tickMs);
                        }
                    }
                } catch (IOException ignored) {
                    // the service ended
                }
            }
            return new Cpu(service, postgres * tickMs, os.getProcessCpuTime() / 1e6, total, idle, threads);
        }

        /** CPU ms per group of service threads over the window, largest first. */
        static Map<String, Double> threadGroups(Cpu before, Cpu after) {
            Map<String, Double> groups = new TreeMap<>();
            after.serviceThreads.forEach((key, ms) -> {
                double delta = ms - before.serviceThreads.getOrDefault(key, 0.0);
                if (delta > 0) {
                    groups.merge(threadGroup(key.substring(key.indexOf(' ') + 1)), delta, Double::sum);
                }
            });
            Map<String, Double> sorted = new LinkedHashMap<>();
            groups.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
                    .forEach(e -> sorted.put(e.getKey(), e.getValue()));
            return sorted;
        }

        /** Linux keeps 15 characters of a Java thread's name. */
        static String threadGroup(String name) {
            if (name.startsWith("http-thread-poo")) {
                return "request threads";
            }
            if (name.startsWith("http-listener")) {
                return "HTTP selectors";
            }
            if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.equals("VM Thread")) {
                return "GC";
            }
            if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                return "JIT";
            }
            return name.replaceAll("[-#(]?\\d+\\)?$", "");
        }

        static long ticks(Path stat, boolean children) {
            String text = read(stat);
            return text == null ? 0 : fields(text, children);
        }

        /** utime + stime (fields 14, 15), plus cutime + cstime (16, 17) if asked, counting after the ")" of comm. */
        static long fields(String stat, boolean children) {
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            // f[0] is field 3 (state): field n is f[n - 3]
            long sum = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            if (children) {
                sum += Long.parseLong(f[13]) + Long.parseLong(f[14]);
            }
            return sum;
        }

        static String comm(String stat) {
            int open = stat.indexOf('(');
            int close = stat.lastIndexOf(')');
            return open < 0 || close < open ? "" : stat.substring(open + 1, close);
        }

        static String read(Path path) {
            try {
                return Files.readString(path);
            } catch (IOException | RuntimeException e) {
                return null;   // the process ended meanwhile
            }
        }
    }

    /** Watches the service process: if it dies, every loop stops instead of counting connection errors. */
    void startServiceWatch() {
        if (servicePid <= 0) {
            return;
        }
        Thread watch = new Thread(() -> {
            while (true) {
                if (!Files.exists(Path.of("/proc", Long.toString(servicePid)))) {
                    serviceGone = true;
                    System.out.println("!! service process " + servicePid + " exited");
                    return;
                }
                pause(500);
            }
        }, "service-watch");
        watch.setDaemon(true);
        watch.start();
    }

    // ---------------------------------------------------------------- HTTP

    record Answer(int status, String body, String exception) {
        /** The error breakdown key: status, OAuth error and reason, or the exception. */
        String key() {
            if (status < 0) {
                return "exception " + exception;
            }
            String error = body == null ? null : Json.string(body, "error");
            String reason = body == null ? null : Json.string(body, "error_reason");
            return status + (error != null ? " " + error : "") + (reason != null ? " (" + reason + ")" : "");
        }

        String sample() {
            String text = status < 0 ? exception : body;
            if (text == null) {
                return "";
            }
            text = text.replaceAll("\\s+", " ");
            return text.length() > 300 ? text.substring(0, 300) + "…" : text;
        }
    }

    Answer post(HttpClient client, String path, String form, String bearer) {
        return send(client, path, "application/x-www-form-urlencoded", form, bearer);
    }

    Answer postJson(HttpClient client, String path, String json, String bearer) {
        return send(client, path, "application/json", json, bearer);
    }

    Answer send(HttpClient client, String path, String contentType, String body, String bearer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(TIMEOUT)
                .header("Content-Type", contentType)
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(response.statusCode(), response.body(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, null, "InterruptedException");
        } catch (IOException e) {
            String message = e.getMessage();
            return new Answer(-1, null, e.getClass().getSimpleName() + (message != null && message.length() < 80 ? ": " + message : ""));
        }
    }

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
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            try {
                Files.deleteIfExists(file);
                Process dump = new ProcessBuilder(Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd", Long.toString(pid),
                        "JFR.dump", "name=tokenkeeper-bench", "filename=" + file.toAbsolutePath())
                        .redirectErrorStream(true).start();
                String output = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!dump.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                    dump.destroyForcibly();
                }
                if (!Files.exists(file)) {
                    System.out.println("profile: no recording (was the service started with PROFILE=1?): " + output.trim());
                    return;
                }
                Map<LevelResult, Map<String, Long>> counts = new LinkedHashMap<>();
                results.forEach(r -> counts.put(r, new TreeMap<>()));
                try (var recording = new jdk.jfr.consumer.RecordingFile(file)) {
                    while (recording.hasMoreEvents()) {
                        var event = recording.readEvent();
                        if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                            continue;
                        }
                        java.time.Instant at = event.getStartTime();
                        for (LevelResult r : results) {
                            if (!at.isBefore(r.windowStart) && at.isBefore(r.windowEnd)) {
                                counts.get(r).merge(component(event.getStackTrace()), 1L, Long::sum);
                            }
                        }
                    }
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
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
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

    /** How a worker sends one request. */
    interface Transport {
        Answer send(String path, String contentType, String body, String bearer);

        default void close() {
        }
    }

    /**
     * A deliberately small HTTP/1.1 client: one persistent connection, one request at a time, the whole
     * request in one write, Content-Length or chunked answers. It costs the driver a fraction of the
     * CPU of java.net.http.HttpClient, which matters when driver and service share two cores.
     * Any I/O failure closes the connection; the next request opens a new one.
     */
    static final class SocketTransport implements Transport {
        final String host;
        final int port;
        final String hostHeader;
        java.net.Socket socket;
        java.io.InputStream in;
        java.io.OutputStream out;
        final byte[] buffer = new byte[16384];
        int start;
        int end;

        SocketTransport(URI base) {
            host = base.getHost();
            port = base.getPort() > 0 ? base.getPort() : 80;
            hostHeader = host + ":" + port;
        }

        @Override
        public Answer send(String path, String contentType, String body, String bearer) {
            byte[] content = body.getBytes(StandardCharsets.UTF_8);
            String head = "POST " + path + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nContent-Type: " + contentType
                    + "\r\nAccept: application/json\r\n"
                    + (bearer != null ? "Authorization: Bearer " + bearer + "\r\n" : "")
                    + "Content-Length: " + content.length + "\r\n\r\n";
            byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
            byte[] request = Arrays.copyOf(headBytes, headBytes.length + content.length);
            System.arraycopy(content, 0, request, headBytes.length, content.length);
            try {
                if (socket == null) {
                    connect();
                }
                out.write(request);
                out.flush();
                return readResponse();
            } catch (IOException | RuntimeException e) {
                close();
                String message = e.getMessage();
                return new Answer(-1, null, e.getClass().getSimpleName() + (message != null && message.length() < 80 ? ": " + message : ""));
            }
        }

        void connect() throws IOException {
            java.net.Socket s = new java.net.Socket();
            s.setTcpNoDelay(true);
            s.setSoTimeout((int) TIMEOUT.toMillis());
            s.connect(new java.net.InetSocketAddress(host, port), (int) TIMEOUT.toMillis());
            socket = s;
            in = s.getInputStream();
            out = new java.io.BufferedOutputStream(s.getOutputStream(), 8192);
            start = 0;
            end = 0;
        }

        Answer readResponse() throws IOException {
            String status = line();
            if (!status.startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP answer: " + status);
            }
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean closeAfter = status.startsWith("HTTP/1.0");
            for (String header; !(header = line()).isEmpty(); ) {
                int colon = header.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = header.substring(0, colon).trim();
                String value = header.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Content-Length")) {
                    length = Long.parseLong(value);
                } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                    chunked = true;
                } else if (name.equalsIgnoreCase("Connection")) {
                    closeAfter = value.equalsIgnoreCase("close") ? true : value.equalsIgnoreCase("keep-alive") ? false : closeAfter;
                }
            }
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream(1024);
            if (chunked) {
                for (int size; (size = Integer.parseInt(line().split(";", 2)[0].trim(), 16)) > 0; ) {
                    bytes(body, size);
                    line();
                }
                while (!line().isEmpty()) {
                    // trailers
                }
            } else if (length >= 0) {
                bytes(body, length);
            } else {
                closeAfter = true;
                while (fill()) {
                    body.write(buffer, start, end - start);
                    start = end;
                }
            }
            if (closeAfter) {
                close();
            }
            return new Answer(code, body.toString(StandardCharsets.UTF_8), null);
        }

        String line() throws IOException {
            StringBuilder line = new StringBuilder(64);
            while (true) {
                if (start == end && !fill()) {
                    throw new IOException("connection closed by the server");
                }
                while (start < end) {
                    char c = (char) (buffer[start++] & 0xff);
                    if (c == '\n') {
                        int n = line.length();
                        return n > 0 && line.charAt(n - 1) == '\r' ? line.substring(0, n - 1) : line.toString();
                    }
                    line.append(c);
                }
            }
        }

        void bytes(java.io.ByteArrayOutputStream body, long count) throws IOException {
            while (count > 0) {
                if (start == end && !fill()) {
                    throw new IOException("connection closed in the middle of an answer");
                }
                int n = (int) Math.min(count, end - start);
                body.write(buffer, start, n);
                start += n;
                count -= n;
            }
        }

        boolean fill() throws IOException {
            if (start < end) {
                return true;
            }
            int n = in.read(buffer, 0, buffer.length);
            if (n <= 0) {
                return false;
            }
            start = 0;
            end = n;
            return true;
        }

        @Override
        public void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
            socket = null;
            in = null;
            out = null;
            start = 0;
            end = 0;
        }
    }

    static String form(String... pairs) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- helpers

    static void printBreakdown(Map<String, AtomicLong> counts, Map<String, String> samples) {
        Map<String, AtomicLong> sorted = new LinkedHashMap<>();
        counts.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue().get(), a.getValue().get()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        sorted.forEach((key, count) -> System.out.println("  " + count.get() + " x " + key + "  e.g. " + samples.getOrDefault(key, "")));
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes.length > 1 && bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    static void sleepUntil(long nanoTime) throws InterruptedException {
        for (long left; (left = nanoTime - System.nanoTime()) > 0; ) {
            Thread.sleep(Math.max(1, Math.min(left / 1_000_000, 1000)));
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static final class SetupFailure extends Exception {
        private static final long serialVersionUID = 1L;

        SetupFailure(String step, Answer answer) {
            super("setup failed at " + step + (answer == null ? "" : ": " + (answer.status < 0
                    ? answer.exception : "HTTP " + answer.status + " " + answer.sample())));
        }
    }

    /** Just enough JSON: the string value of a top-level-ish key, with escapes. No third-party parser. */
    static final class Json {
        static String string(String json, String key) {
            if (json == null) {
                return null;
            }
            String needle = "\"" + key + "\"";
            int at = 0;
            while ((at = json.indexOf(needle, at)) >= 0) {
                int i = at + needle.length();
                while (i < json.length() && Character.isWhitespace(json.charAt(i))) {
                    i++;
                }
                if (i < json.length() && json.charAt(i) == ':') {
                    i++;
                    while (i < json.length() && Character.isWhitespace(json.charAt(i))) {
                        i++;
                    }
                    if (i < json.length() && json.charAt(i) == '"') {
                        return unescape(json, i + 1);
                    }
                    return null;   // not a string value
                }
                at = i;
            }
            return null;
        }

        static String unescape(String json, int from) {
            StringBuilder out = new StringBuilder();
            for (int i = from; i < json.length(); i++) {
                char c = json.charAt(i);
                if (c == '"') {
                    return out.toString();
                }
                if (c == '\\' && i + 1 < json.length()) {
                    char e = json.charAt(++i);
                    switch (e) {
                        case 'n' -> out.append('\n');
                        case 't' -> out.append('\t');
                        case 'r' -> out.append('\r');
                        case 'b' -> out.append('\b');
                        case 'f' -> out.append('\f');
                        case 'u' -> {
                            out.append((char) Integer.parseInt(json.substring(i + 1, i + 5), 16));
                            i += 4;
                        }
                        default -> out.append(e);
                    }
                } else {
                    out.append(c);
                }
            }
            return null;
        }
    }
}
