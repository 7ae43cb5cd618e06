package dev.tokenkeeper.it;

import dev.tokenkeeper.testsupport.ClockResource;
import dev.tokenkeeper.testsupport.ContainerErrorsResource;
import dev.tokenkeeper.testsupport.DeviceSupportResource;
import dev.tokenkeeper.testsupport.HousekeepingResource;
import dev.tokenkeeper.testsupport.MovableClock;
import dev.tokenkeeper.testsupport.MovableClockProducer;
import dev.tokenkeeper.testsupport.ViewerSupportResource;
import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The real WAR that `package` built (changelogs included), plus a clock tests can move. */
final class Deployments {

    private Deployments() {
    }

    static WebArchive tokenkeeperWithMovableClock() {
        File war = new File("target/tokenkeeper.war");
        if (!war.exists()) {
            throw new IllegalStateException("target/tokenkeeper.war is missing: run the integration tests with 'mvn verify'");
        }
        return ShrinkWrap.create(ZipImporter.class, "tokenkeeper.war").importFrom(war).as(WebArchive.class)
                .addClasses(MovableClock.class, MovableClockProducer.class, ClockResource.class, HousekeepingResource.class,
                        ViewerSupportResource.class, DeviceSupportResource.class, ContainerErrorsResource.class);
    }
}
