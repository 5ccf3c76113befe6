package dev.contentpay.settlement.checkout;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.Idempotency;
import dev.contentpay.platform.id.Ids;
import dev.contentpay.platform.money.ConsumptionTax;
import dev.contentpay.platform.money.Money;
import dev.contentpay.platform.time.BillingZone;
import dev.contentpay.platform.web.Cookies;
import dev.contentpay.platform.web.PageLanguage;
import dev.contentpay.platform.web.PageHeaders;
import dev.contentpay.protocol.Receipt;
import dev.contentpay.settlement.delivery.Download;
import dev.contentpay.settlement.delivery.DownloadAnswer;
import dev.contentpay.settlement.delivery.DownloadService;
import dev.contentpay.settlement.delivery.MediaTypes;
import dev.contentpay.settlement.delivery.Receipts;
import dev.contentpay.settlement.ledger.DownloadGrant;
import dev.contentpay.settlement.ledger.Settlement;
import dev.contentpay.settlement.ledger.SettlementStore;
import dev.contentpay.settlement.purchase.PurchaseService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.Optional;

/**
 * The merchant's end of the browser checkout (docs/WEB.md), where the issuer's page hands the
 * buyer back:
 * <ul>
 *   <li>{@code POST /checkout/complete}: the approval, the sealed purchasing information and the
 *       page's nonce, posted by the buyer's browser from the issuer's page; settles through {@link PurchaseService} and
 *       sends the browser (303) to its receipt.</li>
 *   <li>{@code GET /checkout/return?item=&outcome=}: no approval (cancelled, or refused by the
 *       issuer); back to the shop's item page, which says so.</li>
 *   <li>{@code GET /checkout/receipts/{id}} and {@code .../download}: the download page and the
 *       content, byte for byte, opened by cookies only this browser holds ({@link ReceiptCookies}).</li>
 * </ul>
 * The complete post comes from another site (the issuer's) by design, so it carries no form token
 * of ours: what makes it safe is the approval itself, unguessable, single use, bound to this
 * merchant, order and amount, with the nonce of the issuer's page that posted it, which makes its
 * idempotency key ({@link CheckoutService}), so its receipt goes only to the browser of that page.
 */
public final class CheckoutEndpoints {


    private final CheckoutService checkout;
    private final DownloadService downloads;
    private final SettlementStore store;
    private final URI shopUrl;
    private final Clock clock;
    private final ReceiptCookies cookies;
    private final Cookies siteCookies;
    /** The merchant's name as buyers know it, from the shop's catalog; the merchant id when the shop cannot say. */
    private final Supplier<String> merchantName;
    /** Times on the pages are local to the billing zone, with the zone named. */
    private final BillingZone zone;
    private final String registrationNumber;
    private final CheckoutPages pages = new CheckoutPages();
    private final byte[] styleSheet = resource("checkout.css");

    /**
     * @param shopUrl   the merchant's shop, where the buyer goes back to (settlement's {@code shop.url})
     * @param publicUrl settlement's configured public address, or null; an https one makes the receipt's cookies Secure
     */
    public CheckoutEndpoints(PurchaseService purchases, DownloadService downloads, SettlementStore store, Idempotency idempotency,
                             URI shopUrl, URI publicUrl, Clock clock, Receipts receipts, Supplier<String> merchantName) {
        this.merchantName = merchantName;
        this.zone = receipts.zone();
        this.registrationNumber = receipts.registrationNumber();
        this.checkout = new CheckoutService(purchases, idempotency);
        this.downloads = downloads;
        this.store = store;
        this.shopUrl = URI.create(shopUrl.toString().replaceAll("/+$", ""));
        this.clock = clock;
        this.siteCookies = Cookies.forSite(publicUrl);
        this.cookies = new ReceiptCookies(siteCookies, clock);
    }

    public void register(RoutesConfig routes) {
        routes.post("/checkout/complete", this::complete);
        routes.get("/checkout/return", this::backToShop);
        routes.get("/checkout/receipts/{settlementId}", this::receipt);
        routes.get("/checkout/receipts/{settlementId}/download", this::download);
        routes.get("/checkout/assets/checkout.css", this::styleSheet);
    }

    void complete(Context ctx) {
        String approval = ctx.formParam("approval");
        try {
            Receipt receipt = checkout.complete(approval, ctx.formParam("purchase"), ctx.formParam("nonce"));
            cookies.give(ctx, receipt, approval);
            ctx.status(303).header("Location", ReceiptCookies.path(receipt.settlementId()));
        } catch (ContentpayException e) {
            problem(ctx, e.code(), "problem.not-paid");
        }
    }

