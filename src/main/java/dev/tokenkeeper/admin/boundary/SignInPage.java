package dev.tokenkeeper.admin.boundary;

import dev.tokenkeeper.admin.control.SignInThrottle;
import dev.tokenkeeper.tenant.boundary.AdminAccountView;
import dev.tokenkeeper.tenant.boundary.AdminAccounts;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The sign-in form: throttled per account and address, the session id renewed on success (no fixation). */
@Named
@RequestScoped
public class SignInPage {

    @Inject
    AdminAccounts accounts;

    @Inject
    SignInThrottle throttle;

    @Inject
    AdminSession session;

    @Inject
    @ConfigProperty(name = "tokenkeeper.admin.session-timeout-minutes", defaultValue = "30")
    int sessionTimeoutMinutes;

    private String username;
    private String password;

    public String signIn() {
        ExternalContext external = FacesContext.getCurrentInstance().getExternalContext();
        HttpServletRequest request = (HttpServletRequest) external.getRequest();
        String address = request.getRemoteAddr();
        String name = username == null ? "" : username.trim();
        Duration wait = throttle.waitBefore(name, address);
        if (!wait.isZero()) {
            Pages.error(null, Pages.text("signin.wait", seconds(wait)));
            return null;
        }
        Optional<AdminAccountView> account = accounts.authenticate(name, password == null ? new char[0] : password.toCharArray());
        password = null;
        if (account.isEmpty()) {
            Duration next = throttle.failed(name, address);
            accounts.recordSignIn(name, false, address);
            Pages.error(null, next.isZero() ? Pages.text("signin.wrong") : Pages.text("signin.wrong") + " " + Pages.text("signin.wait", seconds(next)));
            return null;
        }
        throttle.succeeded(name);
        accounts.recordSignIn(name, true, address);
        request.getSession(true);
        request.changeSessionId();
        SessionCookie.harden(request, (jakarta.servlet.http.HttpServletResponse) external.getResponse());
        request.getSession().setMaxInactiveInterval(Math.max(1, sessionTimeoutMinutes) * 60);
        session.signIn(account.get());
        return account.get().platformAdmin() ? "/tenants.xhtml?faces-redirect=true"
                : "/settings.xhtml?faces-redirect=true&tenant=" + account.get().tenantSlug();
    }

    public boolean isSignedOut() {
        return "1".equals(Pages.param("signedOut"));
    }

    private static long seconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }
}
