package dev.tokenkeeper.capacity.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenkeeper.audit.entity.AuditEventType;
import dev.tokenkeeper.capacity.entity.Activity;
import dev.tokenkeeper.capacity.entity.Capacity;
import dev.tokenkeeper.capacity.entity.CapacityChanged;
import dev.tokenkeeper.capacity.entity.CapacityState;
import dev.tokenkeeper.capacity.entity.CapacityStatus;
import dev.tokenkeeper.settings.boundary.TenantSettingsFacade;
import dev.tokenkeeper.settings.entity.CapacityMode;
import dev.tokenkeeper.settings.entity.CapacitySettings;
import dev.tokenkeeper.settings.entity.KeepAlive;
import dev.tokenkeeper.settings.entity.VersionedSettings;
import dev.tokenkeeper.settings.entity.ViewerSettings;
import dev.tokenkeeper.testsupport.MovableClock;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.util.TypeLiteral;
import java.lang.annotation.Annotation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine's transitions and the viewer-facing rules, with an in-memory capacity row that keeps
 * the store's compare-and-set semantics, a movable clock and a driver whose answers the test picks.
 */
class CapacityEngineTest {

    static final String TENANT = "tenant-1";

    final MovableClock clock = new MovableClock();
    final MemoryStore store = new MemoryStore();
    final ScriptedDriver driver = new ScriptedDriver();
    final List<CapacityChanged> events = new ArrayList<>();
    final ActivityLedger ledger = new ActivityLedger();
    CapacitySettings capacitySettings = CapacitySettings.DEFAULTS;
    CapacityEngine cut;

    @BeforeEach
    void engine() {
        cut = engineOn(store);
    }

    CapacityEngine engineOn(MemoryStore shared) {
        CapacityEngine engine = new CapacityEngine();
        engine.store = shared;
        engine.drivers = new Drivers() {
            @Override
            public CapacityDriver named(String name) {
                return driver;
            }
        };
        engine.settings = new TenantSettingsFacade() {
            @Override
            public VersionedSettings currentVersioned(String tenantId) {
                return new VersionedSettings(new ViewerSettings(0, 60, true, capacitySettings), "1");
            }
        };
        engine.ledger = ledger;
        engine.changed = new Collecting(events);
        engine.clock = clock;
        engine.checkSeconds = 15;
        return engine;
    }

    void onDemand(KeepAlive keepAlive, String... users) {
        capacitySettings = new CapacitySettings(CapacityMode.ON_DEMAND, 5, keepAlive, List.of(users), List.of());
        cut.settingsChanged(TENANT, capacitySettings);
    }

    List<CapacityState> announced() {
        return events.stream().map(event -> event.status().state()).toList();
    }

    @Test
    void aNewTenantsCapacityIsActiveAndManual() {
        CapacityStatus status = cut.status(TENANT);
        assertEquals(CapacityState.ACTIVE, status.state());
        assertEquals(CapacityMode.MANUAL, status.mode());
        assertTrue(status.serving());
        assertNull(status.pausesAt());
        assertEquals("simulated", status.driver());
    }

    @Test
    void anAdminPauseAndResumeAnnounceEachCommittedStepAndAuditIt() {
        CapacityStatus paused = cut.begin(TENANT, CapacityState.PAUSED, "alice-admin", null);
        assertEquals(CapacityState.PAUSED, paused.state());
        assertEquals(List.of(CapacityState.PAUSING, CapacityState.PAUSED), announced());
        assertEquals("alice-admin", events.get(0).actor());
        cut.begin(TENANT, CapacityState.ACTIVE, "alice-admin", null);
        assertEquals(List.of(CapacityState.PAUSING, CapacityState.PAUSED, CapacityState.RESUMING, CapacityState.ACTIVE), announced());
        assertEquals(List.of(AuditEventType.CAPACITY_PAUSING, AuditEventType.CAPACITY_PAUSED, AuditEventType.CAPACITY_RESUMING,
                AuditEventType.CAPACITY_RESUMED), store.audited);
    }

    @Test
    void pausingAPausedCapacityChangesNothing() {
        cut.begin(TENANT, CapacityState.PAUSED, "admin", null);
        events.clear();
        assertEquals(CapacityState.PAUSED, cut.begin(TENANT, CapacityState.PAUSED, "admin", null).state());
        assertEquals(List.of(), events);
    }

