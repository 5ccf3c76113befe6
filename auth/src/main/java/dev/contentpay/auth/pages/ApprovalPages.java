package dev.contentpay.auth.pages;

import dev.contentpay.platform.money.Money;
import dev.contentpay.auth.admin.AdminService;
import dev.contentpay.auth.approval.ApprovalService;
import dev.contentpay.auth.merchant.Merchant;
import dev.contentpay.auth.merchant.MerchantRegistry;
import dev.contentpay.auth.subscriber.Subscriber;
import dev.contentpay.platform.http.RateLimiter;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.Idempotency;
import dev.contentpay.platform.id.Ids;
import dev.contentpay.platform.time.BillingZone;
import dev.contentpay.platform.web.PageLanguage;
import dev.contentpay.protocol.ApprovalResponse;
import dev.contentpay.protocol.PurchasingInformation;
import dev.contentpay.protocol.admin.SubscriberView;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The issuer's approval page ([0055]-[0064] in a browser, like a card's 3-D Secure challenge or an
 * OAuth consent screen): {@code GET /approve?purchase=<sealed>} shows what the merchant asks for;
 * the buyer signs in ({@code POST /approve/sign-in}) and approves ({@code POST /approve}); the
 * approval is then carried to the merchant's settlement server by a form the buyer submits. Every
 * decision is {@link ApprovalService#approveFor}'s, exactly as for the JSON API.
 */
final class ApprovalPages {

    /** A sealed purchasing information is well under 2 KB; anything far larger is not one. */
    private static final int MAX_SEALED = 8192;

    /** What the page shows besides the purchase: a refusal sentence, and how the sign-in form was left. */
    private record Shown(String error, boolean refused, String typedId, boolean passwordInstead, String notice) {
        static Shown plain(String passwordInstead, String notice, PageLanguage msg) {
            return new Shown(null, false, null, "password".equals(passwordInstead), NOTICES.of(notice, msg));
        }

        static Shown error(String sentence) {
            return new Shown(sentence, false, null, false, null);
        }
    }

    /** The fixed notices a redirect back to the page may ask for; the page never echoes its address. */
    private static final Notices NOTICES = new Notices(java.util.Map.of(
            "not-remembered", "notice.approve-not-remembered"));

    private final ApprovalService approvals;
    private final MerchantRegistry merchants;
    private final AdminService admin;
    private final Visitors visitors;
    private final SignInPosts signInPosts;
    private final Idempotency idempotency;
    private final RateLimiter limiter;
    private final PageRenderer pages;

    /** Times on the page are the issuer's local time, with the zone named. */
    private final BillingZone zone;

    ApprovalPages(ApprovalService approvals, MerchantRegistry merchants, AdminService admin, Visitors visitors, SignInService signIn,
                  Idempotency idempotency, RateLimiter limiter, PageRenderer pages, BillingZone zone) {
        this.zone = zone;
        this.approvals = approvals;
        this.merchants = merchants;
        this.admin = admin;
        this.visitors = visitors;
        this.signInPosts = new SignInPosts(visitors, signIn, limiter);
        this.idempotency = idempotency;
        this.limiter = limiter;
        this.pages = pages;
    }

    void register(RoutesConfig routes) {
        routes.get("/approve", this::page);
        routes.post("/approve/sign-in", this::signIn);
        routes.post("/approve", this::approve);
    }

    void page(Context ctx) {
        Visitor visitor = visitors.of(ctx);
        Checkout checkout = openOrExplain(ctx, visitor, ctx.queryParam("purchase"));
        if (checkout == null) return;
        show(ctx, 200, checkout, visitor, Shown.plain(ctx.queryParam("with"), ctx.queryParam("notice"), visitor.msg()));
    }

    void signIn(Context ctx) {
        Visitor visitor = visitors.of(ctx);
        Checkout checkout = openOrExplain(ctx, visitor, ctx.formParam("purchase"));
        if (checkout == null) return;
        var typed = SignInPosts.Typed.of(ctx, visitor);
        var done = signInPosts.signIn(ctx, visitor, typed,
                (status, sentence) -> show(ctx, status, checkout, visitor, new Shown(sentence, false, typed.typedId(), !typed.withPin(), null)));
        if (done != null) pages.redirect(ctx, checkout.selfHref() + (done.notice() == null ? "" : "&notice=not-remembered"));
    }

    void approve(Context ctx) {
        Visitor visitor = visitors.of(ctx);
        Checkout checkout = openOrExplain(ctx, visitor, ctx.formParam("purchase"));
        if (checkout == null) return;
        if (!visitor.signedIn()) {
            show(ctx, 401, checkout, visitor, Shown.error(visitor.msg().get("approve.signed-out")));
            return;
        }
        if (!visitors.posted(ctx, visitor)) {
            show(ctx, 403, checkout, visitor, Shown.error(visitor.msg().get("expired")));
            return;
        }
        try {
            limiter.acquire(ctx);
            ApprovalResponse approval = issue(ctx, checkout, visitor);
            pages.write(ctx, 200, "approved.jte", approved(checkout, visitor, approval, checkoutNonce(ctx.formParam("attempt"))),
                    checkout.settleAt());
        } catch (ContentpayException e) {
            show(ctx, e.code().status(), checkout, visitor, new Shown(Sentences.of(visitor.msg(), e), !Sentences.canTryAgain(e.code()),
                    null, false, null));
        }
    }

    /**
     * Issues the approval once per showing of the Approve button: the form carries a fresh random
     * {@code attempt} key, so a double click gets the first answer again instead of a refusal for an
     * order already approved, while a new showing (after a wrong PIN, say) is a new attempt. The PIN
     * is left out of the stored request hash, so the idempotency table holds nothing derived from it.
     */
    private ApprovalResponse issue(Context ctx, Checkout checkout, Visitor visitor) {
        String attempt = ctx.formParam("attempt");
        if (attempt == null || attempt.isEmpty() || attempt.length() > 64 || !Ids.isWellFormed(attempt)) {
            throw new ContentpayException(ErrorCode.VALIDATION_FAILED, "The approval form's attempt key is missing or malformed.");
        }
        String pin = ctx.formParam("pin") == null || ctx.formParam("pin").isBlank() ? null : ctx.formParam("pin").strip();
        Subscriber subscriber = visitor.subscriber();
        String hash = idempotency.requestHash("POST", "/approve", (visitor.sessionHash() + "\n" + checkout.sealed()).getBytes(StandardCharsets.UTF_8));
        return idempotency.answer(PageText.scope("web-approval:", subscriber.id()), attempt, hash, 201, ApprovalResponse.class,
                () -> approvals.approveFor(subscriber, checkout.sealed(), pin)).valueOrThrow();
    }

    /**
     * The checkout, or null after the page said why the purchasing information cannot be used. A
     * seal that cannot be opened names no shop auth could trust, so the way on is the issuer's own
     * account page; the sentence tells the buyer to go back to the shop.
     */
    private Checkout openOrExplain(Context ctx, Visitor visitor, String sealed) {
        PageLanguage msg = visitor.msg();
        try {
            if (sealed == null || sealed.isBlank()) {
                throw new ContentpayException(ErrorCode.VALIDATION_FAILED, "There is no purchase to approve here.");
            }
            return open(sealed);
        } catch (ContentpayException e) {
            String sentence = e.code() == ErrorCode.VALIDATION_FAILED ? msg.get("approve.no-purchase") : Sentences.of(msg, e);
            pages.write(ctx, e.code().status(), "error.jte", new Views.ErrorView(visitor.header(null), msg.get("approve.cannot"), sentence,
                    e.code().code(), "/account", msg.get("approve.to-account")));
            return null;
        }
    }

    private Checkout open(String sealed) {
        if (sealed.length() > MAX_SEALED) throw new ContentpayException(ErrorCode.PURCHASE_INFO_INVALID);
        PurchasingInformation info = approvals.openSeal(sealed);
        URI settleAt = info.settleAt();
        boolean web = settleAt != null && ("https".equals(settleAt.getScheme()) || "http".equals(settleAt.getScheme()))
                && settleAt.getHost() != null && settleAt.getRawQuery() == null && settleAt.getRawFragment() == null;
        if (!web) throw new ContentpayException(ErrorCode.PURCHASE_INFO_INVALID);
        String name = merchants.find(info.merchantId()).map(Merchant::name)
                .orElseThrow(() -> new ContentpayException(ErrorCode.UNKNOWN_MERCHANT));
        String base = settleAt.toString().replaceAll("/+$", "");
        return new Checkout(sealed, info, name, URI.create(base));
    }

    private void show(Context ctx, int status, Checkout checkout, Visitor visitor, Shown shown) {
        // The form may lead to the settlement server only on the page that carries the approval there.
        pages.write(ctx, status, "approve.jte", view(checkout, visitor, shown));
    }

    private Views.ApprovalView view(Checkout c, Visitor v, Shown s) {
        PurchasingInformation info = c.info();
        PageLanguage msg = v.msg();
        Locale locale = msg.locale();
        String price = dev.contentpay.platform.money.ConsumptionTax.displayInclusive(info.price(), info.taxRate(), locale);
        if (!v.signedIn()) {
            return new Views.ApprovalView(v.header(c.sealed()), c.merchantName(), info.title(), info.kind(), price, "sign-in", s.error(),
                    signInForm(c, v, s), null, null, null, false, c.sealed(), v.csrf(), null, c.returnHref("cancelled"), null, s.notice());
        }
        Subscriber subscriber = v.subscriber();
        String error = s.error();
        boolean refused = s.refused();
        if (error == null && !subscriber.isActive()) {
            error = Sentences.of(msg, subscriber.status() == Subscriber.Status.SUSPENDED ? ErrorCode.SUBSCRIBER_SUSPENDED : ErrorCode.SUBSCRIBER_CLOSED);
            refused = true;
        }
        SubscriberView budget = admin.view(subscriber.id());
        long after = budget.remaining().amount() - info.price().amount();
        if (error == null && after < 0 && budget.remaining().currency().equals(info.price().currency())) {
            // Said before the click, since the issuer would refuse it; the click would decide the same way.
            error = msg.get("approve.over-budget");
            refused = true;
        }
        return new Views.ApprovalView(v.header(c.sealed()), c.merchantName(), info.title(), info.kind(), price, refused ? "refused" : "confirm",
                error, null, PageText.remainingLabel(budget.limitKind(), msg), budget.remaining().display(locale),
                after >= 0 ? Money.of(after, budget.remaining().currency()).display(locale) : null,
                subscriber.needsPinFor(info.price().amount()), c.sealed(), v.csrf(), Ids.randomToken(16), c.returnHref("cancelled"),
                c.returnHref("refused"), s.notice());
    }

    private static Views.SignInForm signInForm(Checkout c, Visitor v, Shown s) {
        if (v.browser() != null && !s.passwordInstead()) {
            return new Views.SignInForm("pin", "/approve/sign-in", v.csrf(), null, v.browser().subscriberId(),
                    c.selfHref() + "&with=password", c.sealed());
        }
        return new Views.SignInForm("password", "/approve/sign-in", v.csrf(), s.typedId(), null, null, c.sealed());
    }

    /**
     * The nonce of the checkout form that follows one showing of the Approve button (docs/WEB.md):
     * derived from that showing's random attempt key, so the buyer's double click of Approve shows
     * the same nonce again and settlement gives the same receipt, while no one without this page
     * has it. A one-way hash: the merchant who receives it learns nothing it could use here.
     */
    static String checkoutNonce(String attempt) {
        return dev.contentpay.platform.crypto.ClientAssertions.sha256Hex("checkout-nonce\n" + attempt);
    }

    private Views.ApprovedView approved(Checkout c, Visitor v, ApprovalResponse approval, String nonce) {
        Locale locale = v.msg().locale();
        return new Views.ApprovedView(v.header(null), c.merchantName(), c.info().title(), approval.amount().display(locale),
                approval.remainingAfter() == null ? null : approval.remainingAfter().display(locale), zone.displayTime(approval.expiresAt()),
                c.completeUrl().toString(), approval.approval(), c.sealed(), nonce);
    }
}
