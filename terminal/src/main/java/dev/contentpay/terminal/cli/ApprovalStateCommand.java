package dev.contentpay.terminal.cli;

import dev.contentpay.client.ContentpayClient;
import dev.contentpay.client.TerminalCredential;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.http.Json;
import dev.contentpay.protocol.ApprovalState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "approval-state", description = {
        "Ask your issuer what became of one of your approvals (issued, allowed, charged, refunded in part or in full, voided, expired, refused), "
                + "with this terminal's enrolled credential (see: contentpay enroll).",
        "Exit status: 0 answered, 1 refused (not_found for an approval that is not yours), 3 unreachable."},
        mixinStandardHelpOptions = true)
public final class ApprovalStateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--auth", description = "your issuer's URL (default: the issuer the terminal is enrolled at)")
    URI auth;

    @Option(names = "--user", description = "your subscriber id, to find the terminal credential")
    String user;

    @Option(names = "--credential", paramLabel = "FILE",
            description = "the terminal credential (default: ~/.config/contentpay/terminal-<user>.json, or the only one there)")
    Path credential;

    @Option(names = "--json", description = "print the state as JSON")
    boolean json;

    @picocli.CommandLine.Mixin
    CliLanguage.Choice language;

    @Parameters(index = "0", paramLabel = "APPROVAL_ID", description = "the approval's id, as the receipt shows it (apv_...)")
    String approvalId;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        try {
            TerminalCredential terminal = TerminalCredential.load(CredentialFiles.resolve(credential, user));
            ApprovalState s = new ContentpayClient(auth != null ? auth : terminal.issuer()).approvalState(terminal, approvalId);
            if (json) {
                out.println(Json.writeString(s));
            } else {
                print(out, s, language.words());
            }
            out.flush();
            return 0;
        } catch (ContentpayException e) {
            return Output.refusal(out, spec.commandLine().getErr(), e, json, language.words());
        }
    }

    /** The state for people, in {@code words}' language. */
    static void print(java.io.PrintWriter out, ApprovalState s, CliLanguage words) {
        out.println(words.get("approval.summary", s.approvalId(), words.label("approval.status.", s.status())));
        out.println(words.get("approval.item", s.title(), s.itemId(), s.merchantId()));
        out.println(words.get("approval.amount", s.amount().plain(), s.refunded().plain()));
        out.println(words.get("approval.issued", s.issuedAt(), s.judgedAt() == null ? words.get("approval.not-judged") : words.get("approval.judged", s.judgedAt())));
        if (s.chargedAt() != null) out.println(words.get("approval.charged", s.chargedAt()));
    }
}
