/**
 * The admin pages: Jakarta Faces under {@code /admin/}, in the same WAR as the REST API.
 *
 * <p>One web module has one Jakarta Security mechanism, and MP-JWT (the REST API's bearer tokens)
 * is it. So the pages do not add a second mechanism: they sign people in with their own form and
 * keep the signed-in account in the HTTP session; {@link dev.tokenkeeper.admin.boundary.AdminSessionFilter}
 * guards {@code /admin/*} and never sees an API request, which keeps answering 401/403 as JSON.
 * The pages call the other features' boundary facades only, and every change they make is audited
 * with the signed-in account as the actor.
 */
package dev.tokenkeeper.admin;
