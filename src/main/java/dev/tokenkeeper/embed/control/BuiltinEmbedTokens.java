package dev.tokenkeeper.embed.control;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.tokenkeeper.embed.entity.EffectiveIdentity;
import dev.tokenkeeper.embed.entity.EmbedToken;
import dev.tokenkeeper.embed.entity.Report;
import dev.tokenkeeper.embed.entity.ReportProvider;
import dev.tokenkeeper.platform.entity.Urls;
import dev.tokenkeeper.token.boundary.TokenSigner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The {@code builtin} provider: an ES256 JWT signed with Tokenkeeper's current key, so anything that
 * reads our JWKS can check it. {@code aud} and {@code token_use} keep it from being mistaken for an
 * access token: MicroProfile JWT on our own routes would otherwise accept it (same issuer, same key),
 * and it carries no {@code groups}, so no role-protected route admits it either.
 */
@ApplicationScoped
public class BuiltinEmbedTokens implements EmbedTokenProvider {

    public static final String AUDIENCE = "tokenkeeper-embed";
    public static final String TOKEN_USE = "embed";

    @Inject
    TokenSigner signer;

    @Inject
    @ConfigProperty(name = "tokenkeeper.issuer")
    String issuer;

    @Override
    public ReportProvider kind() {
        return ReportProvider.BUILTIN;
    }

    @Override
    public EmbedToken mint(Report report, String tenant, Optional<EffectiveIdentity> identity, Duration lifetime, Instant now) {
        // JWT times are whole seconds (RFC 7519 §2 NumericDate): truncate first so that the
        // expiration we answer is exactly the exp inside the token.
        Instant issuedAt = now.truncatedTo(ChronoUnit.SECONDS);
        Instant expiresAt = issuedAt.plus(lifetime);
        String tokenId = UUID.randomUUID().toString();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(identity.map(EffectiveIdentity::username).orElse(null))
                .audience(AUDIENCE)
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(expiresAt))
                .jwtID(tokenId)
                .claim("tenant", tenant)
                .claim("rid", report.reportId())
                .claim("token_use", TOKEN_USE)
                .build();
        return new EmbedToken(signer.sign(claims), tokenId, expiresAt, report.reportId(), embedUrl(report));
    }

    /** The demo viewer page that will show a builtin report; it does not exist yet (a later slice). */
    String embedUrl(Report report) {
        String base = Urls.withoutTrailingSlash(issuer);
        // report ids are [A-Za-z0-9._-]+ (checked when registered): safe in a path as they are
        return base + "/embed/reports/" + report.reportId();
    }
}
