package io.sluice.testing;

import java.util.function.Supplier;

/**
 * The one entry point tests use to get real database servers. Each server starts on first use and
 * is shared by every test class in the JVM (JUnit runs them in parallel); tests isolate themselves by
 * creating their own database:
 *
 * <pre>{@code
 * try (TestDatabase db = TestDatabases.postgres().createDatabase()) {
 *     db.execute("CREATE TABLE t (id int PRIMARY KEY)");
 * }
 * }</pre>
 *
 * A server that cannot start throws {@link DatabaseUnavailableException} saying why, to every caller:
 * tests fail rather than skip.
 */
public final class TestDatabases {

    private static final Shared<PostgresServer> POSTGRES = new Shared<>("embedded PostgreSQL", PostgresServer::start);
    private static final Shared<MariaDbServer> MARIADB = new Shared<>("embedded MariaDB", MariaDbServer::start);

    private TestDatabases() {
    }

    /** Embedded PostgreSQL 14 with wal_level=logical. */
    public static PostgresServer postgres() {
        return POSTGRES.get();
    }

    /** Embedded MariaDB 11.4 with a row-based binary log. */
    public static MariaDbServer mariadb() {
        return MARIADB.get();
    }

    /**
     * Starts a server at most once per JVM and remembers the outcome. A failure is remembered too:
     * retrying would cost every test class the same slow failure.
     */
    private static final class Shared<T> {
        private final String description;
        private final Supplier<T> start;
        private T server;
        private DatabaseUnavailableException failure;

        Shared(String description, Supplier<T> start) {
            this.description = description;
            this.start = start;
        }

        // One lock per server, so PostgreSQL and MariaDB can start at the same time.
        synchronized T get() {
            if (server == null && failure == null) {
                try {
                    server = start.get();
                } catch (DatabaseUnavailableException e) {
                    failure = e;
                } catch (RuntimeException e) {
                    failure = new DatabaseUnavailableException(description + " could not start: "
                            + Causes.of(e), e);
                }
            }
            if (failure != null) {
                // A fresh exception per caller, with its own stack, the same message and the original cause.
                throw new DatabaseUnavailableException(failure.getMessage(), failure);
            }
            return server;
        }
    }
}
