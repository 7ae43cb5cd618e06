package dev.tokenkeeper.viewer.entity;

/** Why a viewer was sent a token; the wire value is {@link #code()}. */
public enum TokenReason {
    INITIAL("initial"),
    RECONNECT("reconnect"),
    INTERACTION("interaction"),
    TIMED("timed"),
    /** The tenant's capacity is active again after a pause: every viewer that waited gets one. */
    RESUMED("resumed");

    private final String code;

    TokenReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
