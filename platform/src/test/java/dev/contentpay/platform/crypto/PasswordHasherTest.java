package dev.contentpay.platform.crypto;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordHasherTest {

    final PasswordHasher hasher = new PasswordHasher(new PasswordHasher.Cost(1024, 1, 1));

    @Test
    void aPasswordVerifiesAgainstItsOwnHashOnly() {
        String hash = hasher.hash("alice-demo-pass".toCharArray());
        assertThat(hash).startsWith("$argon2id$v=19$m=1024,t=1,p=1$").doesNotContain("alice-demo-pass");
        assertThat(hasher.verify("alice-demo-pass".toCharArray(), hash)).isTrue();
        assertThat(hasher.verify("alice-demo-pasS".toCharArray(), hash)).isFalse();
    }

    @Test
    void theSamePasswordHashesDifferentlyEachTime() {
        assertThat(hasher.hash("x".toCharArray())).isNotEqualTo(hasher.hash("x".toCharArray()));
    }

    @Test
    void aHashMadeAtAnotherCostStillVerifies() {
        String old = new PasswordHasher(new PasswordHasher.Cost(2048, 2, 1)).hash("pin".toCharArray());
        assertThat(hasher.verify("pin".toCharArray(), old)).isTrue();
    }

    @Test
    void aMalformedStoredHashNeverVerifies() {
        assertThat(hasher.verify("x".toCharArray(), "$2a$10$notargon")).isFalse();
    }
}
