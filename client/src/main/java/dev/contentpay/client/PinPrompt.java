package dev.contentpay.client;

/**
 * Asked for the subscriber's PIN when the issuer answers {@code pin_required}: above the amount
 * the subscriber chose, and when they raise or remove that amount. Returns the PIN (the caller
 * wipes the array after use), or null to give up, which leaves the request refused.
 */
@FunctionalInterface
public interface PinPrompt {

    /** Never has a PIN to give. */
    PinPrompt NONE = purpose -> null;

    /** {@code purpose} says what the PIN is for, to show the person, for example "the purchase of Video for 1,200 JPY". */
    char[] pin(String purpose);

    /** Always gives this PIN (a copy each time). */
    static PinPrompt of(char[] pin) {
        char[] copy = pin.clone();
        return purpose -> copy.clone();
    }
}
