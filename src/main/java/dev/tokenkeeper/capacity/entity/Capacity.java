package dev.tokenkeeper.capacity.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A tenant's capacity row: the state every node agrees on. State changes are compare-and-set
 * updates on this row ({@code CapacityStore}), never a read-modify-write of this object, so two
 * nodes can never both perform one transition.
 */
@Entity
@Table(name = "capacity")
@NamedQuery(name = Capacity.ALL, query = "SELECT c FROM Capacity c")
@NamedQuery(name = Capacity.MOVE, query = "UPDATE Capacity c SET c.state = :to, c.since = :now, c.version = c.version + 1, "
        + "c.operationUrl = NULL, c.nextCheckAt = :claimUntil, c.problem = NULL WHERE c.tenantId = :tenantId AND c.state = :from")
@NamedQuery(name = Capacity.TOUCH, query = "UPDATE Capacity c SET c.lastActivity = :at "
        + "WHERE c.tenantId = :tenantId AND (c.lastActivity IS NULL OR c.lastActivity < :at)")
@NamedQuery(name = Capacity.CLAIM_CHECK, query = "UPDATE Capacity c SET c.nextCheckAt = :next "
        + "WHERE c.tenantId = :tenantId AND c.state = :state AND c.version = :version AND (c.nextCheckAt IS NULL OR c.nextCheckAt <= :now)")
@NamedQuery(name = Capacity.NOTE, query = "UPDATE Capacity c SET c.problem = :problem, c.operationUrl = :operationUrl, "
        + "c.nextCheckAt = :next WHERE c.tenantId = :tenantId AND c.state = :state AND c.version = :version")
@NamedQuery(name = Capacity.SET_DRIVER, query = "UPDATE Capacity c SET c.driver = :driver, c.problem = NULL, c.operationUrl = NULL, "
        + "c.nextCheckAt = NULL, c.version = c.version + 1 WHERE c.tenantId = :tenantId")
public class Capacity {

    public static final String ALL = "Capacity.all";
    public static final String MOVE = "Capacity.move";
    public static final String TOUCH = "Capacity.touch";
    public static final String CLAIM_CHECK = "Capacity.claimCheck";
    public static final String NOTE = "Capacity.note";
    public static final String SET_DRIVER = "Capacity.setDriver";

    @Id
    @Column(name = "tenant_id")
    private String tenantId;
    @Column(name = "state")
    private String state;
    @Column(name = "since")
    private long since;
    @Column(name = "last_activity")
    private Long lastActivity;
    @Column(name = "driver")
    private String driver;
    @Column(name = "problem")
    private String problem;
    @Column(name = "operation_url")
    private String operationUrl;
    @Column(name = "next_check_at")
    private Long nextCheckAt;
    @Column(name = "version")
    private long version;

    protected Capacity() {
    }

    /** A new tenant's capacity: active, as every tenant was before capacities existed. */
    public Capacity(String tenantId, String driver, Instant now) {
        this.tenantId = tenantId;
        this.state = CapacityState.ACTIVE.name();
        this.since = now.toEpochMilli();
        this.driver = driver;
        this.version = 1;
    }

    /** A row as it would be read: for unit tests, which have no database. */
    public Capacity(String tenantId, CapacityState state, Instant since, String driver, String operationUrl) {
        this(tenantId, state, since, null, driver, null, operationUrl, null, 1);
    }

    /** A row as it would be read, every column: for unit tests, which have no database. */
    public Capacity(String tenantId, CapacityState state, Instant since, Instant lastActivity, String driver, String problem,
            String operationUrl, Instant nextCheckAt, long version) {
        this.tenantId = tenantId;
        this.state = state.name();
        this.since = since.toEpochMilli();
        this.lastActivity = lastActivity == null ? null : lastActivity.toEpochMilli();
        this.driver = driver;
        this.problem = problem;
        this.operationUrl = operationUrl;
        this.nextCheckAt = nextCheckAt == null ? null : nextCheckAt.toEpochMilli();
        this.version = version;
    }

    public String tenantId() {
        return tenantId;
    }

    public CapacityState state() {
        return CapacityState.valueOf(state);
    }

    public Instant since() {
        return Instant.ofEpochMilli(since);
    }

    public Instant lastActivity() {
        return lastActivity == null ? null : Instant.ofEpochMilli(lastActivity);
    }

    public String driver() {
        return driver;
    }

    public String problem() {
        return problem;
    }

    public String operationUrl() {
        return operationUrl;
    }

    public Instant nextCheckAt() {
        return nextCheckAt == null ? null : Instant.ofEpochMilli(nextCheckAt);
    }

    public long version() {
        return version;
    }
}
