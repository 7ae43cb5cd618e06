package dev.tokenkeeper.embed.entity;

/**
 * Why a user gets no embed token for a report. A plain exception rather than a JAX-RS one so the
 * rule can be tested without a JAX-RS runtime; the facade turns it into 403 or 404.
 */
public class ReportRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** No tenant has a report with that id. */
        UNKNOWN_REPORT,
        /** The id exists, but only in other tenants. */
        OTHER_TENANT
    }

    private final Reason reason;

    public ReportRefusedException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
