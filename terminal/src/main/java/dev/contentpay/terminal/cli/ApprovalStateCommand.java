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
                out.printf("Approval %s: %s.%n", s.approvalId(), s.status().replace('_', ' '));
                out.printf("  item         \"%s\" (%s) from merchant %s%n", s.title(), s.itemId(), s.merchantId());
                out.printf("  amount       %s, %s refunded%n", s.amount().plain(), s.refunded().plain());
                out.printf("  issued       %s, %s%n", s.issuedAt(), s.judgedAt() == null ? "not judged" : "judged " + s.judgedAt());
                if (s.chargedAt() != null) out.printf("  charged      %s%n", s.chargedAt());
            }
            out.flush();
            return 0;
        } catch (ContentpayException e) {
            return Output.refusal(out, spec.commandLine().getErr(), e, json);
        }
    }
}
