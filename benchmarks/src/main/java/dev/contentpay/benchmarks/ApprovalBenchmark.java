package dev.contentpay.benchmarks;

import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.JWKSet;
import dev.contentpay.auth.AuthConfig;
import dev.contentpay.auth.approval.ApprovalService;
import dev.contentpay.auth.approval.Pseudonyms;
import dev.contentpay.auth.audit.AuditLog;
import dev.contentpay.auth.credit.BureauClient;
import dev.contentpay.auth.credit.CreditPolicy;
import dev.contentpay.auth.approval.JudgeService;
import dev.contentpay.auth.merchant.MerchantRegistry;
import dev.contentpay.auth.subscriber.Authenticator;
import dev.contentpay.auth.subscriber.Registration;
import dev.contentpay.auth.subscriber.Subscriber;
import dev.contentpay.auth.subscriber.SubscriberStore;
import dev.contentpay.platform.crypto.KeyFiles;
import dev.contentpay.platform.crypto.PasswordHasher;
import dev.contentpay.platform.crypto.TokenSigner;
import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.ServiceClient;
import dev.contentpay.protocol.ApprovalResponse;
import dev.contentpay.protocol.JudgeRequest;
import dev.contentpay.protocol.JudgeResponse;
import dev.contentpay.protocol.PurchasingInfoSeal;
import dev.contentpay.protocol.PurchasingInformation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;

/**
 * Auth's two steps of a purchase on its real database (SQLite, WAL, every commit synced):
 * issuing an approval (steps 4 and 5: the merchant's seal checked, the budget read, the approval
 * row and its audit entry committed, the approval token signed) and judging it (step 7: the token
 * checked, the approval used up and its amount reserved in one transaction, the allowance signed).
 * The subscriber is a prepaid one, so no bureau is asked; a credit subscriber's bureau answer is
 * cached and would cost nothing more here. Each operation gets purchasing information for a new
 * order, sealed before it is timed.
 */
@State(Scope.Benchmark)
public class ApprovalBenchmark {

    private Path folder;
    private Database db;
    private ApprovalService approvals;
    private JudgeService judge;
    private Subscriber subscriber;
    private TokenSigner shop;
    private PurchasingInformation info;
    private String sealed;

    @Setup
    public void setUp() {
        Clock clock = Clock.systemUTC();
        folder = Fixtures.temporaryFolder("auth");
        db = Fixtures.sqlite(folder, "auth");
        var hasher = new PasswordHasher(PasswordHasher.Cost.DEFAULT);
        var approvalStore = new dev.contentpay.auth.approval.JdbiApprovalStore();
        var budgets = new dev.contentpay.auth.approval.JdbiBudgetStore();
        var subscribers = new dev.contentpay.auth.subscriber.JdbiSubscriberStore(db, hasher, clock, budgets);
        var merchants = new MerchantRegistry(new dev.contentpay.auth.merchant.JdbiMerchantStore(db), clock);
        OctetKeyPair shopKey = KeyFiles.generate(Fixtures.MERCHANT + "-shop-1");
        shop = new TokenSigner(shopKey);
        merchants.register(new MerchantRegistry.Registration(Fixtures.MERCHANT, "Sakura Contents", new JWKSet(shopKey.toPublicJWK()),
                new JWKSet(KeyFiles.generate(Fixtures.MERCHANT + "-settlement-1").toPublicJWK()), Fixtures.SETTLE_AT, Fixtures.MERCHANT));
        var audit = new AuditLog(db, new dev.contentpay.auth.audit.JdbiAuditStore(), clock);
        var authenticator = new Authenticator(db, subscribers, hasher, audit, clock, 10, Duration.ofMinutes(30));
        // Never called for a prepaid subscriber; it points nowhere on purpose.
        var bureau = new BureauClient(new ServiceClient(URI.create("http://127.0.0.1:9"), Duration.ofSeconds(1),
                ErrorCode.BUREAU_UNAVAILABLE, null, clock), clock, Duration.ofMinutes(10));
        byte[] pseudonymSecret = new byte[32];
        new SecureRandom().nextBytes(pseudonymSecret);
        var issuer = new TokenSigner(KeyFiles.generate(Fixtures.ISSUER + "-1"));
        approvals = new ApprovalService(db, approvalStore, budgets, authenticator, merchants, new CreditPolicy(bureau, AuthConfig.BureauFallback.REFUSE),
                new Pseudonyms(pseudonymSecret), issuer, Fixtures.ISSUER, Duration.ofMinutes(5), clock, audit,
                new dev.contentpay.auth.approval.BudgetPeriods(dev.contentpay.platform.time.BillingZone.UTC));
        judge = new JudgeService(db, approvalStore, budgets, issuer, Fixtures.ISSUER, Duration.ofMinutes(15), clock, audit, merchant -> false);
        subscribers.registerIfAbsent(new Registration("bench", "Bench Buyer", "bench-password".toCharArray(), null,
                Subscriber.Status.ACTIVE, Subscriber.LimitKind.PREPAID, 1_000_000_000_000L, "JPY", null, null));
        subscriber = subscribers.find("bench").orElseThrow();
    }

    /** A new order for every operation: an order can be approved only once. */
    @Setup(Level.Invocation)
    public void newOrder() {
        info = Fixtures.wallpaper(Clock.systemUTC().instant());
        sealed = PurchasingInfoSeal.seal(shop, info);
    }

    @TearDown
    public void tearDown() {
        db.close();
        Fixtures.delete(folder);
    }

    @Benchmark
    public ApprovalResponse issue() {
        return approvals.approveFor(subscriber, sealed, null);
    }

    @Benchmark
    public JudgeResponse issueAndJudge() {
        ApprovalResponse approval = approvals.approveFor(subscriber, sealed, null);
        return judge.judge(Fixtures.MERCHANT, new JudgeRequest(approval.approval(), info.orderId(), info.price()),
                "judge-" + info.orderId());
    }
}