    /** Only these fixed words travel on to the shop; an item id is checked to be one before it is put in a link. */
    void backToShop(Context ctx) {
        String item = ctx.queryParam("item");
        String outcome = "cancelled".equals(ctx.queryParam("outcome")) ? "cancelled" : "refused";
        String location = Ids.isWellFormed(item)
                ? shopUrl + "/items/" + URLEncoder.encode(item, StandardCharsets.UTF_8) + "?outcome=" + outcome
                : shopUrl + "/";
        ctx.status(303).header("Location", location);
    }

    void receipt(Context ctx) {
        String id = ctx.pathParam("settlementId");
        Optional<Settlement> settlement = openedBy(id, cookies.read(ctx, ReceiptCookies.DOWNLOAD));
        if (settlement.isEmpty()) {
            problem(ctx, ErrorCode.DOWNLOAD_FORBIDDEN, "problem.no-receipt");
            return;
        }
        PageLanguage msg = language(ctx);
        pages.write(ctx, 200, "receipt.jte", view(settlement.get(), store.grant(id).orElseThrow(), msg.locale()), msg);
    }

    void download(Context ctx) {
        String id = ctx.pathParam("settlementId");
        try {
            Download download = downloads.download(id, cookies.read(ctx, ReceiptCookies.DOWNLOAD),
                    cookies.read(ctx, ReceiptCookies.APPROVAL));
            // Bought content may be a web page (a game): were it ever opened in place, it must not
            // run as this site, so it gets a sandbox of its own.
            ctx.header("Content-Security-Policy", "sandbox; default-src 'none'");
            DownloadAnswer.write(ctx, download);
        } catch (ContentpayException e) {
            problem(ctx, e.code(), "problem.no-download");
        }
    }

    void styleSheet(Context ctx) {
        PageHeaders.styleSheet(ctx, styleSheet);
    }

    /** The settlement whose receipt this browser's token opens, if it does. */
    private Optional<Settlement> openedBy(String settlementId, String token) {
        if (!Ids.isWellFormed(settlementId) || token == null) return Optional.empty();
        Instant now = clock.instant();
        boolean admitted = store.grant(settlementId).filter(g -> g.admits(token, now)).isPresent();
        return admitted ? store.find(settlementId) : Optional.empty();
    }

    private CheckoutViews.ReceiptView view(Settlement s, DownloadGrant grant, Locale locale) {
        String fileName = s.itemId() + "." + MediaTypes.extension(s.mediaType());
        var taxes = Receipts.taxes(s).stream().map(t -> new CheckoutViews.ReceiptView.Tax(t.rate() + "%", t.inclusive().display(locale),
                t.tax().display(locale))).toList();
        String tax = Money.of(ConsumptionTax.taxIn(s.amount().amount(), s.taxRate()), s.amount().currency()).display(locale);
        return new CheckoutViews.ReceiptView(s.title(), ConsumptionTax.displayInclusive(s.amount(), s.taxRate(), locale), s.taxRate() + "%", tax,
                merchantName.get(), zone.display(s.settledAt(), locale), s.id(), s.orderId(), s.approvalId(), s.mediaType(),
                size(s.contentSize()), s.contentSha256(), ReceiptCookies.path(s.id()) + "/download", fileName,
                zone.display(grant.expiresAt(), locale), shopUrl + "/", registrationNumber == null ? "" : registrationNumber,
                BillingZone.displayDay(zone.dayOf(s.settledAt()), locale), taxes);
    }

    /** The problem page: the heading of {@code headingKey}, the sentence of {@code code} and the code itself. */
    private void problem(Context ctx, ErrorCode code, String headingKey) {
        PageLanguage msg = language(ctx);
        pages.write(ctx, code.status(), "problem.jte", new CheckoutViews.ProblemView(msg.get(headingKey),
                msg.errorSentence(code.code(), code.retryable()), code.code(), shopUrl + "/"), msg);
    }

    /** The page's language; a page answering the checkout's post switches on to the shop, whose pages remember it too. */
    private PageLanguage language(Context ctx) {
        return PageLanguage.of(ctx, siteCookies, CheckoutPages.WORDS, shopUrl + "/", Set.of());
    }

    private static String size(long bytes) {
        if (bytes < 1024) return bytes + " bytes";
        if (bytes < 1024 * 1024) return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }

    private static byte[] resource(String name) {
        try (InputStream in = CheckoutEndpoints.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("the resource " + name + " is missing from settlement's jar");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
