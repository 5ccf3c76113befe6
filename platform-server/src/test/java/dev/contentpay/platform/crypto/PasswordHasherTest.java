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

    /**
     * The hashing threads keep their memory blocks from one hash to the next; the hashes must be
     * exactly what a fresh generator computes, whatever ran on those blocks before (here: hashes
     * at this cost and at a larger one, whose extra blocks the pool does not keep).
     */
    @Test
    void reusedMemoryGivesTheSameHashesAsFreshMemory() {
        var b64 = java.util.Base64.getEncoder().withoutPadding();
        for (int i = 0; i < 6; i++) {
            byte[] salt = ("salt-number-" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            var params = new org.bouncycastle.crypto.params.Argon2Parameters.Builder(org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_id)
                    .withVersion(org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_VERSION_13).withSalt(salt)
                    .withMemoryAsKB(i % 2 == 0 ? 1024 : 2048).withIterations(1).withParallelism(1).build();
            var fresh = new org.bouncycastle.crypto.generators.Argon2BytesGenerator();
            fresh.init(params);
            byte[] out = new byte[32];
            fresh.generateBytes(("secret " + i).getBytes(java.nio.charset.StandardCharsets.UTF_8), out);
            String stored = "$argon2id$v=19$m=" + params.getMemory() + ",t=1,p=1$" + b64.encodeToString(salt) + "$" + b64.encodeToString(out);
            hasher.hash(("something else " + i).toCharArray());
            assertThat(hasher.verify(("secret " + i).toCharArray(), stored)).as("hash %d", i).isTrue();
        }
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
    void aFullHashQueueRefusesAtOnceWithARetryableBusyCode() throws Exception {
        var slow = new PasswordHasher(new PasswordHasher.Cost(8192, 4, 1), 2);
        String stored = slow.hash("right".toCharArray());
        var go = new java.util.concurrent.CountDownLatch(1);
        var busy = new java.util.concurrent.atomic.AtomicInteger();
        var checked = new java.util.concurrent.atomic.AtomicInteger();
        var threads = new java.util.ArrayList<Thread>();
        for (int i = 0; i < 24; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    go.await();
                    slow.verify("wrong".toCharArray(), stored);
                    checked.incrementAndGet();
                } catch (dev.contentpay.platform.error.ContentpayException e) {
                    assertThat(e.code()).isEqualTo(dev.contentpay.platform.error.ErrorCode.SERVER_BUSY);
                    assertThat(e.code().retryable()).isTrue();
                    busy.incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        go.countDown();
        for (Thread t : threads) t.join();

        assertThat(busy.get()).as("refused at once").isPositive();
        assertThat(checked.get()).as("checked: the ones running and the two waiting, at least").isGreaterThanOrEqualTo(2);
        assertThat(busy.get() + checked.get()).isEqualTo(24);
    }

    @Test
    void aMalformedStoredHashNeverVerifies() {
        assertThat(hasher.verify("x".toCharArray(), "$2a$10$notargon")).isFalse();
    }
}
