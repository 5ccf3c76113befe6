package dev.contentpay.protocol.admin;

import java.util.List;

/**
 * The faults a sandbox issuer injects for one merchant (docs/MERCHANTS.md, "Sandbox"): the
 * {@code faults} by name ({@code delay-webhooks}, {@code duplicate-webhooks}, {@code reorder-webhooks},
 * {@code drop-webhooks}, {@code delay-notices}, {@code drop-notices}), and how long a delay lasts.
 * Sent to set them (without {@code merchantId}, and {@code delaySeconds} optional), answered as they stand.
 */
public record SandboxFaultSetting(String merchantId, List<String> faults, Integer delaySeconds) {
}
