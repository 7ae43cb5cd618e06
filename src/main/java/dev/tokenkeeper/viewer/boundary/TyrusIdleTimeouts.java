package dev.tokenkeeper.viewer.boundary;

import jakarta.websocket.Session;
import java.lang.reflect.Field;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Stops Tyrus (Payara's WebSocket implementation) from scheduling a task per message. Tyrus restarts
 * a session's idle timeout on every frame sent or received by scheduling an {@code IdleTimeoutCommand}
 * on the container's scheduler, which in Payara is the managed scheduled executor: each schedule
 * captures the application's context (a class-loader resource lookup among it), and with no idle
 * timeout (ours: the sweeper pings and drops dead peers instead) the task is scheduled with no delay
 * and then does nothing. That was a tenth of a hello's CPU and one executor task per viewer per
 * round. This puts a thin scheduler in front of the session's own: an idle-timeout task due at once
 * (which can only be one of those no-ops) is answered with a finished future; everything else, a
 * real idle timeout included, goes to Tyrus' scheduler as before.
 *
 * <p>Tyrus keeps the scheduler in a private field of its session; when that field is not found (a
 * different WebSocket implementation), nothing is changed and the cost is simply paid, as before.
 */
final class TyrusIdleTimeouts {

    private static final Logger LOG = Logger.getLogger(TyrusIdleTimeouts.class.getName());
    private static final String IDLE_TIMEOUT_TASK = "TyrusSession$IdleTimeoutCommand";

    private volatile Field schedulerField;
    private volatile boolean unsupported;
    /** One wrapper per container scheduler (there is one): no allocation per session. */
    private volatile SkipNoOpIdleTimeouts wrapper;

    /** Containers whose own scheduler was already wrapped (one, in practice). */
    private volatile Object wrappedContainer;

    void install(Session session) {
        if (unsupported) {
            return;
        }
        wrapContainer(session.getContainer());
        try {
            Field field = schedulerField;
            if (field == null || field.getDeclaringClass() != session.getClass()) {
                field = session.getClass().getDeclaredField("service");
                field.setAccessible(true);
                schedulerField = field;
            }
            Object current = field.get(session);
            if (!(current instanceof ScheduledExecutorService scheduler) || current instanceof SkipNoOpIdleTimeouts) {
                return;
            }
            SkipNoOpIdleTimeouts skip = wrapper;
            if (skip == null || skip.delegate != scheduler) {
                skip = new SkipNoOpIdleTimeouts(scheduler);
                wrapper = skip;
            }
            field.set(session, skip);
        } catch (ReflectiveOperationException | RuntimeException e) {
            unsupported = true;
            LOG.log(Level.INFO, "WebSocket sessions of " + session.getClass().getName()
                    + " keep their own idle-timeout scheduling (one task per message)", e);
        }
    }

    /**
     * Wraps the container's scheduler itself, so that the sessions created after this one get the
     * thin scheduler from the start (Tyrus schedules the first no-op in the session's constructor,
     * before any endpoint code runs). Once per container; a failure only leaves the per-session way.
     */
    private void wrapContainer(Object container) {
        if (container == null || wrappedContainer == container) {
            return;
        }
        synchronized (this) {
            if (wrappedContainer == container) {
                return;
            }
            wrappedContainer = container;
            for (Class<?> type = container.getClass(); type != null; type = type.getSuperclass()) {
                for (String name : new String[] {"managedScheduledExecutorService", "scheduledExecutorService"}) {
                    try {
                        Field field = type.getDeclaredField(name);
                        field.setAccessible(true);
                        if (field.get(container) instanceof ScheduledExecutorService scheduler && !(scheduler instanceof SkipNoOpIdleTimeouts)) {
                            field.set(container, new SkipNoOpIdleTimeouts(scheduler));
                        }
                    } catch (NoSuchFieldException notHere) {
                        // not this class of the hierarchy
                    } catch (ReflectiveOperationException | RuntimeException e) {
                        LOG.log(Level.FINE, "The WebSocket container's scheduler stays as it is", e);
                    }
                }
            }
        }
    }

    /** A finished future: what an idle-timeout task that would do nothing gets instead of being scheduled. */
    static final class Done implements ScheduledFuture<Object> {
        static final Done INSTANCE = new Done();

        @Override
        public long getDelay(TimeUnit unit) {
            return 0;
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(0, other.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return false;
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean isDone() {
            return true;
        }

        @Override
        public Object get() {
            return null;
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            return null;
        }
    }

    static final class SkipNoOpIdleTimeouts implements ScheduledExecutorService {
        final ScheduledExecutorService delegate;

        SkipNoOpIdleTimeouts(ScheduledExecutorService delegate) {
            this.delegate = delegate;
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            // Tyrus schedules its idle timeout after the session's max idle time: due at once means none is set
            if (delay <= 0 && command.getClass().getName().endsWith(IDLE_TIMEOUT_TASK)) {
                return Done.INSTANCE;
            }
            return delegate.schedule(command, delay, unit);
        }

        @Override
        public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
            return delegate.schedule(callable, delay, unit);
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
            return delegate.scheduleAtFixedRate(command, initialDelay, period, unit);
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
            return delegate.scheduleWithFixedDelay(command, initialDelay, delay, unit);
        }

        @Override
        public void shutdown() {
            delegate.shutdown();
        }

        @Override
        public List<Runnable> shutdownNow() {
            return delegate.shutdownNow();
        }

        @Override
        public boolean isShutdown() {
            return delegate.isShutdown();
        }

        @Override
        public boolean isTerminated() {
            return delegate.isTerminated();
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            return delegate.awaitTermination(timeout, unit);
        }

        @Override
        public <T> Future<T> submit(Callable<T> task) {
            return delegate.submit(task);
        }

        @Override
        public <T> Future<T> submit(Runnable task, T result) {
            return delegate.submit(task, result);
        }

        @Override
        public Future<?> submit(Runnable task) {
            return delegate.submit(task);
        }

        @Override
        public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
            return delegate.invokeAll(tasks);
        }

        @Override
        public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit) throws InterruptedException {
            return delegate.invokeAll(tasks, timeout, unit);
        }

        @Override
        public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
            return delegate.invokeAny(tasks);
        }

        @Override
        public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
                throws InterruptedException, ExecutionException, TimeoutException {
            return delegate.invokeAny(tasks, timeout, unit);
        }

        @Override
        public void execute(Runnable command) {
            delegate.execute(command);
        }
    }
}
