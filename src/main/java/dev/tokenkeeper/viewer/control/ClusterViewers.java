package dev.tokenkeeper.viewer.control;

import dev.tokenkeeper.platform.control.ClusterCaches;
import dev.tokenkeeper.viewer.entity.ViewerSummary;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ModifiedExpiryPolicy;

/**
 * A tenant's viewers on every node of the cluster. Sockets live on one node, so each node publishes,
 * every 2 s, one summary of its sessions per tenant into the cluster-wide JCache (Payara's
 * Hazelcast), and reads the other nodes' summaries when an admin asks. The publication runs on a
 * timer, never on the viewer's path: a {@code hello} costs nothing more than on a single node.
 *
 * <p>Entries expire 10 s after their last write, so a node that died (or was cut off) drops out of
 * the list by itself within 10 s; a node rewrites an unchanged summary every 6 s to stay listed. The
 * answering node's own viewers are read live, so on one node the list is exact at once; other nodes'
 * viewers are as of their last publication (at most about 2 s old). If the cache cannot be read, the
 * list shows this node's viewers only, and says so in the log.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class ClusterViewers {

    private static final Logger LOG = Logger.getLogger(ClusterViewers.class.getName());
    static final String SUMMARIES = "tokenkeeper-viewer-summaries";
    static final String NODES = "tokenkeeper-viewer-nodes";
    private static final Duration LIFETIME = new Duration(TimeUnit.SECONDS, 10);
    private static final long REWRITE_MILLIS = 6_000;

    @Inject
    CacheManager caches;

    @Inject
    ViewerRegistry registry;

    @Inject
    NodeName node;

    @Inject
    Clock clock;

    /** Tenant id → summaries of other nodes, by node: node names are the keys of {@link #NODES}. */
    private Cache<String, String> summaries;
    /** Node name → when it last published (epoch millis): who to read summaries from. */
    private Cache<String, String> nodes;
    /** What this node last wrote, per tenant, and when: an unchanged summary is not sent again at once. */
    private final Map<String, Written> written = new HashMap<>();

    private record Written(String json, long atMillis) {
    }

    @PostConstruct
    void open() {
        summaries = cache(SUMMARIES);
        nodes = cache(NODES);
    }

    /** The tenant's viewers on every node: this node's live, the others' as last published; oldest first. */
    public List<ViewerSummary> of(String tenantId) {
        String self = node.get();
        List<ViewerSummary> all = new ArrayList<>(registry.of(tenantId).stream().map(session -> summaryOf(self, session)).toList());
        try {
            for (Cache.Entry<String, String> member : nodes) {
                if (member == null || self.equals(member.getKey())) {
                    continue;
                }
                String json = summaries.get(key(tenantId, member.getKey()));
                if (json != null) {
                    all.addAll(ViewerSummary.decode(json));
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not read the other nodes' viewers of tenant " + tenantId + ": listing this node's only", e);
        }
        all.sort(Comparator.comparing(ViewerSummary::openedAt, Comparator.nullsLast(Comparator.naturalOrder())));
        return all;
    }

    public String nodeName() {
        return node.get();
    }

    @Schedule(second = "*/2", minute = "*", hour = "*", persistent = false)
    synchronized void publish() {
        try {
            long now = clock.millis();
            String self = node.get();
            nodes.put(self, Long.toString(now));
            Set<String> tenants = registry.tenants();
            for (String tenantId : tenants) {
                List<ViewerSummary> viewers = registry.of(tenantId).stream().map(session -> summaryOf(self, session)).toList();
                String json = ViewerSummary.encode(viewers);
                Written before = written.get(tenantId);
                if (before == null || !before.json().equals(json) || now - before.atMillis() >= REWRITE_MILLIS) {
                    summaries.put(key(tenantId, self), json);
                    written.put(tenantId, new Written(json, now));
                }
            }
            for (String gone : List.copyOf(written.keySet())) {
                if (!tenants.contains(gone)) {
                    summaries.remove(key(gone, self));
                    written.remove(gone);
                }
            }
        } catch (RuntimeException e) {
            // the next tick tries again; meanwhile the other nodes list what they last saw, or nothing after 10 s
            LOG.log(Level.WARNING, "Could not publish this node's viewers to the cluster", e);
        }
    }

    static ViewerSummary summaryOf(String node, ViewerSession session) {
        return new ViewerSummary(node, session.id(), session.user(), session.reportId(),
                session.state().name().toLowerCase(java.util.Locale.ROOT), session.openedAt(), session.tokenId(),
                session.tokenLife() == null ? null : session.tokenLife().expiresAt(),
                session.lastReason() == null ? null : session.lastReason().code());
    }

    private static String key(String tenantId, String node) {
        return tenantId + "\n" + node;
    }

    private Cache<String, String> cache(String name) {
        return ClusterCaches.open(caches, name, String.class, String.class, ModifiedExpiryPolicy.factoryOf(LIFETIME));
    }
}
