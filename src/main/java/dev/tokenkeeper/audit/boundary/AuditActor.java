package dev.tokenkeeper.audit.boundary;

import jakarta.enterprise.context.RequestScoped;

/**
 * Who is behind the current request's changes, when a person is: the admin pages name their
 * signed-in account here once per request, and every event recorded during that request carries it,
 * without each feature's facade having to pass an actor along.
 */
@RequestScoped
public class AuditActor {

    private String name;

    public void set(String account) {
        this.name = account;
    }

    public String name() {
        return name;
    }
}
