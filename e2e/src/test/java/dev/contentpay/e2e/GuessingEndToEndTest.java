package dev.contentpay.e2e;

import dev.contentpay.app.Deployment;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.client.ContentpayClient;
import dev.contentpay.client.PinPrompt;
import dev.contentpay.client.TerminalCredential;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.contentpay.e2e.TestDeployment.password;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Guessing a PIN or a password, over the real servers: wrong PINs are counted apart from passwords
 * and never reset by a right password, whichever way the PIN comes; a burst of guesses at once is
 * checked no more often than the count allows. Alice's PIN is 1234, asked above 1,000 JPY (the
 * video costs 1,200).
 */
class GuessingEndToEndTest {

    @TempDir
    Path dir;
    private Deployment deployment;
    private ContentpayClient terminal;

    @BeforeEach
    void start() {
        deployment = TestDeployment.start(dir, Map.of());
        terminal = TestDeployment.terminal(deployment);
    }

    @AfterEach
    void stop() {
        deployment.close();
    }

    @Test
    void aRightPasswordWithTwelveWrongPinsLocksPinUseSoTheRightPinIsRefusedToo() {
        var refusals = new ArrayList<ErrorCode>();
        for (int i = 0; i < 12; i++) {
            char[] wrong = String.format("%04d", 9000 + i).toCharArray();
            refusals.add(refusal(() -> terminal.approve("alice", password("alice"), video(), PinPrompt.of(wrong))));
        }

        assertThat(refusals.subList(0, 5)).containsOnly(ErrorCode.PIN_WRONG);
        assertThat(refusals.subList(5, 12)).containsOnly(ErrorCode.PIN_LOCKED);
        assertThat(refusal(() -> terminal.approve("alice", password("alice"), video(), PinPrompt.of("1234".toCharArray()))))
                .as("the right PIN, with the right password, after the lock").isEqualTo(ErrorCode.PIN_LOCKED);
        // What needs no PIN still works: only PIN use is locked.
        assertThat(terminal.buy(deployment.shop().url(), "alice", password("alice"), "ringtone").receipt().amount().amount()).isEqualTo(150);
        assertThat(TestDeployment.rows(dir, "auth", "SELECT COUNT(*) FROM audit_event WHERE kind = 'PIN_LOCKED' AND subscriber_id = 'alice'"))
                .containsExactly(List.of("1"));
    }

    @Test
    void theSubscriberUnlocksPinUseOnPurposeWithThePassword() {
        for (int i = 0; i < 5; i++) refusal(() -> terminal.approve("alice", password("alice"), video(), PinPrompt.of("0000".toCharArray())));
        assertThat(refusal(() -> terminal.approve("alice", password("alice"), video(), PinPrompt.of("1234".toCharArray())))).isEqualTo(ErrorCode.PIN_LOCKED);

        URI reset = deployment.auth().url().resolve("/v1/subscriber/pin-lock");
        assertThat(TestDeployment.deleteWithBasic(reset, "alice", "wrong-password".toCharArray()).statusCode()).isEqualTo(401);
        HttpResponse<String> unlocked = TestDeployment.deleteWithBasic(reset, "alice", password("alice"));

        assertThat(unlocked.statusCode()).isEqualTo(200);
        assertThat(unlocked.body()).contains("\"wasLocked\":true");
        assertThat(terminal.buy(deployment.shop().url(), "alice", password("alice"), "video", PinPrompt.of("1234".toCharArray()))
                .receipt().amount().amount()).isEqualTo(1_200);
        assertThat(TestDeployment.rows(dir, "auth", "SELECT COUNT(*) FROM audit_event WHERE kind = 'PIN_LOCK_RESET' AND subscriber_id = 'alice'"))
                .containsExactly(List.of("1"));
    }

