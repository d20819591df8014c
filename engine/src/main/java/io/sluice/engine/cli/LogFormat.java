package io.sluice.engine.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.LoggerFactory;

/** How log lines look on standard error: for people ({@code text}) or one JSON object per line for log shippers. */
enum LogFormat {
    TEXT, JSON;

    /** Switches the console appenders of the logging setup to this format; text is what logback.xml sets up. */
    void apply() {
        if (this == TEXT || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        var root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        for (var appenders = root.iteratorForAppenders(); appenders.hasNext(); ) {
            if (appenders.next() instanceof ConsoleAppender<ILoggingEvent> console) {
                console.stop();
                console.setEncoder(jsonEncoder(context));
                console.start();
            }
        }
    }

    private static JsonEncoder jsonEncoder(LoggerContext context) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        // One line per event with the essentials; no MDC or context properties, which add nothing here.
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithContext(false);
        encoder.setWithMDC(false);
        encoder.setWithKVPList(false);
        // The message as people read it ("formattedMessage"), not the pattern with its arguments apart.
        encoder.setWithMessage(false);
        encoder.setWithArguments(false);
        encoder.setWithFormattedMessage(true);
        encoder.start();
        return encoder;
    }
}
