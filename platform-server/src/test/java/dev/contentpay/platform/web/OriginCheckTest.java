package dev.contentpay.platform.web;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

import static dev.contentpay.platform.web.OriginCheck.sameOrigin;
import static org.assertj.core.api.Assertions.assertThat;

class OriginCheckTest {

    private static final String HOST = "127.0.0.1:8081";

    @Test
    void fetchMetadataDecidesWhenTheBrowserSendsIt() {
        assertThat(sameOrigin("same-origin", null, null, HOST)).isTrue();
        assertThat(sameOrigin("same-site", "http://" + HOST, null, HOST)).isFalse();
        assertThat(sameOrigin("cross-site", "http://" + HOST, null, HOST)).isFalse();
        assertThat(sameOrigin("none", null, null, HOST)).isFalse();
    }

    @Test
    void withoutFetchMetadataTheOriginMustNameThisHostAndPort() {
        assertThat(sameOrigin(null, "http://" + HOST, null, HOST)).isTrue();
        assertThat(sameOrigin(null, "https://" + HOST, null, HOST)).as("the scheme is a proxy's business").isTrue();
        assertThat(sameOrigin(null, "http://127.0.0.1:8082", null, HOST)).isFalse();
        assertThat(sameOrigin(null, "http://evil.example", "http://" + HOST + "/account", HOST)).as("Origin wins over Referer").isFalse();
    }

    @Test
    void aNullOrUnreadableOriginIsNotThisHost() {
        assertThat(sameOrigin(null, "null", null, HOST)).isFalse();
        assertThat(sameOrigin(null, "", null, HOST)).isFalse();
        assertThat(sameOrigin(null, "http://bad host", null, HOST)).isFalse();
        assertThat(sameOrigin(null, "http://" + HOST, null, null)).isFalse();
    }

    @Test
    void withoutOriginTheRefererDecidesAndWithNothingTheFormTokenAloneDoes() {
        assertThat(sameOrigin(null, null, "http://" + HOST + "/approve?purchase=x", HOST)).isTrue();
        assertThat(sameOrigin(null, null, "http://evil.example/page", HOST)).isFalse();
        assertThat(sameOrigin(null, null, null, HOST)).isTrue();
    }

    @Property
    void anOriginNamingAnyOtherHostIsRefused(@ForAll @AlphaChars @StringLength(min = 1, max = 20) String other) {
        assertThat(sameOrigin(null, "https://" + other + ".example", null, HOST)).isFalse();
    }
}
