package io.sluice.config;

/** Turns the text of one scalar into a typed value. */
@FunctionalInterface
interface ScalarParser<T> {

    /**
     * @throws IllegalArgumentException whose message says what was expected ("expected an integer
     *         1..65535"), without repeating the input: the caller adds it only when it is not secret.
     *         A {@link ValueException} can add a fix.
     */
    T parse(String text);
}
