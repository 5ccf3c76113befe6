package dev.contentpay.auth.approval;

import java.util.List;

/**
 * Where the sandbox issuer's faults act on payment notices (docs/MERCHANTS.md, "Sandbox"): called
 * once notices are applied and before their answer goes, it may hold the answer or lose it. A live
 * issuer has {@link #NONE}.
 */
public interface NoticeFaults {

    NoticeFaults NONE = (merchantId, allowanceIds) -> { };

    /** The notices of these allowances were applied for {@code merchantId}; their answer is about to go. */
    void answering(String merchantId, List<String> allowanceIds);
}
