package dev.contentpay.benchmarks;

import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;

/**
 * The raw cost of each way a purchase's messages can be bound to their sender, over a message the
 * size of a seal's or an allowance's signing input (about 400 bytes): ES256 (what every token used
 * today), Ed25519 (the JDK's own EdDSA, and Bouncy Castle's), and HMAC-SHA256 (a MAC under a key two parties share, as
 * inside the mutually authenticated line). Each per operation on one thread; the choice of which
 * messages keep a signature is in docs/DECISIONS.md.
 */
@State(Scope.Benchmark)
public class SignatureBenchmark {

    private final byte[] message = ("{\"iss\":\"sakura\",\"aud\":\"auth\",\"iat\":1796487317,\"exp\":1796487617,"
            + "\"jti\":\"0f5c2c1d9a8b4e7f0f5c2c1d9a8b4e7f\",\"merchant\":\"sakura\",\"order\":\"ord_4b9d0c2e7a1f\","
            + "\"item\":\"wallpaper\",\"price\":{\"amount\":300,\"currency\":\"JPY\"},\"settleAt\":"
            + "\"https://127.0.0.1:8082/v1/settlements\",\"nonce\":\"d2a0c8a5e3b14f6e9d7c\",\"hash\":"
            + "\"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\"}").getBytes(StandardCharsets.UTF_8);

    private KeyPair ec;
    private KeyPair ed;
    private byte[] ecSignature;
    private byte[] edSignature;
    private Mac mac;
    private AsymmetricCipherKeyPair bcEd;
    private byte[] bcEdSignature;

    @Setup
    public void setUp() throws GeneralSecurityException {
        var ecGenerator = KeyPairGenerator.getInstance("EC");
        ecGenerator.initialize(new ECGenParameterSpec("secp256r1"));
        ec = ecGenerator.generateKeyPair();
        ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        ecSignature = es256Sign();
        edSignature = ed25519Sign();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        var bcGenerator = new Ed25519KeyPairGenerator();
        bcGenerator.init(new Ed25519KeyGenerationParameters(new SecureRandom()));
        bcEd = bcGenerator.generateKeyPair();
        bcEdSignature = ed25519SignBouncyCastle();
    }

    @Benchmark
    public byte[] ed25519SignBouncyCastle() {
        var s = new Ed25519Signer();
        s.init(true, bcEd.getPrivate());
        s.update(message, 0, message.length);
        return s.generateSignature();
    }

    @Benchmark
    public boolean ed25519VerifyBouncyCastle() {
        var s = new Ed25519Signer();
        s.init(false, bcEd.getPublic());
        s.update(message, 0, message.length);
        return s.verifySignature(bcEdSignature);
    }

    @Benchmark
    public byte[] es256Sign() throws GeneralSecurityException {
        var s = Signature.getInstance("SHA256withECDSAinP1363Format");
        s.initSign(ec.getPrivate());
        s.update(message);
        return s.sign();
    }

    @Benchmark
    public boolean es256Verify() throws GeneralSecurityException {
        var s = Signature.getInstance("SHA256withECDSAinP1363Format");
        s.initVerify(ec.getPublic());
        s.update(message);
        return s.verify(ecSignature);
    }

    @Benchmark
    public byte[] ed25519Sign() throws GeneralSecurityException {
        var s = Signature.getInstance("Ed25519");
        s.initSign(ed.getPrivate());
        s.update(message);
        return s.sign();
    }

    @Benchmark
    public boolean ed25519Verify() throws GeneralSecurityException {
        var s = Signature.getInstance("Ed25519");
        s.initVerify(ed.getPublic());
        s.update(message);
        return s.verify(edSignature);
    }

    @Benchmark
    public byte[] hmacSha256() {
        return mac.doFinal(message);
    }
}
