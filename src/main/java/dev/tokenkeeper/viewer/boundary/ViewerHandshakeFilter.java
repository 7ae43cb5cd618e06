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
     * The switch, for a platform version whose internals moved in a way the shape check cannot see.
     * (It was off for a while after a CI run saw another request's objects recycled under it; that was
     * the platform's double recycle when a socket is closed off its own thread, reproduced with the
     * release on and off alike and avoided in {@link WebSocketConnection}: docs/notes/heap.md.)
     */
    @Inject
    @ConfigProperty(name = "tokenkeeper.viewer.release-handshake", defaultValue = "true")
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
