package dev.contentpay.settlement.events;

import java.util.List;

/**
 * A page of the feed: events after the cursor in commit order, the cursor to ask for next (the last
 * event's sequence number, or the same cursor when there was nothing new), and the newest signed
 * checkpoint among the page's events ({@link EventCheckpoints}; null when none falls on this page
 * yet: a later page's checkpoint vouches for these events too).
 */
public record EventPage(List<Event> events, String next, boolean more, String checkpoint) {
}
