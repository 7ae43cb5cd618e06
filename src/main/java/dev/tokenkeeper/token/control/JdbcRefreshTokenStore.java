package dev.tokenkeeper.token.control;

import dev.tokenkeeper.token.entity.FamilyState;
import dev.tokenkeeper.token.entity.Rotation;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Token families in the database, in plain JDBC: the rotation is the hottest path of the service,
 * and through JPA the same two statements cost twice the database CPU and several more round
 * trips (docs/benchmarks.md). The connection comes from the container's pool, so inside a JTA
 * transaction it is enlisted in it, and outside one every statement commits on its own.
 *
 * <p>Races are decided by the database's row lock: on PostgreSQL (READ COMMITTED) a second
 * conditional UPDATE of the same row waits for the first transaction and then re-checks its WHERE
 * clause against the committed row, so exactly one of many concurrent rotations matches.
 */
@ApplicationScoped
public class JdbcRefreshTokenStore implements RefreshTokenStore {

    private static final String COLUMNS = "id, tenant_id, client_id, subject, absolute_expires_at, revoked_at, revoked_reason, "
            + "generation, current_hash, current_expires_at, previous_hash, rotated_at, replay_blob, replay_until";

    @Resource(lookup = "java:app/jdbc/tokenkeeper")
    DataSource dataSource;

    @Inject
    TokenMetrics metrics;

    @Override
    public Optional<FamilyState> family(String familyId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM token_family WHERE id = ?")) {
            select.setString(1, familyId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(state(row)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new TokenStoreException("reading token family", e);
        }
    }

    @Override
    public Optional<String> familyOfLegacyToken(String tokenHash) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT family_id FROM refresh_token WHERE token_hash = ?")) {
            select.setString(1, tokenHash);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new TokenStoreException("looking up a refresh token of the earlier format", e);
        }
    }

    @Override
    public void createFamily(String familyId, String tenantId, String clientId, String subject, Instant now,
            Instant absoluteExpiry, String firstTokenHash, Instant firstTokenExpiresAt) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO token_family (id, tenant_id, client_id, subject, "
                        + "created_at, absolute_expires_at, generation, current_hash, current_expires_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)")) {
            insert.setString(1, familyId);
            insert.setString(2, tenantId);
            insert.setString(3, clientId);
            insert.setString(4, subject);
            insert.setLong(5, now.toEpochMilli());
            insert.setLong(6, absoluteExpiry.toEpochMilli());
            insert.setString(7, firstTokenHash);
            insert.setLong(8, firstTokenExpiresAt.toEpochMilli());
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new TokenStoreException("creating a token family", e);
        }
    }

    @Override
    public boolean rotate(String familyId, long generation, String spentHash, Rotation rotation) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement("UPDATE token_family SET generation = generation + 1, "
                        + "previous_hash = current_hash, current_hash = ?, current_expires_at = ?, rotated_at = ?, "
                        + "replay_blob = ?, replay_until = ? "
                        + "WHERE id = ? AND generation = ? AND current_hash = ? AND revoked_at IS NULL")) {
            update.setString(1, rotation.successorHash());
            update.setLong(2, rotation.successorExpiresAt().toEpochMilli());
            update.setLong(3, rotation.rotatedAt().toEpochMilli());
            update.setString(4, rotation.replayBlob());
            if (rotation.replayUntil() == null) {
                update.setNull(5, Types.BIGINT);
            } else {
                update.setLong(5, rotation.replayUntil().toEpochMilli());
            }
            update.setString(6, familyId);
            update.setLong(7, generation);
            update.setString(8, spentHash);
            return update.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new TokenStoreException("rotating a refresh token", e);
        }
    }

    @Override
    public boolean revokeFamily(String familyId, Instant now, String reason) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE token_family SET revoked_at = ?, revoked_reason = ? WHERE id = ? AND revoked_at IS NULL")) {
            update.setLong(1, now.toEpochMilli());
            update.setString(2, reason);
            update.setString(3, familyId);
            return metrics.familyRevoked(update.executeUpdate() == 1, reason);
        } catch (SQLException e) {
            throw new TokenStoreException("revoking a token family", e);
        }
    }

    @Override
    public int purgeReplaysBefore(Instant now) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE token_family SET replay_blob = NULL, replay_until = NULL WHERE replay_until < ?")) {
            update.setLong(1, now.toEpochMilli());
            return update.executeUpdate();
        } catch (SQLException e) {
            throw new TokenStoreException("forgetting sealed replay answers", e);
        }
    }

    private static FamilyState state(ResultSet row) throws SQLException {
        return new FamilyState(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                instant(row, 5), instant(row, 6), row.getString(7), row.getLong(8), row.getString(9), instant(row, 10),
                row.getString(11), instant(row, 12), row.getString(13), instant(row, 14));
    }

    private static Instant instant(ResultSet row, int column) throws SQLException {
        long millis = row.getLong(column);
        return row.wasNull() ? null : Instant.ofEpochMilli(millis);
    }
}
