package dev.contentpay.settlement.operator;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.settlement.operator.OperatorAuth;
import dev.contentpay.settlement.events.EventLog;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * {@code GET /v1/events?after=<cursor>&limit=<n>}: the signed event feed for the merchant's back
 * office, in commit order, from any cursor (0 for the beginning), with no time window.
 */
public final class EventEndpoints {

    private final OperatorAuth operator;
    private final EventLog events;

    public EventEndpoints(OperatorAuth operator, EventLog events) {
        this.operator = operator;
        this.events = events;
    }

    public void register(RoutesConfig routes) {
        routes.get("/v1/events", this::events);
    }

    private void events(Context ctx) {
        operator.requireOperator(ctx);
        ctx.json(events.read(cursor(ctx.queryParam("after")), AdminEndpoints.limit(ctx, 100)));
    }

    private static long cursor(String raw) {
        if (raw == null || raw.isBlank()) return 0;
        try {
            long after = Long.parseLong(raw.strip());
            if (after < 0) throw new NumberFormatException();
            return after;
        } catch (NumberFormatException e) {
            throw ContentpayException.invalid("after", "must be a cursor from an earlier page (a whole number, 0 for the start)");
        }
    }
}
