package dev.tokenkeeper.signin.boundary;

import dev.tokenkeeper.signin.entity.Step;
import java.util.Locale;
import java.util.Map;

/**
 * The sign-in pages, in English or Brazilian Portuguese: small, self-contained HTML (no script, one
 * inline style sheet), every value HTML-escaped. Forms post back to Tokenkeeper only.
 */
final class Pages {

    private static final String CSS = """
            *{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;\
            background:#f4f6f8;color:#1f2328}main{max-width:28rem;margin:8vh auto;padding:2rem;background:#fff;\
            border:1px solid #d0d7de;border-radius:12px;box-shadow:0 1px 3px rgba(0,0,0,.06)}h1{font-size:1.35rem;margin:0 0 1rem}\
            p{margin:.5rem 0 1rem}.muted{color:#57606a;font-size:.9rem}.error{color:#b42318;background:#fef3f2;\
            border:1px solid #fecdca;border-radius:8px;padding:.6rem .8rem}label{display:block;font-weight:600;margin-bottom:.3rem}\
            input[type=text]{width:100%;font:600 1.5rem/1.2 ui-monospace,monospace;letter-spacing:.15em;text-transform:uppercase;\
            padding:.6rem .8rem;border:1px solid #d0d7de;border-radius:8px}.actions{display:flex;gap:.75rem;margin-top:1.25rem}\
            button{flex:1;font:inherit;font-weight:600;padding:.65rem 1rem;border-radius:8px;border:1px solid #d0d7de;\
            background:#f6f8fa;cursor:pointer}button.primary{background:#1f883d;border-color:#1a7f37;color:#fff}\
            code{font:600 1.1rem ui-monospace,monospace;letter-spacing:.1em}""";

    private Pages() {
    }

    static boolean portuguese(Locale locale) {
        return locale != null && "pt".equals(locale.getLanguage());
    }

    /** @param root the context path, for the forms' actions ("" at the root) */
    static String render(Step step, Locale locale, String root) {
        boolean pt = portuguese(locale);
        Map<String, String> v = step.values();
        return switch (step.page()) {
            case ERROR -> page(pt, pt ? "Não foi possível entrar" : "Sign-in failed",
                    "<p class=\"error\" id=\"error\">" + esc(v.get("message")) + "</p>");
            case CONSENT -> page(pt, pt ? "Autorizar " + esc(v.get("app")) : "Authorize " + esc(v.get("app")),
                    "<p>" + (pt ? "<strong>" + esc(v.get("app")) + "</strong> quer entrar em seu nome em <strong>"
                            + esc(v.get("tenant")) + "</strong>."
                            : "<strong>" + esc(v.get("app")) + "</strong> wants to sign you in at <strong>" + esc(v.get("tenant"))
                                    + "</strong>.") + "</p>"
                            + "<p class=\"muted\">" + (pt ? "Conectado como " : "Signed in as ") + "<span id=\"user\">"
                            + esc(v.get("user")) + "</span></p>"
                            + decisionForm(root + "/login/oauth/authorize/decision", v.get("consent"), pt ? "Autorizar" : "Authorize",
                                    pt ? "Cancelar" : "Cancel"));
            case DEVICE_ENTRY -> page(pt, pt ? "Conectar um dispositivo" : "Connect a device", deviceEntry(pt, v, root));
            case DEVICE_CONFIRM -> page(pt, pt ? "Conectar um dispositivo" : "Connect a device",
                    "<p>" + (pt ? "O código <code>" + esc(v.get("userCode")) + "</code> é de <strong id=\"app\">" + esc(v.get("app"))
                            + "</strong> para <strong id=\"tenant\">" + esc(v.get("tenant")) + "</strong>."
                            : "Code <code>" + esc(v.get("userCode")) + "</code> belongs to <strong id=\"app\">" + esc(v.get("app"))
                                    + "</strong> for <strong id=\"tenant\">" + esc(v.get("tenant")) + "</strong>.") + "</p>"
                            + "<p class=\"muted\">" + (pt ? "Entre na sua organização para continuar." : "Sign in at your organisation to continue.")
                            + "</p><form method=\"post\" action=\"" + esc(root) + "/login/device/signin\">"
                            + "<input type=\"hidden\" name=\"user_code\" value=\"" + esc(v.get("userCode")) + "\">"
                            + "<div class=\"actions\"><button class=\"primary\" id=\"continue\" type=\"submit\">"
                            + (pt ? "Continuar" : "Continue") + "</button></div></form>");
            case DEVICE_DECIDE -> page(pt, pt ? "Autorizar o dispositivo?" : "Authorize the device?",
                    "<p>" + (pt ? "<strong>" + esc(v.get("app")) + "</strong> em um dispositivo quer acesso em seu nome a <strong>"
                            + esc(v.get("tenant")) + "</strong> (código <code>" + esc(v.get("userCode")) + "</code>)."
                            : "<strong>" + esc(v.get("app")) + "</strong> on a device wants access to <strong>" + esc(v.get("tenant"))
                                    + "</strong> on your behalf (code <code>" + esc(v.get("userCode")) + "</code>).") + "</p>"
                            + "<p class=\"muted\">" + (pt ? "Conectado como " : "Signed in as ") + "<span id=\"user\">"
                            + esc(v.get("user")) + "</span>. " + (pt ? "Só aprove se foi você quem iniciou no dispositivo."
                                    : "Approve only if you started this on the device.") + "</p>"
                            + decisionForm(root + "/login/device/decision", v.get("consent"), pt ? "Aprovar" : "Approve", pt ? "Negar" : "Deny"));
            case DEVICE_DONE -> Boolean.parseBoolean(v.get("approved"))
                    ? page(pt, pt ? "Dispositivo conectado" : "Device connected", "<p id=\"done\" data-result=\"approved\">"
                            + (pt ? "Pronto: " + esc(v.get("app")) + " está conectado. Pode fechar esta página."
                                    : "Done: " + esc(v.get("app")) + " is connected. You can close this page.") + "</p>")
                    : page(pt, pt ? "Acesso negado" : "Access denied", "<p id=\"done\" data-result=\"denied\">"
                            + (pt ? "O dispositivo não recebeu acesso." : "The device was not given access.") + "</p>");
        };
    }

