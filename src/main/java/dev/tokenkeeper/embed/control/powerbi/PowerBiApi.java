package dev.tokenkeeper.embed.control.powerbi;

import dev.tokenkeeper.embed.control.EmbedTokenUnavailableException;
import dev.tokenkeeper.embed.entity.EffectiveIdentity;
import dev.tokenkeeper.embed.entity.PowerBiReportIds;
import dev.tokenkeeper.platform.boundary.JsonBuilders;
import dev.tokenkeeper.platform.entity.Urls;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The two Power BI REST calls an embed token needs, shaped as Microsoft documents them
 * ("Embed Token - Generate Token" and "Reports - Get Report In Group"). Ids are GUIDs, checked when
 * a report is registered, so they go into paths as they are.
 */
@ApplicationScoped
public class PowerBiApi {

    @Inject
    @ConfigProperty(name = "tokenkeeper.powerbi.api-url", defaultValue = "https://api.powerbi.com")
    String apiUrl;

    @Inject
    PowerBiHttp http;

    /** {@code GET /v1.0/myorg/groups/{workspaceId}/reports/{reportId}}: the report's {@code embedUrl}. */
    public String embedUrl(String accessToken, PowerBiReportIds ids) {
        URI uri = URI.create(base() + "/v1.0/myorg/groups/" + ids.workspaceId() + "/reports/" + ids.reportId());
        HttpRequest request = http.request(uri).header("Authorization", "Bearer " + accessToken).GET().build();
        String what = "Power BI Get Report of report " + ids.reportId() + " in workspace " + ids.workspaceId();
        String body = http.send(request, what, PowerBiApi::advice);
        try {
            String embedUrl = JsonBuilders.parseObject(body).getString("embedUrl");
            if (embedUrl.isBlank()) {
                throw new IllegalArgumentException("embedUrl is empty");
            }
            return embedUrl;
        } catch (RuntimeException e) {
            throw new EmbedTokenUnavailableException(what + " answered without an embedUrl", PowerBiHttp.AFTER_REFUSAL, e);
        }
    }

    /**
     * {@code POST /v1.0/myorg/GenerateToken} (GenerateTokenRequestV2) for viewing one report.
     * {@code targetWorkspaces} is left out on purpose: it lets the token's holder save new reports
     * into those workspaces (and needs the Content.Create permission), which a viewer must not do.
     */
    public GeneratedToken generateToken(String accessToken, PowerBiReportIds ids, Optional<EffectiveIdentity> identity, Duration lifetime) {
        JsonObjectBuilder body = JsonBuilders.object()
                .add("datasets", JsonBuilders.array().add(JsonBuilders.object().add("id", ids.datasetId())))
                .add("reports", JsonBuilders.array().add(JsonBuilders.object().add("id", ids.reportId())));
        identity.ifPresent(id -> {
            JsonArrayBuilder roles = JsonBuilders.array();
            id.roles().forEach(roles::add);
            // row-level security: the viewer's data is filtered by these roles of this dataset, for this username
            body.add("identities", JsonBuilders.array().add(JsonBuilders.object()
                    .add("username", id.username())
                    .add("roles", roles)
                    .add("datasets", JsonBuilders.array().add(ids.datasetId()))));
        });
        // whole minutes, at least one: Power BI reads 0 as "no limit", i.e. the Entra token's remaining life
        body.add("lifetimeInMinutes", Math.max(1, lifetime.toMinutes()));
        HttpRequest request = http.request(URI.create(base() + "/v1.0/myorg/GenerateToken"))
                .header("Authorization", "Bearer " + accessToken)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.build().toString()))
                .build();
        String what = "Power BI GenerateToken for report " + ids.reportId() + " in workspace " + ids.workspaceId();
        String answer = http.send(request, what, PowerBiApi::advice);
        try {
            JsonObject json = JsonBuilders.parseObject(answer);
            return new GeneratedToken(json.getString("token"), json.getString("tokenId"),
                    OffsetDateTime.parse(json.getString("expiration")).toInstant());
        } catch (RuntimeException e) {
            throw new EmbedTokenUnavailableException(what + " answered something that is not an embed token", PowerBiHttp.AFTER_REFUSAL, e);
        }
    }

    /** What an admin can do about a refusal; the usual causes of each status, from Microsoft's embedding docs. */
    static String advice(int status) {
        return switch (status) {
            case 401 -> "Power BI did not accept the service principal's token: allow service principals to use Power BI APIs "
                    + "in the Power BI admin portal (tenant settings), and check the connection's Entra tenant id";
            case 403 -> "The service principal may not do this: add it to the workspace as Member or Admin, and check that the "
                    + "workspace is on a capacity (embedding for customers needs one)";
            case 404 -> "Power BI knows no such report in that workspace, or the service principal cannot see it: "
                    + "check the report's workspaceId and reportId";
            case 400 -> "Power BI refused the request: check the report's datasetId and, with row-level security, that the "
                    + "dataset defines the report's roles";
            default -> "Check the report's Power BI ids and the tenant's Power BI connection";
        };
    }

    private String base() {
        return Urls.withoutTrailingSlash(apiUrl);
    }
}
