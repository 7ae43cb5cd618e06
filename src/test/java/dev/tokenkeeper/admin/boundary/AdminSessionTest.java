package dev.tokenkeeper.admin.boundary;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenkeeper.tenant.boundary.AdminAccountView;
import dev.tokenkeeper.admin.entity.TenantNotVisibleException;
import org.junit.jupiter.api.Test;

class AdminSessionTest {

    @Test
    void nobodySignedInMayAdministerNothing() {
        AdminSession cut = new AdminSession();
        assertFalse(cut.mayAdminister("acme"));
        assertThrows(TenantNotVisibleException.class, () -> cut.require("acme"));
    }

    @Test
    void aTenantAdminAdministersOnlyTheirTenant() {
        AdminSession cut = new AdminSession();
        cut.signIn(new AdminAccountView("ana", "acme", false, null));
        assertTrue(cut.mayAdminister("acme"));
        assertFalse(cut.mayAdminister("globex"));
        assertFalse(cut.mayAdminister(null));
        assertThrows(TenantNotVisibleException.class, () -> cut.require("globex"));
        assertFalse(cut.isPlatformAdmin());
    }

    @Test
    void thePlatformAdminAdministersEveryTenant() {
        AdminSession cut = new AdminSession();
        cut.signIn(new AdminAccountView("admin", "platform", true, null));
        assertTrue(cut.mayAdminister("acme"));
        assertDoesNotThrow(() -> cut.require("globex"));
    }
}
