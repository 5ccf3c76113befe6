package dev.contentpay.client;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.Json;
import dev.contentpay.platform.http.Multipart;
import dev.contentpay.platform.http.ServiceClient;
import dev.contentpay.protocol.Receipt;

import java.io.IOException;
import java.util.List;

/**
 * The settlement server's answer to a presentation ({@code POST /v1/purchases}) asked with
 * {@link #ACCEPT}: the receipt, and the content when it came with it (docs/SETTLEMENT.md, section 6).
 *
 * @param content the second part of a {@code multipart/mixed} answer, null when the receipt came alone
 */
public record Presentation(Receipt receipt, Multipart.Part content) {

    /** What a presentation accepts to get the content with the receipt, and the receipt alone otherwise. */
    public static final String ACCEPT = Multipart.MEDIA_TYPE + ", application/json;q=0.9";

    /**
     * Reads a successful answer, JSON or {@code multipart/mixed}. An answer that cannot be read (a
     * cut one, say) is {@code settlement_unavailable}: the settlement it tells of is kept, so the
     * same request with the same key is to be made again.
     */
    public static Presentation read(ServiceClient.Response answer) {
        try {
            String boundary = Multipart.boundaryOf(answer.header("Content-Type"));
            if (boundary == null) return new Presentation(Json.readAnswer(answer.body(), Receipt.class), null);
            List<Multipart.Part> parts = Multipart.read(answer.body(), boundary);
            return new Presentation(Json.readAnswer(parts.getFirst().body(), Receipt.class), parts.size() > 1 ? parts.get(1) : null);
        } catch (IOException | Multipart.Malformed e) {
            throw new ContentpayException(ErrorCode.SETTLEMENT_UNAVAILABLE, "The settlement server's answer could not be read.", e);
        }
    }

    /** Whether the content that came has the receipt's size and SHA-256; false when none came. */
    public boolean contentMatches() {
        return content != null && content.length() == receipt.size() && content.sha256Hex().equals(receipt.contentSha256());
    }
}
