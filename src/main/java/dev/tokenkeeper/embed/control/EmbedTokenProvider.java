package dev.tokenkeeper.embed.control;

import dev.tokenkeeper.embed.entity.EffectiveIdentity;
import dev.tokenkeeper.embed.entity.EmbedToken;
import dev.tokenkeeper.embed.entity.Report;
import dev.tokenkeeper.embed.entity.ReportProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Mints embed tokens for the reports of one {@link ReportProvider}. The caller has already decided
 * that the viewer may see {@code report}; a provider only turns that decision into a token. A token
 * names no viewer, only the report's effective identity, because viewers with the same identity
 * share it (one mint per refresh round, not one per viewer).
 */
public interface EmbedTokenProvider {

    ReportProvider kind();

    /**
     * @param tenant the slug of the report's tenant, as in the user's access token
     * @param identity the row-level security identity; empty when the report has none
     * @param lifetime how long the token may be used, from {@code now}
     * @throws EmbedTokenUnavailableException when the provider cannot mint now (throttled, down)
     */
    EmbedToken mint(Report report, String tenant, Optional<EffectiveIdentity> identity, Duration lifetime, Instant now);
}