    @Test
    void wrongPinsFromAnEnrolledTerminalAndWithThePasswordCountOnOneLock() {
        TerminalCredential phone = terminal.enroll("alice", password("alice"), "Alice's phone");
        for (int i = 0; i < 3; i++) refusal(() -> terminal.approve("alice", password("alice"), video(), PinPrompt.of("0000".toCharArray())));
        assertThat(refusal(() -> terminal.approve(phone, video(), PinPrompt.of("0001".toCharArray())))).isEqualTo(ErrorCode.PIN_WRONG);
        // A right password in between resets nothing.
        assertThat(terminal.history("alice", password("alice"))).isNotNull();
        assertThat(refusal(() -> terminal.approve(phone, video(), PinPrompt.of("0002".toCharArray())))).isEqualTo(ErrorCode.PIN_WRONG);

        assertThat(refusal(() -> terminal.approve(phone, video(), PinPrompt.of("1234".toCharArray())))).isEqualTo(ErrorCode.PIN_LOCKED);
    }

    @Test
    void sixtyWrongPasswordsAtOnceAreCheckedAtMostTenTimesAndTheRestAreLocked() throws Exception {
        var codes = concurrentWrongPasswords(deployment.auth().url(), "bob", 60);

        assertThat(codes.getOrDefault("bad_credentials", new AtomicInteger()).get()).as("answered bad_credentials: %s", codes).isBetween(1, 10);
        assertThat(codes.getOrDefault("sign_in_locked", new AtomicInteger()).get() + codes.getOrDefault("bad_credentials", new AtomicInteger()).get())
                .as("every answer: %s", codes).isEqualTo(60);
        assertThat(TestDeployment.rows(dir, "auth", "SELECT COUNT(*) FROM audit_event WHERE kind = 'SIGN_IN_FAILED' AND subscriber_id = 'bob'"))
                .as("passwords checked").containsExactly(List.of(Integer.toString(codes.get("bad_credentials").get())));
    }

    @Test
    void aSubscriberRegisteredWithAPinIsAskedItAboveAThousandYenUnlessTheyChoseOtherwise() {
        var operator = new dev.contentpay.app.operator.OperatorClient(deployment.auth().adminUrl(), dir.resolve("keys/auth-admin.token"));
        operator.send("POST", "/v1/admin/subscribers", new dev.contentpay.protocol.admin.RegisterSubscriberRequest("erin", "Erin Endo",
                "erin-password", "2468", "credit", dev.contentpay.platform.money.Money.of(10_000, "JPY"), "JB-40017", null));
        TerminalCredential phone = terminal.enroll("erin", "erin-password".toCharArray(), "Erin's phone");

        assertThat(refusal(() -> terminal.buy(deployment.shop().url(), phone, "video", PinPrompt.NONE)))
                .as("a stolen terminal secret alone buys nothing above 1,000 JPY").isEqualTo(ErrorCode.PIN_REQUIRED);
        assertThat(terminal.buy(deployment.shop().url(), phone, "ebook", PinPrompt.NONE).receipt().amount().amount()).isEqualTo(800);
        assertThat(terminal.buy(deployment.shop().url(), phone, "video", PinPrompt.of("2468".toCharArray())).receipt().amount().amount())
                .isEqualTo(1_200);
    }

    /** {@code n} requests with a wrong password for {@code subscriber}, all released at once; the problem codes counted. */
    static Map<String, AtomicInteger> concurrentWrongPasswords(URI subscriberFace, String subscriber, int n) throws InterruptedException {
        var codes = new ConcurrentHashMap<String, AtomicInteger>();
        var go = new CountDownLatch(1);
        var threads = new ArrayList<Thread>();
        for (int i = 0; i < n; i++) {
            int guess = i;
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                var response = TestDeployment.getWithBasic(subscriberFace.resolve("/v1/subscriber/history"), subscriber,
                        ("guess-" + guess).toCharArray());
                String code = response.body().replaceAll("(?s).*\"code\":\"([a-z_]+)\".*", "$1");
                if (response.statusCode() == 429) assertThat(response.headers().firstValue("Retry-After")).isPresent();
                codes.computeIfAbsent(code, k -> new AtomicInteger()).incrementAndGet();
            }));
        }
        go.countDown();
        for (Thread t : threads) t.join();
        return codes;
    }

    private dev.contentpay.protocol.SelectResponse video() {
        return terminal.select(deployment.shop().url(), "video");
    }

    private static ErrorCode refusal(Runnable call) {
        var e = catchThrowableOfType(ContentpayException.class, call::run);
        assertThat(e).as("refused").isNotNull();
        return e.code();
    }
}
