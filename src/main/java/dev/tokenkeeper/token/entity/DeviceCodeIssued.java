package dev.tokenkeeper.token.entity;

/** The answer of {@code POST /login/device/code} (RFC 8628 §3.2, GitHub's field names). */
public record DeviceCodeIssued(String deviceCode, String userCode, String verificationUri, long expiresIn, long interval) {
}
