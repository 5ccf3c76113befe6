package dev.contentpay.protocol.admin;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.id.Ids;

import java.net.URI;
import java.text.ParseException;
import java.util.Map;

/**
 * An operator's registration of a merchant, or a change to one already registered (new keys, a new
 * settlement server): its shop's public keys ({@code sealKeys}, which alone seal its purchasing
 * information), its settlement server's ({@code assertionKeys}, which alone sign its calls on the
 * dedicated line), each a JWK set of Ed25519 or P-256 keys with key ids, where its buyers settle and
 * the name on its settlement server's client certificate (its id when absent), and its qualified
 * invoice registration number ({@code T} and 13 digits, stated beside its lines on its buyers'
 * monthly statements; none when absent: a registration replaces the one before whole, so a change
 * that leaves it out removes it). Private key material
 * is refused: the issuer must never hold a merchant's secret, and a request that carries one has
 * already shown it to whoever saw the request.
 */
public record RegisterMerchantRequest(String id, String name, Map<String, Object> sealKeys, Map<String, Object> assertionKeys,
                                      String settlementUrl, String certificateName, String invoiceRegistrationNumber) {

    /** A subject CN or subject alternative name as certificates carry them: a host name, an id, a plain name. */
    private static final java.util.regex.Pattern CERTIFICATE_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._@:-]{0,199}");

    public RegisterMerchantRequest {
        if (!Ids.isWellFormed(id) || id.length() > 64) throw ContentpayException.invalid("id", "must be 1 to 64 letters, digits, '.', '_' or '-'");
        if (name == null || name.isBlank() || name.length() > 200) throw ContentpayException.invalid("name", "must be 1 to 200 characters");
        keySet("sealKeys", sealKeys);
        keySet("assertionKeys", assertionKeys);
        settlementUri(settlementUrl);
        if (certificateName != null && !CERTIFICATE_NAME.matcher(certificateName).matches()) {
            throw ContentpayException.invalid("certificateName", "must be 1 to 200 letters, digits, spaces, '.', '_', '@', ':' or '-' when given");
        }
        if (invoiceRegistrationNumber != null && !dev.contentpay.platform.money.ConsumptionTax.isRegistrationNumber(invoiceRegistrationNumber)) {
            throw ContentpayException.invalid("invoiceRegistrationNumber", "must be T and 13 digits, such as T1234567890123, when given");
        }
    }

    /** The shop's keys as a JWK set. */
    public JWKSet sealKeySet() {
        return keySet("sealKeys", sealKeys);
    }

    /** The settlement server's keys as a JWK set. */
    public JWKSet assertionKeySet() {
        return keySet("assertionKeys", assertionKeys);
    }

    public URI settlementUri() {
        return settlementUri(settlementUrl);
    }

    private static URI settlementUri(String url) {
        try {
            URI uri = url == null ? null : new URI(url);
            if (uri != null && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getRawQuery() == null && uri.getRawFragment() == null && url.length() <= 2000) {
                return uri;
            }
        } catch (java.net.URISyntaxException e) {
            // said below
        }
        throw ContentpayException.invalid("settlementUrl", "must be an http or https URL without query or fragment");
    }

    private static JWKSet keySet(String field, Map<String, Object> json) {
        if (json == null) throw ContentpayException.invalid(field, "must be a JWK set: {\"keys\": [...]}");
        JWKSet set;
        try {
            set = JWKSet.parse(dev.contentpay.platform.http.Json.writeString(json));
        } catch (ParseException | RuntimeException e) {
            throw ContentpayException.invalid(field, "must be a JWK set: {\"keys\": [...]}");
        }
        if (set.getKeys().isEmpty() || set.getKeys().size() > 10) throw ContentpayException.invalid(field, "must hold 1 to 10 keys");
        for (JWK key : set.getKeys()) {
            if (key.isPrivate()) throw ContentpayException.invalid(field, "must hold public keys only: a private key was sent; make a new key pair, as this one is no longer secret");
            boolean ed25519 = key instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve());
            boolean p256 = key instanceof ECKey ec && Curve.P_256.equals(ec.getCurve());
            if (!ed25519 && !p256) throw ContentpayException.invalid(field, "must hold Ed25519 or P-256 keys only");
            if (!Ids.isWellFormed(key.getKeyID())) {
                throw ContentpayException.invalid(field, "must give every key a key id (kid) of letters, digits, '.', '_' or '-'");
            }
        }
        return set;
    }

    @Override
    public String toString() {
        return "RegisterMerchantRequest[" + id + ", " + settlementUrl + "]";
    }
}
