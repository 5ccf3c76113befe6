package dev.contentpay.platform.http;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class WebServerTest {

    @Test
    void postgresRefusingACharacterIsTheCallersBadInputWhereverItIsWrapped() {
        var refusal = new SQLException("invalid byte sequence for encoding \"UTF8\": 0x00", "22021");
        assertThat(WebServer.isUnstorableText(new IllegalStateException("statement failed", refusal))).isTrue();
        assertThat(WebServer.isUnstorableText(new IllegalStateException(new SQLException("deadlock", "40P01")))).isFalse();
        assertThat(WebServer.isUnstorableText(new IllegalStateException("no database involved"))).isFalse();
    }
}
