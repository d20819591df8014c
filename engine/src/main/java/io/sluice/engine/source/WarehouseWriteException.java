package io.sluice.engine.source;

/** The warehouse did not take a flush; the source stops, and a restart resumes from the last commit. */
public final class WarehouseWriteException extends RuntimeException {

    WarehouseWriteException(String message, Throwable cause) {
        super(message, cause);
    }
}
