package dev.tokenkeeper.embed.control;

import dev.tokenkeeper.embed.entity.EmbedToken;
import dev.tokenkeeper.embed.entity.ReportProvider;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.function.Supplier;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Embed tokens minted, and provider failures, by provider. A mint served from the shared cache is
 * not a mint: only calls that reach the provider count, so the figure shows what the provider (and
 * its quota) sees. Counters are created once per provider at start.
 *
 * <p>A bean built with {@code new} (a unit test) has no registry and counts nothing.
 */
@ApplicationScoped
public class EmbedMetrics {

    static final String MINTS = "tokenkeeper.embed.mints";
    static final String ERRORS = "tokenkeeper.embed.provider.errors";

    @Inject
    MetricRegistry registry;

    private final Counter[] mints = new Counter[ReportProvider.values().length];
    private final Counter[] errors = new Counter[ReportProvider.values().length];

    /** Created at start, so every series exists (at zero) from the first scrape. */
    void atStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // nothing to do: observing the event makes CDI create this bean and run register()
    }

    @PostConstruct
    void register() {
        Metadata minted = Metadata.builder().withName(MINTS)
                .withDescription("Embed tokens minted by a provider (not those served again from the shared cache)").build();
        Metadata failed = Metadata.builder().withName(ERRORS)
                .withDescription("Embed token mints that failed at the provider").build();
        for (ReportProvider provider : ReportProvider.values()) {
            Tag tag = new Tag("provider", provider.code());
            mints[provider.ordinal()] = registry.counter(minted, tag);
            errors[provider.ordinal()] = registry.counter(failed, tag);
        }
    }

    /** Runs one mint at {@code provider}, counting it or its failure. */
    EmbedToken mint(ReportProvider provider, Supplier<EmbedToken> mint) {
        try {
            EmbedToken token = mint.get();
            count(mints[provider.ordinal()]);
            return token;
        } catch (RuntimeException e) {
            count(errors[provider.ordinal()]);
            throw e;
        }
    }

    private static void count(Counter counter) {
        if (counter != null) {
            counter.inc();
        }
    }
}
