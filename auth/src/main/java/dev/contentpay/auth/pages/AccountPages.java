package dev.contentpay.auth.pages;

import java.util.Locale;
import dev.contentpay.auth.admin.AdminService;
import dev.contentpay.auth.statement.StatementService;
import dev.contentpay.auth.subscriber.Authenticator;
import dev.contentpay.auth.subscriber.Subscriber;
import dev.contentpay.auth.terminal.TerminalService;
import dev.contentpay.auth.Dates;
import dev.contentpay.platform.http.RateLimiter;
import dev.contentpay.platform.http.WebServer;
import dev.contentpay.platform.web.PageLanguage;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.money.Money;
import dev.contentpay.protocol.Statement;
import dev.contentpay.protocol.TerminalInfo;
import dev.contentpay.protocol.admin.SubscriberView;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;

/**
 * The subscriber's own pages on the issuer's site, behind a sign-in: what remains of the budget,
 * lowering the monthly limit ({@link AdminService#lowerOwnLimit}; raising it is for the issuer),
 * the statement ({@link StatementService}), and the terminals and remembered browsers, each of
 * which can be revoked ({@link TerminalService}). Also signing in and out, and the style sheet.
 */
final class AccountPages {

    private static final Notices NOTICES = new Notices(Map.of(
            "limit", "notice.limit",
            "pin-unlocked", "notice.pin-unlocked",
            "revoked", "notice.revoked",
            "signed-out", "notice.signed-out",
            "not-remembered", "notice.not-remembered"));

    private final AdminService admin;
    private final StatementService statements;
    private final TerminalService terminals;
    private final Visitors visitors;
    private final SignInService signIn;
    private final SignInPosts signInPosts;
    private final RateLimiter limiter;
    private final PageRenderer pages;

    AccountPages(AdminService admin, StatementService statements, TerminalService terminals, Visitors visitors, SignInService signIn,
                 RateLimiter limiter, PageRenderer pages) {
        this.admin = admin;
        this.statements = statements;
        this.terminals = terminals;
        this.visitors = visitors;
        this.signIn = signIn;
        this.signInPosts = new SignInPosts(visitors, signIn, limiter);
        this.limiter = limiter;
        this.pages = pages;
    }

    void register(RoutesConfig routes) {
        routes.get("/account", this::overview);
        routes.post("/account/sign-in", this::signIn);
        routes.post("/account/limit", this::lowerLimit);
        routes.post("/account/pin-lock/reset", this::unlockPin);
        routes.get("/account/statement", this::statement);
        routes.get("/account/terminals", this::terminals);
        routes.post("/account/terminals/{terminalId}/revoke", this::revoke);
        routes.post("/sign-out", this::signOut);
    }

    void overview(Context ctx) {
        Visitor visitor = visitors.of(ctx);
        if (!visitor.signedIn()) {
            signInPage(ctx, 200, visitor, null, null, "password".equals(ctx.queryParam("with")), NOTICES.of(ctx.queryParam("done"), visitor.msg()));
            return;
        }
        pages.write(ctx, 200, "account.jte", account(visitor, NOTICES.of(ctx.queryParam("done"), visitor.msg()), null, null));
    }

    void signIn(Context ctx) {
        Visitor visitor = visitors.of(ctx);
        var typed = SignInPosts.Typed.of(ctx, visitor);
        var done = signInPosts.signIn(ctx, visitor, typed,
                (status, sentence) -> signInPage(ctx, status, visitor, sentence, typed.typedId(), !typed.withPin(), null));
        if (done != null) pages.redirect(ctx, done.notice() == null ? "/account" : "/account?done=not-remembered");
    }

    void lowerLimit(Context ctx) {
        Visitor visitor = signedInPoster(ctx);
        if (visitor == null) return;
        String typed = ctx.formParam("limit");
        try {
            limiter.acquire(ctx);
            Subscriber subscriber = visitor.subscriber();
            Authenticator.requireUsable(subscriber);
            admin.lowerOwnLimit(subscriber, AmountInput.parse(typed, subscriber.currency()));
            pages.redirect(ctx, "/account?done=limit");
        } catch (ContentpayException e) {
            pages.write(ctx, e.code().status(), "account.jte", account(visitor, null, limitSentence(visitor, e), typed));
        }
    }

    /** The subscriber lifts the lock on their PIN use on purpose, with their password typed again. */
    void unlockPin(Context ctx) {
        Visitor visitor = signedInPoster(ctx);
        if (visitor == null) return;
        try {
            limiter.acquire(ctx);
            signIn.unlockPin(visitor.subscriber(), ctx.formParam("password"));
            pages.redirect(ctx, "/account?done=pin-unlocked");
        } catch (ContentpayException e) {
            WebServer.retryAfter(ctx, e);
            pages.write(ctx, e.code().status(), "account.jte", account(visitor, null, null, null, Sentences.of(visitor.msg(), e)));
        }
    }

