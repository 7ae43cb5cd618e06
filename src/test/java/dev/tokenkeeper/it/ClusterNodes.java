package dev.tokenkeeper.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Nodes of target/tokenkeeper.jar as processes on 127.0.0.1, clustered over loopback (Hazelcast TCP/IP
 * member list, no multicast), all on the database the integration tests use: start them, kill one
 * with SIGKILL ({@link Process#destroyForcibly()} on Linux, as {@code kill -9}), start it again on
 * the same ports.
 *
 * <p>Ports: free ones picked by the system, or, with {@code -Dit.cluster.port-base=N}, HTTP on N, N+1,
 * … and the grid on N+10, N+11, ….
 */
final class ClusterNodes implements AutoCloseable {

    private static final Duration BOOT = Duration.ofSeconds(180);

    /** One node: its name (also its {@code tokenkeeper.node.name}), ports and log. */
    final class Node {
        final String name;
        final int httpPort;
        final int gridPort;
        final URL url;
        /** This start's log (each start writes a new one, so a line of the run before is never read as news). */
        Path log;
        private int starts;
        private Process process;

        private Node(String name, int httpPort, int gridPort) throws IOException {
            this.name = name;
            this.httpPort = httpPort;
            this.gridPort = gridPort;
            this.url = new URL("http://127.0.0.1:" + httpPort + "/");
        }

        boolean alive() {
            return process != null && process.isAlive();
        }

        long pid() {
            return process.pid();
        }
    }

    private final File jar;
    private final Path logs;
    private final String cluster = "tk-it-" + UUID.randomUUID().toString().substring(0, 8);
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Map<String, String> environment;

    /**
     * @param names the nodes, in the order their ports are given
     * @param environment added to every node's environment (the database settings are inherited from the test's own)
     */
    ClusterNodes(List<String> names, Map<String, String> environment) throws IOException {
        this.jar = new File("target/tokenkeeper.jar");
        assertTrue(jar.exists(), "target/tokenkeeper.jar is missing: run the integration tests with 'mvn verify'");
        this.logs = Files.createTempDirectory("tokenkeeper-cluster-it");
        this.environment = Map.copyOf(environment);
        Integer base = Integer.getInteger("it.cluster.port-base");
        for (int i = 0; i < names.size(); i++) {
            int http = base == null ? freePort() : base + i;
            int grid = base == null ? freePort() : base + 10 + i;
            nodes.put(names.get(i), new Node(names.get(i), http, grid));
        }
    }

    Node node(String name) {
        return nodes.get(name);
    }

    URL url(String name) {
        return nodes.get(name).url;
    }

    Path logs() {
        return logs;
    }

    /**
     * Starts every node and waits until all are ready and form one cluster. The first boots alone so
     * the others join it (started together, two could each found a cluster and merge only minutes later).
     */
    void startAll(URL issuer) throws Exception {
        List<Node> all = List.copyOf(nodes.values());
        start(all.get(0).name, issuer);
        awaitReady(all.get(0));
        for (Node node : all.subList(1, all.size())) {
            start(node.name, issuer);
        }
        for (Node node : all.subList(1, all.size())) {
            awaitReady(node);
        }
        awaitMembers(all.size(), Duration.ofSeconds(90));
    }

    /** Starts (or starts again) one node; returns at once. */
    void start(String name, URL issuer) throws IOException {
        Node node = nodes.get(name);
        assertTrue(!node.alive(), "node " + name + " is already running");
        Path dataDir = Files.createDirectories(logs.resolve(name + "-data"));
        node.starts++;
        node.log = logs.resolve(name + (node.starts == 1 ? "" : "-" + node.starts) + ".log");
        String members = "tcpip:" + nodes.values().stream().map(n -> "127.0.0.1:" + n.gridPort).collect(Collectors.joining(","));
        ProcessBuilder builder = new ProcessBuilder(javaBinary(), "-Xmx512m", "-Dhazelcast.socket.bind.any=false",
                "-jar", jar.getAbsolutePath(), "--port", Integer.toString(node.httpPort), "--clustername", cluster,
                "--clustermode", members, "--interfaces", "127.0.0.1", "--startport", Integer.toString(node.gridPort), "--nohostaware")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(node.log.toFile()));
        builder.environment().put("TOKENKEEPER_DATA_DIR", dataDir.toString());
        builder.environment().put("TOKENKEEPER_ISSUER", issuer.toString().replaceAll("/$", ""));
        builder.environment().put("TOKENKEEPER_DEMO_ENABLED", "false");
        builder.environment().put("TOKENKEEPER_NODE_NAME", name);
        builder.environment().putAll(environment);
        node.process = builder.start();
    }

    /** {@code kill -9}: no shutdown hook, no goodbye to the cluster; waits until the process is gone. */
    void kill(String name) throws InterruptedException {
        Node node = nodes.get(name);
        node.process.destroyForcibly();
        assertTrue(node.process.waitFor(10, TimeUnit.SECONDS), "node " + name + " did not die");
    }

    void awaitReady(String name) throws Exception {
        awaitReady(nodes.get(name));
    }

    private void awaitReady(Node node) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + BOOT.toNanos();
        while (System.nanoTime() < deadline) {
            assertTrue(node.alive(), "node " + node.name + " exited; see " + node.log);
            try {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(node.url.toURI().resolve("health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still booting
            }
            Thread.sleep(500);
        }
        throw new AssertionError(node.url + " not ready after " + BOOT + "; see " + node.log);
    }

    /** Starts a node that was killed again, and waits until it is ready and has joined a grid of {@code size}. */
    void restart(String name, URL issuer, int size) throws Exception {
        start(name, issuer);
        awaitReady(name);
        awaitMembers(size, Duration.ofSeconds(90), List.of(nodes.get(name)));
    }

    /** Waits until some node's log says the data grid has {@code size} members (Payara's or Hazelcast's line). */
    void awaitMembers(int size, Duration within) throws Exception {
        awaitMembers(size, within, List.copyOf(nodes.values()));
    }

    private void awaitMembers(int size, Duration within, List<Node> candidates) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            for (Node node : candidates) {
                if (node.log != null && Files.exists(node.log)) {
                    String log = Files.readString(node.log);
                    if (log.contains("DG Size: " + size) || log.contains("Members {size:" + size + ",")) {
                        return;
                    }
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no node logged a data grid of " + size + " members (the nodes did not form one cluster); see " + logs);
    }

    /** Stops every node still running (SIGTERM, then SIGKILL after 30 s). */
    @Override
    public void close() throws InterruptedException {
        for (Node node : nodes.values()) {
            if (node.alive()) {
                node.process.destroy();
            }
        }
        for (Node node : nodes.values()) {
            if (node.process != null && !node.process.waitFor(30, TimeUnit.SECONDS)) {
                node.process.destroyForcibly();
            }
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
