package dev.tokenkeeper.tenant.boundary;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** Body of {@code POST /api/tenants/{tenant}/apps}; lifetimes optional (GitHub's 8 h / 6 months). */
public class NewApp {

    @NotBlank(message = "name is required")
    @Size(max = 200, message = "at most 200 characters")
    public String name;

    /** Default true: new apps get expiring user tokens, as on GitHub. */
    public Boolean expiringUserTokens;

    /** Default false, as on GitHub: the device flow lets a device with only a client_id sign users in. */
    public Boolean deviceFlow;

    /** The web flow's redirect URIs, matched exactly: https, or http on localhost / 127.0.0.1 / [::1]. */
    @Size(max = 10, message = "at most 10 redirect URIs")
    public List<String> redirectUris;

    @Size(max = 5, message = "at most 5 roles")
    public List<@Pattern(regexp = "admin", message = "the only role an app can hold is \"admin\"") String> roles;

    @Min(value = 300, message = "at least 300 seconds")
    @Max(value = 604_800, message = "at most 604800 seconds (7 days)")
    public Long accessTokenSeconds;

    @Min(value = 3_600, message = "at least 3600 seconds")
    @Max(value = 63_072_000, message = "at most 63072000 seconds (2 years)")
    public Long refreshTokenSeconds;
}
