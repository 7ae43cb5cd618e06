package bench;

import static bench.Harness.*;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
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
 * and what each open viewer costs in heap. JDK only; bench/fanout.sh compiles bench/*.java and runs it:
 *
 * <pre>java -cp bench/out/classes bench.FanoutBench --base-url http://127.0.0.1:18095 --service-pid 1234 --service-log service.log [options]</pre>
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
    static final double TARGET_HEAP_KB = 20;
    /** Issue 8 point 5: a node takes back 10,000 viewers in 10 s, a hello costs under 1 ms of service CPU. */
    static final double TARGET_CONNECT_SECONDS = 10;
    static final double TARGET_HELLO_CPU_MS = 1;
    static final int TARGET_MINTS = 1;

    static final String KID = "fanout-1";
    static final String SLUG = "fanout";
    static final String REPORT = "tv-dashboard";
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final Pattern ROUND = Pattern.compile(
            "Timed refresh round (\\d+) for tenant (\\S+) started: (\\d+) viewer\\(s\\) in (\\d+) slice\\(s\\)");
    static final Pattern TIME_MILLIS = Pattern.compile("timeMillis: (\\d+)");

    // Options
    final Options common = new Options("http://127.0.0.1:18095");
    Path serviceLog;
    int[] levels = {2000, 5000, 10000};
    int users = 200;
    int warmupViewers = 1000;
    int connectBatch = 500;
    int timedWaitSeconds = 30;
    int roundWaitSeconds = 90;
    boolean histogram = true;
    /** Open every socket first, then say every hello: the handshake's CPU and the hello's, each on its own. */
    boolean splitHello = false;
    /** The viewers' WebSocket client: "light" (bench/LightWebSocket.java, one selector thread) or "jdk" (java.net.http). */
    String client = "light";
    String serviceNotes = "";
    String profile = null;

    // State
    HttpClient http;
    ExecutorService clientExecutor;
    LightWebSocket.Client lightClient;
    IdentityProvider idp;
    String appClientId;
    String appClientSecret;
    String adminToken;
    String[] accessTokens;
    ServiceWatch watch;
    Cpu cpu;

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
        Harness.parse(args, common, "FanoutBench", "--service-log FILE --levels \"2000 5000 10000\" --users N --warmup N"
                + " --connect-batch N --timed-wait S --round-wait S --histogram true|false --split-hello true|false --client light|jdk --profile FILE.jfr --service-notes TEXT",
                (name, value) -> {
                    switch (name) {
                        case "--service-log" -> serviceLog = Path.of(value);
                        case "--levels" -> levels = Arrays.stream(value.trim().split("[\\s,]+")).mapToInt(Integer::parseInt).toArray();
                        case "--users" -> users = Integer.parseInt(value.trim());
                        case "--warmup" -> warmupViewers = Integer.parseInt(value.trim());
                        case "--connect-batch" -> connectBatch = Integer.parseInt(value.trim());
                        case "--timed-wait" -> timedWaitSeconds = Integer.parseInt(value.trim());
                        case "--round-wait" -> roundWaitSeconds = Integer.parseInt(value.trim());
                        case "--histogram" -> histogram = Boolean.parseBoolean(value.trim());
                        case "--split-hello" -> splitHello = Boolean.parseBoolean(value.trim());
                        case "--client" -> client = value.trim();
                        case "--profile" -> profile = value.trim();
                        case "--service-notes" -> serviceNotes = value.trim();
                        default -> {
                            return false;
                        }
                    }
                    return true;
                });
        URI uri = URI.create(common.baseUrl);
        if (!"127.0.0.1".equals(uri.getHost()) && !"localhost".equals(uri.getHost())) {
            throw new IllegalArgumentException("the benchmark only talks to 127.0.0.1, not " + uri.getHost());
        }
        if (serviceLog == null) {
            throw new IllegalArgumentException("--service-log is needed: the moment a round fires is read from it");
        }
        if (!client.equals("light") && !client.equals("jdk")) {
            throw new IllegalArgumentException("--client is light or jdk, not " + client);
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
        http = httpClient(TIMEOUT, clientExecutor);
        if (client.equals("light")) {
            lightClient = new LightWebSocket.Client();
        }
        watch = ServiceWatch.start(common.servicePid);
        // listing /proc every 100 ms would cost the driver: the list of postgres processes is renewed every 5 s
        cpu = new Cpu(common.servicePid, common.clkTck, 5_000_000_000L).alsoCounting(common.otherNodePids);
        cpu.startSampling();

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
            if (watch.gone()) {
                System.out.println("the service process is gone: stopping");
                break;
            }
            LevelResult result = runLevel(level);
            results.add(result);
            result.print();
        }
        if (profile != null && !watch.gone()) {
            Profile.analyse(common.servicePid, Path.of(profile), results);
        }
        printSummary(results);
        return watch.gone() ? 3 : 0;
    }


    // ---------------------------------------------------------------- setup

    void setup() throws Exception {
        idp = new IdentityProvider(KID);
        String platformToken = platformToken(http, common, TIMEOUT);
        expect(201, "POST /api/tenants", postJson("/api/tenants", idp.tenantJson(SLUG, "Fan-out bench"), platformToken));
        System.out.println("tenant '" + SLUG + "': created");
        Answer app = expect(201, "POST /api/tenants/" + SLUG + "/apps (viewer app)",
                postJson("/api/tenants/" + SLUG + "/apps", "{\"name\":\"viewer app\",\"expiringUserTokens\":true}", platformToken));
        appClientId = Json.string(app.body(), "client_id");
        appClientSecret = Json.string(app.body(), "client_secret");
        Answer admin = expect(201, "POST /api/tenants/" + SLUG + "/apps (admin app)",
                postJson("/api/tenants/" + SLUG + "/apps", "{\"name\":\"admin\",\"roles\":[\"admin\"]}", platformToken));
        Answer adminGrant = expect(200, "client_credentials for the tenant's admin app",
                send("POST", "/login/oauth/access_token", "application/x-www-form-urlencoded", form(
                        "grant_type", "client_credentials",
                        "client_id", Json.string(admin.body(), "client_id"),
                        "client_secret", Json.string(admin.body(), "client_secret")), null));
        adminToken = Json.string(adminGrant.body(), "access_token");

        expect(201, "POST /api/tenants/" + SLUG + "/reports", postJson("/api/tenants/" + SLUG + "/reports",
                "{\"id\":\"" + REPORT + "\",\"name\":\"TV dashboard\",\"provider\":\"builtin\"}", adminToken));
        Answer settings = expect(200, "PUT /api/tenants/" + SLUG + "/settings", send("PUT", "/api/tenants/" + SLUG + "/settings",
                "application/json", "{\"timedRefreshMinutes\":1,\"embedTokenMinutes\":60,\"refreshOnInteraction\":true}", adminToken));
        System.out.println("report '" + REPORT + "' (builtin), settings: " + settings.body().replaceAll("\\s+", " "));

        // U users signed in by token exchange, a few at a time; each viewer uses one of their access tokens.
        accessTokens = new String[users];
        AtomicInteger next = new AtomicInteger();
        Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            Thread t = new Thread(() -> {
                for (int i; (i = next.getAndIncrement()) < users && !watch.gone(); ) {
                    Answer answer = exchange(i);
                    String access = answer.status() == 200 ? Json.string(answer.body(), "access_token") : null;
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
        return send("POST", "/login/oauth/access_token", FORM, idp.exchangeForm("viewer-" + user, appClientId, appClientSecret), null);
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
        String next = scheduled.status() == 200 ? Json.string(scheduled.body(), "nextRoundAt") : null;
        long scheduleBase = next == null ? -1 : Instant.parse(next).toEpochMilli();

        HeapHistogram histogramBefore = histogram ? HeapHistogram.take(common.servicePid) : null;
        r.heapBeforeKb = heapUsedKb();

        // Connect, at most connectBatch in flight (a connect is in flight until its initial token or its failure).
        Viewer[] viewers = new Viewer[n];
        Semaphore inFlight = new Semaphore(connectBatch);
        CountDownLatch settled = new CountDownLatch(n);
        Cpu.Sample cpu0 = cpu.now();
        long connectStart = System.nanoTime();
        r.connectFrom = Instant.now();
        Map<String, Double> connectThreads0 = cpu.threads();
        List<URI> nodeUris = common.nodes().stream().map(url -> URI.create(url.replaceFirst("^http", "ws") + "/ws/viewer")).toList();
        if (splitHello) {
            Cpu.Sample opened = openAll(viewers, nodeUris, inFlight, settled, r);
            cpu0 = opened; // what follows is the hellos alone
        }
        for (int i = 0; i < n && !watch.gone(); i++) {
            if (!inFlight.tryAcquire(60, TimeUnit.SECONDS)) {
                System.out.println("   connects stalled for 60 s: stopping at " + i);
                for (int j = i; j < n; j++) {
                    settled.countDown();
                }
                break;
            }
            String hello = "{\"type\":\"hello\",\"accessToken\":\"" + accessTokens[i % users] + "\",\"reportId\":\"" + REPORT + "\"}";
            if (splitHello) {
                Viewer viewer = viewers[i];
                if (viewer.socket == null) {
                    viewer.settle(); // its open failed (counted below)
                    continue;
                }
                viewer.socket.sendText(hello, true).whenComplete((sent, sendFailure) -> {
                    if (sendFailure != null) {
                        viewer.failed(sendFailure);
                    }
                });
                continue;
            }
            Viewer viewer = new Viewer(i, inFlight, settled);
            viewers[i] = viewer;
            URI uri = nodeUris.get(i % nodeUris.size()); // viewer i on node i mod N, as a balancer spreading connections would
            open(uri, viewer).whenComplete((ws, failure) -> {
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
        r.connectTo = Instant.now();
        r.connectThreads = Cpu.threadGroups(connectThreads0, cpu.threads());
        Cpu.Sample cpu1 = cpu.now();
        r.connectCpu = delta(cpu0, cpu1);
        if (splitHello) {
            System.out.printf(Locale.ROOT, "   opened %,d sockets in %.1f s, then %,d hellos answered in %.1f s%n",
                    r.opened, r.openSeconds, n, r.connectSeconds - r.openSeconds);
        }
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
            HeapHistogram histogramAfter = HeapHistogram.take(common.servicePid);
            r.histogram = HeapHistogram.diff(histogramBefore, histogramAfter, Math.max(1, r.connected));
            r.histogramBytesPerViewer = (double) (histogramAfter.total() - histogramBefore.total()) / Math.max(1, r.connected);
        }

        // Wait for the next round that starts after everyone is connected.
        long logFrom = Files.size(serviceLog);
        long readyAt = System.currentTimeMillis();
        System.out.printf(Locale.ROOT, "   waiting for the next timed round (at most %d s)%n", roundWaitSeconds);
        Round round = null;
        long roundDeadline = System.nanoTime() + Duration.ofSeconds(roundWaitSeconds).toNanos();
        while (round == null && System.nanoTime() < roundDeadline && !watch.gone()) {
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
        Cpu.Sample cpuRound0 = cpu.at(round.firedAt - 100);
        Map<String, Double> threads0 = cpu.threads();   // taken when the round was seen: at most ~100 ms late
        while (System.currentTimeMillis() < windowEnd && !watch.gone()) {
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
        Cpu.Sample cpuRound1 = cpu.at(lastArrival + 150);
        r.roundThreads = Cpu.threadGroups(threads0, cpu.threads());
        r.roundCpu = delta(cpuRound0, cpuRound1);
        r.windowStart = Instant.ofEpochMilli(round.firedAt - 100);
        r.windowEnd = Instant.ofEpochMilli(lastArrival + 150);
        closeAll(viewers);
        return r;
    }

    /** Why a level cannot run here (file descriptors, ephemeral ports), or null. */
    String limitFor(int n) {
        long mine = openFilesLimit("self");
        long theirs = common.servicePid > 0 ? openFilesLimit(Long.toString(common.servicePid)) : Long.MAX_VALUE;
        if (mine > 0 && n + 200 > mine) {
            return "the driver may open " + mine + " files (ulimit -n), " + n + " viewers need " + (n + 200);
        }
        if (theirs > 0 && n + 1000 > theirs) {
            return "the service may open " + theirs + " files (ulimit -n), " + n + " viewers need about " + (n + 1000);
        }
        try {
            String[] range = read(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
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
    /**
     * Split mode, first phase: opens every viewer's socket without a hello (at most connectBatch
     * handshakes in flight) and measures what the handshakes alone cost. The service must allow a
     * long wait for the hello (fanout.sh sets tokenkeeper.viewer.hello-seconds for this mode).
     *
     * @return the CPU sample at the end of the phase
     */
    Cpu.Sample openAll(Viewer[] viewers, List<URI> nodeUris, Semaphore inFlight, CountDownLatch settled, LevelResult r) throws Exception {
        int n = viewers.length;
        Semaphore opening = new Semaphore(connectBatch);
        CountDownLatch opened = new CountDownLatch(n);
        Cpu.Sample before = cpu.now();
        long start = System.nanoTime();
        for (int i = 0; i < n && !watch.gone(); i++) {
            if (!opening.tryAcquire(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("opening sockets stalled for 60 s at " + i);
            }
            Viewer viewer = new Viewer(i, inFlight, settled);
            viewers[i] = viewer;
            open(nodeUris.get(i % nodeUris.size()), viewer)
                    .whenComplete((ws, failure) -> {
                        if (failure != null) {
                            viewer.openFailed(failure);
                        }
                        opening.release();
                        opened.countDown();
                    });
        }
        if (!opened.await(Math.max(120, n / 20), TimeUnit.SECONDS)) {
            System.out.println("   not every socket opened within the connect timeout");
        }
        Cpu.Sample after = cpu.now();
        r.openSeconds = (System.nanoTime() - start) / 1e9;
        r.openCpu = delta(before, after);
        r.opened = (int) Arrays.stream(viewers).filter(v -> v != null && v.socket != null).count();
        return after;
    }

    /** Opens a viewer's socket with the chosen client. */
    java.util.concurrent.CompletableFuture<WebSocket> open(URI uri, Viewer viewer) {
        return lightClient != null ? lightClient.connect(uri, viewer)
                : http.newWebSocketBuilder().connectTimeout(TIMEOUT).buildAsync(uri, viewer);
    }

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
            openFailed(t);
            settle();
        }

        /** A failed open in split mode: recorded, settled later with the hellos. */
        void openFailed(Throwable t) {
            Throwable cause = t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
            failure = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + abbreviate(cause.getMessage()));
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
        if (common.servicePid <= 0) {
            return -1;
        }
        jdkTool("jcmd", Long.toString(common.servicePid), "GC.run");
        String out = jdkTool("jstat", "-gc", Long.toString(common.servicePid));
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


    /** jcmd GC.class_histogram, and the difference of two: what the viewers' heap is made of. */
    record HeapHistogram(Map<String, long[]> byClass) {
        static HeapHistogram take(long pid) {
            Map<String, long[]> byClass = new HashMap<>();
            if (pid <= 0) {
                return new HeapHistogram(byClass);
            }
            for (String line : jdkTool("jcmd", Long.toString(pid), "GC.class_histogram").split("\n")) {
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
        /** The service's CPU by thread group while the viewers connected (split mode: handshakes and hellos together). */
        Map<String, Double> connectThreads;
        double[] connectCpu;
        /** Split mode: the handshakes alone (connectCpu is then the hellos alone). */
        double[] openCpu;
        double openSeconds;
        int opened;
        double[] roundCpu;
        Instant windowStart;
        Instant windowEnd;
        /** The connects (handshakes and hellos), for the profile. */
        Instant connectFrom;
        Instant connectTo;

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

        /** Service CPU per viewer while connecting: the WebSocket handshake and the hello, until its first token (split mode: the hello alone). */
        double helloCpuMs() {
            return connectCpu == null || connected == 0 ? Double.NaN : connectCpu[0] / connected;
        }

        String connectColumns() {
            return connectCpu == null ? "– | – | –" : String.format(Locale.ROOT, "%.1f | %.2f | %.0f %%", connectSeconds, helloCpuMs(), connectCpu[3]);
        }

        double jstatPerViewerKb() {
            return heapBeforeKb < 0 || heapAfterKb < 0 || connected == 0 ? Double.NaN : (double) (heapAfterKb - heapBeforeKb) / connected;
        }

        long percentile(double p) {
            return latencies.length == 0 ? -1 : Harness.percentile(latencies, p);
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
            if (openCpu != null) {
                System.out.printf(Locale.ROOT, "   CPU while opening the sockets (handshake only, per socket): service %.2f ms, PostgreSQL %.2f ms, driver %.2f ms;"
                        + " other processes %.0f%% of the machine%n",
                        openCpu[0] / Math.max(1, opened), openCpu[1] / Math.max(1, opened), openCpu[2] / Math.max(1, opened), openCpu[3]);
            }
            if (connectCpu != null) {
                System.out.printf(Locale.ROOT, "   CPU while %s (per viewer): service %.2f ms, PostgreSQL %.2f ms, driver %.2f ms;"
                        + " other processes %.0f%% of the machine%n", openCpu != null ? "saying hello (hello only)" : "connecting (handshake + hello)",
                        connectCpu[0] / Math.max(1, connected), connectCpu[1] / Math.max(1, connected), connectCpu[2] / Math.max(1, connected), connectCpu[3]);
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
            printThreadGroups("while connecting", connectThreads);
            printThreadGroups("in the round", roundThreads);
            System.out.println();
        }
    }

    static void printThreadGroups(String when, Map<String, Double> groups) {
        if (groups != null && !groups.isEmpty()) {
            StringBuilder line = new StringBuilder("   service CPU " + when + " by thread group (ms):");
            groups.entrySet().stream().limit(8).forEach(e -> line.append(String.format(Locale.ROOT, " %s %.0f,", e.getKey(), e.getValue())));
            System.out.println(line.substring(0, line.length() - 1));
        }
    }

    void printSummary(List<LevelResult> results) {
        System.out.println("== summary");
        System.out.println("| viewers | connected | connect s | service CPU ms/hello | other procs (connect) | heap KiB/viewer | p50 ms | p99 ms | last ms | errors | tokenIds (minted in round) | service CPU in round ms | driver CPU in round ms | other procs |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (LevelResult r : results) {
            if (r.round == null) {
                System.out.printf(Locale.ROOT, "| %s%,d | %,d | %s | %s | – | – | – | – | – | – | – | not run: %s |%n", r.warmup ? "warm-up " : "", r.level, r.connected,
                        r.connectColumns(), Double.isNaN(r.heapPerViewerKb()) ? "–" : String.format(Locale.ROOT, "%.1f", r.heapPerViewerKb()), r.skipped);
                continue;
            }
            System.out.printf(Locale.ROOT, "| %s%,d | %,d | %s | %.1f | %d | %d | %d | %d | %d (%d) | %.0f | %.0f | %.0f %% |%n", r.warmup ? "warm-up " : "", r.level, r.connected,
                    r.connectColumns(), r.heapPerViewerKb(), r.percentile(50), r.percentile(99), r.last(), r.errors(), r.distinctTokenIds, r.newTokenIds,
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
        // Each target where this mode measures it: the reconnect time with handshakes and hellos
        // together, the hello's CPU alone only in split mode (together, the handshake is in it).
        String notJudged;
        if (splitHello) {
            if (target.helloCpuMs() > TARGET_HELLO_CPU_MS) {
                missed.add(String.format(Locale.ROOT, "%.2f ms of service CPU per hello > %.0f ms", target.helloCpuMs(), TARGET_HELLO_CPU_MS));
            }
            notJudged = " [the time to connect is not judged in split mode: run without SPLIT_HELLO]";
        } else {
            if (target.connectSeconds > TARGET_CONNECT_SECONDS) {
                missed.add(String.format(Locale.ROOT, "%,d viewers took %.1f s to connect > %.0f s", target.level, target.connectSeconds, TARGET_CONNECT_SECONDS));
            }
            notJudged = String.format(Locale.ROOT, " [the hello's CPU is not judged here: %.2f ms is handshake and hello together; SPLIT_HELLO=1 measures the hello alone]",
                    target.helloCpuMs());
        }
        String clean = target.roundCpu != null && target.roundCpu[3] > 5
                ? String.format(Locale.ROOT, " [not a clean run: other processes used %.0f%% of the machine during the round]", target.roundCpu[3]) : "";
        if (splitHello && target.openCpu != null) {
            clean += String.format(Locale.ROOT, " [split mode: the hello alone; each handshake cost %.2f ms more before it]",
                    target.openCpu[0] / Math.max(1, target.opened));
        }
        if (target.connectCpu != null && target.connectCpu[3] > 5) {
            clean += String.format(Locale.ROOT, " [connects: other processes used %.0f%% of the machine]", target.connectCpu[3]);
        }
        System.out.printf(Locale.ROOT, "verdict (10,000 viewers connected in <= 10 s at <= 1 ms service CPU per hello, refreshed in <= 1 s, <= 20 KB heap per viewer, one mint): %s%s%n",
                missed.isEmpty() ? "MET" : "MISSED (" + String.join("; ", missed) + ")", clean + notJudged);
    }


    void printMachine() {
        Harness.printMachine(common);
        String load = read(Path.of("/proc/loadavg"));
        System.out.println("load average at start: " + (load == null ? "unknown" : load.trim()));
        System.out.println("open files (ulimit -n): driver " + openFilesLimit("self")
                + (common.servicePid > 0 ? ", service " + openFilesLimit(Long.toString(common.servicePid)) : "")
                + "; ephemeral ports: " + (read(Path.of("/proc/sys/net/ipv4/ip_local_port_range")) + "").trim().replaceAll("\\s+", "-"));
        System.out.printf(Locale.ROOT, "run: warm-up %d viewers, levels %s, %d users, %d connects at a time (%s WebSocket client), timed wait %d s, service pid %d, %s%s%n%n",
                warmupViewers, Arrays.toString(levels), users, connectBatch, client, timedWaitSeconds, common.servicePid, String.join(" ", common.nodes()),
                serviceNotes.isEmpty() ? "" : ", service: " + serviceNotes);
    }

    /** service, PostgreSQL, driver ms, and the other processes' share of the machine in %, between two samples. */
    double[] delta(Cpu.Sample a, Cpu.Sample b) {
        Cpu.Window w = cpu.window(a, b);
        return new double[] {w.serviceMs(), w.postgresMs(), w.driverMs(), w.othersPercent()};
    }

    // ---------------------------------------------------------------- profile

    /** Where the service's Java CPU went while the viewers connected and during the rounds, from its flight recording (PROFILE=1). */
    static final class Profile {
        /** One stretch of time to profile: a level's connects, or its round. */
        record Window(String title, Instant from, Instant to, Map<String, Long> innermost, Map<String, Long> ours,
                Map<String, Long> inclusive, long[] all) {
            Window(String title, Instant from, Instant to) {
                this(title, from, to, new HashMap<>(), new HashMap<>(), new HashMap<>(), new long[1]);
            }
        }

        static void analyse(long pid, Path file, List<LevelResult> results) {
            try {
                List<Window> windows = new ArrayList<>();
                for (LevelResult r : results) {
                    if (r.connectFrom != null) {
                        windows.add(new Window(String.format(Locale.ROOT, "while %,d viewers connected", r.level), r.connectFrom, r.connectTo));
                    }
                    if (r.windowStart != null) {
                        windows.add(new Window(String.format(Locale.ROOT, "during the round at %,d viewers", r.level), r.windowStart, r.windowEnd));
                    }
                }
                boolean recorded = readExecutionSamples(pid, file, event -> {
                    for (Window w : windows) {
                        if (!inside(event.getStartTime(), w.from(), w.to()) || event.getStackTrace() == null) {
                            continue;
                        }
                        w.all()[0]++;
                        var frames = event.getStackTrace().getFrames();
                        if (!frames.isEmpty()) {
                            w.innermost().merge(name(frames.get(0)), 1L, Long::sum);
                        }
                        String mine = "(no Tokenkeeper frame)";
                        Set<String> seen = new HashSet<>();
                        for (var frame : frames) {
                            String n = name(frame);
                            if (mine.startsWith("(") && n.startsWith("dev.tokenkeeper.")) {
                                mine = n;
                            }
                            if (seen.add(n)) {
                                w.inclusive().merge(n, 1L, Long::sum);
                            }
                        }
                        w.ours().merge(mine, 1L, Long::sum);
                    }
                });
                if (!recorded) {
                    return;
                }
                for (Window w : windows) {
                    long all = w.all()[0];
                    System.out.printf(Locale.ROOT, "== profile of the service %s: %d Java execution samples (%s)%n", w.title(), all, file);
                    print("  innermost frame:", w.innermost(), all);
                    print("  innermost Tokenkeeper frame:", w.ours(), all);
                    print("  on the stack (inclusive):", w.inclusive(), all, 60);
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
            print(title, counts, all, 15);
        }

        static void print(String title, Map<String, Long> counts, long all, int lines) {
            System.out.println(title);
            counts.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(lines)
                    .forEach(e -> System.out.printf(Locale.ROOT, "    %5.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, all), e.getKey()));
        }
    }

    // ---------------------------------------------------------------- HTTP

    Answer postJson(String path, String json, String bearer) {
        return send("POST", path, "application/json", json, bearer);
    }

    Answer send(String method, String path, String contentType, String body, String bearer) {
        return Harness.send(http, common.baseUrl, TIMEOUT, method, path, contentType, body, bearer);
    }
}
