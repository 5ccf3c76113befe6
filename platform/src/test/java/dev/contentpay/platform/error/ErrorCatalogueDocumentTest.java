package dev.contentpay.platform.error;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorCatalogueDocumentTest {

    @Test
    void docsErrorsListsEveryCodeWithItsStatusRetryabilityAndSentence() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "ERRORS.md"));
        for (ErrorCode code : ErrorCode.values()) {
            String row = "| `" + code.code() + "` | " + code.status() + " | " + (code.retryable() ? "yes" : "no") + " | " + code.title() + " |";
            assertThat(doc).as("docs/ERRORS.md row for %s", code).contains(row);
        }
        assertThat(doc.lines().filter(l -> l.startsWith("| `")).count()).isEqualTo(ErrorCode.values().length);
    }

    @Test
    void aProblemNeverCarriesAClassNameOrStackTrace() {
        var problem = new ContentpayException(ErrorCode.INTERNAL_ERROR).toProblem();
        assertThat(problem.detail()).doesNotContain("Exception", "at dev.");
        assertThat(problem.code()).isEqualTo("internal_error");
        assertThat(problem.retryable()).isTrue();
    }
}
