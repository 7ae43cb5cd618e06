package dev.tokenkeeper.platform.boundary;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;

/**
 * JAX-RS at the root, because the public contract fixes root paths such as
 * {@code /login/oauth/access_token} and {@code /.well-known/oauth-authorization-server}.
 * {@code @ApplicationScoped} so that CDI discovers {@code @LoginConfig} (see STACK-NOTES); the roles
 * are declared here so that MP-JWT maps the {@code groups} claim onto them.
 */
@DeclareRoles({"admin", "platform-admin", "user"})
@ApplicationScoped
@ApplicationPath("/")
@LoginConfig(authMethod = "MP-JWT")
public class RestApplication extends Application {
}
