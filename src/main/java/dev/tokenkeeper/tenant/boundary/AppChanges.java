package dev.tokenkeeper.tenant.boundary;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** Body of {@code PATCH /api/tenants/{tenant}/apps/{clientId}}: only the fields present change. */
public class AppChanges {

    @Size(min = 1, max = 200, message = "1 to 200 characters")
    @Pattern(regexp = ".*\\S.*", message = "must not be blank")
    public String name;

    public Boolean expiringUserTokens;

    public Boolean deviceFlow;

    /** The web flow's redirect URIs, matched exactly: https, or http on localhost / 127.0.0.1 / [::1]. */
    @Size(max = 10, message = "at most 10 redirect URIs")
    public List<String> redirectUris;

    @Min(value = 300, message = "at least 300 seconds")
    @Max(value = 604_800, message = "at most 604800 seconds (7 days)")
    public Long accessTokenSeconds;

    @Min(value = 3_600, message = "at least 3600 seconds")
    @Max(value = 63_072_000, message = "at most 63072000 seconds (2 years)")
    public Long refreshTokenSeconds;
}
