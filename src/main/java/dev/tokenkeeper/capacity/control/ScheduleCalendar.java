package dev.tokenkeeper.capacity.control;

import dev.tokenkeeper.settings.entity.ScheduleWindow;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns weekly windows in local time into instants around a moment. Each window is laid out day by
 * day in its own zone, so its UTC times move with daylight saving; a start that falls into a
 * spring-forward gap moves forward by the gap (02:30 → 03:30), as {@link ZonedDateTime#of} resolves
 * it, and in an autumn overlap the earlier offset is used. Overlapping or touching windows are merged
 * into one span, so the moment a capacity must pause is the end of everything that keeps it on.
 */
final class ScheduleCalendar {

    /** Far enough either side of the moment that every weekly window appears twice, and merged spans end inside it. */
    private static final int DAYS_AROUND = 15;

    record Span(Instant start, Instant end) {
        boolean contains(Instant moment) {
            return !moment.isBefore(start) && moment.isBefore(end);
        }
    }

    private final List<Span> spans;

    ScheduleCalendar(List<ScheduleWindow> windows, Instant around) {
        List<Span> laid = new ArrayList<>();
        for (ScheduleWindow window : windows) {
            LocalDate today = around.atZone(window.zone()).toLocalDate();
            for (LocalDate day = today.minusDays(DAYS_AROUND); !day.isAfter(today.plusDays(DAYS_AROUND)); day = day.plusDays(1)) {
                if (!window.days().contains(day.getDayOfWeek())) {
                    continue;
                }
                Instant start = ZonedDateTime.of(day, window.from(), window.zone()).toInstant();
                LocalDate endDay = window.to().isAfter(window.from()) ? day : day.plusDays(1);
                Instant end = ZonedDateTime.of(endDay, window.to(), window.zone()).toInstant();
                if (end.isAfter(start)) {
                    laid.add(new Span(start, end));
                }
            }
        }
        laid.sort(Comparator.comparing(Span::start));
        List<Span> merged = new ArrayList<>();
        for (Span span : laid) {
            Span last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && !span.start().isAfter(last.end())) {
                merged.set(merged.size() - 1, new Span(last.start(), span.end().isAfter(last.end()) ? span.end() : last.end()));
            } else {
                merged.add(span);
            }
        }
        this.spans = merged;
    }

    boolean inside(Instant moment) {
        return spans.stream().anyMatch(span -> span.contains(moment));
    }

    /** The end of the span the moment is in; null outside every window. */
    Instant endOfCurrent(Instant moment) {
        return spans.stream().filter(span -> span.contains(moment)).map(Span::end).findFirst().orElse(null);
    }

    /** The first opening after the moment; null when there is none (no windows). */
    Instant nextOpening(Instant moment) {
        return spans.stream().map(Span::start).filter(start -> start.isAfter(moment)).findFirst().orElse(null);
    }

    /** The latest opening or closing at or before the moment; null when there is none. */
    Instant lastEdge(Instant moment) {
        Instant latest = null;
        for (Span span : spans) {
            for (Instant edge : List.of(span.start(), span.end())) {
                if (!edge.isAfter(moment) && (latest == null || edge.isAfter(latest))) {
                    latest = edge;
                }
            }
        }
        return latest;
    }
}
