package dev.tokenkeeper.embed.boundary;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * Body of {@code PUT /api/tenants/{tenant}/powerbi}. {@code clientSecret} may be left out to keep
 * the stored one, as long as the Entra tenant and client stay the same.
 */
public class PowerBiConnectionInput {

    /** The directory (tenant) id of the Entra ID tenant that holds the app registration. */
    @NotNull(message = "entraTenantId is required")
    @Pattern(regexp = Guids.PATTERN, message = Guids.MESSAGE)
    public String entraTenantId;

    /** The app registration's application (client) id. */
    @NotNull(message = "clientId is required")
    @Pattern(regexp = Guids.PATTERN, message = Guids.MESSAGE)
    public String clientId;

    /** Entra ID generates secrets of printable ASCII without spaces; anything else is a copy-and-paste accident. */
    @Pattern(regexp = "[\\x21-\\x7E]{1,256}", message = "1 to 256 printable characters without spaces, as Entra ID generates them")
    public String clientSecret;
}
