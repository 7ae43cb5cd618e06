package dev.tokenkeeper.capacity.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenkeeper.capacity.entity.Activity;
import dev.tokenkeeper.capacity.entity.CapacityState;
import dev.tokenkeeper.settings.entity.CapacityMode;
import dev.tokenkeeper.settings.entity.CapacitySettings;
import dev.tokenkeeper.settings.entity.KeepAlive;
import dev.tokenkeeper.settings.entity.ScheduleWindow;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CapacityRulesTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final Instant MONDAY_NOON_UTC = Instant.parse("2026-03-02T12:00:00Z");

    static CapacityRules at(Instant now) {
        return new CapacityRules(Clock.fixed(now, ZoneOffset.UTC));
    }

    static CapacitySettings onDemand(int minutes, KeepAlive keepAlive, String... users) {
        return new CapacitySettings(CapacityMode.ON_DEMAND, minutes, keepAlive, List.of(users), List.of());
    }

    static CapacitySettings scheduled(ScheduleWindow... windows) {
        return new CapacitySettings(CapacityMode.SCHEDULED, 30, KeepAlive.EVERYONE, List.of(), List.of(windows));
    }

    static ScheduleWindow window(Set<DayOfWeek> days, String from, String to, ZoneId zone) {
        return new ScheduleWindow(days, LocalTime.parse(from), LocalTime.parse(to), zone);
    }

    @Test
    void manualNeverChangesByItself() {
        Instant longAgo = MONDAY_NOON_UTC.minus(Duration.ofDays(30));
        assertEquals(Optional.empty(), at(MONDAY_NOON_UTC).wanted(CapacitySettings.DEFAULTS, CapacityState.ACTIVE, longAgo, null));
        assertEquals(Optional.empty(), at(MONDAY_NOON_UTC).wanted(CapacitySettings.DEFAULTS, CapacityState.PAUSED, longAgo, null));
        assertNull(at(MONDAY_NOON_UTC).pausesAt(CapacitySettings.DEFAULTS, CapacityState.ACTIVE, longAgo, null));
    }

    @Test
    void onDemandPausesAfterItsIdleMinutesAndNotBefore() {
        CapacitySettings settings = onDemand(30, KeepAlive.EVERYONE);
        Instant since = MONDAY_NOON_UTC;
        Instant activity = since.plus(Duration.ofMinutes(10));
        assertEquals(Optional.empty(), at(since.plus(Duration.ofMinutes(39))).wanted(settings, CapacityState.ACTIVE, since, activity));
        assertEquals(Optional.of(CapacityState.PAUSED), at(since.plus(Duration.ofMinutes(40))).wanted(settings, CapacityState.ACTIVE, since, activity));
        assertEquals(activity.plus(Duration.ofMinutes(30)), at(since).pausesAt(settings, CapacityState.ACTIVE, since, activity));
    }

    @Test
    void onDemandCountsIdleFromBecomingActiveWhenThatIsLater() {
        CapacitySettings settings = onDemand(5, KeepAlive.EVERYONE);
        Instant oldActivity = MONDAY_NOON_UTC.minus(Duration.ofHours(3));
        Instant resumed = MONDAY_NOON_UTC;
        assertEquals(Optional.empty(), at(resumed.plus(Duration.ofMinutes(4))).wanted(settings, CapacityState.ACTIVE, resumed, oldActivity));
        assertEquals(Optional.of(CapacityState.PAUSED), at(resumed.plus(Duration.ofMinutes(5))).wanted(settings, CapacityState.ACTIVE, resumed, oldActivity));
    }

    @Test
    void onDemandIsNeverResumedByTheClock() {
        CapacitySettings settings = onDemand(5, KeepAlive.EVERYONE);
        assertEquals(Optional.empty(), at(MONDAY_NOON_UTC).wanted(settings, CapacityState.PAUSED, MONDAY_NOON_UTC.minusSeconds(86400), null));
    }

    @Test
    void aTransitionUnderWayIsLeftToTheDriver() {
        CapacitySettings settings = onDemand(5, KeepAlive.EVERYONE);
        Instant longAgo = MONDAY_NOON_UTC.minus(Duration.ofDays(1));
        assertEquals(Optional.empty(), at(MONDAY_NOON_UTC).wanted(settings, CapacityState.RESUMING, longAgo, null));
        assertEquals(Optional.empty(), at(MONDAY_NOON_UTC).wanted(settings, CapacityState.PAUSING, longAgo, null));
    }

    @Test
    void timedRefreshCountsOnlyForUsersAllowedToKeepItAwake() {
        CapacitySettings selected = onDemand(30, KeepAlive.SELECTED, "lobby-tv");
        CapacityRules rules = at(MONDAY_NOON_UTC);
        assertTrue(rules.counts(selected, "lobby-tv", Activity.TIMED_REFRESH));
        assertFalse(rules.counts(selected, "alice", Activity.TIMED_REFRESH));
        assertTrue(rules.counts(onDemand(30, KeepAlive.EVERYONE), "alice", Activity.TIMED_REFRESH));
    }

    @Test
    void withKeepAliveSelectedOnlyListedUsersInteractionsCount() {
        CapacitySettings selected = onDemand(30, KeepAlive.SELECTED, "lobby-tv");
        CapacityRules rules = at(MONDAY_NOON_UTC);
        assertFalse(rules.counts(selected, "alice", Activity.HELLO));
        assertFalse(rules.counts(selected, "alice", Activity.INTERACTION));
        assertTrue(rules.counts(selected, "lobby-tv", Activity.INTERACTION));
        assertTrue(rules.counts(onDemand(30, KeepAlive.EVERYONE), "alice", Activity.INTERACTION));
    }

    @Test
    void onlyOnDemandCapacitiesAreResumedByViewersAllowedToKeepThemAwake() {
        CapacityRules rules = at(MONDAY_NOON_UTC);
        CapacitySettings selected = onDemand(30, KeepAlive.SELECTED, "lobby-tv");
        assertTrue(rules.mayResume(selected, "lobby-tv"));
        assertFalse(rules.mayResume(selected, "alice"));
        assertFalse(rules.mayResume(selected, null));
        assertTrue(rules.mayResume(onDemand(30, KeepAlive.EVERYONE), "alice"));
        assertFalse(rules.mayResume(CapacitySettings.DEFAULTS, "alice"), "manual: an admin resumes it");
        assertFalse(rules.mayResume(scheduled(window(EnumSet.of(DayOfWeek.MONDAY), "08:00", "18:00", BERLIN)), "alice"));
        assertTrue(rules.mayKeepAwake(CapacitySettings.DEFAULTS, "alice"));
    }

    @Test
    void aHelloOrInteractionResumesAPausedCapacityButATimedRefreshNever() {
        CapacityRules rules = at(MONDAY_NOON_UTC);
        CapacitySettings everyone = onDemand(30, KeepAlive.EVERYONE);
        assertTrue(rules.resumes(everyone, CapacityState.PAUSED, "alice", Activity.HELLO));
        assertTrue(rules.resumes(everyone, CapacityState.PAUSED, "alice", Activity.INTERACTION));
        assertFalse(rules.resumes(everyone, CapacityState.PAUSED, "alice", Activity.TIMED_REFRESH));
        assertFalse(rules.resumes(everyone, CapacityState.ACTIVE, "alice", Activity.HELLO));
        assertFalse(rules.resumes(onDemand(30, KeepAlive.SELECTED, "lobby-tv"), CapacityState.PAUSED, "alice", Activity.HELLO));
    }

    @Test
    void scheduledIsActiveInsideItsWindowAndPausedOutside() {
        CapacitySettings settings = scheduled(window(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), "08:00", "18:00", BERLIN));
        Instant mondayMorningBerlin = Instant.parse("2026-03-02T07:30:00Z"); // 08:30 CET
        Instant longAgo = mondayMorningBerlin.minus(Duration.ofDays(3));
        assertEquals(Optional.of(CapacityState.ACTIVE), at(mondayMorningBerlin).wanted(settings, CapacityState.PAUSED, longAgo, null));
        Instant mondayEveningBerlin = Instant.parse("2026-03-02T17:30:00Z"); // 18:30 CET
        assertEquals(Optional.of(CapacityState.PAUSED), at(mondayEveningBerlin).wanted(settings, CapacityState.ACTIVE, longAgo, null));
        assertEquals(Instant.parse("2026-03-03T07:00:00Z"), at(mondayEveningBerlin).opensAt(settings));
        assertEquals(Instant.parse("2026-03-02T17:00:00Z"), at(mondayMorningBerlin).pausesAt(settings, CapacityState.ACTIVE, mondayMorningBerlin, null));
        Instant saturday = Instant.parse("2026-03-07T10:00:00Z");
        assertEquals(Instant.parse("2026-03-09T07:00:00Z"), at(saturday).opensAt(settings), "closed all weekend");
    }

    @Test
    void scheduledObeysAnAdminUntilTheNextWindowEdge() {
        CapacitySettings settings = scheduled(window(EnumSet.of(DayOfWeek.MONDAY), "08:00", "18:00", BERLIN));
        Instant adminResumedAt = Instant.parse("2026-03-02T19:00:00Z"); // after the window closed
        assertEquals(Optional.empty(), at(adminResumedAt.plus(Duration.ofHours(2))).wanted(settings, CapacityState.ACTIVE, adminResumedAt, null));
        // the next edge is next Monday's opening: active is what it wants then, so still no change; it pauses at the close after that
        Instant nextMondayClose = Instant.parse("2026-03-09T17:00:01Z");
        assertEquals(Optional.of(CapacityState.PAUSED), at(nextMondayClose).wanted(settings, CapacityState.ACTIVE, adminResumedAt, null));
    }

    @Test
    void aNewScheduleAppliesAtOnceEvenAfterARecentChange() {
        CapacitySettings settings = scheduled(window(EnumSet.of(DayOfWeek.MONDAY), "08:00", "18:00", BERLIN));
        Instant tuesday = Instant.parse("2026-03-03T12:00:00Z");
        Instant activeSinceAnHourAgo = tuesday.minus(Duration.ofHours(1));
        assertEquals(Optional.empty(), at(tuesday).wanted(settings, CapacityState.ACTIVE, activeSinceAnHourAgo, null), "after the edge: obeyed");
        assertEquals(Optional.of(CapacityState.PAUSED), at(tuesday).wanted(settings, CapacityState.ACTIVE, activeSinceAnHourAgo, null, true),
                "a schedule just saved applies now");
    }

    @Test
    void scheduledWindowFollowsBerlinAcrossTheSpringDaylightSavingChange() {
        // Berlin moves from UTC+1 to UTC+2 at 02:00 on Sunday 29 March 2026
        CapacitySettings settings = scheduled(window(EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.MONDAY), "08:00", "18:00", BERLIN));
        Instant saturday = Instant.parse("2026-03-28T12:00:00Z");
        assertEquals(Instant.parse("2026-03-28T17:00:00Z"), at(saturday).pausesAt(settings, CapacityState.ACTIVE, saturday, null), "18:00 CET");
        assertEquals(Instant.parse("2026-03-30T06:00:00Z"), at(Instant.parse("2026-03-29T12:00:00Z")).opensAt(settings), "08:00 CEST");
        Instant mondaySevenUtc = Instant.parse("2026-03-30T06:30:00Z"); // 08:30 CEST: inside, though 07:30 UTC is when a CET window would open
        assertEquals(Optional.of(CapacityState.ACTIVE), at(mondaySevenUtc).wanted(settings, CapacityState.PAUSED, saturday, null));
        assertEquals(Optional.of(CapacityState.PAUSED), at(Instant.parse("2026-03-30T16:30:00Z")).wanted(settings, CapacityState.ACTIVE, saturday, null),
                "18:30 CEST is outside");
    }

    @Test
    void aWindowAcrossTheChangeItselfIsAnHourShorterOrLonger() {
        // overnight Saturday 22:00 → Sunday 06:00, Berlin: 7 hours on the spring night, 9 hours on the autumn night (25 October 2026)
        CapacitySettings settings = scheduled(window(EnumSet.of(DayOfWeek.SATURDAY), "22:00", "06:00", BERLIN));
        Instant springInside = Instant.parse("2026-03-28T23:00:00Z");
        assertEquals(Instant.parse("2026-03-29T04:00:00Z"), at(springInside).pausesAt(settings, CapacityState.ACTIVE, springInside, null));
        Instant autumnInside = Instant.parse("2026-10-24T22:00:00Z");
        assertEquals(Instant.parse("2026-10-25T05:00:00Z"), at(autumnInside).pausesAt(settings, CapacityState.ACTIVE, autumnInside, null));
        assertEquals(Optional.of(CapacityState.ACTIVE),
                at(Instant.parse("2026-10-25T04:30:00Z")).wanted(settings, CapacityState.PAUSED, Instant.parse("2026-10-20T00:00:00Z"), null),
                "05:30 CET on the long night is still inside");
    }

    @Test
    void saoPauloWindowAcrossItsLastDaylightSavingStart() {
        // São Paulo's last DST began at 00:00 on Sunday 4 November 2018 (clocks to 01:00): 00:30 did not exist that night
        ZoneId saoPaulo = ZoneId.of("America/Sao_Paulo");
        CapacitySettings settings = scheduled(window(EnumSet.of(DayOfWeek.SUNDAY), "00:30", "08:00", saoPaulo));
        Instant before = Instant.parse("2018-11-04T01:00:00Z");
        assertEquals(Instant.parse("2018-11-04T03:30:00Z"), at(before).opensAt(settings), "00:30 in the gap opens at 01:30 -02, one gap later");
        assertEquals(Instant.parse("2018-11-04T10:00:00Z"), at(Instant.parse("2018-11-04T05:00:00Z"))
                .pausesAt(settings, CapacityState.ACTIVE, before, null), "08:00 -02");
    }

    @Test
    void touchingWindowsMergeIntoOneSpan() {
        CapacitySettings settings = scheduled(
                window(EnumSet.of(DayOfWeek.MONDAY), "08:00", "12:00", BERLIN),
                window(EnumSet.of(DayOfWeek.MONDAY), "12:00", "18:00", BERLIN));
        Instant morning = Instant.parse("2026-03-02T08:00:00Z");
        assertEquals(Instant.parse("2026-03-02T17:00:00Z"), at(morning).pausesAt(settings, CapacityState.ACTIVE, morning, null));
        assertEquals(Optional.empty(), at(Instant.parse("2026-03-02T11:00:01Z")).wanted(settings, CapacityState.ACTIVE, morning, null),
                "noon is no edge");
    }
}
