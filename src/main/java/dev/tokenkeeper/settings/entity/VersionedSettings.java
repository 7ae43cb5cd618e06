package dev.tokenkeeper.settings.entity;

/**
 * Settings with the version they were read at: the settings API's {@code ETag}. The version grows by
 * one with every stored change ("0" for a tenant that never changed its settings).
 */
public record VersionedSettings(ViewerSettings settings, String version) {
}
