package dev.contentpay.platform.crypto;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Webhooks signed in the Standard Webhooks style with its asymmetric scheme: the headers
 * {@code webhook-id}, {@code webhook-timestamp} (seconds since the epoch) and
 * {@code webhook-signature}, which holds {@code v1a,<base64 Ed25519 signature>} over
 * {@code id.timestamp.body}; several signatures may be listed, separated by spaces (a key being
 * rotated). The receiver checks them against the sender's public JWK set and refuses a timestamp
 * more than {@link #TOLERANCE} from its own clock, either way.
 */
public final class WebhookSignatures {

    public static final String ID_HEADER = "webhook-id";
    public static final String TIMESTAMP_HEADER = "webhook-timestamp";
    public static final String SIGNATURE_HEADER = "webhook-signature";
    /** How far a webhook's timestamp may be from the receiver's clock, either way. */
    public static final Duration TOLERANCE = Duration.ofMinutes(5);
    private static final String SCHEME = "v1a,";

    private WebhookSignatures() {
    }

    /** The {@code webhook-signature} header's value for this id, timestamp (epoch seconds) and body. */
    public static String sign(JWK key, String id, long timestamp, byte[] body) {
        if (!(key instanceof OctetKeyPair okp) || !Ed25519Jws.isEd25519(okp) || !okp.isPrivate()) {
            throw new IllegalArgumentException("a webhook is signed with a private Ed25519 key, not " + key.getKeyID());
        }
        var privateKey = new Ed25519PrivateKeyParameters(okp.getDecodedD());
        byte[] content = signedContent(id, Long.toString(timestamp), body);
        byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
        privateKey.sign(Ed25519.Algorithm.Ed25519, privateKey.generatePublicKey(), null, content, 0, content.length, signature, 0);
        return SCHEME + Base64.getEncoder().encodeToString(signature);
    }

    /**
     * Checks a webhook as it came: a {@code webhook-id}, a timestamp within {@link #TOLERANCE} of
     * {@code now}, and among the listed signatures one of scheme {@code v1a} that verifies under
     * one of the Ed25519 keys of {@code keys}. The reason of a refusal is for the receiver's log.
     */
    public static void verify(JWKSet keys, String id, String timestamp, String signatures, byte[] body, Instant now) throws TokenException {
        if (id == null || id.isBlank() || id.length() > 128) throw new TokenException(TokenException.Reason.MALFORMED, "no webhook-id");
        if (timestamp == null || !timestamp.matches("[0-9]{1,12}")) {
            throw new TokenException(TokenException.Reason.MALFORMED, "no webhook-timestamp in seconds");
        }
        Instant at = Instant.ofEpochSecond(Long.parseLong(timestamp));
        if (at.isBefore(now.minus(TOLERANCE))) throw new TokenException(TokenException.Reason.EXPIRED, "webhook-timestamp " + at + " is too old");
        if (at.isAfter(now.plus(TOLERANCE))) throw new TokenException(TokenException.Reason.NOT_YET_VALID, "webhook-timestamp " + at + " is in the future");
        if (signatures == null || signatures.isBlank() || signatures.length() > 2048) {
            throw new TokenException(TokenException.Reason.MALFORMED, "no webhook-signature");
        }
        byte[] content = signedContent(id, timestamp, body);
        for (String listed : signatures.trim().split(" +")) {
            if (!listed.startsWith(SCHEME)) continue;
            byte[] signature;
            try {
                signature = Base64.getDecoder().decode(listed.substring(SCHEME.length()));
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (signature.length != Ed25519.SIGNATURE_SIZE) continue;
            for (JWK key : keys.getKeys()) {
                if (!(key instanceof OctetKeyPair okp) || !Ed25519Jws.isEd25519(okp)) continue;
                var publicKey = new Ed25519PublicKeyParameters(okp.getDecodedX());
                if (publicKey.verify(Ed25519.Algorithm.Ed25519, null, content, 0, content.length, signature, 0)) return;
            }
        }
        throw new TokenException(TokenException.Reason.BAD_SIGNATURE, "no v1a signature verifies under the sender's keys");
    }

    private static byte[] signedContent(String id, String timestamp, byte[] body) {
        byte[] head = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[head.length + body.length];
        System.arraycopy(head, 0, content, 0, head.length);
        System.arraycopy(body, 0, content, head.length, body.length);
        return content;
    }
}
