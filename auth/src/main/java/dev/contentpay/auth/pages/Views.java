package dev.contentpay.auth.pages;

import dev.contentpay.platform.web.PageLanguage;

import java.util.List;

/**
 * What each page shows, already worded and formatted: the templates (auth/src/main/jte) only lay
 * it out, and escape every value. No view ever holds a password, a PIN or a session id.
 */
public final class Views {

    private Views() {
    }

    /** Every page has the top of the page, which carries the page's language and words. */
    public interface Page {
        Header header();
    }

    /**
     * The top of every page.
     *
     * @param signedInAs the subscriber's name while signed in, else null
     * @param csrf       the form token, for the sign-out button
     * @param purchase   the sealed purchasing information when the page is the approval page (so
     *                   signing out comes back to it), else null
     * @param msg        the page's language and words ({@link PageLanguage})
     */
    public record Header(String signedInAs, String csrf, String purchase, PageLanguage msg) {
    }

    /**
     * A sign-in form: {@code step} is {@code password} (id and password, and "remember this
     * browser") or {@code pin} (the PIN on a browser remembered as a terminal).
     *
     * @param purchase the sealed purchasing information to carry back to the approval page, or null
     */
    public record SignInForm(String step, String action, String csrf, String typedId, String browserOwner,
                             String usePasswordHref, String purchase) {
        public boolean pin() {
            return "pin".equals(step);
        }
    }

    /**
     * The issuer's approval page. {@code step} is {@code sign-in} (then {@code signIn} is the form),
     * {@code confirm} (signed in: the budget and the Approve button) or {@code refused} (the
     * purchase cannot go on; only the way back to the shop is offered).
     */
    public record ApprovalView(Header header, String merchantName, String title, String kind, String price, String step,
                               String error, SignInForm signIn, String budgetLabel, String budget, String afterPurchase,
                               boolean needsPin, String purchase, String csrf, String attempt, String cancelHref, String backHref,
                               String notice) implements Page {
    }

    /** The approval was issued: the form that carries it to the merchant's settlement server. */
    /**
     * The page that hands the approval to the merchant. {@code nonce} is this page's own (one per
     * showing of the Approve button): with the approval it makes the merchant's idempotency key, so
     * only this page's post (or its repeat) gets this purchase's receipt, not whoever else comes to
     * hold the approval.
     */
    public record ApprovedView(Header header, String merchantName, String title, String price, String remainingAfter,
                               String validUntil, String action, String approval, String purchase, String nonce)
            implements Page {
    }

    /** The account's sign-in page. */
    public record SignInView(Header header, String error, String notice, SignInForm signIn) implements Page {
    }

    /**
     * The subscriber's overview: budget, limit, and the form to lower the limit (credit accounts);
     * the budget as a meter, and spending by month and by merchant as charts ({@link Charts}).
     */
    public record AccountView(Header header, String name, String id, String status, String kindLabel, String limit, String reserved,
                              String charged, String remaining, String remainingLabel, String pinAmount, boolean canLower,
                              String currencySymbolHint, String notice, String error, String typedLimit, String csrf,
                              String pinLockedUntil, String pinError, Charts.Meter meter, Charts.BarChart byMonth,
                              Charts.BarChart byMerchant) implements Page {
    }

    /**
     * One period's bill, with spending by merchant over the period as a chart ({@link Charts}).
     * {@code from} and {@code to} are the form's values (ISO); {@code fromShown} and {@code toShown} the same days as the page's language writes them.
     */
    public record StatementView(Header header, String from, String to, String fromShown, String toShown, List<Line> lines, String charged,
                                String refunded, String voided, String net, String limit, String remaining, String error, String zone,
                                String issuerNumber, List<Tax> taxes, Charts.BarChart byMerchant) implements Page {
        /** {@code rate} is "10%" or empty for a line without tax (points); {@code merchantNumber} empty when not known. */
        public record Line(String at, String kind, String merchant, String merchantNumber, String title, String rate, String amount) {
        }

        /** One rate of the qualified invoice: the rate, the tax-inclusive total and the tax in it. */
        public record Tax(String rate, String inclusive, String tax) {
        }
    }

    /** The subscriber's terminals and remembered browsers, each with its revoke button. */
    public record TerminalsView(Header header, List<Row> terminals, String notice, String error, String csrf) implements Page {
        public record Row(String id, String name, String status, String enrolled, String lastUsed, boolean active,
                          boolean thisBrowser, String revokeAction) {
        }
    }

    /**
     * A page that can only say what went wrong.
     *
     * @param code the stable error code the sentence is about (docs/ERRORS.md), shown beside it; null when none
     */
    public record ErrorView(Header header, String heading, String sentence, String code, String backHref, String backLabel)
            implements Page {
    }
}
