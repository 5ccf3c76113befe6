package dev.contentpay.platform.http;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonTest {

    record Login(String subscriberId, List<String> tags) {
    }

    private static Login read(String json) {
        return Json.read(json.getBytes(StandardCharsets.UTF_8), Login.class);
    }

    @Test
    void textIsReadAsItIs() {
        assertThat(read("{\"subscriberId\":\"alice \\u00e9\",\"tags\":[\"a\"]}")).isEqualTo(new Login("alice \u00e9", List.of("a")));
    }

    @Test
    void aNulCharacterInAFieldIsRefusedNamingTheField() {
        assertThatThrownBy(() -> read("{\"subscriberId\":\"a\\u0000b\",\"tags\":[]}"))
                .isInstanceOfSatisfying(ContentpayException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                    assertThat(e.errors()).extracting(error -> error.field()).containsExactly("subscriberId");
                });
    }

    @Test
    void aNulCharacterInsideAListIsRefusedToo() {
        assertThatThrownBy(() -> read("{\"subscriberId\":\"a\",\"tags\":[\"x\\u0000\"]}"))
                .isInstanceOfSatisfying(ContentpayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
    }
}
