package dev.contentpay.platform.crypto;

/** Why a token was refused. Callers map the reason onto their own error code. */
public class TokenException extends Exception {

    public enum Reason { MALFORMED, WRONG_ALGORITHM, WRONG_TYPE, UNKNOWN_KEY, BAD_SIGNATURE, EXPIRED, NOT_YET_VALID, WRONG_ISSUER, WRONG_AUDIENCE, WRONG_BINDING, WRONG_ENVIRONMENT }

    private final Reason reason;

    public TokenException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
