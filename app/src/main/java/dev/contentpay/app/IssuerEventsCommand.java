package dev.contentpay.app;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.protocol.IssuerEventAnswer;
import dev.contentpay.settlement.webhook.IssuerEventService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.concurrent.Callable;

@Command(name = "issuer-events", mixinStandardHelpOptions = true,
        description = {"Pull the issuer's events for this merchant (voids, refunds applied, expiries) from its feed into the settlement server, "
                + "each applied once by its id, so replaying from any point is harmless: after an outage longer than the issuer's retries, "
                + "or a restore from backup.",
                "Exit status: 0 done, 1 refused, 3 unreachable."})
final class IssuerEventsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    OperatorOptions operator;

    @Option(names = "--after", paramLabel = "EVENT_ID", description = "replay the events after this one; default: from the first")
    String after;

    @Option(names = "--limit", defaultValue = "100", description = "events per page, 1 to 1000 (default: ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--all", description = "go on page after page to the end of the feed")
    boolean all;

    @Option(names = "--json", description = "print what each event did as JSON")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            var client = operator.client();
            var done = new ArrayList<IssuerEventAnswer>();
            String from = after;
            IssuerEventService.Replay page;
            do {
                page = client.replayIssuerEvents(from, limit);
                done.addAll(page.events());
                from = page.next();
            } while (all && from != null);
            if (json) {
                OperatorOutput.json(out, new IssuerEventService.Replay(done, page.next()));
            } else {
                for (IssuerEventAnswer a : done) out.printf("%s  %s%n", a.eventId(), a.status());
                long applied = done.stream().filter(a -> IssuerEventAnswer.APPLIED.equals(a.status())).count();
                out.printf("%d events read, %d applied now, %d applied before.%s%n", done.size(), applied, done.size() - applied,
                        page.next() == null ? "" : " More after " + page.next() + " (--after " + page.next() + ", or --all).");
                out.flush();
            }
            return 0;
        } catch (ContentpayException e) {
            return OperatorOutput.refusal(out, spec.commandLine().getErr(), e, json);
        }
    }
}
