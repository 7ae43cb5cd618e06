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
        String sql = "SELECT COUNT(*) FROM (SELECT r.family_id FROM refresh_token r "
                + "JOIN token_family f ON f.id = r.family_id JOIN tenant t ON t.id = f.tenant_id "
                + "WHERE t.slug = ? AND r.spent_at IS NULL AND r.revoked_at IS NULL AND f.revoked_at IS NULL "
                + "GROUP BY r.family_id HAVING COUNT(*) > 1) twice";
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
        String sql = "SELECT COUNT(*) FROM refresh_token r JOIN token_family f ON f.id = r.family_id "
                + "JOIN tenant t ON t.id = f.tenant_id "
                + "WHERE t.slug = ? AND r.spent_at IS NULL AND r.revoked_at IS NULL AND f.revoked_at IS NULL";
        try (Connection c = connect(); PreparedStatement statement = c.prepareStatement(sql)) {
            statement.setString(1, tenantSlug);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
