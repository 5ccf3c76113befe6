package dev.contentpay.app.doctor;

import java.util.ArrayList;
import java.util.List;

/** What the doctor found: one plain sentence per check, each passed, a warning, or a failure. */
final class Diagnosis {

    enum Level { OK, WARN, FAIL }

    record Finding(Level level, String server, String sentence) {
    }

    private final List<Finding> findings = new ArrayList<>();

    void ok(String server, String sentence) {
        findings.add(new Finding(Level.OK, server, sentence));
    }

    void warn(String server, String sentence) {
        findings.add(new Finding(Level.WARN, server, sentence));
    }

    void fail(String server, String sentence) {
        findings.add(new Finding(Level.FAIL, server, sentence));
    }

    List<Finding> findings() {
        return List.copyOf(findings);
    }

    boolean healthy() {
        return findings.stream().noneMatch(f -> f.level() == Level.FAIL);
    }
}
