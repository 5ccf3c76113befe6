package dev.contentpay.protocol;

import java.util.List;

/**
 * What a buyer owns at one merchant, newest first: a receipt for each settled purchase that was not
 * refunded, with a fresh download link (the earlier link of each stops working) and the issuer's
 * signed transaction record. The merchant answers by the pseudonym alone and learns nothing more.
 */
public record RestoredPurchases(List<Receipt> purchases) {
}
