package bench;

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
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * What every benchmark driver in bench/ shares: the options every script passes, the machine
 * description, CPU accounting from /proc (the service, PostgreSQL, the driver, everything else),
 * percentiles, the watch on the service process, a small HTTP client, just enough JSON, the test
 * identity provider and the flight-recording reader. The drivers (RotationBench, FanoutBench) only
 * hold their own load and report. JDK only: the scripts compile bench/*.java with javac into
 * bench/out/classes (see service.sh).
 */
public final class Harness {

    private Harness() {
    }

    // ---------------------------------------------------------------- options every script passes

    /** The options bench/service.sh passes to every driver. */
    public static final class Options {
        public String baseUrl;
        public long servicePid = -1;
        public int clkTck = 100;
        public String pgVersion = "unknown";
        public String javaVersion = null;
        public String platformClientId = "Tk1.bench-platform";
        public String platformClientSecret = "tks_bench_platform_secret_0000000001";
        /** Every node of a cluster under test (the base URL first); one node unless --node-urls says more. */
        public List<String> nodeUrls = List.of();
        /** The other nodes' JVMs, whose CPU counts as the service's. */
        public List<Long> otherNodePids = List.of();

        Options(String defaultBaseUrl) {
            baseUrl = defaultBaseUrl;
        }

        /** Takes one of the common options; false if the name is the driver's own. */
        boolean accept(String name, String value) {
            switch (name) {
                case "--base-url" -> baseUrl = value.replaceAll("/+$", "");
                case "--service-pid" -> servicePid = Long.parseLong(value.trim());
                case "--clk-tck" -> clkTck = Integer.parseInt(value.trim());
                case "--pg-version" -> pgVersion = value.trim();
                case "--java-version" -> javaVersion = value.trim();
                case "--platform-client-id" -> platformClientId = value;
                case "--platform-client-secret" -> platformClientSecret = value;
                case "--node-urls" -> nodeUrls = Arrays.stream(value.trim().split("[\\s,]+")).map(url -> url.replaceAll("/+$", "")).toList();
                case "--node-pids" -> otherNodePids = Arrays.stream(value.trim().split("[\\s,]+")).filter(pid -> !pid.isEmpty())
                        .map(Long::parseLong).toList();
                default -> {
                    return false;
                }
            }
            return true;
        }

        /** Every benchmark talks to this machine only. */
        void requireLoopback() {
            for (String url : nodes()) {
                URI uri = URI.create(url);
                if (!"127.0.0.1".equals(uri.getHost()) && !"localhost".equals(uri.getHost())) {
                    throw new IllegalArgumentException("the benchmark only talks to 127.0.0.1, not " + uri.getHost());
                }
            }
        }

        /** The nodes the load is spread over: --node-urls, or the base URL alone. */
        public List<String> nodes() {
            return nodeUrls.isEmpty() ? List.of(baseUrl) : nodeUrls;
        }
    }

