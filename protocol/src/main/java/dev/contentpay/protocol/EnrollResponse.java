package dev.contentpay.protocol;

import java.time.Instant;

/**
 * An enrolled terminal and its secret (32 bytes, base64url without padding). The secret is shown
 * here once: auth does not store it (it derives it again when it checks a proof), and no other
 * answer ever contains it.
 */
public record EnrollResponse(String terminalId, String secret, String subscriberId, String name, Instant enrolledAt) {

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "EnrollResponse[terminalId=" + terminalId + ", secret=***, subscriberId=" + subscriberId + ", name=" + name + "]";
    }
}
