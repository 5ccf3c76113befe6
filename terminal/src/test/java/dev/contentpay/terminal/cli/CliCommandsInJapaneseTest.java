package dev.contentpay.terminal.cli;

import dev.contentpay.platform.money.Money;
import dev.contentpay.protocol.AllowanceClaims;
import dev.contentpay.protocol.ApprovalState;
import dev.contentpay.protocol.Receipt;
import dev.contentpay.protocol.Statement;
import dev.contentpay.protocol.TerminalInfo;
import dev.contentpay.protocol.TerminalList;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lines for people of the commands beyond buy, download, catalog and history, in Japanese and
 * in English: approval-state, statement, terminals, restore, verify-receipt (enroll and
 * pin-threshold print single bundle lines, checked by the bundle test).
 */
class CliCommandsInJapaneseTest {

    static final CliLanguage JA = CliLanguage.of("ja", Map.of());
    static final CliLanguage EN = CliLanguage.of("en", Map.of());
    static final Instant AT = Instant.parse("2026-12-06T05:13:00Z");

    @Test
    void approvalStateNamesItsStatusInJapaneseWithTheCodeAndKeepsItsEnglishLines() {
        var state = new ApprovalState("apv_1", "refunded_partly", "sakura", "ebook", "Tales", Money.of(800, "JPY"), Money.of(200, "JPY"),
                "alw_1", AT, AT.plusSeconds(600), AT.plusSeconds(5), AT.plusSeconds(9));

        assertThat(printed(out -> ApprovalStateCommand.print(out, state, JA))).contains("承認 apv_1: 一部返金済み（refunded_partly）",
                "  商品         「Tales」（ebook）加盟店 sakura", "うち返金 200 JPY", "審査 ");
        assertThat(printed(out -> ApprovalStateCommand.print(out, state, EN))).startsWith("Approval apv_1: refunded partly.\n")
                .contains("\n  item         \"Tales\" (ebook) from merchant sakura\n", "  amount       800 JPY, 200 JPY refunded", "judged ");
    }

    @Test
    void theStatementIsInJapaneseWithItsDaysKindsAndTaxes() {
        var statement = new Statement("alice", "credit", LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 6), Money.of(800, "JPY"),
                Money.of(100, "JPY"), Money.of(0, "JPY"), Money.of(700, "JPY"), Money.of(10_000, "JPY"), Money.of(9_300, "JPY"),
                List.of(new Statement.Line(AT, "charge", "apv_1", "Sakura Contents", "ebook", "Tales", Money.of(800, "JPY"), 10, "T1234567890123"),
                        new Statement.Line(AT.plusSeconds(60), "refund", "apv_1", "Sakura Contents", "ebook", "Tales", Money.of(100, "JPY"), 10, null)),
                "Asia/Tokyo", "T9999999999999", List.of(new Statement.Tax(10, Money.of(700, "JPY"), Money.of(63, "JPY"))), "sandbox");

        String japanese = printed(out -> StatementCommand.print(out, statement, JA));
        String english = printed(out -> StatementCommand.print(out, statement, EN));

