package dev.contentpay.auth.pages;

import dev.contentpay.platform.web.PageLanguage;

import java.util.Map;

/**
 * The fixed sentences a redirect may ask a page to show ({@code ?done=limit}), each a key of the
 * pages' words. A page never repeats text from its own address, so no link can make auth's pages
 * say something auth did not write.
 */
record Notices(Map<String, String> keys) {

    /** The sentence for {@code word} in the page's language, or null for none or an unknown one. */
    String of(String word, PageLanguage msg) {
        String key = word == null ? null : keys.get(word);
        return key == null ? null : msg.get(key);
    }
}
