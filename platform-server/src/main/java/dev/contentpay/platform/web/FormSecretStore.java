package dev.contentpay.platform.web;

/**
 * Where a server keeps the key its form tokens are signed with ({@link FormTokens}): one key
 * shared by every instance on the same database, so each accepts the tokens of the others.
 */
public interface FormSecretStore {

    /** The key, made at random (256 bits) by the first instance to ask and the same for all after. */
    byte[] key();
}
