package dev.tokenkeeper.platform.boundary;

import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * The errors every admin API operation can answer, added to the OpenAPI document in one place
 * (registered as {@code mp.openapi.filter}) instead of the same five annotations on every admin
 * resource: the mappers of this package write them the same way for all of them. An operation that
 * documents one of these codes itself keeps its own. The {@code ApiError} schema is in
 * {@code META-INF/openapi.yaml}.
 */
public class AdminApiErrors implements OASFilter {

    static final String TAG = "Admin API";

    private static final Map<String, String> ERRORS = Map.of(
            "400", "invalid_request: a malformed body or invalid fields (fields names each)",
            "401", "No or an invalid bearer access token",
            "403", "The token's tenant or role does not allow this",
            "404", "No such tenant, app, report or connection",
            "500", "server_error: only an id to find the logged failure with");

    @Override
    public Operation filterOperation(Operation operation) {
        if (operation.getTags() == null || !operation.getTags().contains(TAG)) {
            return operation;
        }
        APIResponses responses = operation.getResponses() != null ? operation.getResponses() : OASFactory.createAPIResponses();
        ERRORS.forEach((code, description) -> {
            if (!responses.hasAPIResponse(code)) {
                responses.addAPIResponse(code, error(description));
            }
        });
        return operation.responses(responses);
    }

    private static APIResponse error(String description) {
        MediaType json = OASFactory.createMediaType().schema(OASFactory.createSchema().ref("ApiError"));
        Content content = OASFactory.createContent().addMediaType("application/json", json);
        return OASFactory.createAPIResponse().description(description).content(content);
    }
}
