package dev.contentpay.shop.content;

import com.nimbusds.jose.jwk.JWKSet;
import dev.contentpay.platform.crypto.ClientAssertionCheck;
import dev.contentpay.shop.catalog.CatalogService;
import dev.contentpay.shop.catalog.Content;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * Hands out contents (23), to the merchant's own settlement server and nobody else ([0070]): a
 * buyer gets the content from settlement after paying, never from the shop directly. Settlement
 * proves itself with a client assertion signed by its key, issued as the merchant id, for the
 * audience {@code <merchant>-shop} and bound to this very request.
 */
public final class ContentService {

    private static final Logger LOG = LoggerFactory.getLogger(ContentService.class);
    private static final byte[] NO_BODY = new byte[0];

    private final CatalogService catalog;
    private final SettlementKeys settlementKeys;
    private final String merchantId;
    private final ClientAssertionCheck assertions;

    public ContentService(CatalogService catalog, Path settlementKeysFile, String merchantId, String audience, Clock clock) {
        this.catalog = catalog;
        this.settlementKeys = new SettlementKeys(settlementKeysFile);
        this.merchantId = merchantId;
        this.assertions = new ClientAssertionCheck(this::keysOf, audience, clock, "a content download");
    }

    /**
     * The item's content, if {@code authorization} is a valid assertion from settlement for a GET
     * of {@code path}. The caller is checked before the item, so that nobody else can even learn
     * which item ids exist here.
     */
    public Content download(String authorization, String path, String itemId) {
        assertions.callerOf(authorization, "GET", path, NO_BODY);
        return catalog.item(itemId).content();
    }

    /** Warns at start when downloads cannot work yet; they will once the file appears. */
    public void warnIfKeysMissing() {
        try {
            if (settlementKeys.current().isEmpty()) {
                LOG.warn("the settlement keys file {} does not exist yet; content downloads are refused until it does",
                        settlementKeys.file());
            }
        } catch (SettlementKeys.KeyFileException e) {
            LOG.warn("{}; content downloads are refused until it is fixed", e.getMessage());
        }
    }

    /**
     * Settlement's keys, for assertions issued as the merchant id and nobody else; none while the
     * file is missing or unreadable, so that every download is refused, and said in the log.
     */
    private JWKSet keysOf(String caller) {
        if (!merchantId.equals(caller)) return null;
        try {
            Optional<JWKSet> keys = settlementKeys.current();
            if (keys.isEmpty()) LOG.warn("no settlement keys at {}: content downloads are refused until the file exists", settlementKeys.file());
            return keys.orElse(null);
        } catch (SettlementKeys.KeyFileException e) {
            LOG.warn("{}; content downloads are refused until it is fixed", e.getMessage());
            return null;
        }
    }
}
