package dev.contentpay.auth.subscriber;

import dev.contentpay.platform.crypto.PasswordHasher;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;

/**
 * The authentication means 42 ([0061]): checks identification information against the
 * registration. An unknown id costs the same hash as a wrong password and gets the same answer,
 * so neither the answer nor its timing reveals which ids exist. Only a subscriber who proved their
 * password learns that their account is suspended.
 */
public final class Authenticator {

    private final SubscriberStore subscribers;
    private final PasswordHasher hasher;

    public Authenticator(SubscriberStore subscribers, PasswordHasher hasher) {
        this.subscribers = subscribers;
        this.hasher = hasher;
    }

    public Subscriber authenticate(String subscriberId, String password) {
        char[] secret = password.toCharArray();
        try {
            var found = subscribers.find(subscriberId);
            if (found.isEmpty()) {
                hasher.verifyAgainstDummy(secret);
                throw new ContentpayException(ErrorCode.BAD_CREDENTIALS);
            }
            Subscriber subscriber = found.get();
            if (!hasher.verify(secret, subscriber.passwordHash())) throw new ContentpayException(ErrorCode.BAD_CREDENTIALS);
            if (!subscriber.isActive()) throw new ContentpayException(ErrorCode.SUBSCRIBER_SUSPENDED);
            return subscriber;
        } finally {
            java.util.Arrays.fill(secret, '\0');
        }
    }
}
