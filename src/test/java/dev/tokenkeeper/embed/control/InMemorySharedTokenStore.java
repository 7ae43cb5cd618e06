package dev.tokenkeeper.embed.control;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The shared store as one JVM sees it, without expiry: tests that need a lapse move the clock instead. */
class InMemorySharedTokenStore implements SharedTokenStore {

    final Map<String, String> tokens = new ConcurrentHashMap<>();
    final Map<String, Boolean> leases = new ConcurrentHashMap<>();

    @Override
    public Optional<String> get(String key) {
        return Optional.ofNullable(tokens.get(key));
    }

    @Override
    public void put(String key, String value) {
        tokens.put(key, value);
    }

    @Override
    public boolean tryLease(String key) {
        return leases.putIfAbsent(key, Boolean.TRUE) == null;
    }

    @Override
    public void releaseLease(String key) {
        leases.remove(key);
    }
}
