package dev.tokenkeeper.capacity.control;

import dev.tokenkeeper.capacity.entity.Capacity;

/**
 * What actually starts and stops a capacity. A driver is asked to begin a transition and, while it
 * is under way, how it is going; it answers with a {@link Progress} and never blocks for long (Azure
 * takes minutes: the evaluator asks again later). A failure is an exception whose message an admin
 * can act on; the transition stays where it was and is tried again.
 */
public interface CapacityDriver {

    /** "simulated" or "azure", as stored on the capacity row and shown by the API. */
    String name();

    /** Begins pausing (the row is PAUSING). */
    Progress pause(Capacity row);

    /** Begins resuming (the row is RESUMING). */
    Progress resume(Capacity row);

    /** How the transition of the row (PAUSING or RESUMING) is going: follows {@code row.operationUrl()} if there is one. */
    Progress check(Capacity row);

    /**
     * @param done the transition finished (the capacity is paused, or active)
     * @param operationUrl an operation to follow (ARM's Azure-AsyncOperation or Location), or null
     * @param retryAfterSeconds when to look again (ARM's Retry-After), 0 for the evaluator's own pace
     */
    record Progress(boolean done, String operationUrl, long retryAfterSeconds) {

        public static Progress finished() {
            return new Progress(true, null, 0);
        }

        public static Progress underWay(String operationUrl, long retryAfterSeconds) {
            return new Progress(false, operationUrl, retryAfterSeconds);
        }
    }

    /** A driver's failure: the message says what went wrong and what to check, never a secret. */
    class DriverException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        public DriverException(String message) {
            super(message);
        }

        public DriverException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
