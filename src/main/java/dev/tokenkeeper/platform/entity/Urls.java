package dev.tokenkeeper.platform.entity;

/** Configured base URLs, which people write with or without a final slash. */
public final class Urls {

    private Urls() {
    }

    /** {@code base} without one trailing {@code /}, ready for {@code base + "/path"}. */
    public static String withoutTrailingSlash(String base) {
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
