package io.sluice.connector.writer;

/** A source schema change that {@code schema-changes: strict} does not allow; its rows go to quarantine. */
public final class SchemaChangeRefusedException extends IllegalArgumentException {

    SchemaChangeRefusedException(String message) {
        super(message);
    }
}
