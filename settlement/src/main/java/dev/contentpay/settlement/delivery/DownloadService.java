package dev.contentpay.settlement.delivery;

import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.id.Ids;
import dev.contentpay.protocol.Receipt;
import dev.contentpay.protocol.RestoredPurchases;
import dev.contentpay.settlement.ledger.DownloadGrant;
import dev.contentpay.settlement.ledger.Settlement;
import dev.contentpay.settlement.ledger.SettlementStore;
import dev.contentpay.settlement.refund.RefundStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Delivers what was bought ([0070]). The receipt's link alone opens the download for
 * {@code download.link-only-window} after the receipt was given, which covers the terminal's
 * download right after buying and its retries; after that, until the link expires, a download also
 * needs proof that the caller is the buyer ({@link BuyerProof}), so a link that leaks is worth
 * nothing to anyone else. A purchase refunded in full is not delivered any more; one refunded in
 * part still is, unless the issuer reversed it (an accepted or upheld reversal that gave money back:
 * {@code purchase_reversed}). The content is sent only with the SHA-256 the receipt promised: settlement's
 * verified copy, or the shop's bytes once they match ({@link ShopClient#verifiedContent}); it is
 * sent from that copy's file ({@link DownloadAnswer}), a buffer at a time.
 *
 * <p>The buyer can also restore their purchases ({@link #restore}): with the same proof, the receipts
 * of everything they own here that was not refunded in full, each with a new link. The proof names
 * only the pseudonym, so the merchant learns no more than at the purchase.
 */
public final class DownloadService {

    private static final Logger LOG = LoggerFactory.getLogger(DownloadService.class);

    /** The most purchases one restore answers, newest first. */
    static final int RESTORE_LIMIT = 500;

    private final Database db;
    private final SettlementStore store;
    private final RefundStore refunds;
    private final ShopClient shop;
    private final BuyerProof proof;
    private final Duration linkOnlyWindow;
    private final Clock clock;
    private final Receipts receipts;
    private final java.util.function.Predicate<String> reversed;

    /** {@code reversed} tells whether an issuer's reversal gave back money of a settlement: it is then no longer delivered. */
    public DownloadService(Database db, SettlementStore store, RefundStore refunds, ShopClient shop, BuyerProof proof, Duration linkOnlyWindow,
                           Clock clock, Receipts receipts, java.util.function.Predicate<String> reversed) {
        this.db = db;
        this.reversed = reversed;
        this.store = store;
        this.refunds = refunds;
        this.shop = shop;
        this.proof = proof;
        this.linkOnlyWindow = linkOnlyWindow;
        this.clock = clock;
        this.receipts = receipts;
    }

    /** {@code approvalToken} is the buyer's proof, null when none was sent. */
    public Download download(String settlementId, String token, String approvalToken) {
        Instant now = clock.instant();
        // The four reads share one connection and handle instead of borrowing one each.
        Granted granted = db.readTogether(() -> {
            Optional<Settlement> found = Ids.isWellFormed(settlementId) ? store.find(settlementId) : Optional.empty();
            Settlement s = found.orElseThrow(() -> new ContentpayException(ErrorCode.SETTLEMENT_NOT_FOUND));
            DownloadGrant g = store.grant(settlementId).filter(candidate -> candidate.admits(token, now))
                    .orElseThrow(() -> new ContentpayException(ErrorCode.DOWNLOAD_FORBIDDEN));
            if (reversed.test(settlementId)) throw new ContentpayException(ErrorCode.PURCHASE_REVERSED);
            if (refunds.fullyRefunded(settlementId)) {
                throw new ContentpayException(ErrorCode.DOWNLOAD_FORBIDDEN, "This purchase was refunded; its content is no longer delivered.");
            }
            return new Granted(s, g);
        });
        Settlement settlement = granted.settlement();
        DownloadGrant grant = granted.grant();
        boolean linkAlone = now.isBefore(grant.issuedAt().plus(linkOnlyWindow));
        if (!linkAlone && !proof.proves(approvalToken, settlement.pseudonym())) {
            throw new ContentpayException(ErrorCode.DOWNLOAD_FORBIDDEN, "To download again, send the approval you bought with in the "
                    + BuyerProof.HEADER + " header together with the receipt's link.");
        }
        return fetchChecked(settlement.id(), settlement.itemId(), settlement.contentSha256(), settlement.mediaType());
    }

    /**
     * The content of a purchase this very request settled, to send beside its receipt: nothing to
     * check first, since the buyer presented the approval a moment ago and the link is the one just
     * made. Empty when the content is larger than {@code inlineAtMost} bytes or its verified copy
     * cannot be had now (the shop silent): the buyer then downloads it by the receipt's link.
     */
    public Optional<Download> withReceipt(Receipt receipt, long inlineAtMost) {
        if (receipt.size() > inlineAtMost) return Optional.empty();
        try {
            Download d = fetchChecked(receipt.settlementId(), receipt.itemId(), receipt.contentSha256(), receipt.mediaType());
            return d.size() == receipt.size() ? Optional.of(d) : Optional.empty();
        } catch (RuntimeException e) {
            LOG.warn("the content of settlement {} goes by its link only: {}", receipt.settlementId(), e.toString());
            return Optional.empty();
        }
    }

    /**
     * The receipts of what the holder of {@code buyerProof} (a buyer proof or an approval) owns here, newest first, each with a
     * new download link; purchases refunded in full are left out, as they are no longer delivered.
     */
    public RestoredPurchases restore(String buyerProof) {
        String pseudonym = proof.pseudonymOf(buyerProof).orElseThrow(() -> new ContentpayException(ErrorCode.APPROVAL_INVALID,
                "To restore your purchases, send a buyer proof or an approval the issuer gave you for this merchant."));
        List<Settlement> owned = store.ofBuyer(pseudonym, RESTORE_LIMIT).stream().filter(s -> !refunds.fullyRefunded(s.id()) && !reversed.test(s.id())).toList();
        List<Receipt> restored = receipts.again(owned);
        LOG.info("restored {} purchases to their buyer", restored.size());
        return new RestoredPurchases(restored);
    }


    /** A settlement whose content a download link still admits. */
    private record Granted(Settlement settlement, DownloadGrant grant) {
    }

    private Download fetchChecked(String settlementId, String itemId, String contentSha256, String mediaType) {
        ContentCopies.Copy copy;
        try {
            copy = shop.verifiedContent(itemId, contentSha256);
        } catch (ContentCopies.Mismatch e) {
            LOG.error("content of item {} for settlement {} does not match the catalog's SHA-256; not delivered",
                    itemId, settlementId);
            throw e;
        }
        String fileName = itemId + "." + MediaTypes.extension(mediaType);
        return new Download(copy.file(), copy.size(), mediaType, contentSha256.toLowerCase(Locale.ROOT), fileName, copy.bytes());
    }
}
