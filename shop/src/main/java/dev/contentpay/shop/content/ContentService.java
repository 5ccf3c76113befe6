package dev.contentpay.shop.content;

import com.nimbusds.jose.jwk.JWKSet;
import dev.contentpay.platform.crypto.ClientAssertions;
import dev.contentpay.platform.crypto.TokenException;
import dev.contentpay.platform.crypto.TokenVerifier;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
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
    private final String audience;
    private final Clock clock;

    public ContentService(CatalogService catalog, Path settlementKeysFile, String merchantId, String audience, Clock clock) {
        this.catalog = catalog;
        this.settlementKeys = new SettlementKeys(settlementKeysFile);
        this.merchantId = merchantId;
        this.audience = audience;
        this.clock = clock;
    }

    /**
     * The item's content, if {@code authorization} is a valid assertion from settlement for a GET
     * of {@code path}. The caller is checked before the item, so that nobody else can even learn
     * which item ids exist here.
     */
    public Content download(String authorization, String path, String itemId) {
        authenticate(authorization, path);
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

    private void authenticate(String authorization, String path) {
        try {
            Optional<JWKSet> keys = settlementKeys.current();
            if (keys.isEmpty()) {
                throw new TokenException(TokenException.Reason.UNKNOWN_KEY, "no settlement keys at " + settlementKeys.file());
            }
            TokenVerifier verifier = TokenVerifier.forIssuer(merchantId, keys.get(), clock);
            ClientAssertions.verify(verifier, authorization, audience, "GET", path, NO_BODY);
        } catch (TokenException e) {
            // The reason helps an operator whose settlement is misconfigured; the token itself is a
            // credential for the next minute and is never logged.
            LOG.warn("refused a content download on {}: {} ({})", path, e.getMessage(), e.reason());
            throw new ContentpayException(ErrorCode.CLIENT_UNAUTHENTICATED);
        } catch (SettlementKeys.KeyFileException e) {
            LOG.warn("refused a content download on {}: {}", path, e.getMessage());
            throw new ContentpayException(ErrorCode.CLIENT_UNAUTHENTICATED);
        }
    }
}