    private static String deviceEntry(boolean pt, Map<String, String> v, String root) {
        String error = v.get("error");
        String message = error == null ? "" : switch (error) {
            case "empty" -> pt ? "Digite o código mostrado no dispositivo." : "Type the code shown on the device.";
            case "slow" -> pt ? "Muitos códigos errados. Tente de novo em " + esc(v.get("seconds")) + " s."
                    : "Too many wrong codes. Try again in " + esc(v.get("seconds")) + " s.";
            default -> pt ? "Este código não existe ou expirou. Confira o dispositivo." : "This code is unknown or expired. Check the device.";
        };
        return (message.isEmpty() ? "" : "<p class=\"error\" id=\"error\">" + message + "</p>")
                + "<form method=\"post\" action=\"" + esc(root) + "/login/device\"><label for=\"user_code\">"
                + (pt ? "Código do dispositivo" : "Device code") + "</label>"
                + "<input type=\"text\" id=\"user_code\" name=\"user_code\" autocomplete=\"off\" autocapitalize=\"characters\" "
                + "spellcheck=\"false\" maxlength=\"12\" placeholder=\"XXXX-XXXX\" autofocus required>"
                + "<div class=\"actions\"><button class=\"primary\" id=\"submit\" type=\"submit\">" + (pt ? "Continuar" : "Continue")
                + "</button></div></form>";
    }

    private static String decisionForm(String action, String consent, String yes, String no) {
        return "<form method=\"post\" action=\"" + esc(action) + "\"><input type=\"hidden\" name=\"consent\" value=\"" + esc(consent) + "\">"
                + "<div class=\"actions\"><button type=\"submit\" name=\"decision\" value=\"deny\" id=\"deny\">" + no + "</button>"
                + "<button class=\"primary\" type=\"submit\" name=\"decision\" value=\"approve\" id=\"approve\">" + yes + "</button></div></form>";
    }

    private static String page(boolean pt, String title, String body) {
        return "<!DOCTYPE html><html lang=\"" + (pt ? "pt-BR" : "en") + "\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><meta name=\"referrer\" content=\"no-referrer\">"
                + "<title>" + title + " · Tokenkeeper</title><style>" + CSS + "</style></head><body><main><h1>" + title + "</h1>"
                + body + "</main></body></html>";
    }

    /** HTML-escapes text for element content and double-quoted attributes. */
    static String esc(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
