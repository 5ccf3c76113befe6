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
