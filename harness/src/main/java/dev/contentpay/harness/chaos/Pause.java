package dev.contentpay.harness.chaos;

/** Sleeping without a checked exception: an interrupt ends the sleep and stays set for the caller to see. */
final class Pause {

    private Pause() {
    }

    static void millis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
