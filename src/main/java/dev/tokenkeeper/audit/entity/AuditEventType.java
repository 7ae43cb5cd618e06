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
    SIGNING_KEY_ROTATED
}
