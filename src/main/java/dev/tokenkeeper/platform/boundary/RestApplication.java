package dev.tokenkeeper.platform.boundary;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;

/**
 * JAX-RS at the root, because the public contract fixes root paths such as
 * {@code /login/oauth/access_token} and {@code /.well-known/oauth-authorization-server}.
 * No Jakarta Security mechanism for the module: the routes that need a caller check our own bearer
 * tokens themselves ({@link dev.tokenkeeper.token.boundary.BearerTokens}), so every other route
 * (metadata, JWKS, the token endpoint, the pages) runs without any security machinery.
 */
@ApplicationPath("/")
public class RestApplication extends Application {

    /**
     * Jersey's WADL off: {@code GET /application.wadl} listed every resource class and route, outside
     * the public contract (which {@code /openapi} documents), and building its model cost part of every
     * start. Other JAX-RS runtimes ignore the key.
     */
    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.server.wadl.disableWadl", true);
    }
}
