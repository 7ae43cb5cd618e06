package dev.tokenkeeper.capacity.boundary;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * Body of {@code PUT /api/tenants/{tenant}/capacity/azure}. {@code clientSecret} may be left out to
 * keep the stored one, as long as the Entra tenant and client stay the same. The forms are Azure's
 * own naming rules, so a typo is a 400 now rather than a 404 from Azure at the next pause.
 */
public class AzureConnectionInput {

    static final String GUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
    static final String GUID_MESSAGE = "must be a GUID such as 0b5a1d6c-1f2e-4c3d-9a8b-7c6d5e4f3a2b";

    /** The Azure subscription that holds the capacity. */
    @NotNull(message = "subscriptionId is required")
    @Pattern(regexp = GUID, message = GUID_MESSAGE)
    public String subscriptionId;

    /** Azure's rule: 1 to 90 letters, digits, underscores, hyphens, periods and parentheses, not ending in a period. */
    @NotNull(message = "resourceGroup is required")
    @Pattern(regexp = "[A-Za-z0-9_\\-.()]{0,89}[A-Za-z0-9_\\-()]", message = "1 to 90 letters, digits, _ - . ( ), not ending in a period")
    public String resourceGroup;

    /** Power BI Embedded's rule: 3 to 63 lower-case letters and digits, starting with a letter. */
    @NotNull(message = "capacityName is required")
    @Pattern(regexp = "[a-z][a-z0-9]{2,62}", message = "3 to 63 lower-case letters and digits, starting with a letter, as Azure names a Power BI Embedded capacity")
    public String capacityName;

    /** The directory (tenant) id of the Entra ID tenant that holds the app registration. */
    @NotNull(message = "entraTenantId is required")
    @Pattern(regexp = GUID, message = GUID_MESSAGE)
    public String entraTenantId;

    /** The app registration's application (client) id. */
    @NotNull(message = "clientId is required")
    @Pattern(regexp = GUID, message = GUID_MESSAGE)
    public String clientId;

    /** Entra ID generates secrets of printable ASCII without spaces; anything else is a copy-and-paste accident. */
    @Pattern(regexp = "[\\x21-\\x7E]{1,256}", message = "1 to 256 printable characters without spaces, as Entra ID generates them")
    public String clientSecret;
}
