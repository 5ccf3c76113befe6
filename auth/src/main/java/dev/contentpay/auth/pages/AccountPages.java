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
import dev.contentpay.platform.web.PageHeaders;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.money.Money;
import dev.contentpay.protocol.Statement;
import dev.contentpay.protocol.TerminalInfo;
import dev.contentpay.protocol.admin.SubscriberView;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
            "limit", "Your monthly limit was lowered.",
            "pin-unlocked", "Your PIN is unlocked. Wrong PINs are counted again from zero.",
            "revoked", "The terminal was revoked. It can no longer be used to buy.",
            "signed-out", "You signed out.",
            "not-remembered", "You are signed in, but this browser was not remembered. You may have too many terminals; revoke one first."));

    private final AdminService admin;
    private final StatementService statements;
    private final TerminalService terminals;
    private final Visitors visitors;
    private final SignInService signIn;
    private final SignInPosts signInPosts;
    private final RateLimiter limiter;
    private final PageRenderer pages;
    private final byte[] styleSheet = resource("auth.css");

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
        routes.get("/assets/auth.css", this::styleSheet);
    }

    void overview(Context ctx) {
        Visitor visitor = visitors.of(ctx);
        if (!visitor.signedIn()) {
            signInPage(ctx, 200, visitor, null, null, "password".equals(ctx.queryParam("with")), NOTICES.of(ctx.queryParam("done")));
            return;
        }
        pages.write(ctx, 200, "account.jte", account(visitor, NOTICES.of(ctx.queryParam("done")), null, null));
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
            pages.write(ctx, e.code().status(), "account.jte", account(visitor, null, limitSentence(visitor.subscriber(), e), typed));
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
            pages.write(ctx, e.code().status(), "account.jte", account(visitor, null, null, null, Sentences.of(e)));
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
            String sentence = "Dates are written as YYYY-MM-DD, the first not after the second, at most a year apart. Here is this month.";
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
        pages.write(ctx, 200, "terminals.jte", terminalsView(visitor, NOTICES.of(ctx.queryParam("done")), null));
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
            String sentence = e.code() == ErrorCode.NOT_FOUND ? "You have no terminal with this id." : Sentences.of(e);
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
            pages.write(ctx, 403, "error.jte", new Views.ErrorView(visitor.header(null), "This page has expired", PageText.EXPIRED,
                    "/account", "Back to your account"));
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

    void styleSheet(Context ctx) {
        PageHeaders.styleSheet(ctx, styleSheet);
    }

    /** The visitor of a form post that must be signed in and come from auth's own page; null once the page said otherwise. */
    private Visitor signedInPoster(Context ctx) {
        Visitor visitor = visitors.of(ctx);
        if (!visitor.signedIn()) {
            signInPage(ctx, 401, visitor, "You were signed out. Sign in again.", null, false, null);
            return null;
        }
        if (!visitors.posted(ctx, visitor)) {
            pages.write(ctx, 403, "error.jte", new Views.ErrorView(visitor.header(null), "This page has expired", PageText.EXPIRED,
                    "/account", "Back to your account"));
            return null;
        }
        return visitor;
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
        String pinLockedUntil = signIn.pinLockedUntil(s)
                .map(until -> statements.zone().display(until)).orElse(pinError != null ? "" : null);
        SubscriberView view = admin.view(s.id());
        LocalDate today = statements.today();
        // One statement over the months the month chart shows also holds this month's lines for the merchant chart.
        Statement months = statements.statement(s, today.minusMonths(Charts.MONTHS - 1).withDayOfMonth(1), today);
        return new Views.AccountView(visitor.header(null), s.displayName(), s.id(), statusSentence(s), PageText.kindLabel(view.limitKind()),
                view.limit().display(Locale.ENGLISH), view.reserved().display(Locale.ENGLISH), view.charged().display(Locale.ENGLISH),
                view.remaining().display(Locale.ENGLISH), PageText.remainingLabel(view.limitKind()),
                view.pinThreshold() == null ? "never" : "above " + view.pinThreshold().display(Locale.ENGLISH),
                s.limitKind() == Subscriber.LimitKind.CREDIT && s.isActive(), s.currency(), notice, error, typedLimit, visitor.csrf(),
                pinLockedUntil, pinError, Charts.meter(PageText.remainingLabel(view.limitKind()), view.remaining(), view.limit()),
                Charts.byMonth(months, statements.zone(), today), Charts.byMerchant(months, statements.zone(), today));
    }

    private static String statusSentence(Subscriber s) {
        return switch (s.status()) {
            case ACTIVE -> "Your account is active.";
            case SUSPENDED -> "Your account is suspended: you can read your statement and revoke terminals, but not buy.";
            case CLOSED -> "Your account is closed.";
        };
    }

    private static String limitSentence(Subscriber s, ContentpayException e) {
        if (e.code() != ErrorCode.VALIDATION_FAILED) return Sentences.of(e);
        if (s.limitKind() != Subscriber.LimitKind.CREDIT) return "Only a monthly credit limit can be lowered.";
        if (!e.errors().isEmpty() && e.errors().get(0).message().startsWith("Enter")) return e.errors().get(0).message();
        return "A limit can only be lowered here: enter an amount up to " + Money.of(s.creditLimit(), s.currency()).display(Locale.ENGLISH)
                + ". To raise it, ask your carrier or card issuer.";
    }

    private Views.StatementView statementView(Visitor visitor, Statement st, String error) {
        var lines = st.lines().stream().map(l -> new Views.StatementView.Line(PageText.time(l.at(), statements.zone()), kindWord(l.kind()),
                l.merchantName(), l.merchantRegistrationNumber() == null ? "" : l.merchantRegistrationNumber(),
                l.title() == null ? l.itemId() : l.title(), l.taxRate() == null ? "" : l.taxRate() + "%", l.amount().display(Locale.ENGLISH))).toList();
        var taxes = st.taxes().stream().map(t -> new Views.StatementView.Tax(t.rate() + "%", t.inclusive().display(Locale.ENGLISH),
                t.tax().display(Locale.ENGLISH))).toList();
        return new Views.StatementView(visitor.header(null), st.from().toString(), st.to().toString(), lines, st.charged().display(Locale.ENGLISH),
                st.refunded().display(Locale.ENGLISH), st.voided().display(Locale.ENGLISH), st.net().display(Locale.ENGLISH), st.limit().display(Locale.ENGLISH),
                st.remaining().display(Locale.ENGLISH), error, st.zone(), st.issuerRegistrationNumber() == null ? "" : st.issuerRegistrationNumber(), taxes,
                Charts.byMerchantInPeriod(st));
    }

    private static String kindWord(String kind) {
        return switch (kind) {
            case "charge" -> "Charge";
            case "refund" -> "Refund";
            case "void" -> "Cancelled (not charged)";
            case "points_earned" -> "Points earned";
            case "points_revoked" -> "Points taken back (refund)";
            default -> kind;
        };
    }

    private Views.TerminalsView terminalsView(Visitor visitor, String notice, String error) {
        String thisBrowser = visitor.browser() == null ? null : visitor.browser().id();
        var rows = terminals.list(visitor.subscriber()).terminals().stream().map(t -> row(t, thisBrowser)).toList();
        return new Views.TerminalsView(visitor.header(null), rows, notice, error, visitor.csrf());
    }

    private Views.TerminalsView.Row row(TerminalInfo t, String thisBrowser) {
        boolean active = "active".equals(t.status());
        return new Views.TerminalsView.Row(t.terminalId(), t.name(), active ? "Active" : "Revoked " + PageText.time(t.revokedAt(), statements.zone()),
                PageText.time(t.enrolledAt(), statements.zone()), PageText.time(t.lastUsedAt(), statements.zone()), active, t.terminalId().equals(thisBrowser),
                "/account/terminals/" + URLEncoder.encode(t.terminalId(), StandardCharsets.UTF_8) + "/revoke");
    }

    private static void requireNotClosed(Subscriber s) {
        if (s.status() == Subscriber.Status.CLOSED) throw new ContentpayException(ErrorCode.SUBSCRIBER_CLOSED);
    }

    private static byte[] resource(String name) {
        try (InputStream in = AccountPages.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("the resource " + name + " is missing from auth's jar");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
