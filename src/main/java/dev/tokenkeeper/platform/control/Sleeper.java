package dev.tokenkeeper.platform.control;

import java.time.Duration;

/**
 * Waits between retries. An interface so that unit tests record the waits instead of sleeping
 * through them; {@link ThreadSleeper} is the real one.
 */
@FunctionalInterface
public interface Sleeper {

    void sleep(Duration duration) throws InterruptedException;
}
