/**
 * Signing users in the way GitHub Apps do, federated to the tenant's OpenID Connect provider: the
 * web application flow's {@code /login/oauth/authorize} (PKCE, registered redirect URIs, consent,
 * a single-use code handed to the token feature) and the device flow's page {@code /login/device}
 * (the user types the code, signs in, approves or denies; the device-flow backend is the token
 * feature's). Tokenkeeper is the relying party at the provider: its own state, nonce and PKCE,
 * endpoints from discovery, the {@code id_token} verified against the provider's keys.
 *
 * <p>A sign-in in progress lives in the database ({@code signin_request}), found by the hash of the
 * state sent to the provider and bound to the browser by the hash of a cookie, so any node of a
 * cluster can finish it. The pages are plain HTML written here, every value escaped.
 */
package dev.tokenkeeper.signin;
