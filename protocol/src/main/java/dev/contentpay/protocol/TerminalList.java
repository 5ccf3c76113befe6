package dev.contentpay.protocol;

import java.util.List;

/** A subscriber's terminals, newest first ({@code GET /v1/terminals}). */
public record TerminalList(String subscriberId, List<TerminalInfo> terminals) {
}
