package dev.contentpay.settlement.delivery;

import dev.contentpay.platform.id.Ids;
import dev.contentpay.platform.money.ConsumptionTax;
import dev.contentpay.platform.time.BillingZone;
import dev.contentpay.protocol.Receipt;
import dev.contentpay.settlement.ledger.DownloadGrant;
import dev.contentpay.settlement.ledger.Settlement;
import dev.contentpay.settlement.ledger.SettlementStore;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Writes a settlement's receipt ([0070]): what was bought, the download link with its token, and
 * the issuer's signed allowance as the transaction record a third party can check. One place for
 * it, because three answers give receipts: the purchase, the buyer's retry that lost it, and the
 * buyer restoring their purchases. Only a new token makes a new link: the grant keeps the token's
 * hash alone, so an earlier link cannot be given again, and giving a new one ends the old.
 */
public final class Receipts {

    private final String merchantId;
    private final SettlementStore store;
    private final Clock clock;
    private final Duration downloadLifetime;
    private final Supplier<URI> publicBase;

    private final BillingZone zone;
    private final String registrationNumber;

    /**
     * @param zone               the billing zone, in which the receipt's day is cut
     * @param registrationNumber the seller's qualified invoice registration number, or null
     */
    public Receipts(String merchantId, SettlementStore store, Clock clock, Duration downloadLifetime, Supplier<URI> publicBase,
                    BillingZone zone, String registrationNumber) {
        this.zone = zone;
        this.registrationNumber = registrationNumber;
        this.merchantId = merchantId;
        this.store = store;
        this.clock = clock;
        this.downloadLifetime = downloadLifetime;
        this.publicBase = publicBase;
    }

    /** The billing zone the receipts' days are cut in and their times shown in. */
    public BillingZone zone() {
        return zone;
    }

    /** The seller's qualified invoice registration number, or null when it has none. */
    public String registrationNumber() {
        return registrationNumber;
    }

    /** A grant with a new token for {@code settlementId}, from now for the download lifetime. */
    public Granted newGrant(String settlementId) {
        String token = Ids.randomToken(32);
        // Millisecond precision, as stored, so the receipt and the database say the same time.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return new Granted(DownloadGrant.forToken(settlementId, token, now, now.plus(downloadLifetime)), token);
    }

    /** The receipt of {@code s} whose link carries {@code granted}'s token. */
    public Receipt of(Settlement s, Granted granted) {
        String base = publicBase.get().toString().replaceAll("/+$", "");
        String downloadUrl = base + "/v1/downloads/" + s.id() + "?token=" + granted.token();
        return new Receipt(s.id(), merchantId, s.orderId(), s.itemId(), s.title(), s.amount(), s.settledAt(), s.approvalId(),
                s.mediaType(), s.contentSize(), s.contentSha256(), downloadUrl, granted.grant().expiresAt(), s.allowanceToken(),
                s.taxRate(), registrationNumber, zone.dayOf(s.settledAt()), taxes(s));
    }

    /** The settlement's qualified-invoice tax: its one line at its rate, through the one calculation of the platform. */
    public static List<Receipt.Tax> taxes(Settlement s) {
        return ConsumptionTax.perRate(List.of(new ConsumptionTax.Line(s.amount(), s.taxRate()))).stream()
                .map(p -> new Receipt.Tax(p.rate(), p.inclusive(), p.tax())).toList();
    }

    /** Receipts with new links for settlements already made, their grants replaced in one transaction; the old links stop working. */
    public List<Receipt> again(List<Settlement> settlements) {
        var granted = new ArrayList<Granted>(settlements.size());
        for (Settlement s : settlements) granted.add(newGrant(s.id()));
        store.renewGrants(granted.stream().map(Granted::grant).toList());
        var receipts = new ArrayList<Receipt>(settlements.size());
        for (int i = 0; i < settlements.size(); i++) receipts.add(of(settlements.get(i), granted.get(i)));
        return receipts;
    }

    /** A grant and the token it keeps only the hash of: the token goes into the receipt's link and nowhere else. */
    public record Granted(DownloadGrant grant, String token) {
        @Override
        public String toString() {
            return "Granted[" + grant.settlementId() + "]";
        }
    }
}
