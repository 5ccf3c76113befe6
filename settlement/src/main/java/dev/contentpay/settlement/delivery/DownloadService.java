package dev.contentpay.settlement.delivery;

import dev.contentpay.platform.crypto.ClientAssertions;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.id.Ids;
import dev.contentpay.settlement.ledger.Settlement;
import dev.contentpay.settlement.ledger.SettlementStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Locale;
import java.util.Optional;

/**
 * Delivers what was bought ([0070]): the content is fetched from the shop for each download and
 * sent on only if its SHA-256 is the one the receipt promised, so the buyer never receives
 * something other than what they paid for.
 */
public final class DownloadService {

    private static final Logger LOG = LoggerFactory.getLogger(DownloadService.class);

    private final SettlementStore store;
    private final ShopClient shop;
    private final Clock clock;

    public DownloadService(SettlementStore store, ShopClient shop, Clock clock) {
        this.store = store;
        this.shop = shop;
        this.clock = clock;
    }

    public Download download(String settlementId, String token) {
        Optional<Settlement> found = Ids.isWellFormed(settlementId) ? store.find(settlementId) : Optional.empty();
        Settlement settlement = found.orElseThrow(() -> new ContentpayException(ErrorCode.SETTLEMENT_NOT_FOUND));
        boolean admitted = store.grant(settlementId).map(g -> g.admits(token, clock.instant())).orElse(false);
        if (!admitted) throw new ContentpayException(ErrorCode.DOWNLOAD_FORBIDDEN);
        byte[] bytes = shop.content(settlement.itemId());
        String sha256 = ClientAssertions.sha256Hex(bytes);
        if (!sha256.equalsIgnoreCase(settlement.contentSha256())) {
            LOG.error("content of item {} for settlement {} does not match the catalog's SHA-256; not delivered",
                    settlement.itemId(), settlement.id());
            throw new ContentpayException(ErrorCode.SHOP_UNAVAILABLE,
                    "The shop sent content that does not match its catalog; nothing was delivered.");
        }
        String fileName = settlement.itemId() + "." + MediaTypes.extension(settlement.mediaType());
        return new Download(bytes, settlement.mediaType(), sha256.toLowerCase(Locale.ROOT), fileName);
    }
}
