package dev.tokenkeeper.token.entity;

import dev.tokenkeeper.tenant.entity.App;
import dev.tokenkeeper.tenant.entity.Tenant;

public record AuthenticatedClient(App app, Tenant tenant) {
}