    /** name/value pairs of the command line, for the driver's parse: --help handled by the caller. */
    static void parse(String[] args, Options common, String driver, String help, OptionSink own) {
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--help") || name.equals("-h")) {
                System.out.println("options: " + help + " --base-url URL --service-pid PID --clk-tck N --pg-version V"
                        + " --java-version V --platform-client-id ID --platform-client-secret S");
                System.exit(0);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + name + " needs a value");
            }
            String value = args[++i];
            if (!common.accept(name, value) && !own.accept(name, value)) {
                throw new IllegalArgumentException("unknown option " + name);
            }
        }
        common.requireLoopback();
    }

    @FunctionalInterface
    interface OptionSink {
        boolean accept(String name, String value);
    }

    // ---------------------------------------------------------------- machine

    /** The "== machine" block down to the date; the driver adds its own lines and its "run:" line. */
    static void printMachine(Options options) {
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
        System.out.println("java: " + (options.javaVersion != null ? options.javaVersion
                : System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")));
        System.out.println("PostgreSQL: " + options.pgVersion);
        System.out.println("date: " + ZonedDateTime.now().withNano(0));
    }

    // ---------------------------------------------------------------- CPU from /proc

    /**
     * CPU consumed so far, in ms: the service JVM, every postgres process (with its children's times,
     * so backends that exit in a window are still counted through the postmaster), this JVM, and the
     * machine's jiffies. A window is the difference of two samples; {@link #startSampling} keeps one
     * every 100 ms so that a window can also be cut afterwards (from a log line's timestamp).
     */
    static final class Cpu {
        record Sample(long at, double serviceMs, double postgresMs, double driverMs, long machineTotal, long machineIdle) {
        }

        /** One window: CPU ms of each party, and of the whole machine (busy and capacity, every core). */
        record Window(double serviceMs, double postgresMs, double driverMs, double machineBusyMs, double machineAllMs) {
            /** CPU of every other process on the machine during the window. */
            double othersMs() {
                return Math.max(0, machineBusyMs - serviceMs - postgresMs - driverMs);
            }

            /** Busy share of the machine, in %. */
            double busyPercent() {
                return machineAllMs > 0 ? 100.0 * machineBusyMs / machineAllMs : Double.NaN;
            }

            /** The other processes' share of the machine's capacity, in %. */
            double othersPercent() {
                return machineAllMs > 0 ? 100.0 * othersMs() / machineAllMs : 0;
            }
        }

        final long pid;
        final int clkTck;
        final long relistNanos;
        /** Further service JVMs (the other nodes of a cluster), counted with the service. */
        private List<Long> otherPids = List.of();
        private List<Path> postgresStats = List.of();
        private long postgresListedAt = Long.MIN_VALUE / 2;
        private final List<Sample> samples = new ArrayList<>();   // guarded by itself

        /**
         * @param relistNanos how old the list of postgres processes may get: listing /proc is the
         *        expensive part of a sample; the pool's backends live long and one that exits is
         *        counted in the postmaster's children's times
         */
        Cpu(long pid, int clkTck, long relistNanos) {
            this.pid = pid;
            this.clkTck = clkTck;
            this.relistNanos = relistNanos;
        }

        double tickMs() {
            return 1000.0 / clkTck;
        }

        /** Counts these JVMs' CPU as the service's too: the other nodes of a cluster. */
        Cpu alsoCounting(List<Long> pids) {
            otherPids = List.copyOf(pids);
            return this;
        }

        synchronized Sample now() {
            double service = pid > 0 ? ticks(Path.of("/proc", Long.toString(pid), "stat"), false) * tickMs() : 0;
            for (long other : otherPids) {
                service += ticks(Path.of("/proc", Long.toString(other), "stat"), false) * tickMs();
            }
            if (System.nanoTime() - postgresListedAt >= relistNanos) {
                List<Path> found = new ArrayList<>();
                try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
                    for (Path proc : procs) {
                        String stat = read(proc.resolve("stat"));
                        if (stat != null && "postgres".equals(comm(stat))) {
                            found.add(proc.resolve("stat"));
                        }
                    }
                } catch (IOException ignored) {
                    // not Linux
                }
                postgresStats = found;
                postgresListedAt = System.nanoTime();
            }
            long postgres = 0;
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
                for (int i = 1; i < parts.length && i <= 8; i++) {   // user nice system idle iowait irq softirq steal
                    long v = Long.parseLong(parts[i]);
                    total += v;
                    if (i == 4 || i == 5) {
                        idle += v;
                    }
                }
            }
            return new Sample(System.currentTimeMillis(), service, postgres * tickMs(), os.getProcessCpuTime() / 1e6, total, idle);
        }

        Window window(Sample a, Sample b) {
            long total = b.machineTotal - a.machineTotal;
            long busy = total - (b.machineIdle - a.machineIdle);
            return new Window(b.serviceMs - a.serviceMs, b.postgresMs - a.postgresMs, b.driverMs - a.driverMs,
                    busy * tickMs(), total * tickMs());
        }

        /** Keeps a sample every 100 ms in the background (daemon thread), for {@link #at}. */
        void startSampling() {
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

        /** The last kept sample taken at or before this moment (the first one if none). */
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

        /** CPU ms per service thread ("tid name"), now: where inside the JVM the CPU goes. */
        Map<String, Double> threads() {
            Map<String, Double> threads = new TreeMap<>();
            if (pid <= 0) {
                return threads;
            }
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
                for (Path task : tasks) {
                    String stat = read(task.resolve("stat"));
                    if (stat != null) {
                        threads.put(task.getFileName() + " " + comm(stat), fields(stat, false) * tickMs());
                    }
                }
            } catch (IOException ignored) {
                // the service ended
            }
            return threads;
        }

        /** CPU ms per group of service threads between two snapshots of {@link #threads}, largest first. */
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
            if (name.startsWith("concurrent")) {
                return "managed executor";
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
    }

    /** The whole file, or null; Files.readString trusts the size /proc reports, which is wrong for some files. */
    static String read(Path path) {
        try (var in = Files.newInputStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return null;   // the process ended meanwhile, or not Linux
        }
    }

    // ---------------------------------------------------------------- statistics

    /** Nearest-rank percentile of a sorted, non-empty array. */
    static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
    }

    /** Counts per key, largest first, with one example each. */
    static void printBreakdown(Map<String, AtomicLong> counts, Map<String, String> samples) {
        Map<String, AtomicLong> sorted = new LinkedHashMap<>();
        counts.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue().get(), a.getValue().get()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        sorted.forEach((key, count) -> System.out.println("  " + count.get() + " x " + key + "  e.g. " + samples.getOrDefault(key, "")));
    }

    // ---------------------------------------------------------------- the service process

    /** Watches the service process: if it dies, every loop stops instead of counting connection errors. */
    static final class ServiceWatch {
        private volatile boolean gone;

        static ServiceWatch start(long pid) {
            ServiceWatch watch = new ServiceWatch();
            if (pid > 0) {
                Thread t = new Thread(() -> {
                    while (true) {
                        if (!Files.exists(Path.of("/proc", Long.toString(pid)))) {
                            watch.gone = true;
                            System.out.println("!! service process " + pid + " exited");
                            return;
                        }
                        pause(500);
                    }
                }, "service-watch");
                t.setDaemon(true);
                t.start();
            }
            return watch;
        }

        boolean gone() {
            return gone;
        }
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

        static Answer failure(Exception e) {
            String message = e.getMessage();
            return new Answer(-1, null, e.getClass().getSimpleName() + (message != null && message.length() < 80 ? ": " + message : ""));
        }
    }

    static final class SetupFailure extends Exception {
        private static final long serialVersionUID = 1L;

        SetupFailure(String step, Answer answer) {
            super("setup failed at " + step + (answer == null ? "" : ": " + (answer.status() < 0
                    ? answer.exception() : "HTTP " + answer.status() + " " + answer.sample())));
        }
    }

    static Answer expect(int status, String step, Answer answer) throws SetupFailure {
        if (answer.status() != status) {
            throw new SetupFailure(step + " (expected " + status + ")", answer);
        }
        return answer;
    }

    static HttpClient httpClient(Duration timeout, java.util.concurrent.Executor executor) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (executor != null) {
            builder.executor(executor);
        }
        return builder.build();
    }

    /** One request with java.net.http; a body of null sends none. Never throws: failures are an Answer. */
    static Answer send(HttpClient client, String baseUrl, Duration timeout, String method, String path, String contentType,
            String body, String bearer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(timeout)
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
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
            return Answer.failure(e);
        }
    }

    /** The bootstrap platform client's access token (client credentials). */
    static String platformToken(HttpClient client, Options options, Duration timeout) throws SetupFailure {
        Answer platform = send(client, options.baseUrl, timeout, "POST", "/login/oauth/access_token", FORM, form(
                "grant_type", "client_credentials",
                "client_id", options.platformClientId,
                "client_secret", options.platformClientSecret), null);
        String token = platform.status() == 200 ? Json.string(platform.body(), "access_token") : null;
        if (token == null) {
            throw new SetupFailure("platform token (client_credentials with the bootstrap client)", platform);
        }
        return token;
    }

    static final String FORM = "application/x-www-form-urlencoded";

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

    /** How a worker sends one POST. */
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
        final int timeoutMillis;
        java.net.Socket socket;
        java.io.InputStream in;
        java.io.OutputStream out;
        final byte[] buffer = new byte[16384];
        int start;
        int end;

        SocketTransport(URI base, Duration timeout) {
            host = base.getHost();
            port = base.getPort() > 0 ? base.getPort() : 80;
            hostHeader = host + ":" + port;
            timeoutMillis = (int) timeout.toMillis();
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
                return Answer.failure(e);
            }
        }

        void connect() throws IOException {
            java.net.Socket s = new java.net.Socket();
            s.setTcpNoDelay(true);
            s.setSoTimeout(timeoutMillis);
            s.connect(new java.net.InetSocketAddress(host, port), timeoutMillis);
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

    // ---------------------------------------------------------------- the tenant's identity provider

    /** An RSA key pair made here: registered inline as a tenant's JWKS, it signs the subject tokens for token exchange. */
    static final class IdentityProvider {
        static final String ISSUER = "https://idp.bench.local";
        static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
        static final String JWT_TYPE = "urn:ietf:params:oauth:token-type:jwt";

        final String kid;
        final PrivateKey key;
        final RSAPublicKey publicKey;

        IdentityProvider(String kid) throws java.security.GeneralSecurityException {
            this.kid = kid;
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            key = pair.getPrivate();
            publicKey = (RSAPublicKey) pair.getPublic();
        }

        /** The body of POST /api/tenants for a tenant that trusts this provider. */
        String tenantJson(String slug, String name) {
            return "{\"slug\":\"" + slug + "\",\"name\":\"" + name + "\",\"identityProvider\":{\"issuer\":\"" + ISSUER
                    + "\",\"jwks\":{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"" + kid + "\",\"use\":\"sig\",\"alg\":\"RS256\",\"n\":\""
                    + b64(unsigned(publicKey.getModulus())) + "\",\"e\":\"" + b64(unsigned(publicKey.getPublicExponent()))
                    + "\"}]}}}";
        }

        /** The form of a token exchange for this subject at this app, with a fresh RS256 subject token. */
        String exchangeForm(String subject, String clientId, String clientSecret) {
            long now = System.currentTimeMillis() / 1000;
            String jwt = jwt("{\"iss\":\"" + ISSUER + "\",\"sub\":\"" + subject + "\",\"aud\":\"" + clientId
                    + "\",\"iat\":" + now + ",\"exp\":" + (now + 600) + "}");
            return form(
                    "grant_type", TOKEN_EXCHANGE,
                    "client_id", clientId,
                    "client_secret", clientSecret,
                    "subject_token", jwt,
                    "subject_token_type", JWT_TYPE);
        }

        String jwt(String claims) {
            String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}";
            String signingInput = b64(header.getBytes(StandardCharsets.UTF_8)) + "." + b64(claims.getBytes(StandardCharsets.UTF_8));
            try {
                Signature signature = Signature.getInstance("SHA256withRSA");
                signature.initSign(key);
                signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
                return signingInput + "." + b64(signature.sign());
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    // ---------------------------------------------------------------- JDK tools and flight recordings

    /** Runs a JDK tool (jcmd, jstat) of the running JDK; its output, or "" if it could not run. */
    static String jdkTool(String tool, String... args) {
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

    /**
     * Dumps the service's flight recording (started by the script with PROFILE=1) into the file and
     * hands every Java execution sample to the consumer. False, with a line printed, if there is none.
     */
    static boolean readExecutionSamples(long pid, Path file, Consumer<jdk.jfr.consumer.RecordedEvent> consumer) throws IOException {
        Files.deleteIfExists(file);
        String output = jdkTool("jcmd", Long.toString(pid), "JFR.dump", "name=tokenkeeper-bench", "filename=" + file.toAbsolutePath());
        if (!Files.exists(file)) {
            System.out.println("profile: no recording (was the service started with PROFILE=1?): " + output.trim());
            return false;
        }
        try (var recording = new jdk.jfr.consumer.RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                var event = recording.readEvent();
                if (event.getEventType().getName().equals("jdk.ExecutionSample")) {
                    consumer.accept(event);
                }
            }
        }
        return true;
    }

    static boolean inside(Instant at, Instant from, Instant to) {
        return from != null && !at.isBefore(from) && at.isBefore(to);
    }

    // ---------------------------------------------------------------- small things

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
}
