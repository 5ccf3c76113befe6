package dev.contentpay.auth.pages;

import java.util.Map;

/**
 * The fixed sentences a redirect may ask a page to show ({@code ?done=limit}). A page never repeats
 * text from its own address, so no link can make auth's pages say something auth did not write.
 */
record Notices(Map<String, String> sentences) {

    /** The sentence for {@code word}, or null for none or an unknown one. */
    String of(String word) {
        return word == null ? null : sentences.get(word);
    }
}
