package io.sluice.config;

/** The database a source captures from; written in the pipeline file in lower case. */
public enum SourceType {
    POSTGRES(5432),
    MARIADB(3306),
    MYSQL(3306);

    private final int defaultPort;

    SourceType(int defaultPort) {
        this.defaultPort = defaultPort;
    }

    /** The port used when the source leaves {@code port} out. */
    public int defaultPort() {
        return defaultPort;
    }
}
