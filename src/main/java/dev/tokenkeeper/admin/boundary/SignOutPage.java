package dev.tokenkeeper.admin.boundary;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Named;
import java.io.IOException;

/**
 * Sign-out is a link, so it is a GET with an effect: the view is a Faces protected view, reached
 * only through links that carry the session's token, so another site cannot sign an admin out.
 */
@Named
@RequestScoped
public class SignOutPage {

    public void signOut() throws IOException {
        ExternalContext external = FacesContext.getCurrentInstance().getExternalContext();
        external.invalidateSession();
        external.redirect(external.getRequestContextPath() + "/admin/signin.xhtml?signedOut=1");
        FacesContext.getCurrentInstance().responseComplete();
    }
}
