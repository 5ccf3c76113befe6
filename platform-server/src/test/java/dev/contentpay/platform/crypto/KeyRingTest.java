package dev.contentpay.platform.crypto;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.contentpay.platform.time.HandClock;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyRingTest {

    static final Duration RETIRE_AFTER = Duration.ofMinutes(30);
    static final Instant START = Instant.parse("2026-12-01T00:00:00Z");

    @TempDir
    Path dir;
    final HandClock clock = new HandClock(START);

    KeyRing ring() {
        return KeyRing.loadOrCreate(dir.resolve("auth.jwk"), "issuer-1", dir.resolve("auth.public.jwks"), RETIRE_AFTER, clock);
    }

    String token(TokenSigner signer) {
        return signer.sign("approval+jwt", new JWTClaimsSet.Builder().issuer("issuer").audience("merchant")
                .issueTime(Date.from(clock.instant())).expirationTime(Date.from(clock.instant().plus(Duration.ofDays(1)))).build());
    }

    TokenVerifier verifierOf(Path publicFile) {
        return new TokenVerifier(new PublicKeyFile("issuer", publicFile, KeyFiles.readPublic(publicFile), clock), clock, Duration.ofSeconds(30));
    }

    @Test
    void aKeyFileFromBeforeRotationIsARingOfOneKey() throws Exception {
        var old = KeyFiles.loadOrCreate(dir.resolve("auth.jwk"), "issuer-1");
        var ring = ring();
        assertThat(ring.current().key()).isEqualTo(old);
        assertThat(ring.publicKeys().getKeys()).extracting(k -> k.getKeyID()).containsExactly("issuer-1");
        assertThat(KeyFiles.readPublic(dir.resolve("auth.public.jwks")).getKeys()).hasSize(1);
    }

    @Test
    void aRotationSignsWithTheNewKeyAndPublishesBothUntilTheOldRetires() throws Exception {
        var ring = ring();
        TokenSigner signer = ring.signer();
        String before = token(signer);
        var fresh = ring.rotate();
        assertThat(fresh.kid()).isEqualTo("issuer-2");
        assertThat(signer.keyId()).isEqualTo("issuer-2");
        String after = token(signer);
        Path publicFile = dir.resolve("auth.public.jwks");
        assertThat(KeyFiles.readPublic(publicFile).getKeys()).extracting(k -> k.getKeyID()).containsExactly("issuer-1", "issuer-2");
        // A verifier that knew only the first key takes the new one by reading the file again.
        var verifier = new TokenVerifier(new PublicKeyFile("issuer", publicFile,
                new JWKSet(KeyFiles.readPublic(publicFile).getKeyByKeyId("issuer-1")), clock), clock, Duration.ofSeconds(30));
        clock.advance(Duration.ofSeconds(5));
        assertThat(verifier.verify(before, "approval+jwt", "merchant").getIssuer()).isEqualTo("issuer");
        assertThat(verifier.verify(after, "approval+jwt", "merchant").getIssuer()).isEqualTo("issuer");

        clock.advance(RETIRE_AFTER);
        assertThatThrownBy(() -> verifier.verify(before, "approval+jwt", "merchant"))
                .isInstanceOfSatisfying(TokenException.class, e -> assertThat(e.reason()).isEqualTo(TokenException.Reason.UNKNOWN_KEY));
        assertThat(ring.publicKeys().getKeys()).extracting(k -> k.getKeyID()).containsExactly("issuer-2");
        assertThat(ring.retireDue()).isTrue();
        assertThat(KeyRing.read(dir.resolve("auth.jwk"))).extracting(KeyRing.Entry::kid).containsExactly("issuer-2");
        assertThat(KeyFiles.readPublic(publicFile).getKeys()).extracting(k -> k.getKeyID()).containsExactly("issuer-2");
        assertThat(verifierOf(publicFile).verify(after, "approval+jwt", "merchant").getIssuer()).isEqualTo("issuer");
    }

    @Test
    void aRestartReadsTheRingItLeftAndAStaleCopyStillRefusesARetiredKey() throws Exception {
        var ring = ring();
        String before = token(ring.signer());
        ring.rotate();
        Path stale = dir.resolve("copy.public.jwks");
        Files.copy(dir.resolve("auth.public.jwks"), stale);
        var again = ring();
        assertThat(again.current().kid()).isEqualTo("issuer-2");
        assertThat(again.entries()).extracting(KeyRing.Entry::kid).containsExactly("issuer-1", "issuer-2");
        assertThat(KeyFiles.loadOrCreate(dir.resolve("auth.jwk"), "ignored").getKeyID()).isEqualTo("issuer-2");
        clock.advance(RETIRE_AFTER.plusSeconds(1));
        assertThatThrownBy(() -> verifierOf(stale).verify(before, "approval+jwt", "merchant")).isInstanceOf(TokenException.class);
    }

    @Test
    void aChangedFileIsReadAtOnceAndAnUnchangedOneAtMostOnceInTheInterval() throws Exception {
        var ring = ring();
        Path publicFile = dir.resolve("auth.public.jwks");
        var verifier = verifierOf(publicFile);
        ring.rotate();
        assertThat(verifier.verify(token(ring.signer()), "approval+jwt", "merchant").getIssuer()).isEqualTo("issuer");

        // A file changed behind the reader's back with its time and size as they were: read only once the interval has passed.
        var modified = Files.getLastModifiedTime(publicFile);
        var stranger = KeyFiles.generate("issuer-3");
        var keys = new java.util.ArrayList<>(KeyFiles.readPublic(publicFile).getKeys());
        var json1 = new java.util.LinkedHashMap<>(keys.get(1).toJSONObject());
        json1.put("kid", "issuer-3");
        json1.put("x", stranger.getX().toString());
        keys.set(1, com.nimbusds.jose.jwk.JWK.parse(json1));
        long size = Files.size(publicFile);
        Files.writeString(publicFile, new JWKSet(keys).toString(true));
        assertThat(Files.size(publicFile)).isEqualTo(size);
        Files.setLastModifiedTime(publicFile, modified);
        String byStranger = token(new TokenSigner(stranger));
        assertThatThrownBy(() -> verifier.verify(byStranger, "approval+jwt", "merchant")).isInstanceOf(TokenException.class);
        clock.advance(PublicKeyFile.MIN_RELOAD_INTERVAL);
        assertThat(verifier.verify(byStranger, "approval+jwt", "merchant").getIssuer()).isEqualTo("issuer");
    }

    @Test
    void aRingWithoutACurrentKeyIsRefused() throws Exception {
        Files.writeString(dir.resolve("auth.jwk"), "{\"keys\":[]}");
        assertThatThrownBy(this::ring).isInstanceOf(IllegalStateException.class);
    }

    @Property(tries = 30)
    void everyRotationKeepsOneCurrentKeyAndPublishesExactlyTheKeysNotRetired(@ForAll @IntRange(min = 1, max = 8) int rotations,
                                                                             @ForAll @IntRange(min = 0, max = 40) int minutesBetween) throws Exception {
        Path d = Files.createTempDirectory("ring");
        var c = new HandClock(START);
        var ring = KeyRing.loadOrCreate(d.resolve("k.jwk"), "shop-1", d.resolve("k.public.jwks"), RETIRE_AFTER, c);
        var kids = new HashSet<String>();
        kids.add(ring.current().kid());
        for (int i = 0; i < rotations; i++) {
            c.advance(Duration.ofMinutes(minutesBetween));
            String fresh = ring.rotate().kid();
            assertThat(kids.add(fresh)).as("a new key id every time").isTrue();
            assertThat(ring.signer().keyId()).isEqualTo(fresh);
            var onFile = KeyRing.read(d.resolve("k.jwk"));
            assertThat(onFile.stream().filter(e -> e.retiresAt() == null)).hasSize(1);
            for (var e : onFile) {
                if (e.retiresAt() != null) assertThat(e.retiresAt()).isAfter(c.instant().minus(RETIRE_AFTER.plusSeconds(1)));
            }
            var published = KeyFiles.readPublic(d.resolve("k.public.jwks")).getKeys().stream().map(k -> k.getKeyID()).toList();
            assertThat(published).containsExactlyElementsOf(ring.entries().stream().map(KeyRing.Entry::kid).toList());
            assertThat(published).contains(fresh);
            assertThat(KeyFiles.readPublic(d.resolve("k.public.jwks")).getKeys()).allMatch(k -> !k.isPrivate());
        }
    }
}
