package dev.tokenkeeper.admin.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Failed admin-page sign-ins of one account or one client address, in the database so every node counts the same. */
@Entity
@Table(name = "admin_sign_in_throttle")
public class SignInFailures {

    @Id
    @Column(name = "throttle_key")
    private String key;
    private int failures;
    @Column(name = "last_failure_at")
    private long lastFailureAt;
    @Column(name = "locked_until")
    private long lockedUntil;

    protected SignInFailures() {
    }

    public SignInFailures(String key, Backoff.Failures state) {
        this.key = key;
        apply(state);
    }

    public void apply(Backoff.Failures state) {
        this.failures = state.count();
        this.lastFailureAt = state.lastFailureAt().toEpochMilli();
        this.lockedUntil = state.lockedUntil().toEpochMilli();
    }

    public Backoff.Failures state() {
        return new Backoff.Failures(failures, Instant.ofEpochMilli(lastFailureAt), Instant.ofEpochMilli(lockedUntil));
    }

    public String key() {
        return key;
    }
}
