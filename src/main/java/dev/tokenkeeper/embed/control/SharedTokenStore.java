package dev.tokenkeeper.embed.control;

import java.util.Optional;

/**
 * Where minted embed tokens are shared between viewers and between nodes, with a short lease so
 * that only one node mints a given token at a time. Values are strings so that no class of ours
 * has to cross a node or a class loader.
 */
public interface SharedTokenStore {

    Optional<String> get(String key);

    void put(String key, String value);

    /** True when this caller now holds the mint lease for {@code key}; it lapses by itself if never released. */
    boolean tryLease(String key);

    void releaseLease(String key);
}
