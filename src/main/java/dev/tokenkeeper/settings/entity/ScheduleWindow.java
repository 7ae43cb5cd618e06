package dev.tokenkeeper.settings.entity;

import java.io.Serializable;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * A weekly window in which a scheduled capacity is on: on each of {@code days}, from {@code from}
 * to {@code to} local time in {@code zone}. A {@code to} earlier than {@code from} ends on the next
 * day (22:00–06:00 is overnight). Local times, so the window follows the zone's daylight-saving
 * changes (08:00 Berlin is 07:00 UTC in winter and 06:00 UTC in summer).
 */
public record ScheduleWindow(Set<DayOfWeek> days, LocalTime from, LocalTime to, ZoneId zone) implements Serializable {

    public ScheduleWindow {
        days = days == null || days.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(days));
    }

    /** "MON".."SUN", the JSON form of a day. */
    public static String dayName(DayOfWeek day) {
        return day.name().substring(0, 3);
    }
}
