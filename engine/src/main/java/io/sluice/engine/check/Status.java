package io.sluice.engine.check;

/** How one check came out, from good to bad: the worst of several is the largest. */
public enum Status {
    /** The source or warehouse is fit for Sluice in this respect. */
    PASS,
    /** Sluice will run, but something will bite later (disk, lost values, no headroom); the fix says how to avoid it. */
    WARN,
    /** Sluice will not run, or will break something, until the fix is applied. */
    FAIL
}
