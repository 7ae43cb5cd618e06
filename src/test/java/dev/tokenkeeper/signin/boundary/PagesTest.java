package dev.tokenkeeper.signin.boundary;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokenkeeper.signin.entity.Step;
import dev.tokenkeeper.signin.entity.Step.PageKind;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PagesTest {

    @Test
    void everyValueIsEscaped() {
        String html = Pages.render(Step.page(PageKind.CONSENT, Map.of("app", "<script>x</script>", "tenant", "A&B", "user", "\"q'",
                "consent", "c\"><b>")), Locale.ENGLISH, "");
        assertFalse(html.contains("<script>x"), html);
        assertTrue(html.contains("&lt;script&gt;x&lt;/script&gt;"));
        assertTrue(html.contains("A&amp;B"));
        assertTrue(html.contains("&quot;q&#39;"));
        assertFalse(html.contains("c\"><b>"));
    }

    @Test
    void brazilianPortugueseWhenAsked() {
        String html = Pages.render(Step.page(PageKind.DEVICE_ENTRY, Map.of()), Locale.forLanguageTag("pt-BR"), "/ctx");
        assertTrue(html.contains("lang=\"pt-BR\""));
        assertTrue(html.contains("Código do dispositivo"));
        assertTrue(html.contains("action=\"/ctx/login/device\""));
    }

    @Test
    void errorPageShowsTheEscapedMessage() {
        String html = Pages.render(Step.error(400, "redirect_uri <x> is not registered"), Locale.ENGLISH, "");
        assertTrue(html.contains("redirect_uri &lt;x&gt; is not registered"));
    }
}
