package dev.contentpay.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.JWKSet;
import dev.contentpay.app.Deployment;
import dev.contentpay.client.ContentpayClient;
import dev.contentpay.platform.crypto.ClientAssertions;
import dev.contentpay.platform.crypto.KeyFiles;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.Json;
import dev.contentpay.protocol.Receipt;
import dev.contentpay.protocol.RestoredPurchases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.contentpay.e2e.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Receipts a third party can check and purchases a buyer can restore, over the real servers: the
 * receipt {@code contentpay buy} saves carries the issuer's signed transaction record, which
 * {@code contentpay verify-receipt} accepts with the issuer's public keys alone and refuses once
 * the file is changed; {@code contentpay restore} lists what the buyer owns at the merchant, by the
 * pseudonym the issuer vouches for, with links that download the very content the receipt names.
 */
class ReceiptsEndToEndTest {

    @TempDir
    static Path dir;
    static Deployment deployment;
    static String auth;
    static String shop;
    static String settlement;
    static Path issuerKeys;

    @BeforeAll
    static void start() {
        deployment = TestDeployment.start(dir, Map.of());
        auth = deployment.auth().url().toString();
        shop = deployment.shop().url().toString();
        settlement = deployment.settlement().url().toString();
        issuerKeys = dir.resolve("keys/auth.public.jwks");
    }

    @AfterAll
    static void stop() {
        deployment.close();
    }

    @Test
    void theReceiptBuySavesIsVerifiedOfflineAndRefusedOnceItsAmountIsChanged(@TempDir Path out) throws Exception {
        Path receiptFile = buy("alice", "game", out);

        var offline = run("", "verify-receipt", receiptFile.toString(), "--jwks", issuerKeys.toString(), "--issuer", Deployment.ISSUER_ID);
        assertThat(offline.exit()).as(offline.all()).isZero();
        assertThat(offline.out()).contains("VALID", Deployment.ISSUER_ID, Deployment.MERCHANT_ID, "500 JPY", "item game");

        var fetched = run("", "verify-receipt", receiptFile.toString(), "--auth", auth, "--json");
        assertThat(fetched.exit()).as(fetched.all()).isZero();
        JsonNode verdict = Json.MAPPER.readTree(fetched.out());
        assertThat(verdict.get("valid").asBoolean()).isTrue();
        assertThat(verdict.at("/record/amount/amount").asLong()).isEqualTo(500);

        ObjectNode receipt = (ObjectNode) Json.MAPPER.readTree(Files.readString(receiptFile));
        ((ObjectNode) receipt.get("amount")).put("amount", 5);
        Path tampered = out.resolve("tampered.json");
        Files.write(tampered, Json.write(receipt));
        var refused = run("", "verify-receipt", tampered.toString(), "--jwks", issuerKeys.toString());
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("NOT VALID", "amount", "5 JPY", "500 JPY");
    }

    @Test
    void aSwappedRecordAnotherKeyOrAnotherIssuerIsRefused(@TempDir Path out) throws Exception {
        Path first = buy("alice", "wallpaper", out.resolve("first"));
        Path second = buy("alice", "wallpaper", out.resolve("second"));

        ObjectNode swapped = (ObjectNode) Json.MAPPER.readTree(Files.readString(first));
        swapped.put("transaction", Json.MAPPER.readTree(Files.readString(second)).get("transaction").asText());
        Path swappedFile = out.resolve("swapped.json");
        Files.write(swappedFile, Json.write(swapped));
        var refused = run("", "verify-receipt", swappedFile.toString(), "--jwks", issuerKeys.toString());
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("order");

        Path strangerKeys = out.resolve("stranger.public.jwks");
        Files.writeString(strangerKeys, new JWKSet(KeyFiles.generate(Deployment.ISSUER_ID + "-1").toPublicJWK()).toString());
        var wrongKey = run("", "verify-receipt", first.toString(), "--jwks", strangerKeys.toString());
        assertThat(wrongKey.exit()).isEqualTo(1);
        assertThat(wrongKey.err()).contains("signature");

        var otherIssuer = run("", "verify-receipt", first.toString(), "--jwks", issuerKeys.toString(), "--issuer", "another-issuer");
        assertThat(otherIssuer.exit()).isEqualTo(1);
        assertThat(otherIssuer.err()).contains("issuer");

        var unreadable = run("", "verify-receipt", out.resolve("missing.json").toString(), "--jwks", issuerKeys.toString());
        assertThat(unreadable.exit()).isEqualTo(2);
    }

