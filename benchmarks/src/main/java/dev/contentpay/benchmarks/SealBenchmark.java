package dev.contentpay.benchmarks;

import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.JWKSet;
import dev.contentpay.platform.crypto.KeyFiles;
import dev.contentpay.platform.crypto.TokenException;
import dev.contentpay.platform.crypto.TokenSigner;
import dev.contentpay.platform.crypto.TokenVerifier;
import dev.contentpay.protocol.PurchasingInfoSeal;
import dev.contentpay.protocol.PurchasingInformation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.time.Clock;
import java.time.Duration;

/**
 * Sealing purchasing information (the shop, step 2) and checking the seal (auth at step 4, and
 * settlement at step 6): one Ed25519 signature and one verification, with the JWT around them.
 */
@State(Scope.Benchmark)
public class SealBenchmark {

    private TokenSigner shop;
    private TokenVerifier verifier;
    private PurchasingInformation info;
    private String sealed;

    @Setup
    public void setUp() {
        OctetKeyPair key = KeyFiles.generate(Fixtures.MERCHANT + "-shop-1");
        shop = new TokenSigner(key);
        var keys = new JWKSet(key.toPublicJWK());
        verifier = new TokenVerifier(issuer -> Fixtures.MERCHANT.equals(issuer) ? keys : null, Clock.systemUTC(), Duration.ofSeconds(30));
        info = Fixtures.wallpaper(Clock.systemUTC().instant());
        sealed = PurchasingInfoSeal.seal(shop, info);
    }

    @Benchmark
    public String seal() {
        return PurchasingInfoSeal.seal(shop, info);
    }

    @Benchmark
    public PurchasingInformation check() throws TokenException {
        return PurchasingInfoSeal.open(verifier, sealed);
    }
}
