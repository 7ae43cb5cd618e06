package dev.tokenkeeper.platform.boundary;

import jakarta.inject.Inject;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * RFC 9110 §6.6.1: an origin server with a clock sends {@code Date} on every response. Payara does
 * not, and GitHub's client libraries compute a token's expiry as {@code Date} + {@code expires_in}
 * (without it octokit throws "Invalid time value"). Set before the chain runs, so error pages, static
 * files and the WebSocket handshake carry it too.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true,
        dispatcherTypes = {DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.FORWARD, DispatcherType.ASYNC})
public class DateHeaderFilter extends HttpFilter {

    /** IMF-fixdate: always two-digit days, English names, GMT (RFC_1123_DATE_TIME drops the leading zero). */
    static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    @Inject
    Clock clock;

    /** The formatted second is reused: one format per second, not one per request. */
    private volatile CachedDate cached = new CachedDate(Long.MIN_VALUE, "");

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!response.containsHeader("Date")) {
            response.setHeader("Date", now());
        }
        chain.doFilter(request, response);
    }

    String now() {
        long second = Math.floorDiv(clock.millis(), 1000L);
        CachedDate date = cached;
        if (date.second != second) {
            date = new CachedDate(second, IMF_FIXDATE.format(java.time.Instant.ofEpochSecond(second)));
            cached = date;
        }
        return date.text;
    }

    private record CachedDate(long second, String text) {
    }
}
