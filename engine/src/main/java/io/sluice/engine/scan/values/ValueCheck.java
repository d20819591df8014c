package io.sluice.engine.scan.values;

/** Checks one sampled value, given as text with surrounding white space removed. */
@FunctionalInterface
public interface ValueCheck {

    Verdict check(String value);
}
