package dev.contentpay.e2e;

import dev.contentpay.app.Deployment;
import dev.contentpay.app.operator.OperatorClient;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.money.Money;
import dev.contentpay.protocol.ApprovalResponse;
import dev.contentpay.protocol.JudgeResponse;
import dev.contentpay.protocol.admin.AmountRequest;
import dev.contentpay.protocol.admin.RegisterSubscriberRequest;
import dev.contentpay.client.ContentpayClient;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invariant 2 under random sequences of approve, judge, notify, void, refund and top-up, driven
 * against the real auth server (the merchant's side of the dedicated line played by the test):
 * after every step, for every budget, reserved plus charged never exceeds the cap, nothing is
 * negative, so no prepaid balance goes below zero, and the budget agrees to the unit with the
 * approvals that make it up.
 */
class BudgetInvariantPropertiesTest {

    static Path dir;
    static Deployment deployment;
    static ContentpayClient terminal;
    static OperatorClient operator;
    static Merchant merchant;
    static final AtomicInteger ids = new AtomicInteger();
    static final List<String> ITEMS = List.of("wallpaper", "ringtone", "game", "ebook");

    @BeforeContainer
    static void start() throws IOException {
        dir = Files.createTempDirectory("contentpay-budget-properties");
        deployment = TestDeployment.start(dir, Map.of("auth", Map.of("password.memory-kib", "64", "password.iterations", "1")));
        terminal = TestDeployment.terminal(deployment);
        operator = new OperatorClient(deployment.auth().adminUrl(), dir.resolve("keys/auth-admin.token"));
        merchant = new Merchant(deployment, dir, java.time.Clock.systemUTC());
    }

    @AfterContainer
    static void stop() {
        deployment.close();
    }

    /** What the test knows: the approvals and allowances in each state, per run. */
    static final class World {
        final String credit = register("credit", 2_000, "JB-40017");
        final String prepaid = register("prepaid", 300, null);
        final List<ApprovalResponse> issued = new ArrayList<>();
        final List<JudgeResponse> allowed = new ArrayList<>();
        final List<JudgeResponse> charged = new ArrayList<>();

        private static String register(String kind, long limit, String bureau) {
            String id = "prop-" + ids.incrementAndGet();
            operator.send("POST", "/v1/admin/subscribers", new RegisterSubscriberRequest(id, id, id + "-password", null, kind,
                    Money.of(limit, "JPY"), bureau, null));
            return id;
        }

        void approve(String subscriber, String item) {
            try {
                issued.add(terminal.approve(subscriber, (subscriber + "-password").toCharArray(), terminal.select(deployment.shop().url(), item)));
            } catch (ContentpayException refused) {
                // limit_exceeded and the like: a refusal moves no money, which the invariant checks.
            }
        }

        void judge(ApprovalResponse approval) {
            issued.remove(approval);
            try {
                allowed.add(merchant.judge(approval));
            } catch (ContentpayException refused) {
                // limit_exceeded at judgement: the approval is used up, nothing reserved.
            }
        }

        void notifyPayment(JudgeResponse allowance) {
            allowed.remove(allowance);
            merchant.notify(allowance, "stl_" + allowance.allowanceId());
            charged.add(allowance);
        }

        void voidApproval(String approvalId) {
            issued.removeIf(a -> a.approvalId().equals(approvalId));
            allowed.removeIf(a -> a.approvalId().equals(approvalId));
            merchant.voidApproval(approvalId);
        }

        void refund(JudgeResponse allowance) {
            charged.remove(allowance);
            merchant.refund(allowance, "stl_" + allowance.allowanceId());
        }

        void topUp(long amount) {
            operator.send("POST", "/v1/admin/subscribers/" + prepaid + "/top-ups", new AmountRequest(Money.of(amount, "JPY")));
        }

        void checkBudgets() {
            for (String subscriber : List.of(credit, prepaid)) {
                for (var row : TestDeployment.rows(dir, "auth", "SELECT period, cap, reserved, charged FROM budget WHERE subscriber_id = '" + subscriber + "'")) {
                    long cap = Long.parseLong(row.get(1)), reserved = Long.parseLong(row.get(2)), charged = Long.parseLong(row.get(3));
                    assertThat(reserved).as("reserved of %s", subscriber).isNotNegative();
                    assertThat(charged).as("charged of %s", subscriber).isNotNegative();
                    assertThat(reserved + charged).as("reserved + charged of %s in %s", subscriber, row.get(0)).isLessThanOrEqualTo(cap);
                    assertThat(reserved).as("reserved of %s against its allowances", subscriber).isEqualTo(sum(subscriber, row.get(0), "ALLOWED"));
                    assertThat(charged).as("charged of %s against its charges", subscriber).isEqualTo(sum(subscriber, row.get(0), "CHARGED"));
                }
            }
        }

        private static long sum(String subscriber, String period, String status) {
            return Long.parseLong(TestDeployment.rows(dir, "auth", "SELECT COALESCE(SUM(amount), 0) FROM approval WHERE subscriber_id = '"
                    + subscriber + "' AND period = '" + period + "' AND status = '" + status + "'").get(0).get(0));
        }
    }

    @Property(tries = 25)
    void reservedPlusChargedNeverExceedsTheLimitAndNoBalanceGoesBelowZero(@ForAll("chains") ActionChain<World> chain) {
        chain.withInvariant("budgets", World::checkBudgets).run();
    }

    @Provide
    Arbitrary<ActionChain<World>> chains() {
        return ActionChain.<World>startWith(World::new)
                .withAction(3, new Action.Independent<>() {
                    @Override
                    public Arbitrary<Transformer<World>> transformer() {
                        return Arbitraries.of(ITEMS).flatMap(item -> Arbitraries.of(true, false).map(credit ->
                                Transformer.mutate("approve " + item + (credit ? " on credit" : " prepaid"),
                                        w -> w.approve(credit ? w.credit : w.prepaid, item))));
                    }
                })
                .withAction(3, dependent(w -> !w.issued.isEmpty(), w -> Arbitraries.of(w.issued)
                        .map(a -> Transformer.mutate("judge " + a.approvalId(), x -> x.judge(a)))))
                .withAction(2, dependent(w -> !w.allowed.isEmpty(), w -> Arbitraries.of(w.allowed)
                        .map(a -> Transformer.mutate("notify " + a.allowanceId(), x -> x.notifyPayment(a)))))
                .withAction(1, dependent(w -> !w.issued.isEmpty() || !w.allowed.isEmpty(), w -> Arbitraries.of(openApprovalIds(w))
                        .map(id -> Transformer.mutate("void " + id, x -> x.voidApproval(id)))))
                .withAction(1, dependent(w -> !w.charged.isEmpty(), w -> Arbitraries.of(w.charged)
                        .map(a -> Transformer.mutate("refund " + a.allowanceId(), x -> x.refund(a)))))
                .withAction(1, new Action.Independent<>() {
                    @Override
                    public Arbitrary<Transformer<World>> transformer() {
                        return Arbitraries.longs().between(1, 400).map(n -> Transformer.mutate("top up " + n, w -> w.topUp(n)));
                    }
                })
                .withMaxTransformations(20);
    }

    private static List<String> openApprovalIds(World w) {
        var ids = new ArrayList<String>();
        w.issued.forEach(a -> ids.add(a.approvalId()));
        w.allowed.forEach(a -> ids.add(a.approvalId()));
        return ids;
    }

    private static Action.Dependent<World> dependent(java.util.function.Predicate<World> when,
                                                     java.util.function.Function<World, Arbitrary<Transformer<World>>> transformer) {
        return new Action.Dependent<>() {
            @Override
            public boolean precondition(World w) {
                return when.test(w);
            }

            @Override
            public Arbitrary<Transformer<World>> transformer(World w) {
                return transformer.apply(w);
            }
        };
    }
}
