import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
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
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Viewer fan-out driver for Tokenkeeper: how fast one node gets a timed refresh to N open viewers,
 * and what each open viewer costs in heap. JDK only, launched as a single source file:
 *
 * <pre>java bench/FanoutBench.java --base-url http://127.0.0.1:18095 --service-pid 1234 --service-log service.log [options]</pre>
 *
 * Normally started by {@code bench/fanout.sh}, which boots the service on a fresh PostgreSQL
 * database first. Setup: a platform token, a tenant whose identity provider is a key pair generated
 * here, a user app and an admin app, a builtin report, the tenant's settings set to a timed refresh
 * every minute, then U users signed in by token exchange. Then, per level N: N viewers connect to
 * {@code /ws/viewer} (a bounded number at a time) and say hello with one of the users' access tokens;
 * heap per viewer is measured on the service (full GC, then used heap, before and after); then the
 * driver waits for the next timed round, reads the moment it fired from the service's log line, and
 * times the arrival of every viewer's {@code timed} token against it. All viewers are closed
 * between levels.
 *
 * This is a benchmark, never run by the test suite. All traffic goes to the base URL (127.0.0.1).
 */
public class FanoutBench {

    // The targets of the issue.
    static final int TARGET_VIEWERS = 10_000;
    static final long TARGET_LAST_MS = 1_000;
    static final double TARGET_HEAP_KB = 30;
    static final int TARGET_MINTS = 1;

    static final String IDP_ISSUER = "https://idp.bench.local";
    static final String KID = "fanout-1";
    static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
    static final String JWT_TYPE = "urn:ietf:params:oauth:token-type:jwt";
    static final String SLUG = "fanout";
    static final String REPORT = "tv-dashboard";
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final Pattern ROUND = Pattern.compile(
            "Timed refresh round (\\d+) for tenant (\\S+) started: (\\d+) viewer\\(s\\) in (\\d+) slice\\(s\\)");
    static final Pattern TIME_MILLIS = Pattern.compile("timeMillis: (\\d+)");

    // Options
    String baseUrl = "http://127.0.0.1:18095";
    long servicePid = -1;
    Path serviceLog;
    int[] levels = {2000, 5000, 10000};
    int users = 200;
    int warmupViewers = 1000;
    int connectBatch = 500;
    int timedWaitSeconds = 30;
    int roundWaitSeconds = 90;
    int clkTck = 100;
    boolean histogram = true;
    String platformClientId = "Tk1.bench-platform";
    String platformClientSecret = "tks_bench_platform_secret_0000000001";
    String pgVersion = "unknown";
    String javaVersion = null;
    String serviceNotes = "";
    String profile = null;

    // State
    HttpClient http;
    ExecutorService clientExecutor;
    PrivateKey idpKey;
    RSAPublicKey idpPublicKey;
    String appClientId;
    String appClientSecret;
    String adminToken;
    String[] accessTokens;
    volatile boolean serviceGone;
    final CpuSampler sampler = new CpuSampler();

    public static void main(String[] args) throws Exception {
        FanoutBench bench = new FanoutBench();
        try {
            bench.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("FanoutBench: " + e.getMessage());
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
                System.out.println("options: --base-url URL --service-pid PID --service-log FILE --levels \"2000 5000 10000\" --users N"
                        + " --warmup N --connect-batch N --timed-wait S --round-wait S --histogram true|false --profile FILE.jfr --clk-tck N"
                        + " --pg-version V --java-version V --service-notes TEXT --platform-client-id ID --platform-client-secret S");
                System.exit(0);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + name + " needs a value");
            }
            String value = args[++i];
            switch (name) {
                case "--base-url" -> baseUrl = value.replaceAll("/+$", "");
                case "--service-pid" -> servicePid = Long.parseLong(value.trim());
                case "--service-log" -> serviceLog = Path.of(value);
                case "--levels" -> levels = Arrays.stream(value.trim().split("[\\s,]+")).mapToInt(Integer::parseInt).toArray();
                case "--users" -> users = Integer.parseInt(value.trim());
                case "--warmup" -> warmupViewers = Integer.parseInt(value.trim());
                case "--connect-batch" -> connectBatch = Integer.parseInt(value.trim());
                case "--timed-wait" -> timedWaitSeconds = Integer.parseInt(value.trim());
                case "--round-wait" -> roundWaitSeconds = Integer.parseInt(value.trim());
                case "--histogram" -> histogram = Boolean.parseBoolean(value.trim());
                case "--profile" -> profile = value.trim();
                case "--clk-tck" -> clkTck = Integer.parseInt(value.trim());
                case "--pg-version" -> pgVersion = value.trim();
                case "--java-version" -> javaVersion = value.trim();
                case "--service-notes" -> serviceNotes = value.trim();
                case "--platform-client-id" -> platformClientId = value;
                case "--platform-client-secret" -> platformClientSecret = value;
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        URI uri = URI.create(baseUrl);
        if (!"127.0.0.1".equals(uri.getHost()) && !"localhost".equals(uri.getHost())) {
            throw new IllegalArgumentException("the benchmark only talks to 127.0.0.1, not " + uri.getHost());
        }
        if (serviceLog == null) {
            throw new IllegalArgumentException("--service-log is needed: the moment a round fires is read from it");
        }
        if (Arrays.stream(levels).anyMatch(l -> l < 1) || users < 1 || connectBatch < 1 || timedWaitSeconds < 1) {
            throw new IllegalArgumentException("levels, users, connect batch and timed wait must be positive");
        }
    }

