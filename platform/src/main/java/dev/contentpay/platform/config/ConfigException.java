package dev.contentpay.platform.config;

import java.util.List;

/** A configuration that cannot start a server; lists every problem found, each a plain sentence. */
public class ConfigException extends RuntimeException {

    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super("invalid configuration:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
