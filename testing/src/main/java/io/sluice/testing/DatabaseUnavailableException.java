package io.sluice.testing;

/**
 * A test database server could not be had. The message names what failed and what is needed, so a
 * test run fails with a reason instead of being skipped.
 */
public final class DatabaseUnavailableException extends RuntimeException {

    DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
