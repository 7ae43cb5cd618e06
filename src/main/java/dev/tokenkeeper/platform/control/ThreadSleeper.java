package dev.tokenkeeper.platform.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** Blocks the calling thread: a retry waits on the request thread that asked for the token. */
@ApplicationScoped
public class ThreadSleeper implements Sleeper {

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }
}
