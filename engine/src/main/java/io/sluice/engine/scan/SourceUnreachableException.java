package io.sluice.engine.scan;

/** A source of the pipeline refused or never answered the scan's connection; the message names it. */
public final class SourceUnreachableException extends Exception {

    SourceUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
