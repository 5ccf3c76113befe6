package dev.contentpay.auth.event;

import dev.contentpay.protocol.IssuerEvent;

/** The event a stored row holds, for tests of other packages. */
public final class WebhookDeliveriesAccess {

    private WebhookDeliveriesAccess() {
    }

    public static IssuerEvent eventOf(MerchantEvent e) {
        return WebhookDeliveries.eventOf(e);
    }
}
