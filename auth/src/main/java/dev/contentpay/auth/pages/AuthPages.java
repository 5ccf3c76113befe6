package dev.contentpay.auth.pages;

import dev.contentpay.auth.AuthConfig;
import dev.contentpay.auth.admin.AdminService;
import dev.contentpay.auth.approval.ApprovalService;
import dev.contentpay.auth.audit.AuditLog;
import dev.contentpay.auth.merchant.MerchantRegistry;
import dev.contentpay.auth.statement.StatementService;
import dev.contentpay.auth.subscriber.Authenticator;
import dev.contentpay.auth.subscriber.SubscriberStore;
import dev.contentpay.auth.terminal.Terminals;
import dev.contentpay.platform.http.RateLimiter;
import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.http.Idempotency;
import dev.contentpay.platform.web.Cookies;
import dev.contentpay.platform.web.FormTokens;
import dev.contentpay.platform.web.JdbiFormSecretStore;
import dev.contentpay.platform.web.PageHeaders;
import dev.contentpay.platform.web.PageLanguage;
import io.javalin.config.RoutesConfig;
import org.flywaydb.core.Flyway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;

/**
 * auth's pages for browsers (docs/WEB.md), on the subscriber face, wired in one call: the issuer's
 * approval page of the three-party checkout, and the subscriber's own pages. They hold no rule of
 * their own: every decision is the services' that the JSON API uses too.
 */
public final class AuthPages {

    /** The issuer's words, English and Japanese (src/main/resources/dev/contentpay/auth/pages), for every page of auth's. */
    public static final PageLanguage.Words WORDS = new PageLanguage.Words("dev.contentpay.auth.pages.messages", AuthPages.class);

    /** The pages' one style sheet, served on each face that has pages. */
    private static final byte[] STYLE_SHEET = resource("auth.css");

    private final ApprovalPages approvalPages;
    private final AccountPages accountPages;

    private AuthPages(ApprovalPages approvalPages, AccountPages accountPages) {
        this.approvalPages = approvalPages;
        this.accountPages = accountPages;
    }

    public static AuthPages wire(AuthConfig config, Database db, Clock clock, SubscriberStore subscribers, MerchantRegistry merchants,
                                 Authenticator authenticator, ApprovalService approvals, AdminService admin, StatementService statements,
                                 AuditLog audit, Idempotency idempotency) {
        migrate(db);
        var terminals = Terminals.service(config, db, clock, subscribers, authenticator, approvals, audit);
        var sessions = new WebSessions(new JdbiWebSessionStore(db), clock);
        // auth has no public address of its own: the request alone decides the Secure rule.
        var cookies = Cookies.forSite(null);
        var forms = FormTokens.of(new JdbiFormSecretStore(db, "web_page_secret"), "auth", Visitors.FORM, cookies);
        var visitors = new Visitors(sessions, subscribers, terminals, cookies, forms);
        var signIn = new SignInService(authenticator, subscribers, terminals, sessions);
        var pages = new PageRenderer();
        // The same allowance per address as the JSON API, in a bucket of its own: the lockout in
        // the database is what stops guessing; this only keeps one address from flooding the pages.
        var limiter = new RateLimiter(config.rateLimits(), clock);
        return new AuthPages(new ApprovalPages(approvals, merchants, admin, visitors, signIn, idempotency, limiter, pages, config.billingZone()),
                new AccountPages(admin, statements, terminals, visitors, signIn, limiter, pages));
    }

    /** The pages' routes, on the subscriber face. */
    public void register(RoutesConfig subscriberFace) {
        approvalPages.register(subscriberFace);
        accountPages.register(subscriberFace);
        registerStyleSheet(subscriberFace);
    }

    /** The pages' style sheet at {@code /assets/auth.css}: public, it holds no data. */
    public static void registerStyleSheet(RoutesConfig face) {
        face.get("/assets/auth.css", ctx -> PageHeaders.styleSheet(ctx, STYLE_SHEET));
    }

    private static byte[] resource(String name) {
        try (InputStream in = AuthPages.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("the resource " + name + " is missing from auth's jar");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The pages' tables have their own migration history, as the platform's have, so their versions
     * never compete with auth's own numbering (auth's tables are migrated first: sessions refer to
     * subscribers).
     */
    private static void migrate(Database db) {
        Flyway.configure().dataSource(db.dataSource()).table("pages_schema_history").locations("classpath:db/auth-pages")
                .baselineOnMigrate(true).baselineVersion("0").load().migrate();
    }
}
