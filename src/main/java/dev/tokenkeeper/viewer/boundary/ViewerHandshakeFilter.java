package dev.tokenkeeper.viewer.boundary;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Around the {@code /ws/viewer} handshake: once the WebSocket implementation's own filter (registered
 * after the application's, so inside this one) has upgraded the request and sent the 101, releases
 * what the handshake's request and response no longer need but would keep for the socket's life
 * ({@link HandshakeLeftovers}: about a third of a viewer's heap). The container initialises the
 * upgrade handler, and with it the endpoint's {@code onOpen}, only after the filters have returned.
 */
@WebFilter(urlPatterns = "/ws/viewer", asyncSupported = true)
public class ViewerHandshakeFilter extends HttpFilter {

    static final int SWITCHING_PROTOCOLS = 101;

    /**
     * Off by default: with it on, one CI run of ViewerChannelIT (1 of 3) saw another request's Grizzly
     * request and response recycled under it (NullPointerExceptions in Catalina's output buffer, a 500
     * on a token exchange) right after many viewers were closed at once; the cause is not established.
     * Turn it on only to measure (docs/notes/heap.md).
     */
    @Inject
    @ConfigProperty(name = "tokenkeeper.viewer.release-handshake", defaultValue = "false")
    boolean release;

    private final HandshakeLeftovers leftovers = new HandshakeLeftovers();

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        chain.doFilter(request, response);
        if (release && response.getStatus() == SWITCHING_PROTOCOLS && response.isCommitted()) {
            leftovers.release(request);
        }
    }
}
