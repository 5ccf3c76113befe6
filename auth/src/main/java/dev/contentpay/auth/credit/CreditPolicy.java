package dev.contentpay.auth.credit;

import dev.contentpay.auth.AuthConfig;
import dev.contentpay.auth.subscriber.Subscriber;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.protocol.CreditReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * The written credit policy ([0063], [0091]). Credit is extended only to CREDIT subscribers; a
 * prepaid balance is the subscriber's own money and needs no bureau. The rules, in order:
 * <ol>
 *   <li>any delinquency on record refuses;</li>
 *   <li>a score below {@value #MIN_SCORE} refuses;</li>
 *   <li>outstanding debt above {@value #MAX_DEBT_TIMES_LIMIT} times the monthly limit refuses;</li>
 *   <li>a thin history (no record, or under {@value #THIN_HISTORY_MONTHS} months) caps the
 *       monthly limit at {@value #THIN_HISTORY_CAP} minor units.</li>
 * </ol>
 * When the bureau cannot be asked, {@code bureau.fallback} decides: refuse, or go on with auth's
 * own data alone (the limit still applies).
 */
public final class CreditPolicy {

    static final int MIN_SCORE = 500;
    static final int MAX_DEBT_TIMES_LIMIT = 10;
    static final int THIN_HISTORY_MONTHS = 6;
    static final long THIN_HISTORY_CAP = 3_000;

    private static final Logger LOG = LoggerFactory.getLogger(CreditPolicy.class);

    private final BureauClient bureau;
    private final AuthConfig.BureauFallback fallback;

    public CreditPolicy(BureauClient bureau, AuthConfig.BureauFallback fallback) {
        this.bureau = bureau;
        this.fallback = fallback;
    }

    /**
     * The sandbox's policy (docs/MERCHANTS.md, "Sandbox"): test subscribers buy without money, so no
     * bureau is asked about them and a credit subscriber's own limit is the cap.
     */
    public static CreditPolicy withoutBureau() {
        return new CreditPolicy(null, AuthConfig.BureauFallback.OWN_DATA);
    }

    /** Refuses, or returns the monthly cap the policy allows this subscriber. */
    public long allowedMonthlyCap(Subscriber subscriber) {
        if (subscriber.limitKind() != Subscriber.LimitKind.CREDIT) return Long.MAX_VALUE;
        return allowedMonthlyCap(subscriber, subscriber.creditLimit());
    }

    /**
     * Refuses, or returns the monthly cap the policy would allow this credit subscriber with a
     * monthly limit of {@code creditLimit} (never more than that limit): what a limit being set
     * is held to, before the subscriber's row says it.
     */
    public long allowedMonthlyCap(Subscriber subscriber, long creditLimit) {
        if (bureau == null) return creditLimit;
        Optional<CreditReport> report;
        try {
            report = subscriber.bureauReference() == null ? Optional.empty() : bureau.report(subscriber.bureauReference());
        } catch (ContentpayException e) {
            if (fallback == AuthConfig.BureauFallback.REFUSE) throw e;
            LOG.warn("bureau unavailable; deciding for subscriber {} on own data alone", subscriber.id());
            return creditLimit;
        }
        return decide(creditLimit, report);
    }

    static long decide(long creditLimit, Optional<CreditReport> report) {
        if (report.isEmpty()) return Math.min(creditLimit, THIN_HISTORY_CAP);
        CreditReport r = report.get();
        if (r.delinquencies() > 0) throw new ContentpayException(ErrorCode.CREDIT_REFUSED, "The issuer declined credit: the credit bureau reports a missed payment.");
        if (r.score() < MIN_SCORE) throw new ContentpayException(ErrorCode.CREDIT_REFUSED, "The issuer declined credit: the credit score is too low.");
        if (r.outstandingDebt().amount() > creditLimit * MAX_DEBT_TIMES_LIMIT) {
            throw new ContentpayException(ErrorCode.CREDIT_REFUSED, "The issuer declined credit: outstanding debt is too high.");
        }
        return r.monthsOfHistory() < THIN_HISTORY_MONTHS ? Math.min(creditLimit, THIN_HISTORY_CAP) : creditLimit;
    }
}
