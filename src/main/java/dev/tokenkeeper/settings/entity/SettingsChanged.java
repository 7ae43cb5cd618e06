package dev.tokenkeeper.settings.entity;

import java.io.Serializable;

/** Fired after a tenant's settings change has committed. Serializable: it will cross cluster nodes. */
public record SettingsChanged(String tenantId, ViewerSettings settings) implements Serializable {
}