    @Test
    void aHelloOfAUserAllowedToResumeResumesAPausedOnDemandCapacity() {
        onDemand(KeepAlive.SELECTED, "lobby-tv");
        cut.begin(TENANT, CapacityState.PAUSED, null, "idle");
        assertEquals(CapacityState.PAUSED, cut.activity(TENANT, "alice", Activity.HELLO).state(), "alice is not listed");
        assertEquals(CapacityState.PAUSED, cut.activity(TENANT, "lobby-tv", Activity.TIMED_REFRESH).state(), "a timer never resumes");
        CapacityStatus resumed = cut.activity(TENANT, "lobby-tv", Activity.INTERACTION);
        assertEquals(CapacityState.ACTIVE, resumed.state());
        assertEquals("lobby-tv", events.get(events.size() - 1).actor());
    }

    @Test
    void aManualCapacityIsNotResumedByViewers() {
        cut.begin(TENANT, CapacityState.PAUSED, "admin", null);
        assertEquals(CapacityState.PAUSED, cut.activity(TENANT, "alice", Activity.HELLO).state());
    }

    @Test
    void onlyAllowedUsersActivityCountsAndNoneIsWrittenPerCall() {
        onDemand(KeepAlive.SELECTED, "lobby-tv");
        cut.activity(TENANT, "alice", Activity.INTERACTION);
        cut.activity(TENANT, "alice", Activity.TIMED_REFRESH);
        assertNull(cut.status(TENANT).lastActivity(), "alice's activity does not count");
        Instant at = clock.instant();
        for (int i = 0; i < 100; i++) {
            cut.activity(TENANT, "lobby-tv", Activity.TIMED_REFRESH);
        }
        CapacityStatus status = cut.status(TENANT);
        assertTrue(!status.lastActivity().isBefore(at), status.toString());
        assertEquals(status.lastActivity().plus(Duration.ofMinutes(5)), status.pausesAt());
        assertEquals(0, store.touches, "activity stays in memory until the evaluator writes it");
        assertEquals(Map.of(TENANT, status.lastActivity()), ledger.drain(), "one coalesced entry to write: the latest");
    }

    @Test
    void theRulesPauseAnIdleOnDemandCapacity() {
        onDemand(KeepAlive.EVERYONE);
        Capacity row = cut.ensureRow(TENANT);
        clock.advance(Duration.ofMinutes(4));
        cut.evaluate(store.find(TENANT), capacitySettings);
        assertEquals(CapacityState.ACTIVE, cut.status(TENANT).state());
        clock.advance(Duration.ofMinutes(1));
        cut.evaluate(store.find(TENANT), capacitySettings);
        assertEquals(CapacityState.PAUSED, cut.status(TENANT).state());
        assertNull(events.get(0).actor(), "the rules, not a person");
        assertNotNull(row);
    }

    @Test
    void aDriverFailureLeavesTheTransitionVisibleAndTheNextLookRetriesIt() {
        driver.failures = 1;
        CapacityStatus failing = cut.begin(TENANT, CapacityState.PAUSED, "admin", null);
        assertEquals(CapacityState.PAUSING, failing.state());
        assertTrue(failing.problem().contains("ARM is down"), failing.problem());
        assertTrue(store.audited.contains(AuditEventType.CAPACITY_PROBLEM));
        cut.evaluate(store.find(TENANT), capacitySettings);
        assertEquals(CapacityState.PAUSING, cut.status(TENANT).state(), "not looked at again before check-seconds");
        clock.advance(Duration.ofSeconds(15));
        cut.evaluate(store.find(TENANT), capacitySettings);
        CapacityStatus paused = cut.status(TENANT);
        assertEquals(CapacityState.PAUSED, paused.state());
        assertNull(paused.problem(), "cleared by the success");
    }

    @Test
    void aTransitionUnderWayIsLookedAtWhenTheDriverAsked() {
        driver.underWay = true;
        assertEquals(CapacityState.PAUSING, cut.begin(TENANT, CapacityState.PAUSED, "admin", null).state());
        assertEquals("https://arm/op", store.find(TENANT).operationUrl());
        driver.underWay = false;
        clock.advance(Duration.ofSeconds(29));
        cut.evaluate(store.find(TENANT), capacitySettings);
        assertEquals(CapacityState.PAUSING, cut.status(TENANT).state(), "Retry-After 30 s not reached");
        clock.advance(Duration.ofSeconds(1));
        cut.evaluate(store.find(TENANT), capacitySettings);
        assertEquals(CapacityState.PAUSED, cut.status(TENANT).state());
        assertEquals(1, driver.checks);
    }

    @Test
    void ofTwoNodesOnlyOnePerformsATransition() {
        CapacityEngine otherNode = engineOn(store);
        driver.underWay = true;
        cut.begin(TENANT, CapacityState.PAUSED, "admin", null);
        otherNode.begin(TENANT, CapacityState.PAUSED, "admin", null);
        assertEquals(1, driver.pauses, "the second node's compare-and-set found the row pausing already");
        clock.advance(Duration.ofSeconds(30));
        Capacity seen = store.find(TENANT);
        driver.underWay = false;
        cut.evaluate(seen, capacitySettings);
        otherNode.evaluate(seen, capacitySettings);
        assertEquals(1, driver.checks, "one look per claim");
        assertEquals(1, store.audited.stream().filter(type -> type == AuditEventType.CAPACITY_PAUSED).count());
    }

