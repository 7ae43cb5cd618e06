package dev.tokenkeeper.embed.control;

import java.time.Clock;

/** A {@link SharedEmbedTokens} on an in-memory store, for tests of other packages (the providers'). */
public final class SharedEmbedTokensFixture {

    private SharedEmbedTokensFixture() {
    }

    public static SharedEmbedTokens inMemory(Clock clock) {
        SharedEmbedTokens shared = new SharedEmbedTokens();
        shared.store = new InMemorySharedTokenStore();
        shared.clock = clock;
        shared.shareSeconds = 30;
        shared.leaseWaitMillis = 3000;
        return shared;
    }
}
