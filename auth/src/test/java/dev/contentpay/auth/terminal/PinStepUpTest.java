package dev.contentpay.auth.terminal;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.contentpay.auth.terminal.TestAuth.PASSWORD;
import static dev.contentpay.auth.terminal.TestAuth.PIN;
import static dev.contentpay.auth.terminal.TestAuth.basic;
import static org.assertj.core.api.Assertions.assertThat;

/** The PIN asked again above the subscriber's own amount, with a terminal and with the password. */
class PinStepUpTest {

    @TempDir
    static Path dir;
    static TestAuth auth;

    @BeforeAll
    static void start() {
        auth = TestAuth.start(dir);
    }

    @AfterAll
    static void stop() {
        auth.close();
    }

    private static String threshold(Long amount, String pin) {
        String money = amount == null ? "null" : "{\"amount\":" + amount + ",\"currency\":\"JPY\"}";
        return pin == null ? "{\"amount\":" + money + "}" : "{\"amount\":" + money + ",\"pin\":\"" + pin + "\"}";
    }

    private static TestAuth.Answer setThreshold(String id, Long amount, String pin) {
        return auth.send("PUT", "/v1/subscriber/pin-threshold", basic(id, PASSWORD), threshold(amount, pin));
    }

    @Test
    void aboveThePinAmountThePinIsRequiredThenAWrongOneIsRefusedAndCountedThenTheRightOneApproves() {
        String id = auth.subscriber();
        var terminal = auth.enroll(id);
        String video = auth.purchase(1_200);

        var without = auth.approveWithTerminal(terminal, video, null);
        assertThat(without.status()).isEqualTo(401);
        assertThat(without.code()).isEqualTo("pin_required");

        var wrong = auth.approveWithTerminal(terminal, video, "9999");
        assertThat(wrong.code()).isEqualTo("pin_wrong");
        assertThat(auth.count("SELECT failures FROM pin_failure WHERE subscriber_id = ?", id)).isEqualTo(1);
        assertThat(auth.count("SELECT COUNT(*) FROM audit_event WHERE subscriber_id = ? AND kind = 'PIN_FAILED'", id)).isEqualTo(1);

        var right = auth.approveWithTerminal(terminal, video, PIN);
        assertThat(right.status()).as(right.toString()).isEqualTo(201);
        assertThat(auth.count("SELECT COUNT(*) FROM approval WHERE subscriber_id = ?", id)).isEqualTo(1);
        assertThat(auth.everyRow()).noneMatch(row -> row.contains("\"pin\":\"" + PIN + "\"")).noneMatch(row -> row.contains("\"pin\":\"9999\""));
    }

    @Test
    void atOrBelowThePinAmountNoPinIsAsked() {
        var terminal = auth.enroll(auth.subscriber());
        assertThat(auth.approveWithTerminal(terminal, auth.purchase(1_000), null).status()).isEqualTo(201);
    }

    @Test
    void wrongPinsLockPinUseAfterTheMaximum() {
        String id = auth.subscriber();
        var terminal = auth.enroll(id);
        for (int i = 0; i < 5; i++) {
            assertThat(auth.approveWithTerminal(terminal, auth.purchase(1_200), "0000").code()).isEqualTo("pin_wrong");
        }
        var locked = auth.approveWithTerminal(terminal, auth.purchase(1_200), PIN);
        assertThat(locked.code()).isEqualTo("pin_locked");
        assertThat(auth.count("SELECT COUNT(*) FROM approval WHERE subscriber_id = ?", id)).isZero();
    }

    @Test
    void thePasswordFormTakesThePinToo() {
        String id = auth.subscriber();
        String video = auth.purchase(1_200);
        String without = "{\"subscriberId\":\"" + id + "\",\"password\":\"" + PASSWORD + "\",\"purchase\":\"" + video + "\"}";
        String with = "{\"subscriberId\":\"" + id + "\",\"password\":\"" + PASSWORD + "\",\"purchase\":\"" + video + "\",\"pin\":\"" + PIN + "\"}";

        assertThat(auth.post("/v1/approvals", java.util.Map.of("Idempotency-Key", TestAuth.key()), without).code()).isEqualTo("pin_required");
        assertThat(auth.post("/v1/approvals", java.util.Map.of("Idempotency-Key", TestAuth.key()), with).status()).isEqualTo(201);
    }