        assertThat(japanese).contains("テスト用の明細", "alice さん（credit）のご利用明細 2026年12月1日〜2026年12月6日（Asia/Tokyo）", "2026年12月6日 14:13 JST",
                "ご請求", "ご返金", "  ご請求 800 JPY、ご返金 100 JPY、取消 0 JPY、差引 700 JPY", "ご利用限度額 10,000 JPY、残り 9,300 JPY",
                "適格請求書（登録番号 T9999999999999）", "    10%: 税込 700 JPY、うち消費税 63 JPY").doesNotContain("charged", "limit");
        assertThat(english).contains("Statement of alice (credit) from 2026-12-01 to 2026-12-06 (Asia/Tokyo)", "2026-12-06 14:13 JST charge ",
                "\n  charged 800 JPY, refunded 100 JPY, voided 0 JPY; net 700 JPY\n", "qualified invoice (適格請求書) by T9999999999999",
                "\n    10%: 700 JPY incl. tax, of which consumption tax 63 JPY\n");
    }

    @Test
    void theTerminalsAreListedInJapaneseAndTheirAbsenceSaidSo() {
        var list = new TerminalList("alice", List.of(new TerminalInfo("trm_1", "alice", "phone", "active", AT, null, null),
                new TerminalInfo("trm_2", "alice", "laptop", "revoked", AT, AT, AT.plusSeconds(60))));

        assertThat(printed(out -> TerminalsCommand.print(out, list, JA))).contains("端末", "最終利用", "有効", "未使用", "取消 2026-12-06T05:14:00Z");
        assertThat(printed(out -> TerminalsCommand.print(out, list, EN))).contains("TERMINAL", "LAST USED", "active", "never", "revoked 2026-12-06T05:14:00Z");
        assertThat(printed(out -> TerminalsCommand.print(out, new TerminalList("bob", List.of()), JA)))
                .isEqualTo("bob さんの登録済み端末はありません。この端末を登録するには: contentpay enroll --user bob\n");
    }

    @Test
    void restoredPurchasesAndAVerifiedReceiptAreSaidInJapanese() {
        var receipt = new Receipt("stl_1", "sakura", "ord_1", "ebook", "Tales", Money.of(800, "JPY"), AT, "apv_1", "application/epub+zip", 10,
                "abc", "http://127.0.0.1/d", AT.plusSeconds(3600), "jwt", 10, null, null, List.of());
        var one = new LinkedHashMap<String, Object>();
        one.put("receipt", receipt);
        List<Map<String, Object>> listed = List.of(one);
        var record = new AllowanceClaims("alw_1", "contentpay-auth", "sakura", "psn_1", "apv_1", "ord_1", "ebook", Money.of(800, "JPY"), AT, null);

        assertThat(printed(out -> RestoreCommand.printOwned(out, "sakura", listed, JA))).contains("sakura でご購入済みの商品は1件です。",
                "「Tales」800 JPY（決済 stl_1）", "  ダウンロード期限 ");
        assertThat(printed(out -> RestoreCommand.printOwned(out, "sakura", List.of(), EN))).isEqualTo("You own 0 purchases at sakura.\n");
        assertThat(printed(out -> VerifyReceiptCommand.printValid(out, record, receipt, JA))).contains("有効: 発行者 contentpay-auth がこの取引に署名しています。",
                "  注文         ord_1、商品 ebook", "加盟店が知る仮名");
        assertThat(printed(out -> VerifyReceiptCommand.printValid(out, record, receipt, EN))).contains("VALID: the issuer contentpay-auth signed",
                "\n  order        ord_1, item ebook\n");
    }

    @Test
    void whyAReceiptIsNotValidIsSaidInJapaneseWithTheFieldNamedAndInEnglishAsTheVerifierSaysIt() {
        var differs = new dev.contentpay.client.ReceiptVerifier.Verdict(false, "The receipt's amount is 80 but the issuer signed 800.", null,
                "differs", List.of("amount", "80", "800"));
        var forged = new dev.contentpay.client.ReceiptVerifier.Verdict(false, "The transaction record's signature does not match: ...", null,
                "bad_signature", List.of());
        var unknown = new dev.contentpay.client.ReceiptVerifier.Verdict(false, "A reason this command has no words for.", null, "new_code", List.of());

        assertThat(VerifyReceiptCommand.reason(differs, JA)).isEqualTo("領収書の金額は 80 ですが、発行者が署名したのは 800 です。");
        assertThat(VerifyReceiptCommand.reason(differs, EN)).isEqualTo(differs.reason());
        assertThat(VerifyReceiptCommand.reason(forged, JA)).startsWith("取引記録の署名が一致しません。");
        assertThat(VerifyReceiptCommand.reason(unknown, JA)).isEqualTo("A reason this command has no words for.");
    }

    @Test
    void anIndentedLineKeepsItsIndentInBothLanguages() {
        // Properties drop a value's leading spaces unless escaped: every indented line is written "\ \ ...".
        assertThat(EN.get("buy.saved", "f", "1", "h")).startsWith("  saved to");
        assertThat(JA.get("approval.item", "t", "i", "m")).startsWith("  商品");
        assertThat(EN.get("statement.invoice-by", "T1")).isEqualTo(" by T1");
    }

    private static String printed(Consumer<PrintWriter> print) {
        var text = new StringWriter();
        try (var out = new PrintWriter(text)) {
            print.accept(out);
        }
        return text.toString().replace(System.lineSeparator(), "\n");
    }
}
