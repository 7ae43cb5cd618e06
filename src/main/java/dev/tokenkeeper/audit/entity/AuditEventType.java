package dev.tokenkeeper.audit.entity;

public enum AuditEventType {
    TOKEN_ISSUED,
    TOKEN_REFRESHED,
    REFRESH_RETRIED,
    REFRESH_REUSED,
    TOKEN_REVOKED,
    SECRET_ROTATED,
    APP_CREATED,
    APP_CHANGED,
    TENANT_CREATED,
    SIGNING_KEY_ROTATED,
    SETTINGS_CHANGED,
    REPORT_REGISTERED,
    POWERBI_CONNECTION_CHANGED,
    /** A capacity began to pause (by an admin, or by its rules: idle, or a window closed). */
    CAPACITY_PAUSING,
    CAPACITY_PAUSED,
    /** A capacity began to resume (by an admin, a viewer allowed to, or a window opening). */
    CAPACITY_RESUMING,
    CAPACITY_RESUMED,
    /** A capacity's driver failed; the transition stays where it was and is retried. */
    CAPACITY_PROBLEM,
    CAPACITY_CONNECTION_CHANGED
}
