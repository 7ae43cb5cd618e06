package dev.tokenkeeper.embed.boundary;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/embed/token}. */
public class EmbedTokenRequest {

    @NotBlank(message = "reportId is required")
    @Size(max = 100, message = "at most 100 characters")
    public String reportId;
}
