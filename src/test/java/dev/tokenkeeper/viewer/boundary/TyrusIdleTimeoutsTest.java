package dev.tokenkeeper.viewer.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Only Tyrus' no-op idle-timeout task (due at once) is skipped; everything else still runs. */
class TyrusIdleTimeoutsTest {

    /** Stands for Tyrus' {@code TyrusSession}: the wrapper recognises its idle-timeout task by name. */
    static final class TyrusSession {
        static final class IdleTimeoutCommand implements Runnable {
            final AtomicInteger runs = new AtomicInteger();

            @Override
            public void run() {
                runs.incrementAndGet();
            }
        }
    }

    private final ScheduledExecutorService real = Executors.newSingleThreadScheduledExecutor();
    private final TyrusIdleTimeouts.SkipNoOpIdleTimeouts cut = new TyrusIdleTimeouts.SkipNoOpIdleTimeouts(real);

    @AfterEach
    void stop() {
        real.shutdownNow();
    }

    @Test
    void anIdleTimeoutDueAtOnceIsAnsweredWithoutScheduling() throws Exception {
        TyrusSession.IdleTimeoutCommand noOp = new TyrusSession.IdleTimeoutCommand();

        ScheduledFuture<?> future = cut.schedule(noOp, 0, TimeUnit.MILLISECONDS);

        assertSame(TyrusIdleTimeouts.Done.INSTANCE, future);
        assertTrue(future.isDone());
        real.submit(() -> { }).get(5, TimeUnit.SECONDS); // anything scheduled would have run by now
        assertEquals(0, noOp.runs.get());
    }

    @Test
    void aRealIdleTimeoutIsStillScheduled() throws Exception {
        TyrusSession.IdleTimeoutCommand timeout = new TyrusSession.IdleTimeoutCommand();

        cut.schedule(timeout, 1, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS);

        assertEquals(1, timeout.runs.get());
    }

    @Test
    void anyOtherTaskDueAtOnceStillRuns() throws Exception {
        AtomicInteger runs = new AtomicInteger();

        cut.schedule(runs::incrementAndGet, 0, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS);

        assertEquals(1, runs.get());
    }
}
