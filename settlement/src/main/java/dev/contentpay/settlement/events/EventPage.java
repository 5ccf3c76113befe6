package dev.contentpay.settlement.events;

import java.util.List;

/**
 * A page of the feed: events after the cursor in commit order, and the cursor to ask for next
 * (the last event's sequence number, or the same cursor when there was nothing new).
 */
public record EventPage(List<Event> events, String next, boolean more) {
}
