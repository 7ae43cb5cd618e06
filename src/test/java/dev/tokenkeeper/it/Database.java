package dev.tokenkeeper.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Direct reads of the test database, for what the HTTP contract cannot show (how many tokens are live). */
final class Database {

    private Database() {
    }

    static Connection connect() throws SQLException {
        String url = System.getProperty("it.db.url", System.getenv().getOrDefault("TOKENKEEPER_DB_URL", ""));
        return DriverManager.getConnection(url, System.getenv().getOrDefault("TOKENKEEPER_DB_USER", "postgres"),
                System.getenv().getOrDefault("TOKENKEEPER_DB_PASSWORD", "postgres"));
    }

    /**
     * Families of this tenant holding more than one live refresh token. Live: unspent, unrevoked, in
     * an unrevoked family, unexpired by the wall clock (the tests only move the server clock forward).
     */
    static int familiesWithTwoLiveTokens(String tenantSlug) throws SQLException {
        // A family row holds one live token by construction; what could still go wrong is a token that is
        // live and spent at once (a rotation that kept its own token), or one hash live in two families.
        String sql = "SELECT COUNT(*) FROM token_family f JOIN tenant t ON t.id = f.tenant_id "
                + "WHERE t.slug = ? AND f.revoked_at IS NULL AND f.current_hash IS NOT NULL "
                + "AND (f.current_hash = f.previous_hash OR EXISTS (SELECT 1 FROM token_family o "
                + "WHERE o.id <> f.id AND o.current_hash = f.current_hash AND o.revoked_at IS NULL))";
        try (Connection c = connect(); PreparedStatement statement = c.prepareStatement(sql)) {
            statement.setString(1, tenantSlug);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    static int familiesOfTenant(String tenantSlug) throws SQLException {
        String sql = "SELECT COUNT(*) FROM token_family f JOIN tenant t ON t.id = f.tenant_id WHERE t.slug = ?";
        try (Connection c = connect(); PreparedStatement statement = c.prepareStatement(sql)) {
            statement.setString(1, tenantSlug);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    static int liveTokensOfTenant(String tenantSlug) throws SQLException {
        String sql = "SELECT COUNT(*) FROM token_family f JOIN tenant t ON t.id = f.tenant_id "
                + "WHERE t.slug = ? AND f.current_hash IS NOT NULL AND f.revoked_at IS NULL";
        try (Connection c = connect(); PreparedStatement statement = c.prepareStatement(sql)) {
            statement.setString(1, tenantSlug);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
