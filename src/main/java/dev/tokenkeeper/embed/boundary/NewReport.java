package dev.tokenkeeper.embed.boundary;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/tenants/{tenant}/reports}. */
public class NewReport {

    /** Goes into URLs ({@code embedUrl}) and the {@code rid} claim as it is, hence the small alphabet. */
    @NotNull(message = "id is required")
    @Size(min = 1, max = 100, message = "1 to 100 characters")
    @Pattern(regexp = "[A-Za-z0-9._-]+", message = "only letters, digits, '.', '_' and '-'")
    public String id;

    @NotBlank(message = "name is required")
    @Size(max = 200, message = "at most 200 characters")
    public String name;

    /** Default {@code builtin}. */
    @Pattern(regexp = "builtin|powerbi", message = "must be \"builtin\" or \"powerbi\"")
    public String provider;
}
