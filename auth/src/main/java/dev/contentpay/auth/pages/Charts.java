package dev.contentpay.auth.pages;

import dev.contentpay.platform.money.Money;
import dev.contentpay.platform.time.BillingZone;
import dev.contentpay.platform.web.PageLanguage;
import dev.contentpay.protocol.Statement;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The subscriber's pictures, drawn on the server because the pages run no script: what remains of
 * the budget as a {@code <meter>}, spending by month as upright bars and spending by merchant as
 * lying bars, each an inline SVG whose geometry is computed here and only laid out by
 * {@code partials/meter.jte} and {@code partials/barchart.jte}. Every figure a bar shows is also in
 * a visually hidden table, so a screen reader reads the numbers, not the shapes.
 *
 * <p>Spending is what the statement charges less what it refunds ({@link Statement}'s lines of kind
 * {@code charge} and {@code refund}); voids were never charged and points lines are not money.
 * Amounts stay integer minor units (yen) all the way: a bar's length is an integer share of its
 * axis, computed with integer arithmetic, never through a double.
 *
 * <p>Every word, month name and amount is in the page's language ({@link PageLanguage}): the
 * issuer's bundle's {@code chart.*} keys, months as its {@code chart.month-pattern} says
 * ({@code Dec 2026}, {@code 2026年12月}), amounts as {@link Money#display(Locale)} writes them.
 */
public final class Charts {

    /** How many months the month chart shows, this one included. */
    public static final int MONTHS = 6;

    /** The SVG's own coordinate system; the browser scales it to the page's width. */
    static final int WIDTH = 320;
    static final int MONTH_HEIGHT = 180;
    /** Room above upright bars for their amount, below them for the month. */
    private static final int TOP = 20;
    private static final int BOTTOM = 24;
    /** Lying bars: a row per merchant, its name above its bar. */
    private static final int ROW = 40;
    private static final int BAR = 14;
    private static final int AMOUNT_ROOM = 84;

    private Charts() {
    }

    /** The budget as a meter: {@code value} of {@code max}, minor units; {@code text} says it in words for browsers that draw no meter. */
    public record Meter(String id, String label, long value, long max, long low, String text) {
    }

    /**
     * One bar chart, laid out. {@code empty} is the sentence shown instead of a picture when there is
     * nothing to draw; then {@code marks} may still list the zero rows, for the table.
     */
    public record BarChart(String id, String heading, String summary, String empty, String labelHeader, String amountHeader,
                           int width, int height, int axis, List<Mark> marks) {
        public boolean isEmpty() {
            return marks.stream().allMatch(m -> m.amount() == 0);
        }

        /** The SVG's viewBox. */
        public String viewBox() {
            return "0 0 " + width + " " + height;
        }
    }

    /**
     * One bar: its rectangle, where its name ({@code label}, short form {@code tag} in the picture)
     * and its amount are written, and the amount in minor units and for people.
     */
    public record Mark(String label, String tag, long amount, String shown, int x, int y, int w, int h,
                       int tagX, int tagY, String tagAnchor, int shownX, int shownY, String shownAnchor) {
    }

    /** One named amount, before it is drawn. */
    public record Figure(String label, String tag, long amount) {
    }

    /**
     * The length of a bar for {@code amount} on an axis of {@code axis} units whose longest bar is
     * {@code max}: never longer than the axis, never negative (a month refunded more than charged
     * draws no bar, the table says the figure), and at least one unit for any positive amount, so
     * that a small purchase beside a large one is still seen.
     */
    static int length(long amount, long max, int axis) {
        if (axis < 0) throw new IllegalArgumentException("the axis must not be negative: " + axis);
        if (amount <= 0 || max <= 0 || axis == 0) return 0;
        if (amount >= max) return axis;
        // amount * axis fits a long only while amount < Long.MAX_VALUE / axis; beyond, scale max down first.
        long scaled = amount <= Long.MAX_VALUE / Math.max(axis, 1)
                ? amount * axis / max
                : amount / Math.max(1, max / axis);
        return (int) Math.max(1, Math.min(axis, scaled));
    }

    /** What remains of the budget, from the subscriber's limit and what is left of it (both in minor units of one currency). */
    public static Meter meter(String label, Money remaining, Money limit, PageLanguage msg) {
        long max = Math.max(1, Math.max(limit.amount(), remaining.amount()));
        long value = Math.max(0, Math.min(remaining.amount(), max));
        return new Meter("budget-meter", label, value, max, max / 5,
                msg.get("chart.meter-of", remaining.display(msg.locale()), limit.display(msg.locale())));
    }

    /** A month for the page's reader: {@code Dec 2026}, {@code 2026年12月}. */
    static String monthName(YearMonth month, PageLanguage msg) {
        return DateTimeFormatter.ofPattern(msg.get("chart.month-pattern"), msg.locale()).format(month);
    }

    /**
     * Spending in each of the {@link #MONTHS} months up to {@code today}'s, oldest first, from a
     * statement that covers them (months are the billing zone's).
     */
    public static BarChart byMonth(Statement statement, BillingZone zone, LocalDate today, PageLanguage msg) {
        YearMonth last = YearMonth.from(today);
        YearMonth first = last.minusMonths(MONTHS - 1);
        Map<YearMonth, Long> spent = new LinkedHashMap<>();
        for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) spent.put(m, 0L);
        for (Statement.Line line : statement.lines()) {
            YearMonth month = YearMonth.from(zone.dayOf(line.at()));
            if (spent.containsKey(month)) spent.merge(month, signed(line), Math::addExact);
        }
        var shortMonth = DateTimeFormatter.ofPattern(msg.get("chart.short-month-pattern"), msg.locale());
        List<Figure> figures = spent.entrySet().stream()
                .map(e -> new Figure(monthName(e.getKey(), msg), shortMonth.format(e.getKey()), e.getValue())).toList();
        return upright("by-month", msg.get("chart.by-month"),
                msg.get("chart.by-month-summary", MONTHS, monthName(first, msg), monthName(last, msg)),
                msg.get("chart.by-month-empty", MONTHS), msg.get("chart.month"), msg.get("chart.spent"), figures,
                statement.limit().currency(), msg.locale());
    }

    /** Spending at each merchant in {@code today}'s month, largest first; merchants with only voids are left out. */
    public static BarChart byMerchant(Statement statement, BillingZone zone, LocalDate today, PageLanguage msg) {
        YearMonth month = YearMonth.from(today);
        List<Figure> figures = perMerchant(statement.lines().stream()
                .filter(line -> YearMonth.from(zone.dayOf(line.at())).equals(month)).toList());
        return lying("by-merchant", msg.get("chart.by-merchant"), msg.get("chart.by-merchant-summary", monthName(month, msg)),
                msg.get("chart.by-merchant-empty"), msg.get("chart.merchant"), msg.get("chart.spent"), figures,
                statement.limit().currency(), msg.locale());
    }

    /** Spending at each merchant over the whole statement's period, largest first: the statement page's chart. */
    public static BarChart byMerchantInPeriod(Statement statement, PageLanguage msg) {
        String from = BillingZone.displayDay(statement.from(), msg.locale()), to = BillingZone.displayDay(statement.to(), msg.locale());
        return lying("by-merchant", msg.get("chart.in-period"), msg.get("chart.in-period-summary", from, to),
                msg.get("chart.in-period-empty", from, to), msg.get("chart.merchant"), msg.get("chart.spent"), perMerchant(statement.lines()),
                statement.limit().currency(), msg.locale());
    }

    /** Charges less refunds per merchant name, largest first, then by name; merchants with only voids are left out. */
    private static List<Figure> perMerchant(List<Statement.Line> lines) {
        Map<String, Long> spent = new LinkedHashMap<>();
        for (Statement.Line line : lines) {
            if (isMoney(line)) spent.merge(line.merchantName(), signed(line), Math::addExact);
        }
        return spent.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(e -> new Figure(e.getKey(), e.getKey(), e.getValue())).toList();
    }

    /** Upright bars side by side, the amount above each and its short label below. */
    static BarChart upright(String id, String heading, String summary, String empty, String labelHeader, String amountHeader,
                            List<Figure> figures, String currency, Locale locale) {
        int axis = MONTH_HEIGHT - TOP - BOTTOM;
        long max = max(figures);
        int slot = figures.isEmpty() ? WIDTH : WIDTH / figures.size();
        int barWidth = Math.max(1, slot * 3 / 5);
        List<Mark> marks = new ArrayList<>();
        for (int i = 0; i < figures.size(); i++) {
            Figure f = figures.get(i);
            int h = length(f.amount(), max, axis);
            int centre = i * slot + slot / 2;
            int y = TOP + axis - h;
            marks.add(new Mark(f.label(), f.tag(), f.amount(), Money.of(f.amount(), currency).display(locale), centre - barWidth / 2, y, barWidth, h,
                    centre, MONTH_HEIGHT - 6, "middle", centre, y - 5, "middle"));
        }
        return new BarChart(id, heading, summary, empty, labelHeader, amountHeader, WIDTH, MONTH_HEIGHT, axis, marks);
    }

    /** Lying bars one under another, the name above each bar and the amount after it. */
    static BarChart lying(String id, String heading, String summary, String empty, String labelHeader, String amountHeader,
                          List<Figure> figures, String currency, Locale locale) {
        int axis = WIDTH - AMOUNT_ROOM;
        long max = max(figures);
        List<Mark> marks = new ArrayList<>();
        for (int i = 0; i < figures.size(); i++) {
            Figure f = figures.get(i);
            int w = length(f.amount(), max, axis);
            int top = i * ROW;
            int barY = top + ROW - BAR - 6;
            marks.add(new Mark(f.label(), f.tag(), f.amount(), Money.of(f.amount(), currency).display(locale), 0, barY, w, BAR,
                    0, barY - 5, "start", w + 6, barY + BAR - 2, "start"));
        }
        return new BarChart(id, heading, summary, empty, labelHeader, amountHeader, WIDTH, Math.max(ROW, figures.size() * ROW), axis, marks);
    }

    private static long max(List<Figure> figures) {
        return figures.stream().mapToLong(Figure::amount).max().orElse(0);
    }

    private static boolean isMoney(Statement.Line line) {
        return line.kind().equals("charge") || line.kind().equals("refund");
    }

    /** A charge adds to spending, a refund takes from it; anything else (voids, points) is not spending. */
    private static long signed(Statement.Line line) {
        return switch (line.kind()) {
            case "charge" -> line.amount().amount();
            case "refund" -> -line.amount().amount();
            default -> 0;
        };
    }
}