    @Test
    void restoreListsWhatTheBuyerOwnsWithLinksThatYieldTheReceiptsContent(@TempDir Path out, @TempDir Path restoredTo) throws Exception {
        Receipt ringtone = Json.MAPPER.readValue(Files.readString(buy("carol", "ringtone", out)), Receipt.class);

        var restore = run("carol-demo-pass\n", "restore", "--shop", shop, "--settlement", settlement, "--auth", auth, "--user", "carol",
                "--password-stdin", "--download", "--out", restoredTo.toString(), "--json");
        assertThat(restore.exit()).as(restore.all()).isZero();
        JsonNode listed = Json.MAPPER.readTree(restore.out()).get("purchases");
        assertThat(listed.findValuesAsText("settlementId")).containsExactly(ringtone.settlementId());
        assertThat(restore.all()).doesNotContain("carol-demo-pass");
        Path content = restoredTo.resolve("ringtone.wav");
        assertThat(ClientAssertions.sha256Hex(Files.readAllBytes(content))).isEqualTo(ringtone.contentSha256());
        var restoredReceipt = run("", "verify-receipt", restoredTo.resolve("ringtone.receipt.json").toString(), "--jwks", issuerKeys.toString());
        assertThat(restoredReceipt.exit()).as(restoredReceipt.all()).isZero();

        // Through the library: the receipt again, with a fresh link whose bytes are the receipt's hash.
        var terminal = new ContentpayClient(URI.create(auth));
        RestoredPurchases restored = terminal.restore(URI.create(shop), URI.create(settlement), "carol", TestDeployment.password("carol"));
        assertThat(restored.purchases()).hasSize(1);
        Receipt again = restored.purchases().get(0);
        assertThat(again.settlementId()).isEqualTo(ringtone.settlementId());
        assertThat(again.contentSha256()).isEqualTo(ringtone.contentSha256());
        assertThat(again.transaction()).isEqualTo(ringtone.transaction());
        assertThat(again.downloadUrl()).isNotEqualTo(ringtone.downloadUrl());
        assertThat(ClientAssertions.sha256Hex(terminal.download(again))).isEqualTo(ringtone.contentSha256());
        // Each restore gives new links and ends the old ones.
        assertThatThrownBy(() -> terminal.download(ringtone))
                .isInstanceOfSatisfying(ContentpayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DOWNLOAD_FORBIDDEN));
    }

    @Test
    void anotherBuyerRestoresNothingOfTheirsAndARefundedPurchaseIsLeftOut(@TempDir Path out) throws Exception {
        Receipt kept = Json.MAPPER.readValue(Files.readString(buy("alice", "ebook", out.resolve("kept"))), Receipt.class);
        Receipt refunded = Json.MAPPER.readValue(Files.readString(buy("alice", "ringtone", out.resolve("refunded"))), Receipt.class);
        var refund = run("", "refund", refunded.settlementId(), "--reason", "restore leaves it out",
                "--settlement", settlement, "--token-file", dir.resolve("keys/settlement-admin.token").toString());
        assertThat(refund.exit()).as(refund.all()).isZero();

        var terminal = new ContentpayClient(URI.create(auth));
        List<String> alices = terminal.restore(URI.create(shop), URI.create(settlement), "alice", TestDeployment.password("alice"))
                .purchases().stream().map(Receipt::settlementId).toList();
        assertThat(alices).contains(kept.settlementId()).doesNotContain(refunded.settlementId());

        // Bob bought nothing here (the bureau refuses him credit): his pseudonym owns nothing.
        assertThat(terminal.restore(URI.create(shop), URI.create(settlement), "bob", TestDeployment.password("bob")).purchases()).isEmpty();

        // A proof that is not the issuer's, or none, restores nothing.
        assertThatThrownBy(() -> terminal.restore(URI.create(settlement), "not-a-proof"))
                .isInstanceOfSatisfying(ContentpayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.APPROVAL_INVALID));
        assertThatThrownBy(() -> terminal.buyerProof("alice", TestDeployment.password("alice"), "no-such-merchant"))
                .isInstanceOfSatisfying(ContentpayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_MERCHANT));
    }

    /** Buys {@code item} as {@code user} with the password through the command line; the receipt file it saved. */
    private static Path buy(String user, String item, Path out) {
        var bought = run(user + "-demo-pass\n", "buy", "--shop", shop, "--auth", auth, "--user", user, "--password-stdin",
                "--out", out.toString(), item);
        assertThat(bought.exit()).as(bought.all()).isZero();
        Path receipt = out.resolve(item + ".receipt.json");
        assertThat(bought.out()).contains(receipt.toString());
        assertThat(receipt).exists();
        return receipt;
    }
}
