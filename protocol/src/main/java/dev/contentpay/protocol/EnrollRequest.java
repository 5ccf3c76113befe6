package dev.contentpay.protocol;

import dev.contentpay.platform.error.ContentpayException;

/**
 * Enrolls a terminal ({@code POST /v1/terminals}): the subscriber proves who they are once with id
 * and password, and the terminal receives its own secret for every later request.
 * {@code name} helps the subscriber tell their terminals apart ("Alice's phone"); it may be null.
 */
public record EnrollRequest(String subscriberId, String password, String name) {

    public static final int MAX_NAME_LENGTH = 100;

    public EnrollRequest {
        if (subscriberId == null || subscriberId.isEmpty() || subscriberId.length() > 64) {
            throw ContentpayException.invalid("subscriberId", "must be 1 to 64 characters");
        }
        if (password == null || password.isEmpty() || password.length() > 256) {
            throw ContentpayException.invalid("password", "must be 1 to 256 characters");
        }
        if (name != null && (name.isBlank() || name.length() > MAX_NAME_LENGTH || name.chars().anyMatch(Character::isISOControl))) {
            throw ContentpayException.invalid("name", "must be 1 to " + MAX_NAME_LENGTH + " printable characters");
        }
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "EnrollRequest[subscriberId=" + subscriberId + ", password=***, name=" + name + "]";
    }
}