    void statement(Context ctx) {
        Visitor visitor = visitors.of(ctx);
        if (!visitor.signedIn()) {
            pages.redirect(ctx, "/account");
            return;
        }
        LocalDate today = statements.today();
        try {
            LocalDate to = Dates.parseOr("to", ctx.queryParam("to"), today);
            LocalDate from = Dates.parseOr("from", ctx.queryParam("from"), to.withDayOfMonth(1));
            pages.write(ctx, 200, "statement.jte", statementView(visitor, statements.statement(visitor.subscriber(), from, to), null));
        } catch (ContentpayException e) {
            String sentence = visitor.msg().get("statement.bad-dates");
            pages.write(ctx, 400, "statement.jte",
                    statementView(visitor, statements.statement(visitor.subscriber(), today.withDayOfMonth(1), today), sentence));
        }
    }

    void terminals(Context ctx) {
        Visitor visitor = visitors.of(ctx);
        if (!visitor.signedIn()) {
            pages.redirect(ctx, "/account");
            return;
        }
        pages.write(ctx, 200, "terminals.jte", terminalsView(visitor, NOTICES.of(ctx.queryParam("done"), visitor.msg()), null));
    }

    void revoke(Context ctx) {
        Visitor visitor = signedInPoster(ctx);
        if (visitor == null) return;
        String terminalId = ctx.pathParam("terminalId");
        try {
            limiter.acquire(ctx);
            requireNotClosed(visitor.subscriber());
            terminals.revokeOwn(visitor.subscriber(), terminalId);
            // Revoking this very browser also forgets it here, so the next sign-in asks for the password.
            if (visitor.browser() != null && visitor.browser().id().equals(terminalId)) visitors.forgetBrowser(ctx);
            pages.redirect(ctx, "/account/terminals?done=revoked");
        } catch (ContentpayException e) {
            String sentence = e.code() == ErrorCode.NOT_FOUND ? visitor.msg().get("terminals.no-such") : Sentences.of(visitor.msg(), e);
            pages.write(ctx, e.code().status(), "terminals.jte", terminalsView(visitor, null, sentence));
        }
    }

    /**
     * Signs out, then goes back to the approval page the button was on, or to the account page. A
     * browser whose session already ended has nothing to guard; a live session is ended only by a
     * post from auth's own page, so no other site can sign the subscriber out.
     */
    void signOut(Context ctx) {
        Visitor visitor = visitors.of(ctx);
        if (visitor.signedIn() && !visitors.posted(ctx, visitor)) {
            expired(ctx, visitor);
            return;
        }
        visitors.endSession(ctx);
        String purchase = ctx.formParam("purchase");
        if (purchase != null && !purchase.isBlank() && purchase.length() <= 8192) {
            pages.redirect(ctx, "/approve?purchase=" + URLEncoder.encode(purchase, StandardCharsets.UTF_8));
        } else {
            pages.redirect(ctx, "/account?done=signed-out");
        }
    }

    /** The visitor of a form post that must be signed in and come from auth's own page; null once the page said otherwise. */
    private Visitor signedInPoster(Context ctx) {
        Visitor visitor = visitors.of(ctx);
        if (!visitor.signedIn()) {
            signInPage(ctx, 401, visitor, visitor.msg().get("signin.signed-out"), null, false, null);
            return null;
        }
        if (!visitors.posted(ctx, visitor)) {
            expired(ctx, visitor);
            return null;
        }
        return visitor;
    }

    /** A form post whose token does not fit: the page it came from has expired. */
    private void expired(Context ctx, Visitor visitor) {
        PageLanguage msg = visitor.msg();
        pages.write(ctx, 403, "error.jte", new Views.ErrorView(visitor.header(null), msg.get("expired.heading"), msg.get("expired"), null,
                "/account", msg.get("error.back-to-account")));
    }

    private void signInPage(Context ctx, int status, Visitor visitor, String error, String typedId, boolean passwordInstead, String notice) {
        var form = visitor.browser() != null && !passwordInstead
                ? new Views.SignInForm("pin", "/account/sign-in", visitor.csrf(), null, visitor.browser().subscriberId(), "/account?with=password", null)
                : new Views.SignInForm("password", "/account/sign-in", visitor.csrf(), typedId, null, null, null);
        pages.write(ctx, status, "signin.jte", new Views.SignInView(visitor.header(null), error, notice, form));
    }

    private Views.AccountView account(Visitor visitor, String notice, String error, String typedLimit) {
        return account(visitor, notice, error, typedLimit, null);
    }

