package dev.tokenkeeper.embed.boundary;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

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

    /** Required with provider {@code powerbi}, refused otherwise (checked by the registry, which names the field). */
    @Valid
    public PowerBi powerBi;

    /** Optional, for either provider: every viewer's data is filtered by these roles, as that viewer. */
    @Valid
    public RowLevelSecurity rowLevelSecurity;

    public static class PowerBi {

        @NotNull(message = "workspaceId is required")
        @Pattern(regexp = Guids.PATTERN, message = Guids.MESSAGE)
        public String workspaceId;

        @NotNull(message = "reportId is required")
        @Pattern(regexp = Guids.PATTERN, message = Guids.MESSAGE)
        public String reportId;

        /** The dataset (semantic model) that defines the row-level security roles; GenerateToken names it. */
        @NotNull(message = "datasetId is required")
        @Pattern(regexp = Guids.PATTERN, message = Guids.MESSAGE)
        public String datasetId;
    }

    public static class RowLevelSecurity {

        /** At least one: a report without roles simply leaves rowLevelSecurity out. Stored one per line, hence no line breaks. */
        @NotNull(message = "roles is required: leave rowLevelSecurity out for a report without row-level security")
        @Size(min = 1, max = 16, message = "1 to 16 roles")
        public List<@NotNull(message = "a role name is required")
                @Pattern(regexp = "[^\\p{Cntrl}]{1,100}", message = "1 to 100 characters, no line breaks or control characters") String> roles;
    }
}
