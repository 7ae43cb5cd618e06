package dev.tokenkeeper.capacity.control.azure;

import dev.tokenkeeper.capacity.control.CapacityDriver;
import dev.tokenkeeper.capacity.entity.Capacity;
import dev.tokenkeeper.capacity.entity.CapacityState;
import dev.tokenkeeper.platform.boundary.JsonBuilders;
import dev.tokenkeeper.platform.entity.Urls;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Locale;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A Power BI Embedded capacity ({@code Microsoft.PowerBIDedicated/capacities}) under Azure Resource
 * Manager: {@code POST …/suspend} and {@code POST …/resume}, and {@code GET} of the capacity to read
 * its {@code properties.state}.
 *
 * <p>ARM answers a suspend or resume with {@code 202 Accepted} and an operation to follow, in
 * {@code Azure-AsyncOperation} (an operation status: {@code {"status": "InProgress" | "Succeeded" |
 * "Failed" | "Canceled"}}) or else {@code Location} (202 while running, 200 or 204 when done), with
 * {@code Retry-After} for when to look again. The driver hands that operation to the engine, which
 * stores it on the row and asks {@link #check} at that time, on whichever node claims the look.
 * When the operation is done, or when there is none to follow (a 409 because the capacity is busy,
 * a failure, a restart), the capacity's own state decides: Paused or Suspended is paused, Succeeded
 * is active, the transitional states (Pausing, Suspending, Resuming, Provisioning, Updating,
 * Scaling, Preparing) mean wait, and a capacity found in the opposite stable state gets the
 * suspend or resume again (that is the retry after a failure).
 *
 * <p>Operation URLs come from ARM's answers and are sent our bearer token: only URLs under the
 * configured ARM base are followed.
 */
@ApplicationScoped
public class AzureDriver implements CapacityDriver {

    public static final String NAME = "azure";

    private static final Set<String> PAUSED = Set.of("paused", "suspended");
    private static final Set<String> ACTIVE = Set.of("succeeded");
    private static final Set<String> TRANSITIONAL = Set.of("pausing", "suspending", "resuming", "provisioning", "updating", "scaling",
            "preparing");

    @Inject
    @ConfigProperty(name = "tokenkeeper.capacity.azure.arm-url", defaultValue = "https://management.azure.com")
    String armUrl;

    @Inject
    @ConfigProperty(name = "tokenkeeper.capacity.azure.api-version", defaultValue = "2021-01-01")
    String apiVersion;

    @Inject
    ArmHttp http;

    @Inject
    ArmTokens tokens;

    @Inject
    AzureConnectionStore connections;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Progress pause(Capacity row) {
        return act(row, connections.target(row.tenantId()), "suspend");
    }

    @Override
    public Progress resume(Capacity row) {
        return act(row, connections.target(row.tenantId()), "resume");
    }

    @Override
    public Progress check(Capacity row) {
        ArmTarget target = connections.target(row.tenantId());
        String operation = row.operationUrl();
        if (operation != null) {
            ArmHttp.Answer answer = http.send(get(target, URI.create(operation)), "ARM operation of capacity " + target.capacityName(),
                    Set.of(), this::advice);
            if (answer.status() == 202) {
                return Progress.underWay(operation, answer.retryAfterSeconds());
            }
            String status = operationStatus(answer.body());
            if (status != null) {
                switch (status) {
                    case "succeeded" -> {
                        // done: the capacity's own state confirms it below
                    }
                    case "failed", "canceled" -> throw new DriverException("Azure reports the " + (row.state() == CapacityState.PAUSING ? "suspend"
                            : "resume") + " of capacity " + target.capacityName() + " as " + status + operationError(answer.body())
                            + "; it will be tried again");
                    default -> {
                        return Progress.underWay(operation, answer.retryAfterSeconds());
                    }
                }
            }
        }
        return byState(row, target);
    }

    /** Reads the capacity's state and decides: done, wait, or ask again. */
    private Progress byState(Capacity row, ArmTarget target) {
        String azureState = state(target);
        String state = azureState.toLowerCase(Locale.ROOT);
        boolean pausing = row.state() == CapacityState.PAUSING;
        if (PAUSED.contains(state)) {
            return pausing ? Progress.finished() : act(row, target, "resume");
        }
        if (ACTIVE.contains(state)) {
            return pausing ? act(row, target, "suspend") : Progress.finished();
        }
        if (TRANSITIONAL.contains(state)) {
            return Progress.underWay(null, 0);
        }
        throw new DriverException("Capacity " + target.capacityName() + " is in state '" + azureState + "' in Azure, from which it can be neither "
                + "suspended nor resumed: look at it in the Azure portal");
    }

    private Progress act(Capacity row, ArmTarget target, String action) {
        URI uri = URI.create(Urls.withoutTrailingSlash(armUrl) + target.resourcePath() + "/" + action + "?api-version=" + apiVersion);
        HttpRequest request = http.request(uri).header("Authorization", "Bearer " + tokens.accessToken(target))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        // 409: the capacity is busy with another operation (or already in the state asked for); its state decides on the next look
        ArmHttp.Answer answer = http.send(request, "ARM " + action + " of capacity " + target.capacityName(), Set.of(409), this::advice);
        if (answer.status() == 409) {
            return Progress.underWay(null, 0);
        }
        if (answer.status() == 202) {
            String operation = answer.asyncOperation() != null ? answer.asyncOperation() : answer.location();
            return Progress.underWay(operation == null ? null : followable(operation), answer.retryAfterSeconds());
        }
        // 200: done at once; the state confirms it on the next look
        return Progress.underWay(null, 0);
    }

    private String state(ArmTarget target) {
        URI uri = URI.create(Urls.withoutTrailingSlash(armUrl) + target.resourcePath() + "?api-version=" + apiVersion);
        ArmHttp.Answer answer = http.send(get(target, uri), "ARM GET of capacity " + target.capacityName(), Set.of(), this::advice);
        try {
            JsonObject properties = JsonBuilders.parseObject(answer.body()).getJsonObject("properties");
            return properties.getString("state");
        } catch (RuntimeException e) {
            throw new DriverException("ARM answered the GET of capacity " + target.capacityName() + " without a properties.state", e);
        }
    }

    private HttpRequest get(ArmTarget target, URI uri) {
        return http.request(uri).header("Authorization", "Bearer " + tokens.accessToken(target)).GET().build();
    }

    /** Our bearer token goes only to ARM itself: an operation URL elsewhere is refused, not followed. */
    private String followable(String operation) {
        String base = Urls.withoutTrailingSlash(armUrl) + "/";
        if (!operation.startsWith(base)) {
            throw new DriverException("ARM answered with an operation outside " + base + "; it is not followed");
        }
        return operation;
    }

    private static String operationStatus(String body) {
        if (body == null || body.isBlank() || body.charAt(0) != '{') {
            return null;
        }
        try {
            String status = JsonBuilders.parseObject(body).getString("status", null);
            return status == null ? null : status.toLowerCase(Locale.ROOT);
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    private static String operationError(String body) {
        try {
            JsonObject error = JsonBuilders.parseObject(body).getJsonObject("error");
            return error == null ? "" : " (" + error.getString("code", "") + ": " + error.getString("message", "") + ")";
        } catch (RuntimeException e) {
            return "";
        }
    }

    private String advice(int status) {
        return switch (status) {
            case 401 -> "Entra ID did not accept the token: check the Azure capacity connection's Entra tenant id, client id and secret";
            case 403 -> "The service principal may not do this: give it a role with Microsoft.PowerBIDedicated/capacities/read, "
                    + "suspend/action and resume/action on the capacity, such as Contributor on the capacity";
            case 404 -> "No such capacity: check the subscription id, resource group and capacity name of the Azure capacity connection";
            default -> "Check the Azure capacity connection with GET /api/tenants/{tenant}/capacity/azure";
        };
    }
}
