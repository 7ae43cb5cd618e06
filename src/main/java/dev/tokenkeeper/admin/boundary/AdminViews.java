package dev.tokenkeeper.admin.boundary;

import jakarta.faces.application.ResourceHandler;
import jakarta.faces.application.ResourceHandlerWrapper;
import jakarta.faces.application.ViewResource;
import jakarta.faces.context.FacesContext;

/**
 * The FacesServlet is mapped to {@code /admin/*}, so {@code /admin/tenants.xhtml} is the view
 * {@code /tenants.xhtml}. Its file lives in {@code WEB-INF/admin/}: there no servlet can serve the
 * page source, and the pages do not clutter the web root that the demo and the browser clients use.
 */
public class AdminViews extends ResourceHandlerWrapper {

    static final String FOLDER = "/WEB-INF/admin";

    public AdminViews(ResourceHandler wrapped) {
        super(wrapped);
    }

    @Override
    public ViewResource createViewResource(FacesContext context, String resourceName) {
        // only page files: Facelets also asks for "/" at start, as the base of every page
        if (resourceName.startsWith("/") && resourceName.endsWith(".xhtml") && !resourceName.startsWith("/WEB-INF/")) {
            return super.createViewResource(context, FOLDER + resourceName);
        }
        return super.createViewResource(context, resourceName);
    }
}