    int run() throws Exception {
        printMachine();
        // One client and a small shared executor for every socket: the driver's own cost stays low.
        clientExecutor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "ws-client");
            t.setDaemon(true);
            return t;
        });
        http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(clientExecutor)
                .build();
        startServiceWatch();
        sampler.start(servicePid, clkTck);

        long setupStart = System.nanoTime();
        setup();
        System.out.printf(Locale.ROOT, "setup done in %.1f s%n%n", (System.nanoTime() - setupStart) / 1e9);

        List<LevelResult> results = new ArrayList<>();
        if (warmupViewers > 0) {
            // One unmeasured level first: class loading, JIT and the server's buffer pools would
            // otherwise land in the first level's heap and latency figures.
            System.out.printf(Locale.ROOT, "== warm-up (not part of the verdict)%n");
            LevelResult warmup = runLevel(warmupViewers);
            warmup.warmup = true;
            results.add(warmup);
            warmup.print();
        }
        for (int level : levels) {
            if (serviceGone) {
                System.out.println("the service process is gone: stopping");
                break;
            }
            LevelResult result = runLevel(level);
            results.add(result);
            result.print();
        }
        if (profile != null && !serviceGone) {
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

        Answer platform = send("POST", "/login/oauth/access_token", "application/x-www-form-urlencoded", form(
                "grant_type", "client_credentials",
                "client_id", platformClientId,
                "client_secret", platformClientSecret), null);
        String platformToken = platform.status == 200 ? Json.string(platform.body, "access_token") : null;
        if (platformToken == null) {
            throw new SetupFailure("platform token (client_credentials with the bootstrap client)", platform);
        }
        String tenant = "{\"slug\":\"" + SLUG + "\",\"name\":\"Fan-out bench\",\"identityProvider\":{\"issuer\":\"" + IDP_ISSUER
                + "\",\"jwks\":{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"" + KID + "\",\"use\":\"sig\",\"alg\":\"RS256\",\"n\":\""
                + b64(unsigned(idpPublicKey.getModulus())) + "\",\"e\":\"" + b64(unsigned(idpPublicKey.getPublicExponent()))
                + "\"}]}}}";
        expect(201, "POST /api/tenants", postJson("/api/tenants", tenant, platformToken));
        System.out.println("tenant '" + SLUG + "': created");

        Answer app = expect(201, "POST /api/tenants/" + SLUG + "/apps (viewer app)",
                postJson("/api/tenants/" + SLUG + "/apps", "{\"name\":\"viewer app\",\"expiringUserTokens\":true}", platformToken));
        appClientId = Json.string(app.body, "client_id");
        appClientSecret = Json.string(app.body, "client_secret");
        Answer admin = expect(201, "POST /api/tenants/" + SLUG + "/apps (admin app)",
                postJson("/api/tenants/" + SLUG + "/apps", "{\"name\":\"admin\",\"roles\":[\"admin\"]}", platformToken));
        Answer adminGrant = expect(200, "client_credentials for the tenant's admin app",
                send("POST", "/login/oauth/access_token", "application/x-www-form-urlencoded", form(
                        "grant_type", "client_credentials",
                        "client_id", Json.string(admin.body, "client_id"),
                        "client_secret", Json.string(admin.body, "client_secret")), null));
        adminToken = Json.string(adminGrant.body, "access_token");

        expect(201, "POST /api/tenants/" + SLUG + "/reports", postJson("/api/tenants/" + SLUG + "/reports",
                "{\"id\":\"" + REPORT + "\",\"name\":\"TV dashboard\",\"provider\":\"builtin\"}", adminToken));
        Answer settings = expect(200, "PUT /api/tenants/" + SLUG + "/settings", send("PUT", "/api/tenants/" + SLUG + "/settings",
                "application/json", "{\"timedRefreshMinutes\":1,\"embedTokenMinutes\":60,\"refreshOnInteraction\":true}", adminToken));
        System.out.println("report '" + REPORT + "' (builtin), settings: " + settings.body.replaceAll("\\s+", " "));

        // U users signed in by token exchange, a few at a time; each viewer uses one of their access tokens.
        accessTokens = new String[users];
        AtomicInteger next = new AtomicInteger();
        Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            Thread t = new Thread(() -> {
                for (int i; (i = next.getAndIncrement()) < users && !serviceGone; ) {
                    Answer answer = exchange(i);
                    String access = answer.status == 200 ? Json.string(answer.body, "access_token") : null;
                    if (access == null) {
                        failures.computeIfAbsent(answer.key(), k -> new AtomicLong()).incrementAndGet();
                    }
                    accessTokens[i] = access;
                }
            }, "sign-in-" + w);
            t.start();
            workers.add(t);
        }
        for (Thread t : workers) {
            t.join();
        }
        if (!failures.isEmpty()) {
            throw new SetupFailure("token exchange: " + failures, null);
        }
        System.out.println("users signed in: " + users + " (each viewer i uses user i mod " + users + ")");
    }

    Answer exchange(int user) {
        long now = System.currentTimeMillis() / 1000;
        String claims = "{\"iss\":\"" + IDP_ISSUER + "\",\"sub\":\"viewer-" + user + "\",\"aud\":\"" + appClientId
                + "\",\"iat\":" + now + ",\"exp\":" + (now + 600) + "}";
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + KID + "\"}";
        String signingInput = b64(header.getBytes(StandardCharsets.UTF_8)) + "." + b64(claims.getBytes(StandardCharsets.UTF_8));
        String jwt;
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(idpKey);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            jwt = signingInput + "." + b64(signature.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return send("POST", "/login/oauth/access_token", "application/x-www-form-urlencoded", form(
                "grant_type", TOKEN_EXCHANGE,
                "client_id", appClientId,
                "client_secret", appClientSecret,
                "subject_token", jwt,
                "subject_token_type", JWT_TYPE), null);
    }

    // ---------------------------------------------------------------- one level

    LevelResult runLevel(int n) throws Exception {
        LevelResult r = new LevelResult(n);
        System.out.printf(Locale.ROOT, "== %,d viewers%n", n);
        String limit = limitFor(n);
        if (limit != null) {
            r.skipped = limit;
            System.out.println("   not run: " + limit);
            return r;
        }
        Answer scheduled = send("GET", "/api/tenants/" + SLUG + "/viewers", null, null, adminToken);
        String next = scheduled.status == 200 ? Json.string(scheduled.body, "nextRoundAt") : null;
        long scheduleBase = next == null ? -1 : Instant.parse(next).toEpochMilli();

        HeapHistogram histogramBefore = histogram ? HeapHistogram.take(servicePid) : null;
        r.heapBeforeKb = heapUsedKb();

        // Connect, at most connectBatch in flight (a connect is in flight until its initial token or its failure).
        Viewer[] viewers = new Viewer[n];
        Semaphore inFlight = new Semaphore(connectBatch);
        CountDownLatch settled = new CountDownLatch(n);
        CpuSampler.Sample cpu0 = sampler.now();
        long connectStart = System.nanoTime();
        URI uri = URI.create(baseUrl.replaceFirst("^http", "ws") + "/ws/viewer");
        for (int i = 0; i < n && !serviceGone; i++) {
            if (!inFlight.tryAcquire(60, TimeUnit.SECONDS)) {
                System.out.println("   connects stalled for 60 s: stopping at " + i);
                for (int j = i; j < n; j++) {
                    settled.countDown();
                }
                break;
            }
            Viewer viewer = new Viewer(i, inFlight, settled);
            viewers[i] = viewer;
            String hello = "{\"type\":\"hello\",\"accessToken\":\"" + accessTokens[i % users] + "\",\"reportId\":\"" + REPORT + "\"}";
            http.newWebSocketBuilder().connectTimeout(TIMEOUT).buildAsync(uri, viewer).whenComplete((ws, failure) -> {
                if (failure != null) {
                    viewer.failed(failure);
                } else {
                    ws.sendText(hello, true).whenComplete((sent, sendFailure) -> {
                        if (sendFailure != null) {
                            viewer.failed(sendFailure);
                        }
                    });
                }
            });
        }
        if (!settled.await(Math.max(120, n / 20), TimeUnit.SECONDS)) {
            System.out.println("   not every viewer settled within the connect timeout");
        }
        r.connectSeconds = (System.nanoTime() - connectStart) / 1e9;
        CpuSampler.Sample cpu1 = sampler.now();
        r.connectCpu = CpuSampler.delta(cpu0, cpu1);
        for (Viewer v : viewers) {
            if (v == null) {
                r.connectFailures++;
            } else if (v.initialAt > 0) {
                r.connected++;
            } else if (v.failure != null) {
                r.connectFailures++;
                r.failureKinds.merge(v.failure, 1, Integer::sum);
            } else {
                r.connectFailures++;
                r.failureKinds.merge(v.closeReason != null ? "closed " + v.closeReason : "no initial token", 1, Integer::sum);
            }
        }
        System.out.printf(Locale.ROOT, "   connected %,d of %,d in %.1f s (%,.0f viewers/s, %d at a time)%n",
                r.connected, n, r.connectSeconds, r.connected / r.connectSeconds, connectBatch);

        r.heapAfterKb = heapUsedKb();
        if (histogram) {
            HeapHistogram histogramAfter = HeapHistogram.take(servicePid);
            r.histogram = HeapHistogram.diff(histogramBefore, histogramAfter, Math.max(1, r.connected));
            r.histogramBytesPerViewer = (double) (histogramAfter.total() - histogramBefore.total()) / Math.max(1, r.connected);
        }

        // Wait for the next round that starts after everyone is connected.
        long logFrom = Files.size(serviceLog);
        long readyAt = System.currentTimeMillis();
        System.out.printf(Locale.ROOT, "   waiting for the next timed round (at most %d s)%n", roundWaitSeconds);
        Round round = null;
        long roundDeadline = System.nanoTime() + Duration.ofSeconds(roundWaitSeconds).toNanos();
        while (round == null && System.nanoTime() < roundDeadline && !serviceGone) {
            Thread.sleep(100);
            round = firstRoundAfter(logFrom);
        }
        if (round == null) {
            r.skipped = "no timed round within " + roundWaitSeconds + " s (see the service log)";
            System.out.println("   " + r.skipped);
            closeAll(viewers);
            return r;
        }
        r.round = round;
        if (scheduleBase > 0) {
            long k = Math.round((round.firedAt - scheduleBase) / 60_000.0);
            r.timerLagMs = round.firedAt - (scheduleBase + k * 60_000);
        }
        // Every connected viewer's timed token of this round: the first one in [fired - 5 s, fired + timed wait].
        long windowStart = round.firedAt - 5_000;
        long windowEnd = round.firedAt + timedWaitSeconds * 1000L;
        CpuSampler.Sample cpuRound0 = sampler.at(round.firedAt - 100);
        Map<String, Double> threads0 = sampler.threads();   // taken when the round was seen: at most ~100 ms late
        while (System.currentTimeMillis() < windowEnd && !serviceGone) {
            int missing = 0;
            for (Viewer v : viewers) {
                if (v != null && v.initialAt > 0 && v.timedIn(windowStart, windowEnd) == null) {
                    missing++;
                }
            }
            if (missing == 0) {
                break;
            }
            Thread.sleep(100);
        }
        Thread.sleep(1000); // late duplicates, if any
        long[] latencies = new long[r.connected];
        int count = 0;
        Set<String> tokenIds = new HashSet<>();
        Set<String> earlier = new HashSet<>();   // tokens the viewers already held: handed out again inside the share window
        for (Viewer v : viewers) {
            if (v != null && v.initialTokenId != null) {
                earlier.add(v.initialTokenId);
            }
        }
        long lastArrival = round.firedAt;
        for (Viewer v : viewers) {
            if (v == null || v.initialAt <= 0) {
                continue;
            }
            List<Timed> timed = v.timedAll(windowStart, windowEnd);
            if (timed.isEmpty()) {
                r.noTimedToken++;
                if (v.closedAt > 0) {
                    r.closedBeforeTimed++;
                }
                continue;
            }
            if (timed.size() > 1) {
                r.duplicates++;
            }
            Timed first = timed.get(0);
            latencies[count++] = first.at - round.firedAt;
            tokenIds.add(first.tokenId);
            lastArrival = Math.max(lastArrival, first.at);
        }
        r.latencies = Arrays.copyOf(latencies, count);
        Arrays.sort(r.latencies);
        r.distinctTokenIds = tokenIds.size();
        tokenIds.removeAll(earlier);
        r.newTokenIds = tokenIds.size();
        for (Viewer v : viewers) {
            if (v != null && v.initialAt > 0 && v.closedAt > 0) {
                r.closes++;
            }
        }
        CpuSampler.Sample cpuRound1 = sampler.at(lastArrival + 150);
        r.roundThreads = CpuSampler.threadGroups(threads0, sampler.threads());
        r.roundCpu = CpuSampler.delta(cpuRound0, cpuRound1);
        r.windowStart = Instant.ofEpochMilli(round.firedAt - 100);
        r.windowEnd = Instant.ofEpochMilli(lastArrival + 150);
        closeAll(viewers);
        return r;
    }

    /** Why a level cannot run here (file descriptors, ephemeral ports), or null. */
    String limitFor(int n) {
        long mine = openFilesLimit("self");
        long theirs = servicePid > 0 ? openFilesLimit(Long.toString(servicePid)) : Long.MAX_VALUE;
        if (mine > 0 && n + 200 > mine) {
            return "the driver may open " + mine + " files (ulimit -n), " + n + " viewers need " + (n + 200);
        }
        if (theirs > 0 && n + 1000 > theirs) {
            return "the service may open " + theirs + " files (ulimit -n), " + n + " viewers need about " + (n + 1000);
        }
        try {
            String[] range = CpuSampler.read(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
            long ports = Long.parseLong(range[1]) - Long.parseLong(range[0]) + 1;
            if (n + 500 > ports) {
                return "the ephemeral port range has " + ports + " ports, " + n + " viewers need " + n;
            }
        } catch (RuntimeException ignored) {
            // not Linux: try anyway
        }
        return null;
    }

    static long openFilesLimit(String pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", pid, "limits"))) {
                if (line.startsWith("Max open files")) {
                    String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                    return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // unknown
        }
        return -1;
    }

    void closeAll(Viewer[] viewers) throws InterruptedException {
        int open = 0;
        for (Viewer v : viewers) {
            if (v != null && v.socket != null && v.closedAt == 0) {
                open++;
                v.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bench level done");
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            int still = 0;
            for (Viewer v : viewers) {
                if (v != null && v.socket != null && v.closedAt == 0 && !v.socket.isInputClosed()) {
                    still++;
                }
            }
            if (still == 0) {
                break;
            }
            Thread.sleep(200);
        }
        for (Viewer v : viewers) {
            if (v != null && v.socket != null) {
                v.socket.abort();
            }
        }
        System.out.printf(Locale.ROOT, "   closed %,d viewers%n", open);
        Thread.sleep(3000); // let the service's side close and the sweeper settle
    }

    /** The first "Timed refresh round" line written after this offset, with the timeMillis of its record. */
    Round firstRoundAfter(long offset) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(serviceLog.toFile(), "r")) {
            if (file.length() <= offset) {
                return null;
            }
            file.seek(offset);
            byte[] bytes = new byte[(int) Math.min(file.length() - offset, 16 << 20)];
            file.readFully(bytes);
            long lastMillis = -1;
            for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
                Matcher time = TIME_MILLIS.matcher(line);
                if (time.find()) {
                    lastMillis = Long.parseLong(time.group(1));
                }
                Matcher round = ROUND.matcher(line);
                if (round.find()) {
                    return new Round(Long.parseLong(round.group(1)), round.group(2), Integer.parseInt(round.group(3)),
                            Integer.parseInt(round.group(4)), lastMillis > 0 ? lastMillis : System.currentTimeMillis(), lastMillis > 0);
                }
            }
        }
        return null;
    }

    record Round(long number, String tenantId, int viewers, int slices, long firedAt, boolean fromLog) {
    }

    record Timed(long at, String tokenId) {
    }

    /** One viewer: the listener of its socket. Its callbacks run on the shared client executor and only record. */
    final class Viewer implements WebSocket.Listener {
        final int index;
        final Semaphore inFlight;
        final CountDownLatch settled;
        volatile WebSocket socket;
        volatile long initialAt;
        volatile String initialTokenId;
        volatile long closedAt;
        volatile String failure;
        volatile String closeReason;
        final List<Timed> timed = new CopyOnWriteArrayList<>();
        StringBuilder partial;
        boolean released;

        Viewer(int index, Semaphore inFlight, CountDownLatch settled) {
            this.index = index;
            this.inFlight = inFlight;
            this.settled = settled;
        }

        synchronized void settle() {
            if (!released) {
                released = true;
                inFlight.release();
                settled.countDown();
            }
        }

        void failed(Throwable t) {
            Throwable cause = t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
            failure = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + abbreviate(cause.getMessage()));
            settle();
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            socket = webSocket;
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            long now = System.currentTimeMillis();
            String text;
            if (!last) {
                (partial == null ? partial = new StringBuilder() : partial).append(data);
                webSocket.request(1);
                return null;
            }
            if (partial != null) {
                text = partial.append(data).toString();
                partial = null;
            } else {
                text = data.toString();
            }
            if (text.contains("\"type\":\"token\"")) {
                String reason = Json.string(text, "reason");
                if ("timed".equals(reason)) {
                    timed.add(new Timed(now, Json.string(text, "tokenId")));
                } else if (initialAt == 0 && ("initial".equals(reason) || "reconnect".equals(reason))) {
                    initialTokenId = Json.string(text, "tokenId");
                    initialAt = now;
                    settle();
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closedAt = System.currentTimeMillis();
            closeReason = statusCode + (reason == null || reason.isEmpty() ? "" : " " + abbreviate(reason));
            settle();
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            if (closedAt == 0) {
                closedAt = System.currentTimeMillis();
            }
            failed(error);
        }

        Timed timedIn(long from, long to) {
            for (Timed t : timed) {
                if (t.at >= from && t.at <= to) {
                    return t;
                }
            }
            return null;
        }

        List<Timed> timedAll(long from, long to) {
            List<Timed> in = new ArrayList<>();
            for (Timed t : timed) {
                if (t.at >= from && t.at <= to) {
                    in.add(t);
                }
            }
            return in;
        }
    }

    // ---------------------------------------------------------------- heap

    /** Used heap of the service after a full collection, in KB (jcmd GC.run, then jstat -gc: S0U+S1U+EU+OU). */
    long heapUsedKb() {
        if (servicePid <= 0) {
            return -1;
        }
        Jdk.run("jcmd", Long.toString(servicePid), "GC.run");
        String out = Jdk.run("jstat", "-gc", Long.toString(servicePid));
        String[] lines = out.trim().split("\n");
        if (lines.length < 2) {
            return -1;
        }
        String[] names = lines[0].trim().split("\\s+");
        String[] values = lines[lines.length - 1].trim().split("\\s+");
        double used = 0;
        for (int i = 0; i < names.length && i < values.length; i++) {
            if (Set.of("S0U", "S1U", "EU", "OU").contains(names[i])) {
                used += Double.parseDouble(values[i].replace(',', '.'));
            }
        }
        return Math.round(used);
    }

    static final class Jdk {
        static String run(String tool, String... args) {
            Path exe = Path.of(System.getProperty("java.home"), "bin", tool);
            List<String> command = new ArrayList<>();
            command.add(Files.isExecutable(exe) ? exe.toString() : tool);
            command.addAll(Arrays.asList(args));
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
                return out;
            } catch (IOException e) {
                return "";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "";
            }
        }
    }

    /** jcmd GC.class_histogram, and the difference of two: what the viewers' heap is made of. */
    record HeapHistogram(Map<String, long[]> byClass) {
        static HeapHistogram take(long pid) {
            Map<String, long[]> byClass = new HashMap<>();
            if (pid <= 0) {
                return new HeapHistogram(byClass);
            }
            for (String line : Jdk.run("jcmd", Long.toString(pid), "GC.class_histogram").split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 4 && f[0].endsWith(":")) {
                    try {
                        byClass.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
                    } catch (NumberFormatException ignored) {
                        // header or total
                    }
                }
            }
            return new HeapHistogram(byClass);
        }

        long total() {
            return byClass.values().stream().mapToLong(c -> c[1]).sum();
        }

        /** The top classes by bytes grown, as "instances per viewer, bytes per viewer, class". */
        static List<String> diff(HeapHistogram before, HeapHistogram after, int viewers) {
            Map<String, long[]> grown = new HashMap<>();
            after.byClass.forEach((name, counts) -> {
                long[] was = before.byClass.getOrDefault(name, new long[2]);
                grown.put(name, new long[] {counts[0] - was[0], counts[1] - was[1]});
            });
            long total = grown.values().stream().mapToLong(c -> c[1]).sum();
            List<String> lines = new ArrayList<>();
            lines.add(String.format(Locale.ROOT, "%,.0f bytes per viewer in all (class histogram)", (double) total / viewers));
            Map<String, Long> byOwner = new TreeMap<>();
            grown.forEach((name, c) -> byOwner.merge(owner(name), c[1], Long::sum));
            StringBuilder owners = new StringBuilder("by owner:");
            byOwner.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                    .filter(e -> Math.abs(e.getValue()) >= viewers * 50L)
                    .forEach(e -> owners.append(String.format(Locale.ROOT, " %s %,.0f,", e.getKey(), (double) e.getValue() / viewers)));
            lines.add(owners.substring(0, owners.length() - 1) + " bytes per viewer");
            grown.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1])).limit(15)
                    .forEach(e -> lines.add(String.format(Locale.ROOT, "%8.2f objects %,8.0f bytes  %s",
                            (double) e.getValue()[0] / viewers, (double) e.getValue()[1] / viewers, e.getKey())));
            // One per connection or not? The objects that say who holds the rest.
            grown.entrySet().stream()
                    .filter(e -> e.getKey().matches(".*(HttpRequestPacket|HttpResponsePacket|TyrusSession|TyrusRemoteEndpoint|"
                            + "ProtocolHandler|TCPNIOConnection|HttpContext|dev\\.tokenkeeper\\.viewer\\.).*") && e.getValue()[0] >= viewers / 2)
                    .sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1])).limit(12)
                    .forEach(e -> lines.add(String.format(Locale.ROOT, "%8.2f objects %,8.0f bytes  %s",
                            (double) e.getValue()[0] / viewers, (double) e.getValue()[1] / viewers, e.getKey())));
            return lines;
        }

        /** Who a class belongs to, roughly: arrays and JDK collections are "JDK (arrays, collections, strings)". */
        static String owner(String name) {
            for (String[] owner : new String[][] {{"org.glassfish.grizzly.", "Grizzly"}, {"org.glassfish.tyrus.", "Tyrus"},
                    {"dev.tokenkeeper.", "Tokenkeeper"}, {"org.jboss.weld.", "Weld"}, {"fish.payara.", "Payara"},
                    {"org.glassfish.", "GlassFish, other"}, {"com.hazelcast.", "Hazelcast"}, {"org.eclipse.persistence.", "EclipseLink"}}) {
                if (name.startsWith(owner[0])) {
                    return owner[1];
                }
            }
            return "JDK (arrays, collections, strings)";
        }
    }

    // ---------------------------------------------------------------- results

    final class LevelResult {
        final int level;
        boolean warmup;
        String skipped;
        int connected;
        int connectFailures;
        final Map<String, Integer> failureKinds = new TreeMap<>();
        double connectSeconds;
        long heapBeforeKb = -1;
        long heapAfterKb = -1;
        List<String> histogram;
        double histogramBytesPerViewer = -1;
        Round round;
        long timerLagMs = Long.MIN_VALUE;
        long[] latencies = new long[0];
        int noTimedToken;
        int closedBeforeTimed;
        int closes;
        int duplicates;
        int distinctTokenIds;
        int newTokenIds;
        Map<String, Double> roundThreads;
        double[] connectCpu;
        double[] roundCpu;
        Instant windowStart;
        Instant windowEnd;

        LevelResult(int level) {
            this.level = level;
        }

        /** Live bytes per viewer from the class histograms (exact, after a full GC) if taken, else from jstat; in KiB. */
        double heapPerViewerKb() {
            if (histogramBytesPerViewer >= 0) {
                return histogramBytesPerViewer / 1024.0;
            }
            return jstatPerViewerKb();
        }

        double jstatPerViewerKb() {
            return heapBeforeKb < 0 || heapAfterKb < 0 || connected == 0 ? Double.NaN : (double) (heapAfterKb - heapBeforeKb) / connected;
        }

        long percentile(double p) {
            if (latencies.length == 0) {
                return -1;
            }
            int i = (int) Math.ceil(p / 100.0 * latencies.length) - 1;
            return latencies[Math.max(0, Math.min(latencies.length - 1, i))];
        }

        long last() {
            return latencies.length == 0 ? -1 : latencies[latencies.length - 1];
        }

        int errors() {
            return connectFailures + noTimedToken + closes;
        }

        void print() {
            if (skipped != null && round == null && connected == 0) {
                System.out.println();
                return;
            }
            System.out.printf(Locale.ROOT, "   heap per viewer: %.1f KiB%s (jstat after a full GC: %.1f KiB per viewer, %,d KiB before, %,d KiB with %,d viewers)%n",
                    heapPerViewerKb(), histogramBytesPerViewer >= 0 ? String.format(Locale.ROOT, " = %,.0f bytes of live objects (class histograms)",
                            histogramBytesPerViewer) : "", jstatPerViewerKb(), heapBeforeKb, heapAfterKb, connected);
            if (histogram != null) {
                System.out.println("   heap growth by class, per viewer:");
                histogram.forEach(line -> System.out.println("     " + line));
            }
            if (connectCpu != null) {
                System.out.printf(Locale.ROOT, "   CPU while connecting: service %.2f ms, PostgreSQL %.2f ms, driver %.2f ms per viewer%n",
                        connectCpu[0] / Math.max(1, connected), connectCpu[1] / Math.max(1, connected), connectCpu[2] / Math.max(1, connected));
            }
            if (!failureKinds.isEmpty()) {
                System.out.println("   failed connects: " + failureKinds);
            }
            if (round == null) {
                System.out.println("   " + skipped);
                System.out.println();
                return;
            }
            System.out.printf(Locale.ROOT, "   round %d fired at %s (%s), %,d viewer(s) in %d slice(s)%s%n", round.number,
                    Instant.ofEpochMilli(round.firedAt), round.fromLog ? "timeMillis of the log line" : "when the driver saw the line",
                    round.viewers, round.slices,
                    timerLagMs == Long.MIN_VALUE ? "" : String.format(Locale.ROOT, "; log line %+d ms after the timer's scheduled time", timerLagMs));
            System.out.printf(Locale.ROOT, "   timed token, ms after the round fired: min %d, p50 %d, p99 %d, max (last viewer) %d; %,d of %,d viewers%n",
                    latencies.length == 0 ? -1 : latencies[0], percentile(50), percentile(99), last(), latencies.length, connected);
            if (latencies.length > 0) {
                // arrivals per 100 ms after the round fired: shows whether the slices left on time
                Map<Long, Integer> buckets = new TreeMap<>();
                for (long l : latencies) {
                    buckets.merge(Math.floorDiv(l, 100) * 100, 1, Integer::sum);
                }
                StringBuilder line = new StringBuilder("   arrivals per 100 ms:");
                buckets.forEach((from, n) -> line.append(' ').append(from).append("+:").append(n));
                System.out.println(line);
            }
            System.out.printf(Locale.ROOT, "   errors: %d (failed connects %d, no timed token within %d s %d, closed %d); duplicate timed tokens: %d%n",
                    errors(), connectFailures, timedWaitSeconds, noTimedToken, closes, duplicates);
            System.out.printf(Locale.ROOT, "   distinct tokenId in the round: %d, of which minted in this round %d (one report, one identity: target 1)%s%n",
                    distinctTokenIds, newTokenIds, distinctTokenIds > newTokenIds
                            ? "; the others were minted before the round and still inside tokenkeeper.embed.share-seconds" : "");
            if (roundCpu != null) {
                double seconds = Duration.between(windowStart, windowEnd).toMillis() / 1000.0;
                System.out.printf(Locale.ROOT, "   CPU during the round (%.2f s): service %.0f ms, PostgreSQL %.0f ms, driver %.0f ms"
                        + " (%.3f / %.3f / %.3f ms per viewer); other processes %.0f%% of the machine%n",
                        seconds, roundCpu[0], roundCpu[1], roundCpu[2], roundCpu[0] / Math.max(1, connected),
                        roundCpu[1] / Math.max(1, connected), roundCpu[2] / Math.max(1, connected), roundCpu[3]);
            }
            if (roundThreads != null && !roundThreads.isEmpty()) {
                StringBuilder line = new StringBuilder("   service CPU in the round by thread group (ms):");
                roundThreads.entrySet().stream().limit(8).forEach(e -> line.append(String.format(Locale.ROOT, " %s %.0f,", e.getKey(), e.getValue())));
                System.out.println(line.substring(0, line.length() - 1));
            }
            System.out.println();
        }
    }

    void printSummary(List<LevelResult> results) {
        System.out.println("== summary");
        System.out.println("| viewers | connected | heap KiB/viewer | p50 ms | p99 ms | last ms | errors | tokenIds (minted in round) | service CPU in round ms | driver CPU in round ms | other procs |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (LevelResult r : results) {
            if (r.round == null) {
                System.out.printf(Locale.ROOT, "| %s%,d | %,d | %s | – | – | – | – | – | – | – | not run: %s |%n", r.warmup ? "warm-up " : "", r.level, r.connected,
                        Double.isNaN(r.heapPerViewerKb()) ? "–" : String.format(Locale.ROOT, "%.1f", r.heapPerViewerKb()), r.skipped);
                continue;
            }
            System.out.printf(Locale.ROOT, "| %s%,d | %,d | %.1f | %d | %d | %d | %d | %d (%d) | %.0f | %.0f | %.0f %% |%n", r.warmup ? "warm-up " : "", r.level, r.connected,
                    r.heapPerViewerKb(), r.percentile(50), r.percentile(99), r.last(), r.errors(), r.distinctTokenIds, r.newTokenIds,
                    r.roundCpu[0], r.roundCpu[2], r.roundCpu[3]);
        }
        LevelResult target = results.stream().filter(r -> !r.warmup && r.level == TARGET_VIEWERS && r.round != null).findFirst().orElse(null);
        if (target == null) {
            System.out.printf(Locale.ROOT, "verdict: no run at %,d viewers%n", TARGET_VIEWERS);
            return;
        }
        List<String> missed = new ArrayList<>();
        if (target.errors() > 0 || target.latencies.length < TARGET_VIEWERS) {
            missed.add(target.errors() + " error(s), " + target.latencies.length + " timed tokens");
        }
        if (target.last() > TARGET_LAST_MS) {
            missed.add("last viewer " + target.last() + " ms > " + TARGET_LAST_MS + " ms");
        }
        if (!(target.heapPerViewerKb() <= TARGET_HEAP_KB)) {
            missed.add(String.format(Locale.ROOT, "%.1f KiB heap per viewer > %.0f KB", target.heapPerViewerKb(), TARGET_HEAP_KB));
        }
        if (target.newTokenIds > TARGET_MINTS) {
            missed.add(target.newTokenIds + " mints for one (report, identity)");
        }
        String clean = target.roundCpu != null && target.roundCpu[3] > 5
                ? String.format(Locale.ROOT, " [not a clean run: other processes used %.0f%% of the machine during the round]", target.roundCpu[3]) : "";
        System.out.printf(Locale.ROOT, "verdict (10,000 viewers refreshed in <= 1 s, <= 30 KB heap per viewer, one mint): %s%s%n",
                missed.isEmpty() ? "MET" : "MISSED (" + String.join("; ", missed) + ")", clean);
    }

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
        String load = CpuSampler.read(Path.of("/proc/loadavg"));
        System.out.println("== machine");
        System.out.println("cores (nproc): " + Runtime.getRuntime().availableProcessors());
        System.out.println("CPU: " + model);
        System.out.println("memory: " + memory);
        System.out.println("OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        System.out.println("java: " + (javaVersion != null ? javaVersion
                : System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")));
        System.out.println("PostgreSQL: " + pgVersion);
        System.out.println("date: " + ZonedDateTime.now().withNano(0));
        System.out.println("load average at start: " + (load == null ? "unknown" : load.trim()));
        System.out.println("open files (ulimit -n): driver " + openFilesLimit("self")
                + (servicePid > 0 ? ", service " + openFilesLimit(Long.toString(servicePid)) : "")
                + "; ephemeral ports: " + (CpuSampler.read(Path.of("/proc/sys/net/ipv4/ip_local_port_range")) + "").trim().replaceAll("\\s+", "-"));
        System.out.printf(Locale.ROOT, "run: warm-up %d viewers, levels %s, %d users, %d connects at a time, timed wait %d s, service pid %d, %s%s%n%n",
                warmupViewers, Arrays.toString(levels), users, connectBatch, timedWaitSeconds, servicePid, baseUrl,
                serviceNotes.isEmpty() ? "" : ", service: " + serviceNotes);
    }

    // ---------------------------------------------------------------- CPU

    /**
     * Samples CPU every 100 ms (service, every postgres process with its children, this JVM, and the
     * machine), so a window can be cut afterwards from the log's timestamps.
     */
    static final class CpuSampler {
        record Sample(long at, double serviceMs, double postgresMs, double driverMs, long machineTotal, long machineIdle) {
        }

        final List<Sample> samples = new ArrayList<>();   // guarded by itself
        volatile List<Path> postgresStats = List.of();
        volatile long postgresListedAt = Long.MIN_VALUE / 2;
        long pid;
        int clkTck;

        void start(long servicePid, int ticks) {
            pid = servicePid;
            clkTck = ticks;
            Thread t = new Thread(() -> {
                while (true) {
                    Sample sample = now();
                    synchronized (samples) {
                        samples.add(sample);
                        if (samples.size() > 20_000) {
                            samples.subList(0, 10_000).clear();
                        }
                    }
                    pause(100);
                }
            }, "cpu-sampler");
            t.setDaemon(true);
            t.start();
        }

        Sample now() {
            double tickMs = 1000.0 / clkTck;
            double service = pid > 0 ? ticks(Path.of("/proc", Long.toString(pid), "stat"), false) * tickMs : 0;
            long postgres = 0;
            if (System.nanoTime() - postgresListedAt > 5_000_000_000L) {
                // listing /proc is the expensive part: every 5 s is enough (the pool's backends live long,
                // and one that exits is counted in the postmaster's children's times)
                List<Path> found = new ArrayList<>();
                try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
                    for (Path proc : procs) {
                        String stat = read(proc.resolve("stat"));
                        if (stat != null && stat.contains("(postgres)")) {
                            found.add(proc.resolve("stat"));
                        }
                    }
                } catch (IOException ignored) {
                    // not Linux
                }
                postgresStats = found;
                postgresListedAt = System.nanoTime();
            }
            for (Path stat : postgresStats) {
                String text = read(stat);
                if (text != null) {
                    postgres += fields(text, true);
                }
            }
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long total = 0;
            long idle = 0;
            String cpu = read(Path.of("/proc/stat"));
            if (cpu != null) {
                String[] parts = cpu.lines().findFirst().orElse("").trim().split("\\s+");
                for (int i = 1; i < parts.length && i <= 8; i++) {
                    long v = Long.parseLong(parts[i]);
                    total += v;
                    if (i == 4 || i == 5) {
                        idle += v;
                    }
                }
            }
            return new Sample(System.currentTimeMillis(), service, postgres * tickMs, os.getProcessCpuTime() / 1e6, total, idle);
        }

        /** CPU ms per service thread ("tid name"), now. */
        Map<String, Double> threads() {
            Map<String, Double> threads = new TreeMap<>();
            if (pid <= 0) {
                return threads;
            }
            double tickMs = 1000.0 / clkTck;
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
                for (Path task : tasks) {
                    String stat = read(task.resolve("stat"));
                    if (stat != null) {
                        int open = stat.indexOf('(');
                        int close = stat.lastIndexOf(')');
                        threads.put(task.getFileName() + " " + stat.substring(open + 1, close), fields(stat, false) * tickMs);
                    }
                }
            } catch (IOException ignored) {
                // the service ended
            }
            return threads;
        }

        /** CPU ms per group of service threads between two snapshots, largest first. */
        static Map<String, Double> threadGroups(Map<String, Double> before, Map<String, Double> after) {
            Map<String, Double> groups = new TreeMap<>();
            after.forEach((key, ms) -> {
                double delta = ms - before.getOrDefault(key, 0.0);
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
            if (name.startsWith("__ejb-thread-po")) {
                return "EJB timer threads";
            }
            if (name.startsWith("concurrent/__de") || name.startsWith("concurrent")) {
                return "managed executor";
            }
            return name.replaceAll("[-#(]?\\d+\\)?$", "");
        }

        /** The last sample taken at or before this moment (the first one if none). */
        Sample at(long millis) {
            synchronized (samples) {
                Sample best = samples.isEmpty() ? null : samples.get(0);
                for (Sample s : samples) {
                    if (s.at <= millis) {
                        best = s;
                    }
                }
                return best != null ? best : now();
            }
        }

        /** service, PostgreSQL, driver ms, and the other processes' share of the machine in %. */
        static double[] delta(Sample a, Sample b) {
            double service = b.serviceMs - a.serviceMs;
            double postgres = b.postgresMs - a.postgresMs;
            double driver = b.driverMs - a.driverMs;
            long total = b.machineTotal - a.machineTotal;
            double other = 0;
            if (total > 0) {
                double busyMs = (total - (b.machineIdle - a.machineIdle)) * 10.0;   // jiffies of 10 ms (USER_HZ 100)
                double allMs = total * 10.0;
                other = Math.max(0, 100.0 * (busyMs - service - postgres - driver) / allMs);
            }
            return new double[] {service, postgres, driver, other};
        }

        static long ticks(Path stat, boolean children) {
            String text = read(stat);
            return text == null ? 0 : fields(text, children);
        }

        static long fields(String stat, boolean children) {
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            long sum = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            if (children) {
                sum += Long.parseLong(f[13]) + Long.parseLong(f[14]);
            }
            return sum;
        }

        /** The whole file; Files.readString trusts the size /proc reports, which is wrong for some files. */
        static String read(Path path) {
            try (var in = Files.newInputStream(path)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
    }

    // ---------------------------------------------------------------- profile

    /** Where the service's Java CPU went during the rounds, from its flight recording (PROFILE=1). */
    static final class Profile {
        static void analyse(long pid, Path file, List<LevelResult> results) {
            try {
                Files.deleteIfExists(file);
                String output = Jdk.run("jcmd", Long.toString(pid), "JFR.dump", "name=tokenkeeper-bench", "filename=" + file.toAbsolutePath());
                if (!Files.exists(file)) {
                    System.out.println("profile: no recording (was the service started with PROFILE=1?): " + output.trim());
                    return;
                }
                for (LevelResult r : results) {
                    if (r.windowStart == null) {
                        continue;
                    }
                    Map<String, Long> top = new HashMap<>();
                    Map<String, Long> ours = new HashMap<>();
                    long all = 0;
                    try (var recording = new jdk.jfr.consumer.RecordingFile(file)) {
                        while (recording.hasMoreEvents()) {
                            var event = recording.readEvent();
                            if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                                continue;
                            }
                            Instant at = event.getStartTime();
                            if (at.isBefore(r.windowStart) || !at.isBefore(r.windowEnd) || event.getStackTrace() == null) {
                                continue;
                            }
                            all++;
                            var frames = event.getStackTrace().getFrames();
                            if (!frames.isEmpty()) {
                                top.merge(name(frames.get(0)), 1L, Long::sum);
                            }
                            String mine = "(no Tokenkeeper frame)";
                            for (var frame : frames) {
                                String n = name(frame);
                                if (n.startsWith("dev.tokenkeeper.")) {
                                    mine = n;
                                    break;
                                }
                            }
                            ours.merge(mine, 1L, Long::sum);
                        }
                    }
                    System.out.printf(Locale.ROOT, "== profile of the service during the round at %,d viewers: %d Java execution samples (%s)%n",
                            r.level, all, file);
                    print("  innermost frame:", top, all);
                    print("  innermost Tokenkeeper frame:", ours, all);
                }
                System.out.println();
            } catch (IOException | RuntimeException e) {
                System.out.println("profile: could not be read: " + e);
            }
        }

        static String name(jdk.jfr.consumer.RecordedFrame frame) {
            var method = frame.getMethod();
            return method == null || method.getType() == null ? "?" : method.getType().getName() + "." + method.getName();
        }

        static void print(String title, Map<String, Long> counts, long all) {
            System.out.println(title);
            counts.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(15)
                    .forEach(e -> System.out.printf(Locale.ROOT, "    %5.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, all), e.getKey()));
        }
    }

    // ---------------------------------------------------------------- HTTP

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

    record Answer(int status, String body, String exception) {
        String key() {
            if (status < 0) {
                return "exception " + exception;
            }
            String error = body == null ? null : Json.string(body, "error");
            return status + (error != null ? " " + error : "");
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

    static Answer expect(int status, String step, Answer answer) throws SetupFailure {
        if (answer.status != status) {
            throw new SetupFailure(step + " (expected " + status + ")", answer);
        }
        return answer;
    }

    Answer postJson(String path, String json, String bearer) {
        return send("POST", path, "application/json", json, bearer);
    }

    Answer send(String method, String path, String contentType, String body, String bearer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(TIMEOUT)
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(response.statusCode(), response.body(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, null, "InterruptedException");
        } catch (IOException e) {
            return new Answer(-1, null, e.getClass().getSimpleName() + ": " + e.getMessage());
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

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes.length > 1 && bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
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

    /** Just enough JSON: the string value of a key, with escapes. No third-party parser. */
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
                        int end = json.indexOf('"', i + 1);
                        while (end > 0 && json.charAt(end - 1) == '\\') {
                            end = json.indexOf('"', end + 1);
                        }
                        return end < 0 ? null : json.substring(i + 1, end).replace("\\/", "/");
                    }
                    return null;
                }
                at = i;
            }
            return null;
        }
    }
}