    @Test
    void resumableByNamesTheKeepAliveUsersOfAnOnDemandCapacityOnly() {
        assertEquals(List.of(), cut.resumableBy(TENANT));
        onDemand(KeepAlive.SELECTED, "lobby-tv", "ops");
        cut.status(TENANT);
        assertEquals(List.of("lobby-tv", "ops"), cut.resumableBy(TENANT));
    }

    /** A driver that fails, or stays under way, when told to. */
    static class ScriptedDriver implements CapacityDriver {
        int failures;
        boolean underWay;
        int pauses;
        int checks;

        @Override
        public String name() {
            return "simulated";
        }

        @Override
        public Progress pause(Capacity row) {
            pauses++;
            return answer();
        }

        @Override
        public Progress resume(Capacity row) {
            return answer();
        }

        @Override
        public Progress check(Capacity row) {
            checks++;
            return answer();
        }

        private Progress answer() {
            if (failures > 0) {
                failures--;
                throw new DriverException("ARM is down (HTTP 500)");
            }
            return underWay ? Progress.underWay("https://arm/op", 30) : Progress.finished();
        }
    }

    /** The capacity rows in memory, with the same compare-and-set rules as the JPQL updates. */
    static class MemoryStore extends CapacityStore {
        final Map<String, Capacity> rows = new ConcurrentHashMap<>();
        final List<AuditEventType> audited = new ArrayList<>();
        int touches;

        @Override
        public Capacity find(String tenantId) {
            return rows.get(tenantId);
        }

        @Override
        public void create(String tenantId, Instant now) {
            rows.putIfAbsent(tenantId, new Capacity(tenantId, CapacityState.ACTIVE, now, "simulated", null));
        }

        @Override
        public List<Capacity> all() {
            return List.copyOf(rows.values());
        }

        @Override
        public boolean move(String tenantId, CapacityState from, CapacityState to, Instant now, Instant claimUntil, AuditEventType type,
                String actor, String detail) {
            Capacity row = rows.get(tenantId);
            if (row == null || row.state() != from) {
                return false;
            }
            rows.put(tenantId, new Capacity(tenantId, to, now, row.lastActivity(), row.driver(), null, null, claimUntil, row.version() + 1));
            audited.add(type);
            return true;
        }

        @Override
        public void touch(String tenantId, Instant at) {
            touches++;
            Capacity row = rows.get(tenantId);
            if (row != null && (row.lastActivity() == null || row.lastActivity().isBefore(at))) {
                rows.put(tenantId, new Capacity(tenantId, row.state(), row.since(), at, row.driver(), row.problem(), row.operationUrl(),
                        row.nextCheckAt(), row.version()));
            }
        }

        @Override
        public boolean claimCheck(Capacity seen, Instant now, Instant next) {
            Capacity row = rows.get(seen.tenantId());
            if (row == null || row.state() != seen.state() || row.version() != seen.version()
                    || (row.nextCheckAt() != null && row.nextCheckAt().isAfter(now))) {
                return false;
            }
            rows.put(row.tenantId(), new Capacity(row.tenantId(), row.state(), row.since(), row.lastActivity(), row.driver(), row.problem(),
                    row.operationUrl(), next, row.version()));
            return true;
        }

        @Override
        public void note(Capacity seen, String problem, String operationUrl, Instant next, Instant now, boolean auditProblem) {
            Capacity row = rows.get(seen.tenantId());
            if (row == null || row.state() != seen.state() || row.version() != seen.version()) {
                return;
            }
            rows.put(row.tenantId(), new Capacity(row.tenantId(), row.state(), row.since(), row.lastActivity(), row.driver(), problem,
                    operationUrl, next, row.version()));
            if (auditProblem && problem != null) {
                audited.add(AuditEventType.CAPACITY_PROBLEM);
            }
        }
    }

    /** Event&lt;CapacityChanged&gt; that records what is fired. */
    record Collecting(List<CapacityChanged> fired) implements Event<CapacityChanged> {
        @Override
        public void fire(CapacityChanged event) {
            fired.add(event);
        }

        @Override
        public <U extends CapacityChanged> CompletionStage<U> fireAsync(U event) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends CapacityChanged> CompletionStage<U> fireAsync(U event, NotificationOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Event<CapacityChanged> select(Annotation... qualifiers) {
            return this;
        }

        @Override
        public <U extends CapacityChanged> Event<U> select(Class<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends CapacityChanged> Event<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }
    }
}
