package dev.tokenkeeper.demo.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * The one row that records what the demo created: its tenant and app, the app's client secret and
 * the demo identity provider's private key, both sealed (the sign-in needs them in clear, a copy of
 * the database must not). Its fixed id is the lock that lets only one of several starting nodes
 * create the demo.
 */
@Entity
@Table(name = "demo_setup")
public class DemoSetup {

    public static final String ID = "demo";

    @Id
    private String id;
    @Column(name = "tenant_id")
    private String tenantId;
    @Column(name = "client_id")
    private String clientId;
    @Column(name = "client_secret_sealed")
    private String clientSecretSealed;
    @Column(name = "idp_key_sealed")
    private String idpKeySealed;
    @Column(name = "created_at")
    private long createdAt;

    protected DemoSetup() {
    }

    public DemoSetup(String tenantId, String clientId, String clientSecretSealed, String idpKeySealed, Instant createdAt) {
        this.id = ID;
        this.tenantId = tenantId;
        this.clientId = clientId;
        this.clientSecretSealed = clientSecretSealed;
        this.idpKeySealed = idpKeySealed;
        this.createdAt = createdAt.toEpochMilli();
    }

    public String tenantId() {
        return tenantId;
    }

    public String clientId() {
        return clientId;
    }

    public String clientSecretSealed() {
        return clientSecretSealed;
    }

    public String idpKeySealed() {
        return idpKeySealed;
    }

    public Instant createdAt() {
        return Instant.ofEpochMilli(createdAt);
    }
}
