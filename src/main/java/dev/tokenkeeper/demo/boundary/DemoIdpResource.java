package dev.tokenkeeper.demo.boundary;

import dev.tokenkeeper.demo.control.DemoOidcProvider;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The demo's own OpenID Connect provider under {@code /demo-idp/} (see {@link DemoOidcProvider}): a
 * discovery document, a "sign in as [name]" form, a token endpoint and the JWKS. Its issuer is this
 * server's base URL as the caller reached it + {@code /demo-idp}. Off with the demo.
 */
@Path(DemoOidcProvider.PATH)
public class DemoIdpResource {

    private static final List<String> FORWARDED = List.of("client_id", "redirect_uri", "response_type", "state", "nonce",
            "code_challenge", "code_challenge_method");

    @Inject
    DemoOidcProvider provider;

    @Inject
    @ConfigProperty(name = "tokenkeeper.demo.enabled", defaultValue = "true")
    boolean enabled;

    @Context
    UriInfo uri;

    @GET
    @Path(".well-known/openid-configuration")
    @Produces(MediaType.APPLICATION_JSON)
    public String discovery() {
        demoOn();
        return provider.discovery(issuer()).toString();
    }

    @GET
    @Path("jwks")
    @Produces("application/jwk-set+json")
    public String jwks() {
        demoOn();
        return provider.jwks();
    }

    @GET
    @Path("authorize")
    @Produces(MediaType.TEXT_HTML)
    public Response form() {
        demoOn();
        Map<String, String> request = new HashMap<>();
        FORWARDED.forEach(name -> request.put(name, uri.getQueryParameters().getFirst(name)));
        var problem = provider.authorizeProblem(request, callback());
        if (problem.isPresent()) {
            return html(400, "<p class=\"error\">" + esc(problem.get()) + "</p>");
        }
        StringBuilder hidden = new StringBuilder();
        request.forEach((name, value) -> {
            if (value != null) {
                hidden.append("<input type=\"hidden\" name=\"").append(esc(name)).append("\" value=\"").append(esc(value)).append("\">");
            }
        });
        String hint = uri.getQueryParameters().getFirst("login_hint");
        return html(200, "<p>This is <strong>the demo's own identity provider</strong>: it believes any name. "
                + "A real tenant signs in at its own provider.</p><form method=\"post\">" + hidden
                + "<label for=\"name\">Sign in as</label><input id=\"name\" name=\"name\" required maxlength=\"64\" "
                + "pattern=\"[A-Za-z0-9._@\\-]{1,64}\" value=\"" + esc(hint == null ? "ada" : hint) + "\">"
                + "<div class=\"actions\"><button type=\"submit\" name=\"action\" value=\"cancel\" id=\"cancel\" formnovalidate>Cancel</button>"
                + "<button type=\"submit\" name=\"action\" value=\"sign-in\" id=\"sign-in\" class=\"primary\">Sign in</button></div></form>");
    }

    @POST
    @Path("authorize")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signIn(MultivaluedMap<String, String> form) {
        demoOn();
        Map<String, String> request = new HashMap<>();
        FORWARDED.forEach(name -> request.put(name, form.getFirst(name)));
        var problem = provider.authorizeProblem(request, callback());
        if (problem.isPresent()) {
            return html(400, "<p class=\"error\">" + esc(problem.get()) + "</p>");
        }
        UriBuilder back = UriBuilder.fromUri(request.get("redirect_uri"));
        String name = form.getFirst("name");
        if ("cancel".equals(form.getFirst("action"))) {
            back.queryParam("error", "access_denied");
        } else if (name == null || !name.matches("[A-Za-z0-9._@\\-]{1,64}")) {
            return html(400, "<p class=\"error\">Use 1 to 64 letters, digits, dots, dashes, underscores or @.</p>");
        } else {
            back.queryParam("code", provider.code(name, request));
        }
        if (request.get("state") != null) {
            back.queryParam("state", request.get("state"));
        }
        return Response.seeOther(back.build()).build();
    }

    @POST
    @Path("token")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Response token(MultivaluedMap<String, String> form, @HeaderParam("Authorization") String authorization) {
        demoOn();
        Map<String, String> parameters = new HashMap<>();
        form.forEach((name, values) -> parameters.put(name, values.isEmpty() ? null : values.get(0)));
        String clientId = parameters.get("client_id");
        String secret = parameters.get("client_secret");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String[] pair = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8).split(":", 2);
                clientId = URLDecoder.decode(pair[0], StandardCharsets.UTF_8);
                secret = pair.length > 1 ? URLDecoder.decode(pair[1], StandardCharsets.UTF_8) : null;
            } catch (IllegalArgumentException e) {
                clientId = null;
            }
        }
        var answer = provider.token(clientId, secret, parameters, issuer());
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        int status = !answer.containsKey("error") ? 200 : "invalid_client".equals(answer.getString("error")) ? 401 : 400;
        return Response.status(status).cacheControl(noStore).entity(answer.toString()).build();
    }

    private String issuer() {
        String base = uri.getBaseUri().toString();
        return (base.endsWith("/") ? base : base + "/") + DemoOidcProvider.PATH;
    }

    private String callback() {
        String base = uri.getBaseUri().toString();
        return (base.endsWith("/") ? base : base + "/") + "login/oauth/callback";
    }

    private void demoOn() {
        if (!enabled) {
            throw new NotFoundException("The demo is turned off on this server (tokenkeeper.demo.enabled=false)");
        }
    }

    private static Response html(int status, String body) {
        String page = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,"
                + "initial-scale=1\"><title>Demo identity provider</title><style>body{font:16px/1.5 system-ui,sans-serif;background:#fff7e6;"
                + "margin:0}main{max-width:26rem;margin:8vh auto;padding:2rem;background:#fff;border:2px dashed #d4a017;border-radius:12px}"
                + "h1{font-size:1.2rem}.badge{display:inline-block;background:#d4a017;color:#fff;border-radius:4px;padding:0 .4rem;"
                + "font-size:.8rem}label{display:block;font-weight:600}input{width:100%;font:inherit;padding:.5rem;margin:.3rem 0 1rem;"
                + "box-sizing:border-box}.actions{display:flex;gap:.75rem}button{flex:1;font:inherit;padding:.5rem;border-radius:6px;"
                + "border:1px solid #ccc;background:#f6f6f6}button.primary{background:#8a5a00;color:#fff;border-color:#8a5a00}"
                + ".error{color:#b42318}</style></head><body><main><span class=\"badge\">DEMO ONLY</span><h1>Demo identity provider</h1>"
                + body + "</main></body></html>";
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(page)
                .header("X-Frame-Options", "DENY").build();
    }

    private static String esc(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
