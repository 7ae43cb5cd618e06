package dev.tokenkeeper.embed.entity;

import java.io.Serializable;
import java.util.List;
import java.util.Optional;

/**
 * Who a report's data is filtered for (Power BI's row-level security "effective identity"). Viewers
 * of one report with the same identity see the same data, so they can share one embed token; a
 * report without row-level security has no identity at all and one token serves every viewer.
 */
public record EffectiveIdentity(String username, List<String> roles) implements Serializable {

    public EffectiveIdentity {
        roles = List.copyOf(roles);
    }

    /** The part of a shared-token key that tells identities apart; empty for a report without one. */
    public static String keyOf(Optional<EffectiveIdentity> identity) {
        return identity.map(id -> id.username() + "|" + String.join(",", id.roles())).orElse("");
    }
}
