package dev.tokenkeeper.viewer.control;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A connection that records what was sent and holds each send's completion until the test releases it. */
class FakeConnection implements ViewerConnection {

    final String id;
    final List<String> sent = new ArrayList<>();
    final List<Consumer<Throwable>> pending = new ArrayList<>();
    boolean completeAtOnce = true;
    int pings;
    Integer closedWith;
    String closeReason;
    /** Like a socket closed off its own thread: the close waits for the peer until done or forced. */
    boolean closesLater;
    boolean closePending;
    boolean forced;

    FakeConnection(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public synchronized void sendText(String text, Consumer<Throwable> done) {
        sent.add(text);
        if (completeAtOnce) {
            done.accept(null);
        } else {
            pending.add(done);
        }
    }

    void completeNext(Throwable failure) {
        Consumer<Throwable> done;
        synchronized (this) {
            done = pending.remove(0);
        }
        done.accept(failure);
    }

    @Override
    public void ping() {
        pings++;
    }

    @Override
    public void close(int code, String reason) {
        closedWith = code;
        closeReason = reason;
        closePending = closesLater;
    }

    @Override
    public boolean closePending() {
        return closePending;
    }

    @Override
    public void forceClose() {
        forced = true;
        closePending = false;
    }
}
