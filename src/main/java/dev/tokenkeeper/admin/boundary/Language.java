package dev.tokenkeeper.admin.boundary;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Iterator;
import java.util.Locale;

/**
 * The pages' language: the one chosen with the switch (kept in the session), else the first of the
 * browser's Accept-Language that we have (any Portuguese reads the Brazilian texts), else English.
 */
@Named
@RequestScoped
public class Language {

    static final Locale PORTUGUESE = Locale.forLanguageTag("pt-BR");

    @Inject
    AdminSession session;

    public Locale getLocale() {
        if (session.getLocale() != null) {
            return session.getLocale();
        }
        Iterator<Locale> wanted = FacesContext.getCurrentInstance().getExternalContext().getRequestLocales();
        while (wanted.hasNext()) {
            String language = wanted.next().getLanguage();
            if ("pt".equals(language)) {
                return PORTUGUESE;
            }
            if ("en".equals(language)) {
                return Locale.ENGLISH;
            }
        }
        return Locale.ENGLISH;
    }

    /** For {@code <html lang>}: screen readers pronounce the page in its language. */
    public String getTag() {
        return getLocale().toLanguageTag();
    }

    public boolean isPortuguese() {
        return "pt".equals(getLocale().getLanguage());
    }

    /** The switch: remembered for the session, then the same page again with its parameters. */
    public String switchTo(String tag) {
        session.setLocale("pt-BR".equals(tag) ? PORTUGUESE : Locale.ENGLISH);
        FacesContext faces = FacesContext.getCurrentInstance();
        faces.getViewRoot().setLocale(session.getLocale());
        return faces.getViewRoot().getViewId() + "?faces-redirect=true&includeViewParams=true";
    }
}
