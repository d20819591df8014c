package io.sluice.engine.cli;

/** The process exit codes, as documented in {@code sluice --help}. */
final class ExitCodes {

    static final int OK = 0;
    /** The pipeline failed at run time, a check failed, a source to scan cannot be reached, or the demo's warehouse
     * differs from its source. */
    static final int FAILED = 1;
    /** Bad command-line usage or an invalid pipeline file (picocli also uses 2 for usage errors). */
    static final int INVALID = 2;

    private ExitCodes() {
    }
}
