package dev.tokenkeeper.security.entity;

/**
 * The kinds of opaque secret Tokenkeeper hands out. Each has its own prefix so that a secret
 * scanner (and a person reading a log) can tell what leaked, as GitHub's {@code ghr_}/{@code gho_} do.
 */
public enum TokenKind {
    REFRESH("tkr_"),
    NON_EXPIRING_ACCESS("tko_"),
    CLIENT_SECRET("tks_"),
    DEVICE_CODE("tkd_"),
    AUTHORIZATION_CODE("tkc_");

    private final String prefix;

    TokenKind(String prefix) {
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }
}
