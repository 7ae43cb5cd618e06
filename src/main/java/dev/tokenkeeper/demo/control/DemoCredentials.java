package dev.tokenkeeper.demo.control;

import com.nimbusds.jose.jwk.ECKey;

/** What the demo sign-in needs in clear: the demo app's credentials and the demo identity provider's key. Never logged. */
public record DemoCredentials(String tenantId, String clientId, String clientSecret, ECKey idpKey) {

    @Override
    public String toString() {
        return "DemoCredentials[tenantId=" + tenantId + ", clientId=" + clientId + "]";
    }
}
