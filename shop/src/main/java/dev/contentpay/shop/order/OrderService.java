package dev.contentpay.shop.order;

import dev.contentpay.platform.crypto.TokenSigner;
import dev.contentpay.platform.http.Idempotency;
import dev.contentpay.platform.id.Ids;
import dev.contentpay.protocol.PurchasingInfoSeal;
import dev.contentpay.protocol.PurchasingInformation;
import dev.contentpay.protocol.SelectRequest;
import dev.contentpay.protocol.SelectResponse;
import dev.contentpay.shop.catalog.CatalogService;
import dev.contentpay.shop.catalog.ShopItem;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Answers a selection (claim 2, [0053]-[0054]): records an order for the chosen item at its catalog
 * price and returns the purchasing information, in clear and sealed with the merchant's key so that
 * auth and settlement can trust the price whatever the terminal does with it.
 */
public final class OrderService {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OrderService.class);

    private final CatalogService catalog;
    private final OrderStore orders;
    private final TokenSigner signer;
    private final URI settleAt;
    private final Duration lifetime;
    private final Clock clock;

    public OrderService(CatalogService catalog, OrderStore orders, TokenSigner signer, URI settleAt, Duration lifetime, Clock clock) {
        this.catalog = catalog;
        this.orders = orders;
        this.signer = signer;
        this.settleAt = settleAt;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** A new order for the selected item, or {@code unknown_item}. */
    public SelectResponse select(SelectRequest request) {
        ShopItem item = catalog.item(request.itemId());
        // The seal carries times as whole seconds (JWT iat and exp); truncating here makes the clear
        // information say exactly what the seal says, so the two can be compared field by field.
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        var order = new Order(Ids.random("ord"), item.id(), item.price(), now, now.plus(lifetime));
        var info = new PurchasingInformation(order.id(), catalog.merchantId(), item.id(), item.kind(), item.title(),
                order.price(), settleAt, order.createdAt(), order.expiresAt(), item.taxRate());
        var response = new SelectResponse(info, PurchasingInfoSeal.seal(signer, info));
        // The order and the answer that hands it out are one commit: sealed first, then recorded with it.
        orders.insert(order, Idempotency.keptWith(response));
        LOG.debug("order {} opened for item {} ({})", info.orderId(), info.itemId(), info.price());
        return response;
    }
}
