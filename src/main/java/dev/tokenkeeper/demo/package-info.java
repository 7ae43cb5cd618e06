/**
 * The demo that works on first start, and what Tokenkeeper shows for a {@code builtin} report.
 *
 * <p>When {@code tokenkeeper.demo.enabled} (the default; turn it off in production) the service
 * makes sure at start that a tenant {@code demo} exists, with an app, a builtin report
 * {@code demo-sales} and a demo identity provider whose key the service itself generated.
 * {@code POST /api/demo/sign-in} signs a name in: it mints that provider's JWT and exchanges it
 * (RFC 8693) through the token feature's own grant logic, server side, so the app secret never
 * reaches a browser. The demo viewer page ({@code /demo/}) then works like any customer page:
 * embed tokens over the viewer channel, report data fetched with the current embed token.
 *
 * <p>Whatever the flag, builtin reports are rendered from here: {@code GET /embed/reports/{id}}
 * (the {@code embedUrl} of builtin tokens, a page usable in an iframe) and
 * {@code GET /embed/reports/{id}/data} (deterministic sales figures, only with a valid embed token).
 */
package dev.tokenkeeper.demo;
