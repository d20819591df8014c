package io.sluice.engine.scan;

/**
 * What a column holds, by the scan's best judgement.
 *
 * @param kind       the kind of personal data
 * @param confidence how sure
 * @param byName     whether the column's name points to the kind
 * @param matching   sampled values that passed the kind's value check (0 when values were not checked)
 * @param sampled    sampled values that were not null or blank
 * @param example    a value of the column, masked for display; null when the sample held none
 */
record Classification(Kind kind, Confidence confidence, boolean byName, int matching, int sampled, String example) {
}
