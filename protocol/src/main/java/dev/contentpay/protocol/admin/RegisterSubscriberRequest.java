package dev.contentpay.protocol.admin;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.id.Ids;
import dev.contentpay.platform.money.Money;

/**
 * An operator's registration of a subscriber. {@code limit} is the monthly credit limit (CREDIT),
 * the opening balance (PREPAID) or the opening points (POINTS); {@code pinThreshold}, if given, is
 * the amount above which the PIN is asked again.
 */
public record RegisterSubscriberRequest(String id, String displayName, String password, String pin, String limitKind,
                                        Money limit, String bureauReference, Money pinThreshold) {
    public RegisterSubscriberRequest {
        if (!Ids.isWellFormed(id) || id.length() > 64) throw ContentpayException.invalid("id", "must be 1 to 64 letters, digits, '.', '_' or '-'");
        if (displayName == null || displayName.isBlank() || displayName.length() > 200) throw ContentpayException.invalid("displayName", "must be 1 to 200 characters");
        if (password == null || password.length() < 8 || password.length() > 256) throw ContentpayException.invalid("password", "must be 8 to 256 characters");
        if (pin != null && !pin.matches("[0-9]{4,12}")) throw ContentpayException.invalid("pin", "must be 4 to 12 digits");
        if (limitKind == null || !limitKind.matches("credit|prepaid|points")) throw ContentpayException.invalid("limitKind", "must be credit, prepaid or points");
        if (limit == null || limit.amount() < 0) throw ContentpayException.invalid("limit", "must be zero or more");
        if (bureauReference != null && (!Ids.isWellFormed(bureauReference) || bureauReference.length() > 64)) {
            throw ContentpayException.invalid("bureauReference", "must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        if (pinThreshold != null && (pinThreshold.amount() < 0 || !pinThreshold.currency().equals(limit.currency()))) {
            throw ContentpayException.invalid("pinThreshold", "must be zero or more, in the limit's currency");
        }
        if (pinThreshold != null && pin == null) throw ContentpayException.invalid("pin", "is required when a PIN amount is set");
    }

    @Override
    public String toString() {
        return "RegisterSubscriberRequest[" + id + ", " + limitKind + " " + limit + "]";
    }
}
