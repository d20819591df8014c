package io.sluice.engine.events;

/** An event that does not fit its declared table; it goes to quarantine with this reason, never silently away. */
final class EventRejectedException extends RuntimeException {

    private final String field;

    EventRejectedException(String field, String reason) {
        super(reason, null, false, false);
        this.field = field;
    }

    /** The field at fault, or null when the event as a whole is. */
    String field() {
        return field;
    }

    /** The reason with the field named, e.g. {@code field 'amount': expected a number, got a string}. */
    String describe() {
        return field == null ? getMessage() : "field '" + field + "': " + getMessage();
    }
}
