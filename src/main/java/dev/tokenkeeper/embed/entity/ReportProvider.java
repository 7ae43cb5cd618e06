package dev.tokenkeeper.embed.entity;

import java.util.Arrays;
import java.util.Optional;

/** Who mints a report's embed tokens. Stored and sent as the lower-case {@link #code()}. */
public enum ReportProvider {
    BUILTIN("builtin"),
    POWERBI("powerbi");

    private final String code;

    ReportProvider(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Optional<ReportProvider> ofCode(String code) {
        return Arrays.stream(values()).filter(p -> p.code.equals(code)).findFirst();
    }
}
