package dev.contentpay.settlement.operator;

import dev.contentpay.platform.money.Money;
import dev.contentpay.settlement.operator.MerchantView;

import java.util.ArrayList;
import java.util.List;

/**
 * Lays out the daily sales chart: per day a sales bar and a refunds bar on a shared scale, the
 * scale's top and middle on the left, every other day's date below. Integer geometry only, so the
 * SVG is the same on every machine.
 */
final class SalesChart {

    static final int WIDTH = 720;
    static final int HEIGHT = 240;
    static final int LEFT = 96;
    static final int RIGHT = 12;
    static final int TOP = 14;
    static final int BOTTOM = 30;

    private SalesChart() {
    }

    static OperatorPage.Chart of(List<MerchantView.Day> days) {
        int baseline = HEIGHT - BOTTOM;
        int plotHeight = baseline - TOP;
        long top = Math.max(1, days.stream().mapToLong(d -> Math.max(d.settled(), d.refunded())).max().orElse(1));
        int slot = (WIDTH - LEFT - RIGHT) / Math.max(1, days.size());
        int barWidth = Math.max(2, slot * 2 / 5);
        var bars = new ArrayList<OperatorPage.Bar>();
        var labels = new ArrayList<OperatorPage.Label>();
        for (int i = 0; i < days.size(); i++) {
            MerchantView.Day d = days.get(i);
            int x = LEFT + i * slot + (slot - 2 * barWidth) / 2;
            bars.add(bar(x, barWidth, baseline, plotHeight, d.settled(), top, "sales",
                    d.date() + ": " + d.settlements() + " sold for " + Money.of(d.settled(), d.currency()).plain()));
            bars.add(bar(x + barWidth, barWidth, baseline, plotHeight, d.refunded(), top, "refunds",
                    d.date() + ": " + d.refunds() + " refunded for " + Money.of(d.refunded(), d.currency()).plain()));
            if (i % 2 == 0 || i == days.size() - 1) {
                labels.add(new OperatorPage.Label(LEFT + i * slot + slot / 2, HEIGHT - 10, d.date().toString().substring(5), "middle"));
            }
        }
        String currency = days.isEmpty() ? "JPY" : days.getFirst().currency();
        labels.add(new OperatorPage.Label(LEFT - 6, TOP + 4, Money.of(top, currency).plain(), "end"));
        labels.add(new OperatorPage.Label(LEFT - 6, TOP + plotHeight / 2 + 4, Money.of(top / 2, currency).plain(), "end"));
        labels.add(new OperatorPage.Label(LEFT - 6, baseline + 4, Money.of(0, currency).plain(), "end"));
        return new OperatorPage.Chart(WIDTH, HEIGHT, baseline, LEFT, WIDTH - RIGHT, List.copyOf(bars), List.copyOf(labels));
    }

    /** A zero amount still gets a one-unit sliver, so a quiet day reads as zero rather than as missing. */
    private static OperatorPage.Bar bar(int x, int width, int baseline, int plotHeight, long amount, long top, String kind, String title) {
        int height = (int) Math.max(1, (Math.multiplyExact(amount, plotHeight) + top / 2) / top);
        return new OperatorPage.Bar(x, baseline - height, width, height, kind, title);
    }
}
