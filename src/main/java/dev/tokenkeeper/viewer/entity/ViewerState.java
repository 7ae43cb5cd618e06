package dev.tokenkeeper.viewer.entity;

/** Where a viewer session is in its life. */
public enum ViewerState {
    /** Connected; no valid hello yet. */
    AWAITING_HELLO,
    /** Holds a token and gets fresh ones. */
    LIVE,
    /** Its token expired unrefreshed and it was told so; it gets nothing more until it reconnects. */
    LAPSED,
    /**
     * The tenant's capacity is not serving; the viewer was told {@code CapacityPaused} and waits for a
     * {@code resumed} token. Its token may lapse meanwhile without {@code ClientError_TokenExpired}.
     */
    PAUSED,
    /** Gone: closed by either side. */
    CLOSED
}
