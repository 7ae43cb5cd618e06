/**
 * Per-tenant settings that shape how viewers are kept signed in: the timed-refresh interval
 * ("refresh token every X minutes"), the embed token lifetime, and whether interaction refreshes a
 * token. Read through {@code boundary.TenantSettingsFacade}; a change fires {@code SettingsChanged}
 * after it commits, so timers can reschedule.
 */
package dev.tokenkeeper.settings;