    @Test
    void theSubscriberLowersTheirPinAmountWithThePasswordAlone() {
        String id = auth.subscriber();
        var terminal = auth.enroll(id);

        var lowered = setThreshold(id, 500L, null);

        assertThat(lowered.status()).as(lowered.toString()).isEqualTo(200);
        assertThat(lowered.json().get("amount").get("amount").asLong()).isEqualTo(500);
        assertThat(auth.count("SELECT pin_threshold FROM subscriber WHERE id = ?", id)).isEqualTo(500);
        assertThat(auth.approveWithTerminal(terminal, auth.purchase(800), null).code()).isEqualTo("pin_required");
        assertThat(auth.approveWithTerminal(terminal, auth.purchase(500), null).status()).isEqualTo(201);
        assertThat(auth.strings("SELECT detail FROM audit_event WHERE subscriber_id = ? AND kind = 'PIN_THRESHOLD_CHANGED'", id))
                .containsExactly("PIN amount from 1000 JPY to 500 JPY");
        assertThat(auth.count("SELECT amount FROM audit_event WHERE subscriber_id = ? AND kind = 'PIN_THRESHOLD_CHANGED'", id)).isEqualTo(500);
    }

    @Test
    void raisingThePinAmountNeedsThePin() {
        String id = auth.subscriber();
        var terminal = auth.enroll(id);

        assertThat(setThreshold(id, 2_000L, null).code()).isEqualTo("pin_required");
        assertThat(setThreshold(id, 2_000L, "9999").code()).isEqualTo("pin_wrong");
        assertThat(auth.count("SELECT pin_threshold FROM subscriber WHERE id = ?", id)).isEqualTo(1_000);

        var raised = setThreshold(id, 2_000L, PIN);
        assertThat(raised.status()).as(raised.toString()).isEqualTo(200);
        assertThat(auth.approveWithTerminal(terminal, auth.purchase(1_200), null).status()).isEqualTo(201);
    }

    @Test
    void removingThePinAmountNeedsThePinAndThenThePinIsNeverAsked() {
        String id = auth.subscriber();
        var terminal = auth.enroll(id);

        assertThat(setThreshold(id, null, null).code()).isEqualTo("pin_required");
        var removed = setThreshold(id, null, PIN);

        assertThat(removed.status()).isEqualTo(200);
        assertThat(removed.json().get("amount").isNull()).isTrue();
        assertThat(auth.count("SELECT COUNT(*) FROM subscriber WHERE id = ? AND pin_threshold IS NULL", id)).isEqualTo(1);
        assertThat(auth.approveWithTerminal(terminal, auth.purchase(2_500), null).status()).isEqualTo(201);
        assertThat(auth.strings("SELECT detail FROM audit_event WHERE subscriber_id = ? AND kind = 'PIN_THRESHOLD_CHANGED'", id))
                .containsExactly("PIN amount from 1000 JPY to never");
    }

    @Test
    void aPinAmountInAnotherCurrencyOrNegativeIsRefused() {
        String id = auth.subscriber();
        assertThat(auth.send("PUT", "/v1/subscriber/pin-threshold", basic(id, PASSWORD), "{\"amount\":{\"amount\":5,\"currency\":\"EUR\"}}").code())
                .isEqualTo("validation_failed");
        assertThat(setThreshold(id, -1L, null).code()).isEqualTo("validation_failed");
        assertThat(auth.send("PUT", "/v1/subscriber/pin-threshold", basic(id, "wrong"), threshold(100L, null)).code()).isEqualTo("bad_credentials");
        assertThat(auth.count("SELECT pin_threshold FROM subscriber WHERE id = ?", id)).isEqualTo(1_000);
    }
}
