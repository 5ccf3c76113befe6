package dev.contentpay.e2e;

import dev.contentpay.app.Deployment;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.money.Money;
import dev.contentpay.client.ContentpayClient;
import dev.contentpay.client.PinPrompt;
import dev.contentpay.client.TerminalCredential;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.contentpay.e2e.TestDeployment.assertRefused;
import static dev.contentpay.e2e.TestDeployment.password;
import static dev.contentpay.e2e.TestDeployment.rows;
import static org.assertj.core.api.Assertions.assertThat;

/** Buying with an enrolled terminal credential across the four real servers (SYSTEM.md §2 step 3 (b)). */
class TerminalEndToEndTest {

    @TempDir
    static Path dir;
    static Deployment deployment;
    static ContentpayClient client;

    @BeforeAll
    static void start() {
        deployment = TestDeployment.start(dir, Map.of());
        client = TestDeployment.terminal(deployment);
    }

    @AfterAll
    static void stop() {
        deployment.close();
    }

    @Test
    void alicesPhoneBuysTheVideoWithItsPinAndIsChargedOnce() throws Exception {
        TerminalCredential phone = client.enroll("alice", password("alice"), "Alice's phone");
        var asked = new ArrayList<String>();

        var purchase = client.buy(deployment.shop().url(), phone, "video", purpose -> {
            asked.add(purpose);
            return "1234".toCharArray();
        });

        assertThat(asked).singleElement().asString().contains("1,200 JPY");
        assertThat(purchase.receipt().amount().amount()).isEqualTo(1_200);
        try (var in = getClass().getClassLoader().getResourceAsStream("demo/video.gif")) {
            assertThat(purchase.content()).isEqualTo(in.readAllBytes());
        }
        String approvalId = purchase.receipt().approvalId();
        var history = TestDeployment.awaitHistory(deployment, "alice",
                h -> h.entries().stream().anyMatch(e -> e.approvalId().equals(approvalId) && e.status().equals("charged")));
        assertThat(history.entries()).filteredOn(e -> e.approvalId().equals(approvalId)).singleElement()
                .satisfies(e -> assertThat(e.amount().amount()).isEqualTo(1_200));
        assertThat(rows(dir, "auth", "SELECT COUNT(*) FROM use_entry WHERE approval_id = '" + approvalId + "'")).containsExactly(List.of("1"));
    }

    @Test
    void belowThePinAmountTheTerminalBuysWithoutBeingAskedForThePin() {
        TerminalCredential phone = client.enroll("alice", password("alice"), "no-PIN phone");
        var purchase = client.buy(deployment.shop().url(), phone, "ebook", purpose -> {
            throw new AssertionError("the PIN was asked for " + purpose);
        });
        assertThat(purchase.receipt().amount().amount()).isEqualTo(800);
    }

    @Test
    void withoutAPinTheVideoIsRefusedAndNothingIsApproved() {
        TerminalCredential phone = client.enroll("alice", password("alice"), "forgetful phone");
        long before = approvals("alice");
        assertRefused(() -> client.buy(deployment.shop().url(), phone, "video", PinPrompt.NONE), ErrorCode.PIN_REQUIRED);
        assertRefused(() -> client.buy(deployment.shop().url(), phone, "video", PinPrompt.of("4321".toCharArray())), ErrorCode.PIN_WRONG);
        assertThat(approvals("alice")).isEqualTo(before);
    }

    @Test
    void aRevokedTerminalCannotBuyAnyMore() {
        TerminalCredential lost = client.enroll("alice", password("alice"), "lost phone");
        assertThat(client.listTerminals("alice", password("alice")).terminals())
                .anySatisfy(t -> assertThat(t.terminalId()).isEqualTo(lost.terminalId()));

        var revoked = client.revokeTerminal("alice", password("alice"), lost.terminalId());

        assertThat(revoked.status()).isEqualTo("revoked");
        assertRefused(() -> client.buy(deployment.shop().url(), lost, "wallpaper", PinPrompt.NONE), ErrorCode.TERMINAL_REVOKED);
    }

    @Test
    void aSuspendedSubscribersTerminalIsRefused() {
        assertRefused(() -> client.enroll("dave", password("dave"), "dave's phone"), ErrorCode.SUBSCRIBER_SUSPENDED);
    }

    @Test
    void carolLowersHerPinAmountAndRaisesItBackWithHerPin() {
        TerminalCredential phone = client.enroll("carol", password("carol"), "Carol's phone");

        var lowered = client.setPinThreshold("carol", password("carol"), Money.of(100, "JPY"), PinPrompt.NONE);
        assertThat(lowered.amount()).isEqualTo(Money.of(100, "JPY"));
        assertRefused(() -> client.buy(deployment.shop().url(), phone, "ringtone", PinPrompt.NONE), ErrorCode.PIN_REQUIRED);

        assertRefused(() -> client.setPinThreshold("carol", password("carol"), Money.of(1_000, "JPY"), PinPrompt.NONE), ErrorCode.PIN_REQUIRED);
        var raised = client.setPinThreshold("carol", password("carol"), Money.of(1_000, "JPY"), PinPrompt.of("1234".toCharArray()));
        assertThat(raised.amount()).isEqualTo(Money.of(1_000, "JPY"));
        assertThat(client.buy(deployment.shop().url(), phone, "ringtone", PinPrompt.NONE).receipt().amount().amount()).isEqualTo(150);
    }

    @Test
    void theCredentialFileIsPrivateAndLoadsBackToAWorkingCredential() throws Exception {
        TerminalCredential tablet = client.enroll("alice", password("alice"), "tablet");
        Path file = dir.resolve("home/.config/contentpay/terminal-alice.json");

        tablet.save(file);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        assertThat(tablet.toString()).doesNotContain(Files.readString(file).replaceAll(".*\"secret\":\"([^\"]+)\".*", "$1"));
        TerminalCredential loaded = TerminalCredential.load(file);
        assertThat(loaded.terminalId()).isEqualTo(tablet.terminalId());
        assertThat(client.buy(deployment.shop().url(), loaded, "wallpaper", PinPrompt.NONE).receipt().amount().amount()).isEqualTo(100);
    }

    @Test
    void settlementAndTheShopNeverLearnWhichTerminalBought() {
        TerminalCredential phone = client.enroll("alice", password("alice"), "private phone");
        client.buy(deployment.shop().url(), phone, "ringtone", PinPrompt.NONE);
        for (String database : List.of("settlement", "shop")) {
            for (var table : rows(dir, database, TestDeployment.tables(dir, database))) {
                for (var row : rows(dir, database, "SELECT * FROM \"" + table.get(0) + "\"")) {
                    assertThat(String.join("|", row.stream().map(String::valueOf).toList()))
                            .as("a row of %s.%s", database, table.get(0)).doesNotContain(phone.terminalId(), "private phone");
                }
            }
        }
    }

    private static long approvals(String subscriber) {
        return Long.parseLong(rows(dir, "auth", "SELECT COUNT(*) FROM approval WHERE subscriber_id = '" + subscriber + "'").get(0).get(0));
    }
}
