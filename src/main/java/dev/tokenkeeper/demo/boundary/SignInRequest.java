package dev.tokenkeeper.demo.boundary;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** Body of {@code POST /api/demo/sign-in}. The name becomes the user ({@code sub}), so it keeps to a small alphabet. */
public class SignInRequest {

    @NotNull(message = "name is required, e.g. {\"name\": \"ada\"}")
    @Pattern(regexp = "[A-Za-z0-9._@-]{1,64}", message = "1 to 64 letters, digits, '.', '_', '@' or '-'")
    public String name;
}