    private Views.AccountView account(Visitor visitor, String notice, String error, String typedLimit, String pinError) {
        Subscriber s = visitor.subscriber();
        PageLanguage msg = visitor.msg();
        Locale locale = msg.locale();
        String pinLockedUntil = signIn.pinLockedUntil(s)
                .map(until -> statements.zone().display(until, locale)).orElse(pinError != null ? "" : null);
        SubscriberView view = admin.view(s.id());
        LocalDate today = statements.today();
        // One statement over the months the month chart shows also holds this month's lines for the merchant chart.
        Statement months = statements.statement(s, today.minusMonths(Charts.MONTHS - 1).withDayOfMonth(1), today);
        return new Views.AccountView(visitor.header(null), s.displayName(), s.id(), msg.get("status." + s.status().name()),
                PageText.kindLabel(view.limitKind(), msg), view.limit().display(locale), view.reserved().display(locale),
                view.charged().display(locale), view.remaining().display(locale), PageText.remainingLabel(view.limitKind(), msg),
                view.pinThreshold() == null ? msg.get("account.pin-never") : msg.get("account.pin-above", view.pinThreshold().display(locale)),
                s.limitKind() == Subscriber.LimitKind.CREDIT && s.isActive(), s.currency(), notice, error, typedLimit, visitor.csrf(),
                pinLockedUntil, pinError, Charts.meter(PageText.remainingLabel(view.limitKind(), msg), view.remaining(), view.limit(), msg),
                Charts.byMonth(months, statements.zone(), today, msg), Charts.byMerchant(months, statements.zone(), today, msg));
    }

    private static String limitSentence(Visitor visitor, ContentpayException e) {
        Subscriber s = visitor.subscriber();
        PageLanguage msg = visitor.msg();
        if (e.code() != ErrorCode.VALIDATION_FAILED) return Sentences.of(msg, e);
        if (s.limitKind() != Subscriber.LimitKind.CREDIT) return msg.get("limit.only-credit");
        if (!e.errors().isEmpty() && e.errors().get(0).message().startsWith("Enter")) {
            return msg.get("limit.not-a-number", AmountInput.example(s.currency()));
        }
        return msg.get("limit.lower-only", Money.of(s.creditLimit(), s.currency()).display(msg.locale()));
    }

    private Views.StatementView statementView(Visitor visitor, Statement st, String error) {
        PageLanguage msg = visitor.msg();
        Locale locale = msg.locale();
        var lines = st.lines().stream().map(l -> new Views.StatementView.Line(PageText.time(l.at(), statements.zone(), msg),
                msg.getOr("line." + l.kind(), "line.charge"), l.merchantName(),
                l.merchantRegistrationNumber() == null ? "" : l.merchantRegistrationNumber(),
                l.title() == null ? l.itemId() : l.title(), l.taxRate() == null ? "" : l.taxRate() + "%", l.amount().display(locale))).toList();
        var taxes = st.taxes().stream().map(t -> new Views.StatementView.Tax(t.rate() + "%", t.inclusive().display(locale),
                t.tax().display(locale))).toList();
        return new Views.StatementView(visitor.header(null), st.from().toString(), st.to().toString(),
                dev.contentpay.platform.time.BillingZone.displayDay(st.from(), locale), dev.contentpay.platform.time.BillingZone.displayDay(st.to(), locale),
                lines, st.charged().display(locale),
                st.refunded().display(locale), st.voided().display(locale), st.net().display(locale), st.limit().display(locale),
                st.remaining().display(locale), error, st.zone(), st.issuerRegistrationNumber() == null ? "" : st.issuerRegistrationNumber(), taxes,
                Charts.byMerchantInPeriod(st, msg));
    }

    private Views.TerminalsView terminalsView(Visitor visitor, String notice, String error) {
        String thisBrowser = visitor.browser() == null ? null : visitor.browser().id();
        var rows = terminals.list(visitor.subscriber()).terminals().stream().map(t -> row(t, thisBrowser, visitor.msg())).toList();
        return new Views.TerminalsView(visitor.header(null), rows, notice, error, visitor.csrf());
    }

    private Views.TerminalsView.Row row(TerminalInfo t, String thisBrowser, PageLanguage msg) {
        boolean active = "active".equals(t.status());
        return new Views.TerminalsView.Row(t.terminalId(), t.name(),
                active ? msg.get("terminals.active") : msg.get("terminals.revoked-at", PageText.time(t.revokedAt(), statements.zone(), msg)),
                PageText.time(t.enrolledAt(), statements.zone(), msg), PageText.time(t.lastUsedAt(), statements.zone(), msg), active,
                t.terminalId().equals(thisBrowser),
                "/account/terminals/" + URLEncoder.encode(t.terminalId(), StandardCharsets.UTF_8) + "/revoke");
    }

    private static void requireNotClosed(Subscriber s) {
        if (s.status() == Subscriber.Status.CLOSED) throw new ContentpayException(ErrorCode.SUBSCRIBER_CLOSED);
    }
}
