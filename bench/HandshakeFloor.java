package bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a WebSocket handshake costs the server, alone: opens COUNT sockets to URL (at most INFLIGHT
 * handshakes at a time), keeps them open until the last one opened, then closes them; prints one
 * table row for bench/floor.sh with the server JVM's CPU (from /proc, user + system) per opened
 * socket during the opening only. Run by floor.sh against the bare WAR's echo endpoint and against
 * Tokenkeeper's /ws/viewer (no hello is sent: the handshake only).
 *
 * <pre>java bench/HandshakeFloor.java NAME URL SERVER_PID COUNT INFLIGHT</pre>
 */
public final class HandshakeFloor {

    public static void main(String[] args) throws Exception {
        String name = args[0];
        URI uri = URI.create(args[1]);
        long pid = Long.parseLong(args[2]);
        int count = Integer.parseInt(args[3]);
        int inFlight = Integer.parseInt(args[4]);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
        Semaphore slots = new Semaphore(inFlight);
        CountDownLatch done = new CountDownLatch(count);
        List<WebSocket> open = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failed = new AtomicInteger();
        double cpu0 = cpuMillis(pid);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            if (!slots.tryAcquire(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("handshakes stalled for 60 s at " + i);
            }
            http.newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() { }).whenComplete((ws, failure) -> {
                if (failure == null) {
                    open.add(ws);
                } else {
                    failed.incrementAndGet();
                }
                slots.release();
                done.countDown();
            });
        }
        if (!done.await(300, TimeUnit.SECONDS)) {
            throw new IllegalStateException("not every handshake finished within 300 s");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = cpuMillis(pid) - cpu0;
        int opened = open.size();
        System.out.printf(Locale.ROOT, "| %s | %s | %.0f opens/s | %,d open at once | %d failed | %.3f |%n",
                name, failed.get() == 0 ? "101" : "101 (" + failed.get() + " failed)", opened / seconds, opened, failed.get(),
                cpu / Math.max(1, opened));
        synchronized (open) {
            for (WebSocket ws : open) {
                ws.abort();
            }
        }
        System.exit(0);
    }

    /** User + system CPU of a process in ms, from /proc/PID/stat (fields 14 and 15, in clock ticks of 10 ms). */
    static double cpuMillis(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10.0;
    }
}
