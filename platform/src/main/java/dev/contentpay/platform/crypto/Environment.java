package dev.contentpay.platform.crypto;

import com.nimbusds.jwt.JWTClaimsSet;

import java.util.Locale;

/**
 * Whether a server moves real money ({@link #LIVE}) or runs the merchant sandbox ({@link #SANDBOX},
 * docs/MERCHANTS.md, "Sandbox"). Every token an issuer or shop signs carries its environment in the
 * claim {@value #CLAIM}, and every webhook in its body: a server takes only what is marked with its own
 * environment, so that sandbox and live never mix even were their keys the same. A token with no mark
 * was made before the mark existed, by a live server, and counts as live.
 */
public enum Environment {
    LIVE, SANDBOX;

    /** The claim (and webhook field) that carries the mark. */
    public static final String CLAIM = "env";

    /** The mark as it goes on the wire: {@code live} or {@code sandbox}. */
    public String mark() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The setting {@code sandbox} (what {@code --sandbox} on {@code contentpay serve} sets), read for {@code server}. */
    public static Environment read(dev.contentpay.platform.config.ConfigReader r, String what) {
        return of(r.bool("sandbox", false, "true: run as a sandbox " + what + " (docs/MERCHANTS.md, \"Sandbox\"): its database and keys are "
                + "marked sandbox at first start and never serve live, and everything it signs is marked sandbox; false: live"));
    }

    public static Environment of(boolean sandbox) {
        return sandbox ? SANDBOX : LIVE;
    }

    public boolean isSandbox() {
        return this == SANDBOX;
    }

    /** Whether a mark read from a token or event (null when it has none) is this environment's: one comparison, nothing else. */
    public boolean marks(Object mark) {
        return mark == null ? this == LIVE : mark().equals(mark);
    }

    /** {@code claims} with this environment's mark added. */
    public JWTClaimsSet mark(JWTClaimsSet claims) {
        return new JWTClaimsSet.Builder(claims).claim(CLAIM, mark()).build();
    }
}
