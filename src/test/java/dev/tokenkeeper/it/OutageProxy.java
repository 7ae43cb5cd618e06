package dev.tokenkeeper.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP forwarder on 127.0.0.1 between the server under test and its PostgreSQL, so a test can take
 * the database away without stopping the shared server: {@link #stop()} closes the listener (new
 * connections are refused) and resets every forwarded connection (RST, as a crashed or restarted
 * server leaves them); {@link #start()} listens again on the same port. Plain sockets and one daemon
 * thread per direction: a handful of pooled connections, nothing that needs to be fast.
 *
 * <p>Given several targets it is also the one URL in front of a cluster (ClusterIT): each new
 * connection goes to the next target in turn, and a target that refuses (a dead node) is skipped.
 */
final class OutageProxy implements AutoCloseable {

    private final int port;
    private final List<InetSocketAddress> targets;
    private final AtomicInteger next = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket listener;

    OutageProxy(int port, String targetHost, int targetPort) {
        this(port, List.of(new InetSocketAddress(targetHost, targetPort)));
    }

    /** @param targets tried in turn, one new connection after the other, skipping those that refuse */
    OutageProxy(int port, List<InetSocketAddress> targets) {
        this.port = port;
        this.targets = List.copyOf(targets);
    }

    int port() {
        return port;
    }

    synchronized OutageProxy start() throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        listener = socket;
        Thread acceptor = new Thread(() -> accept(socket), "outage-proxy-accept-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
        return this;
    }

    /** The database "stops": refused from now on, and every connection it had is reset. */
    synchronized void stop() throws IOException {
        ServerSocket socket = listener;
        listener = null;
        if (socket != null) {
            socket.close();
        }
        for (Socket connection : open) {
            reset(connection);
        }
        open.clear();
    }

    @Override
    public void close() throws IOException {
        stop();
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException closed) {
                return;
            }
            try {
                Socket server = connectToNextTarget();
                if (listener != socket) { // stopped while connecting
                    reset(client);
                    reset(server);
                    continue;
                }
                open.add(client);
                open.add(server);
                pump(client, server);
                pump(server, client);
            } catch (IOException e) {
                reset(client);
            }
        }
    }

    private Socket connectToNextTarget() throws IOException {
        int first = Math.floorMod(next.getAndIncrement(), targets.size());
        IOException refused = null;
        for (int i = 0; i < targets.size(); i++) {
            Socket server = new Socket();
            try {
                server.connect(targets.get((first + i) % targets.size()), 2_000);
                return server;
            } catch (IOException e) {
                server.close();
                refused = e;
            }
        }
        throw refused;
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException ended) {
                // either side went away: the other goes too
            } finally {
                reset(from);
                reset(to);
            }
        }, "outage-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    /** Closes with SO_LINGER 0: the peer gets a RST, not an orderly FIN. */
    private void reset(Socket socket) {
        open.remove(socket);
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException alreadyClosed) {
            // nothing to reset
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is all we wanted
        }
    }
}
