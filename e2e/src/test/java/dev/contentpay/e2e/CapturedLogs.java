package dev.contentpay.e2e;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Every log event of this JVM from the moment it is made until it is closed, with the root level
 * lowered to {@code level} meanwhile. Third-party loggers keep the levels logback-test.xml pins,
 * as in production.
 */
public final class CapturedLogs implements AutoCloseable {

    private final Logger root;
    private final Level before;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private CapturedLogs(Level level) {
        var context = (LoggerContext) LoggerFactory.getILoggerFactory();
        root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        before = root.getLevel();
        appender.setContext(context);
        appender.start();
        root.addAppender(appender);
        root.setLevel(level);
    }

    public static CapturedLogs at(Level level) {
        return new CapturedLogs(level);
    }

    /** The events captured so far. */
    public List<ILoggingEvent> events() {
        return List.copyOf(appender.list);
    }

    @Override
    public void close() {
        root.setLevel(before);
        root.detachAppender(appender);
    }
}
