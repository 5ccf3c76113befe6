package dev.contentpay.app.operator;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code contentpay admin webhooks ...}: the events owed to merchants whose delivery failed, and sending one again. */
@Command(name = "webhooks", mixinStandardHelpOptions = true,
        description = "List webhook deliveries to merchants (the failed ones unless --status says) and send a failed one again (auth's admin face).",
        subcommands = {WebhooksCommand.List.class, WebhooksCommand.Redeliver.class})
final class WebhooksCommand {

    @ParentCommand
    AdminCommand admin;

    @Command(name = "list", description = "List deliveries in one status, oldest first.")
    static final class List implements Callable<Integer> {
        @ParentCommand WebhooksCommand webhooks;
        @Spec CommandSpec spec;
        @Option(names = "--status", defaultValue = "failed", description = "failed, pending or delivered (default: ${DEFAULT-VALUE})") String status;
        @Option(names = "--after", description = "the last event id of the page before: the next page") String after;
        @Option(names = "--limit", defaultValue = "100", description = "at most this many (1 to 1000; default: ${DEFAULT-VALUE})") int limit;

        @Override
        public Integer call() {
            return AdminCommand.Call.print(spec, () -> webhooks.admin.client().get("/v1/admin/webhook-deliveries?status=" + AdminCommand.Call.enc(status)
                    + "&limit=" + limit + (after == null ? "" : "&after=" + AdminCommand.Call.enc(after))));
        }
    }

    @Command(name = "redeliver", description = "Send a failed delivery again, due now with its attempts counted afresh; the merchant applies it once.")
    static final class Redeliver implements Callable<Integer> {
        @ParentCommand WebhooksCommand webhooks;
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "EVENT_ID") String eventId;

        @Override
        public Integer call() {
            return AdminCommand.Call.print(spec, () -> webhooks.admin.client()
                    .send("POST", "/v1/admin/webhook-deliveries/" + AdminCommand.Call.enc(eventId) + "/redeliver", null));
        }
    }
}
