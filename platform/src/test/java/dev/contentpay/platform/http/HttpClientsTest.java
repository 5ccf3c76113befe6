package dev.contentpay.platform.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpClientsTest {

    @Test
    void theVirtualExecutorRunsEachTaskOnAVirtualThreadOfItsOwn() throws Exception {
        var ran = new java.util.concurrent.CompletableFuture<Thread>();
        HttpClients.executor("virtual").execute(() -> ran.complete(Thread.currentThread()));
        Thread thread = ran.get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(thread.isVirtual()).isTrue();
        assertThat(thread).isNotSameAs(Thread.currentThread());
    }

    @Test
    void poolLeavesTheJdksOwnExecutorAndAnUnknownNameIsRefused() {
        assertThat(HttpClients.executor("pool")).isNull();
        assertThat(HttpClients.executor("VIRTUAL")).isNotNull();
        assertThatThrownBy(() -> HttpClients.executor("direct")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HttpClients.executor("inline")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("virtual or pool");
    }

    @Test
    void everyClientSpeaksHttp11WithTheConnectTimeOutGiven() {
        var client = HttpClients.builder(java.time.Duration.ofSeconds(3)).build();
        assertThat(client.version()).isEqualTo(java.net.http.HttpClient.Version.HTTP_1_1);
        assertThat(client.connectTimeout()).contains(java.time.Duration.ofSeconds(3));
        assertThat(client.executor()).isPresent();
    }
}
