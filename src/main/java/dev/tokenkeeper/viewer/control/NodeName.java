package dev.tokenkeeper.viewer.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * This node's name in the cluster, as admins see it next to a viewer and as the metrics' {@code node}
 * label: {@code tokenkeeper.node.name}, or the JVM's {@code pid@host}, which differs between the
 * processes of one machine.
 */
@ApplicationScoped
public class NodeName {

    @Inject
    @ConfigProperty(name = "tokenkeeper.node.name", defaultValue = " ")
    String configured;

    private String name;

    @PostConstruct
    void resolve() {
        name = configured == null || configured.isBlank() ? ManagementFactory.getRuntimeMXBean().getName() : configured.strip();
    }

    public String get() {
        return name;
    }
}
